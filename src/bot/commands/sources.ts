import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { LIMITS } from '../limits.js';
import { escape, respond } from '../reply.js';
import { COLORS } from '../views.js';
import type { BotCommand } from './types.js';

/** Room for the list; the rest of the 4,096 holds the "and N more" line. */
const LIST_CHARS = LIMITS.embedDescription - 96;

export const sources: BotCommand = {
  data: new SlashCommandBuilder()
    .setName('sources')
    .setDescription('The documents in the corpus: title, date and outlet')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .toJSON(),
  cost: 0,
  defer: false,
  async execute(ctx, interaction) {
    const all = ctx.engine.sources();
    const lines: string[] = [];
    let used = 0;
    for (const [i, s] of all.entries()) {
      const line = `**${i + 1}.** ${escape(s.title || '（无标题）')} — ${escape(s.dateText)} · ${escape(s.source ?? '来源不详')} · ${escape(s.file)} (${s.paragraphs} ¶)`;
      if (used + line.length + 1 > LIST_CHARS) break;
      lines.push(line);
      used += line.length + 1;
    }
    if (lines.length < all.length) lines.push(`*… and ${all.length - lines.length} more*`);
    await respond(interaction, {
      embeds: [
        {
          color: COLORS.info,
          title: `📚 Sources — ${all.length} document${all.length === 1 ? '' : 's'}`,
          description: lines.join('\n') || 'The corpus is empty.',
        },
      ],
    });
  },
};
