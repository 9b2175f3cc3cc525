import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { PersonSummary, QaEngine } from '../../types.js';
import { rememberView } from '../context.js';
import { LIMITS } from '../limits.js';
import { respond } from '../reply.js';
import { renderView } from '../views.js';
import type { BotCommand } from './types.js';

/** `沈晓明 · 沈曉明 · 省委书记 · 12 mentions`, cut to Discord's 100 characters. */
export function choiceName(p: PersonSummary): string {
  const names = [p.name, ...p.variants.filter((v) => v !== p.name)].join(' · ');
  const roles = p.roles.slice(0, 2).join('、');
  const label = [names, roles, `${p.mentions} mention${p.mentions === 1 ? '' : 's'}`].filter(Boolean).join(' · ');
  return label.length <= LIMITS.choiceName ? label : `${label.slice(0, LIMITS.choiceName - 1)}…`;
}

/**
 * Autocomplete sends the person's stable id; a user who typed a name without
 * picking sends the name itself. Both resolve to what the engine looks up.
 */
export function resolvePerson(engine: QaEngine, value: string): string {
  const typed = value.trim();
  const match = engine.people(typed, LIMITS.autocompleteChoices).find((p) => p.id === typed || p.name === typed || p.variants.includes(typed));
  return match?.id ?? typed;
}

export const person: BotCommand = {
  data: new SlashCommandBuilder()
    .setName('person')
    .setDescription('Roles of a person and the passages that mention them')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addStringOption((o) =>
      o.setName('name').setDescription('Name in either script, e.g. 毛伟明 / 毛偉明').setRequired(true).setMaxLength(50).setAutocomplete(true),
    )
    .toJSON(),
  cost: 1,
  defer: false,
  async execute(ctx, interaction) {
    const result = ctx.engine.person(resolvePerson(ctx.engine, interaction.options.getString('name', true)), { top: 50 });
    const view = { kind: 'person', ownerId: interaction.user.id, result, perPage: 5 } as const;
    await respond(interaction, renderView(view, rememberView(ctx, view), 0));
  },
  async autocomplete(ctx, interaction) {
    const typed = interaction.options.getFocused().trim();
    const people = ctx.engine.people(typed, LIMITS.autocompleteChoices);
    await interaction.respond(
      people
        .filter((p) => p.id.length <= LIMITS.choiceValue)
        .slice(0, LIMITS.autocompleteChoices)
        .map((p) => ({ name: choiceName(p), value: p.id })),
    );
  },
};
