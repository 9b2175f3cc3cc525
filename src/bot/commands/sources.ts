import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { articleHeading, dateText, outletText } from '../../present/citation.js';
import { localizations, t } from '../../present/messages.js';
import { shownText } from '../../present/text.js';
import { LIMITS } from '../limits.js';
import { escape, respond } from '../reply.js';
import { interactionVoice } from '../voice.js';
import { COLORS } from '../views.js';
import type { BotCommand } from './types.js';

/** Room for the list; the rest of the 4,096 holds the "and N more" line. */
const LIST_CHARS = LIMITS.embedDescription - 96;

export const sources: BotCommand = {
  data: new SlashCommandBuilder()
    .setName('sources')
    .setDescription(t('en', 'cmd.sources'))
    .setDescriptionLocalizations(localizations('cmd.sources'))
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .toJSON(),
  cost: 0,
  defer: false,
  async execute(ctx, interaction) {
    const voice = interactionVoice(interaction);
    const { lang } = voice;
    const all = ctx.engine.sources();
    // One entry per article; files are counted as /stats counts documents.
    const documents = new Set(all.map((s) => s.file)).size;
    const lines: string[] = [];
    let used = 0;
    for (const [i, s] of all.entries()) {
      const outlet = outletText(s, voice);
      const date = s.date !== undefined ? dateText(s.date, voice) : shownText(s.dateText, voice.script);
      // The file name is for whoever keeps the corpus: small, after what a reader needs.
      const line = `**${i + 1}.** ${escape(articleHeading({ title: s.title }, voice))} — ${escape(outlet)} · ${escape(date)} · ${t(lang, 'count.paragraphs', { n: s.paragraphs })}\n-# ${escape(s.file)}`;
      if (used + line.length + 1 > LIST_CHARS) break;
      lines.push(line);
      used += line.length + 1;
    }
    if (lines.length < all.length) lines.push(t(lang, 'sources.more', { n: all.length - lines.length }));
    await respond(interaction, {
      embeds: [
        {
          color: COLORS.info,
          title: t(lang, 'sources.title', { documents: t(lang, 'sources.documents', { n: documents }), articles: t(lang, 'sources.articles', { n: all.length }) }),
          description: lines.join('\n') || t(lang, 'sources.empty'),
        },
      ],
    });
  },
};
