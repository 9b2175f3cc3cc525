import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { localizations, t } from '../../present/messages.js';
import type { Voice } from '../../present/voice.js';
import { respond, type Reply } from '../reply.js';
import { interactionVoice } from '../voice.js';
import { COLORS } from '../views.js';
import { DATE_FORM_EXAMPLES } from './date.js';
import type { BotCommand } from './types.js';

export function helpReply(voice: Voice): Reply {
  const dates = DATE_FORM_EXAMPLES.join(t(voice.lang, 'list.separator'));
  return {
    embeds: [{ color: COLORS.info, title: t(voice.lang, 'help.title'), description: t(voice.lang, 'help.body', { dates }) }],
  };
}

/** What a bare mention gets: one line, not the whole help in public. */
export function helpHint(voice: Voice, botName: string): Reply {
  return { content: t(voice.lang, 'help.hint', { mention: `@${botName}` }) };
}

export const help: BotCommand = {
  data: new SlashCommandBuilder()
    .setName('help')
    .setDescription(t('en', 'cmd.help'))
    .setDescriptionLocalizations(localizations('cmd.help'))
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .toJSON(),
  cost: 0,
  defer: false,
  async execute(_ctx, interaction) {
    await respond(interaction, { ...helpReply(interactionVoice(interaction)), ephemeral: true });
  },
};
