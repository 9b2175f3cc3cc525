import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { formatDuration, formatNumber, localizations, t } from '../../present/messages.js';
import { discordTimestamp } from '../format.js';
import { escape, respond } from '../reply.js';
import { interactionVoice } from '../voice.js';
import { COLORS } from '../views.js';
import type { BotCommand } from './types.js';

export const stats: BotCommand = {
  data: new SlashCommandBuilder()
    .setName('stats')
    .setDescription(t('en', 'cmd.stats'))
    .setDescriptionLocalizations(localizations('cmd.stats'))
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .toJSON(),
  cost: 0,
  defer: false,
  async execute(ctx, interaction) {
    const { lang } = interactionVoice(interaction);
    const s = ctx.engine.stats();
    const now = ctx.now();
    const built = Date.parse(s.builtAt);
    const modelName = s.model ? `${escape(s.model)}${s.dtype ? ` (${s.dtype}${s.dimensions ? `, ${t(lang, 'stats.model_dims', { dims: s.dimensions })}` : ''})` : ''}` : '';
    // An index built with a model that is not loaded now is answered from keywords only: said here, not under every answer.
    const model = !s.model ? t(lang, 'stats.no_model') : s.mode === 'lexical' ? t(lang, 'stats.model_unavailable', { model: modelName }) : modelName;
    const run = ctx.reindexRun;
    await respond(interaction, {
      embeds: [
        {
          color: COLORS.info,
          title: t(lang, 'stats.title'),
          fields: [
            { name: t(lang, 'stats.documents'), value: formatNumber(s.documents), inline: true },
            { name: t(lang, 'stats.articles'), value: formatNumber(s.articles), inline: true },
            { name: t(lang, 'stats.paragraphs'), value: formatNumber(s.paragraphs), inline: true },
            { name: t(lang, 'stats.model'), value: model, inline: true },
            { name: t(lang, 'stats.mode'), value: t(lang, `stats.mode.${s.mode}`), inline: true },
            { name: t(lang, 'stats.age'), value: Number.isFinite(built) ? discordTimestamp(built, 'R') : t(lang, 'stats.unknown'), inline: true },
            { name: t(lang, 'stats.build_time'), value: formatDuration(s.buildMs, lang), inline: true },
            { name: t(lang, 'stats.uptime'), value: formatDuration(now - ctx.startedAt, lang), inline: true },
            {
              name: t(lang, 'stats.reindex'),
              value: run ? t(lang, 'stats.reindex_running', { when: discordTimestamp(run.startedAt) }) : ctx.engine.reindexing ? t(lang, 'stats.reindex_busy') : t(lang, 'stats.reindex_idle'),
              inline: true,
            },
            {
              name: t(lang, 'stats.rate'),
              value: t(lang, 'stats.rate_value', { count: ctx.config.rateLimitCount, window: formatDuration(ctx.config.rateLimitWindowMs, lang) }),
              inline: true,
            },
            ...(s.updateFailed ? [{ name: t(lang, 'stats.update_failed'), value: escape(s.updateFailed).slice(0, 1000), inline: false }] : []),
          ],
        },
      ],
    });
  },
};
