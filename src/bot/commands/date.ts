import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { rememberView } from '../context.js';
import { respond } from '../reply.js';
import { renderView } from '../views.js';
import type { BotCommand } from './types.js';

/** Shown in Discord as the option's description (100 characters at most). */
export const DATE_FORMS = 'Day, month, year or range, e.g. 2024-02-19 · 2024年2月 · 6月14日 · 2024 · 2024-02-01..2024-02-29';

/** The forms above, one by one (tests check the engine reads each). */
export const DATE_FORM_EXAMPLES = DATE_FORMS.slice(DATE_FORMS.indexOf('e.g. ') + 5).split(' · ');

export const date: BotCommand = {
  data: new SlashCommandBuilder()
    .setName('date')
    .setDescription('What the corpus says about a day, month, year or range of dates')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addStringOption((o) => o.setName('when').setDescription(DATE_FORMS).setRequired(true).setMaxLength(100))
    .toJSON(),
  cost: 1,
  defer: false, // An in-memory look-up: answered well within 3 seconds.
  async execute(ctx, interaction) {
    const result = ctx.engine.date(interaction.options.getString('when', true), { top: 50 });
    const view = { kind: 'date', ownerId: interaction.user.id, result, perPage: 5 } as const;
    await respond(interaction, renderView(view, rememberView(ctx, view), 0));
  },
};
