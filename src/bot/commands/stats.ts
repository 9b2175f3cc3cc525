import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { discordTimestamp, formatDuration } from '../format.js';
import { escape, respond } from '../reply.js';
import { COLORS } from '../views.js';
import type { BotCommand } from './types.js';

export const stats: BotCommand = {
  data: new SlashCommandBuilder()
    .setName('stats')
    .setDescription('Index size, model, index age and bot uptime')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .toJSON(),
  cost: 0,
  defer: false,
  async execute(ctx, interaction) {
    const s = ctx.engine.stats();
    const now = ctx.now();
    const built = Date.parse(s.builtAt);
    const model = s.model
      ? `${escape(s.model)}${s.dtype ? ` (${s.dtype}` : ''}${s.dimensions ? `, ${s.dimensions} dims` : ''}${s.dtype ? ')' : ''}`
      : 'none: keyword search only';
    const run = ctx.reindexRun;
    await respond(interaction, {
      embeds: [
        {
          color: COLORS.info,
          title: '📊 Index and bot',
          fields: [
            { name: 'Documents', value: s.documents.toLocaleString('en-US'), inline: true },
            { name: 'Articles', value: s.articles.toLocaleString('en-US'), inline: true },
            { name: 'Paragraphs', value: s.paragraphs.toLocaleString('en-US'), inline: true },
            { name: 'Model', value: model, inline: true },
            { name: 'Search mode', value: s.mode, inline: true },
            {
              name: 'Index age',
              value: Number.isFinite(built) ? `${formatDuration(now - built)} (${discordTimestamp(built, 'f')})` : 'unknown',
              inline: true,
            },
            { name: 'Index build time', value: formatDuration(s.buildMs), inline: true },
            { name: 'Bot uptime', value: formatDuration(now - ctx.startedAt), inline: true },
            {
              name: 'Re-index',
              value: run ? `running since ${discordTimestamp(run.startedAt)}` : ctx.engine.reindexing ? 'running' : 'idle',
              inline: true,
            },
            {
              name: 'Rate limit',
              value: `${ctx.config.rateLimitCount} questions per ${formatDuration(ctx.config.rateLimitWindowMs)} per user`,
              inline: true,
            },
            ...(s.updateFailed ? [{ name: '⚠ Serving the previous index', value: escape(s.updateFailed).slice(0, 1000), inline: false }] : []),
          ],
        },
      ],
    });
  },
};
