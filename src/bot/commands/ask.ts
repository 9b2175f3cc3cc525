import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { localizations, t } from '../../present/messages.js';
import type { AskOptions } from '../../types.js';
import { answerQuestion } from '../answer.js';
import { respond } from '../reply.js';
import { interactionVoice } from '../voice.js';
import type { BotCommand } from './types.js';

const SCRIPTS = ['auto', 'original', 'simplified', 'traditional'] as const;

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
          ...SCRIPTS.map((value) => ({ name: t('en', `choice.script.${value}`), name_localizations: localizations(`choice.script.${value}`), value })),
        ),
    )
    .toJSON(),
  cost: 1,
  defer: true,
  async execute(ctx, interaction) {
    const option = interaction.options.getString('script') ?? 'auto';
    const script = (SCRIPTS as readonly string[]).includes(option) ? (option as AskOptions['script']) : 'auto';
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
