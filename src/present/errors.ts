/** User errors worded for the reader: the catalogue's text for the error's id, filled from its context. */
import type { UserError } from '../errors.js';
import { CHINESE_LIST, formatDuration, t, type MessageKey } from './messages.js';
import { shownText } from './text.js';
import type { Voice } from './voice.js';

/**
 * A user error in the reader's language, from the catalogue by its id and
 * context; an id the catalogue does not word (an operator's error) keeps its
 * own message. The id itself goes to the log, never to the reader.
 */
export function errorText(error: UserError, voice: Voice, show: { at(ms: number): string; who(id: string): string }): string {
  const { lang } = voice;
  const c = error.context;
  const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  // What the user typed comes back in the reply's script too.
  const echo = (v: unknown): string => shownText(str(v), voice.script);
  const sep = t(lang, 'list.separator');
  switch (error.id) {
    case 'query.too_long':
      return t(lang, 'error.query.too_long', { length: Number(c.length) || 0, max: Number(c.max) || 0 });
    case 'date.unparseable': {
      const examples = Array.isArray(c.examples) ? (c.examples as unknown[]).map(str).filter(Boolean).slice(0, 8) : [];
      return t(lang, 'error.date.unparseable', { expr: echo(c.expr), examples: examples.join(sep) || '2024-02-19' });
    }
    case 'person.unknown': {
      const near = Array.isArray(c.suggestions) ? (c.suggestions as unknown[]).map(echo).filter(Boolean) : [];
      const text = t(lang, 'error.person.unknown', { name: echo(c.name) });
      // Chinese sentences follow each other without a space.
      return near.length > 0 ? [text, t(lang, 'error.person.suggest', { names: near.join(CHINESE_LIST) })].join(lang === 'en' ? ' ' : '') : text;
    }
    case 'rate.limited':
      return t(lang, 'error.rate.limited', {
        count: Number(c.count) || 0,
        window: formatDuration(Number(c.windowMs) || 0, lang),
        when: show.at(Number(c.retryAt) || 0),
      });
    case 'reindex.busy':
      return c.userId ? t(lang, 'error.reindex.busy', { who: show.who(str(c.userId)), when: show.at(Number(c.startedAt) || 0) }) : t(lang, 'error.reindex.busy_outside');
    case 'reindex.forbidden':
      return t(lang, c.reason === 'not_listed' ? 'error.reindex.not_listed' : 'error.reindex.forbidden');
    case 'query.empty':
    case 'person.empty':
    case 'article.unknown':
    case 'page.expired':
    case 'button.unknown':
    case 'command.unknown':
    case 'reindex.guild_only':
    case 'bot.busy':
    case 'bot.stopping':
      return t(lang, `error.${error.id}` as MessageKey);
    default:
      return error.message;
  }
}

