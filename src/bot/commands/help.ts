import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { respond, type Reply } from '../reply.js';
import { COLORS } from '../views.js';
import { DATE_FORMS } from './date.js';
import type { BotCommand } from './types.js';

export function helpReply(): Reply {
  return {
    embeds: [
      {
        color: COLORS.info,
        title: '❓ Hunan news Q&A',
        description: [
          'I answer questions about the Hunan provincial news in my corpus by **quoting the passages** that answer them, with a citation for each. The answering sentences are in bold.',
          '',
          '**/ask** `question` — ask anything, e.g. *毛伟明在省政府党组会议上强调了什么？* Options: number of passages per page, script of the quotes (简体/繁體/as written).',
          `**/date** \`when\` — what the corpus says about a date. ${DATE_FORMS}.`,
          '**/person** `name` — roles of a person and the passages that mention them; pick a name from the list or type one (either script).',
          '**/sources** — the documents I know · **/stats** — index size, model, age · **/help** — this message.',
          '**/reindex** — rebuild the index (server managers only).',
          '',
          'You can also mention me with a question, or send it to me in a direct message.',
          'Buttons under an answer show more results or the full article (only to you).',
        ].join('\n'),
      },
    ],
  };
}

export const help: BotCommand = {
  data: new SlashCommandBuilder()
    .setName('help')
    .setDescription('How to use this bot')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .toJSON(),
  cost: 0,
  defer: false,
  async execute(_ctx, interaction) {
    await respond(interaction, { ...helpReply(), ephemeral: true });
  },
};
