import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { CHINESE_LIST, localizations, t } from '../../present/messages.js';
import { shownText } from '../../present/text.js';
import type { Voice } from '../../present/voice.js';
import type { PersonSummary, QaEngine } from '../../types.js';
import { rememberView } from '../context.js';
import { LIMITS } from '../limits.js';
import { respond } from '../reply.js';
import { interactionVoice } from '../voice.js';
import { personView, renderView } from '../views.js';
import type { BotCommand } from './types.js';

/**
 * `毛伟明 · 省委副书记、省长 · 提到 7 次`, in one script (the member's, else
 * simplified: names in both scripts are one person), cut to 100 characters.
 */
export function choiceName(p: PersonSummary, voice: Voice): string {
  const script = voice.script ?? 'simplified';
  const sep = CHINESE_LIST;
  const roles = [...new Set(p.roles.map((r) => shownText(r, script)))].slice(0, 2).join(sep);
  const label = [shownText(p.name, script), roles, t(voice.lang, 'person.mentions', { n: p.mentions })].filter(Boolean).join(' · ');
  const chars = [...label];
  return chars.length <= LIMITS.choiceName ? label : `${chars.slice(0, LIMITS.choiceName - 1).join('')}…`;
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
    .setDescription(t('en', 'cmd.person'))
    .setDescriptionLocalizations(localizations('cmd.person'))
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addStringOption((o) =>
      o
        .setName('name')
        .setNameLocalizations(localizations('option.name'))
        .setDescription(t('en', 'cmd.person.name'))
        .setDescriptionLocalizations(localizations('cmd.person.name'))
        .setRequired(true)
        .setMaxLength(50)
        .setAutocomplete(true),
    )
    .toJSON(),
  cost: 1,
  defer: false,
  async execute(ctx, interaction) {
    const typed = interaction.options.getString('name', true);
    const result = ctx.engine.person(resolvePerson(ctx.engine, typed), { top: 50 });
    const view = personView(interaction.user.id, interactionVoice(interaction, { text: typed }), result, 5);
    await respond(interaction, renderView(view, rememberView(ctx, view), 0));
  },
  async autocomplete(ctx, interaction) {
    const typed = interaction.options.getFocused().trim();
    const voice = interactionVoice(interaction, { text: typed });
    const people = ctx.engine.people(typed, LIMITS.autocompleteChoices);
    await interaction.respond(
      people
        .filter((p) => p.id.length <= LIMITS.choiceValue)
        .slice(0, LIMITS.autocompleteChoices)
        .map((p) => ({ name: choiceName(p, voice), value: p.id })),
    );
  },
};
