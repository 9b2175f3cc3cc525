import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { localizations, t } from '../../present/messages.js';
import { rememberView } from '../context.js';
import { respond } from '../reply.js';
import { interactionVoice } from '../voice.js';
import { dateView, renderView } from '../views.js';
import type { BotCommand } from './types.js';

/** The date forms shown in the option's description (tests check the engine reads each). */
export const DATE_FORM_EXAMPLES = ['2024-02-19', '2024年2月', '6月14日', '2024', '2024-02-01..2024-02-29'];
const forms = DATE_FORM_EXAMPLES.join(' · ');

export const date: BotCommand = {
  data: new SlashCommandBuilder()
    .setName('date')
    .setDescription(t('en', 'cmd.date'))
    .setDescriptionLocalizations(localizations('cmd.date'))
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addStringOption((o) =>
      o
        .setName('when')
        .setNameLocalizations(localizations('option.when'))
        .setDescription(t('en', 'cmd.date.when', { forms }))
        .setDescriptionLocalizations({ 'zh-CN': t('zh-Hans', 'cmd.date.when', { forms }), 'zh-TW': t('zh-Hant', 'cmd.date.when', { forms }) })
        .setRequired(true)
        .setMaxLength(100),
    )
    .toJSON(),
  cost: 1,
  defer: false, // An in-memory look-up: answered well within 3 seconds.
  async execute(ctx, interaction) {
    const when = interaction.options.getString('when', true);
    const result = ctx.engine.date(when, { top: 50 });
    const view = dateView(interaction.user.id, interactionVoice(interaction, { text: when }), result, 5);
    await respond(interaction, renderView(view, rememberView(ctx, view), 0));
  },
};
