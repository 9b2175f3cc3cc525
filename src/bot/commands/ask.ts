import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { REPLY_SCRIPTS, type ReplyScript } from '../../types.js';
import { answerQuestion } from '../answer.js';
import { respond } from '../reply.js';
import type { BotCommand } from './types.js';

/** One label per reply script (a script added to REPLY_SCRIPTS must get one). */
const SCRIPT_LABELS: Record<ReplyScript, string> = {
  auto: 'Same as my question',
  original: 'As written in the article',
  simplified: '简体 Simplified',
  traditional: '繁體 Traditional',
};

export const ask: BotCommand = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask a question: I quote the news passages that answer it')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addStringOption((o) =>
      o.setName('question').setDescription('Your question, e.g. 毛伟明在市州长视频会上强调了什么？').setRequired(true).setMaxLength(500),
    )
    .addIntegerOption((o) =>
      o.setName('passages').setDescription('Passages per page (1–10)').setMinValue(1).setMaxValue(10),
    )
    .addStringOption((o) =>
      o
        .setName('script')
        .setDescription('Script of the quoted text')
        .addChoices(REPLY_SCRIPTS.map((value) => ({ name: SCRIPT_LABELS[value], value }))),
    )
    .toJSON(),
  cost: 1,
  defer: true,
  async execute(ctx, interaction) {
    const script = interaction.options.getString('script') ?? 'auto';
    const reply = await answerQuestion(ctx, {
      userId: interaction.user.id,
      question: interaction.options.getString('question', true),
      perPage: interaction.options.getInteger('passages') ?? undefined,
      script: (REPLY_SCRIPTS as readonly string[]).includes(script) ? (script as ReplyScript) : 'auto',
    });
    await respond(interaction, reply);
  },
};
