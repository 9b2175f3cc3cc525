import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { localizations, t } from '../../present/messages.js';
import { REPLY_SCRIPTS, type ReplyScript } from '../../types.js';
import { answerQuestion } from '../answer.js';
import { respond } from '../reply.js';
import { interactionVoice } from '../voice.js';
import type { BotCommand } from './types.js';

/** One catalogue label per reply script (a script added to REPLY_SCRIPTS must get one). */
const SCRIPT_LABELS = {
  auto: 'choice.script.auto',
  original: 'choice.script.original',
  simplified: 'choice.script.simplified',
  traditional: 'choice.script.traditional',
} as const satisfies Record<ReplyScript, string>;

export const ask: BotCommand = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription(t('en', 'cmd.ask'))
    .setDescriptionLocalizations(localizations('cmd.ask'))
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addStringOption((o) =>
      o
        .setName('question')
        .setNameLocalizations(localizations('option.question'))
        .setDescription(t('en', 'cmd.ask.question'))
        .setDescriptionLocalizations(localizations('cmd.ask.question'))
        .setRequired(true)
        .setMaxLength(500),
    )
    .addIntegerOption((o) =>
      o
        .setName('passages')
        .setNameLocalizations(localizations('option.passages'))
        .setDescription(t('en', 'cmd.ask.passages'))
        .setDescriptionLocalizations(localizations('cmd.ask.passages'))
        .setMinValue(1)
        .setMaxValue(10),
    )
    .addStringOption((o) =>
      o
        .setName('script')
        .setNameLocalizations(localizations('option.script'))
        .setDescription(t('en', 'cmd.ask.script'))
        .setDescriptionLocalizations(localizations('cmd.ask.script'))
        .addChoices(
          REPLY_SCRIPTS.map((value) => ({ name: t('en', SCRIPT_LABELS[value]), name_localizations: localizations(SCRIPT_LABELS[value]), value })),
        ),
    )
    .toJSON(),
  cost: 1,
  defer: true,
  async execute(ctx, interaction) {
    const option = interaction.options.getString('script') ?? 'auto';
    const script = (REPLY_SCRIPTS as readonly string[]).includes(option) ? (option as ReplyScript) : 'auto';
    const question = interaction.options.getString('question', true);
    const reply = await answerQuestion(ctx, {
      userId: interaction.user.id,
      question,
      voice: interactionVoice(interaction, { text: question, script }),
      perPage: interaction.options.getInteger('passages') ?? undefined,
      script,
    });
    await respond(interaction, reply);
  },
};
