/**
 * Where and when a passage was published, as a reader reads it:
 * `三湘都市报 · 2024年6月14日 · 第7段`. Paragraphs count from 1; a year the
 * source does not give is said to be unknown, once; no file names.
 */
import { describeDate } from '../corpus/dates.js';
import type { PartialDate, ParagraphKind } from '../corpus/types.js';
import type { ArticleParagraphs, Citation } from '../types.js';
import { CHINESE_LIST, t, type MessageKey } from './messages.js';
import { shownText } from './text.js';
import type { Voice } from './voice.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Inside a date, no-break spaces: the layout may wrap around `14 June 2024`, never inside it. */
const NBSP = '\u00a0';

function englishDate(d: PartialDate): string {
  const month = d.month ? MONTHS[d.month - 1] : null;
  return [d.day && month ? String(d.day) : null, month, d.year].filter((x) => x !== null && x !== undefined).join(NBSP);
}

/** `12–13 November`, `30 October – 2 November 2024`: what the two ends share is said once. */
function englishRange(start: PartialDate, end: PartialDate): string {
  const sameMonth = end.year === start.year && end.month === start.month;
  if (sameMonth && start.day && end.day) return `${start.day}–${englishDate({ ...end })}`;
  return `${englishDate(start)} – ${englishDate(end)}`;
}

function known(d: PartialDate | null | undefined): d is PartialDate {
  return !!d && (d.year !== null || d.month !== null);
}

/**
 * A date or range in the reply's language: `2024年6月14日`, `6月14日（年份不详）`,
 * `11月12日至13日`, `14 June 2024`, `14 June (year unknown)`; `日期不详` when
 * nothing is known. `anyYear` is for a query that matches every year.
 */
export function dateText(
  start: (PartialDate & { inferred?: boolean }) | null | undefined,
  voice: Voice,
  options: { end?: PartialDate | null; anyYear?: boolean } = {},
): string {
  if (!known(start)) return t(voice.lang, 'date.unknown');
  const end = options.end ?? start;
  // A date taken from the lead, not given as the publish date, says so (once, with the unknown year when both).
  const noteKey: MessageKey = options.anyYear ? 'date.any_year' : start.inferred ? 'date.year_unknown_inferred' : 'date.year_unknown';
  const inferred = start.inferred && start.year !== null ? t(voice.lang, 'date.inferred') : '';
  if (voice.lang === 'en') {
    const same = end.year === start.year && end.month === start.month && end.day === start.day;
    const text = same ? englishDate(start) : englishRange(start, end);
    return [text, start.year === null ? t('en', noteKey) : '', inferred].filter(Boolean).join(' ');
  }
  return shownText(describeDate(start, end, t(voice.lang, noteKey)), voice.script) + inferred;
}

/** The paragraphs a passage covers: where it is stored (0-based in the file, for buttons) and how a reader counts it. */
export interface ParagraphRef {
  paragraph: number;
  /** Last paragraph of a passage that spans several. */
  last?: number;
  /** What it covers: body text, a caption (图片说明), a by-line (署名); several for a span. */
  kinds: readonly ParagraphKind[];
  /** Its body paragraphs' numbers within the article, from 1; null when it holds none. */
  numbers: ArticleParagraphs;
}

/**
 * `第7段`, `第7–8段`, `图片说明`, `署名`; several passages of one article:
 * `第1、3段`. Numbers count the article's body paragraphs, as the full-article
 * view numbers them; captions and by-lines are named, not counted.
 */
export function paragraphLabel(refs: readonly ParagraphRef[], voice: Voice): string {
  const one = (n: NonNullable<ArticleParagraphs>): string => (n.last > n.first ? `${n.first}–${n.last}` : String(n.first));
  const numbered = refs.flatMap((r) => (r.numbers ? [r.numbers] : []));
  const parts: string[] = [];
  if (numbered.length === 1 && numbered[0]!.last === numbered[0]!.first) parts.push(t(voice.lang, 'cite.paragraph', { n: numbered[0]!.first }));
  else if (numbered.length > 0) parts.push(t(voice.lang, 'cite.paragraphs', { list: numbered.map(one).join(t(voice.lang, 'list.separator')) }));
  if (refs.some((r) => r.kinds.includes('caption'))) parts.push(t(voice.lang, 'cite.caption'));
  // A by-line is named only when quoted on its own: a passage's text already says whose it is.
  if (refs.some((r) => !r.numbers && r.kinds.includes('byline'))) parts.push(t(voice.lang, 'cite.byline'));
  return parts.join(' · ');
}

/** The outlet in the reply's script, said to come from a photo credit when it does, or said to be unknown. */
export function outletText(c: Pick<Citation, 'source' | 'sourceInferred'>, voice: Voice): string {
  if (!c.source) return t(voice.lang, 'cite.outlet_unknown');
  return shownText(c.source, voice.script) + (c.sourceInferred ? t(voice.lang, 'cite.outlet_inferred') : '');
}

/** `三湘都市报 · 2024年6月14日 · 第7段`, in the reply's script; unknown parts said as unknown. */
export function citationLine(c: Citation, refs: readonly ParagraphRef[], voice: Voice, options: { reporters?: boolean } = {}): string {
  const parts = [outletText(c, voice), dateText(c.date, voice)];
  if (options.reporters && c.reporters.length > 0) {
    parts.push(t(voice.lang, 'cite.reporters', { names: c.reporters.map((r) => shownText(r, voice.script)).join(CHINESE_LIST) }));
  }
  if (refs.length > 0) parts.push(paragraphLabel(refs, voice));
  return parts.join(' · ');
}

/** How many characters of an article's first words name a title-less article. */
const FIRST_WORDS = 18;

/** The first words of a text, cut at a clause when one ends early enough. */
export function firstWords(text: string, max = FIRST_WORDS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  if (chars.length <= max) return flat;
  const head = chars.slice(0, max).join('');
  const clause = head.search(/[，。！？；：,.!?;:](?=[^，。！？；：,.!?;:]*$)/);
  return `${clause >= max / 2 ? head.slice(0, clause) : head}…`;
}

/**
 * The article's heading in the reply's script: its title, or for a title-less
 * article its first words, quoted and said to be untitled (never a dangling `·`).
 */
export function articleHeading(c: Pick<Citation, 'title' | 'titleInferred'>, voice: Voice, leadText = ''): string {
  const title = c.title.trim();
  if (title && !c.titleInferred) return shownText(title, voice.script);
  const words = firstWords(title || leadText);
  return words ? t(voice.lang, 'cite.untitled', { words: shownText(words, voice.script) }) : t(voice.lang, 'cite.no_title');
}

/** Embed urls must be http(s) or Discord rejects the whole message; the terminal shows only such links too. */
export function safeUrl(url: string | null): string | undefined {
  return url && /^https?:\/\/[^\s<>]+$/i.test(url) && url.length <= 2048 ? url : undefined;
}
