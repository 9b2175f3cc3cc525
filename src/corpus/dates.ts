/**
 * Dates written in Chinese news text, and the publish date of a page.
 *
 * Rule above all: a year the text does not give stays null. The one thing read
 * from context is a day written alone (`10日`, `21日至22日`): it takes its month
 * and year from the date written before it in the same text, because that is
 * how the text itself means it. A day alone with no month before it is skipped.
 */
import type { DateMention, PartialDate } from './types.js';

/** Years outside this span are counts (`5000年文明`) or noise, not calendar years. */
const MIN_YEAR = 1000;
const MAX_YEAR = 2999;

/** A year: four Arabic digits, or four Chinese digits written one by one (`二〇二四`). */
export const YEAR_PATTERN = '\\d{4}|[〇零一二三四五六七八九]{4}';
/** A month or a day: one or two Arabic digits, or a Chinese numeral up to 三十九. */
export const NUMBER_PATTERN = '\\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]';
/** Between the two ends of a range: `至`, `到`, dashes, tildes. */
const SEPARATOR = '\\s*(?:至|到|~|〜|—{1,2}|–|-)\\s*';

const ISO_DATE = /(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)/y;
const WRITTEN_DATE = new RegExp(
  `(?:(${YEAR_PATTERN})年)?(?:(${NUMBER_PATTERN})月)?(?:(${NUMBER_PATTERN})(?:${SEPARATOR}(${NUMBER_PATTERN}))?([日号號]))?`,
  'y',
);
const RANGE_SEPARATOR = new RegExp(SEPARATOR, 'y');

/** `2000年前`, `5000年历史`: a span of years, not the year. */
const YEAR_SPAN_AFTER = /^(?:前|来|來|历史|歷史|之久)/;
/** A day alone is a count or a recurring day here: `第3日`, `近5日`, `每月10日`. */
const NOT_A_DAY_BEFORE = /[第近连連每数數前后後余餘多几幾月]/;
/** …or a span: `3日内`, `5日以来`, `10日后` (which may mean ten days later). */
const NOT_A_DAY_AFTER = /^(?:[内內后後来來前]|[以之][内內后後来來前])/;

const CN_DIGITS = '〇零一二三四五六七八九';
const CN_NUMERAL = /[〇零一二三四五六七八九十]/;

/**
 * Full-width ASCII forms (`６`, `－`, `～`, `：`) and the ideographic space as
 * ASCII. One UTF-16 unit for one, so offsets into the original text stay valid.
 */
function toHalfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/** Value of Arabic digits, a Chinese numeral up to 99 (`二十七`), or Chinese digits one by one (`二〇二四`). */
export function parseNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  const tens = /^([一二三四五六七八九])?十([一二三四五六七八九])?$/.exec(s);
  if (tens) return (tens[1] ? cnDigit(tens[1]) : 1) * 10 + (tens[2] ? cnDigit(tens[2]) : 0);
  if (/^[〇零一二三四五六七八九]+$/.test(s)) return Number([...s].map(cnDigit).join(''));
  return null;
}

function cnDigit(c: string): number {
  const i = CN_DIGITS.indexOf(c);
  return i < 2 ? 0 : i - 1; // 〇 and 零 are both 0
}

/** Days in a month; an unknown year allows 29 February. */
export function daysInMonth(month: number, year: number | null): number {
  return new Date(Date.UTC(year ?? 2000, month, 0)).getUTCDate();
}

/** What is wrong with a date, in words, or null when it is a real (partial) date. */
export function dateProblem(d: PartialDate): string | null {
  if (d.year === null && d.month === null && d.day === null) return 'no date given';
  if (d.year !== null && (d.year < MIN_YEAR || d.year > MAX_YEAR)) return `${d.year} is not a year from ${MIN_YEAR} to ${MAX_YEAR}`;
  if (d.month !== null && (d.month < 1 || d.month > 12)) return `there is no month ${d.month}`;
  if (d.day === null) return d.month === null && d.year === null ? 'no date given' : null;
  if (d.month === null) return `a day (${d.day}日) needs a month`;
  if (d.day < 1 || d.day > daysInMonth(d.month, d.year)) {
    return `${d.year === null ? '' : `${d.year}年`}${d.month}月 has no day ${d.day}`;
  }
  return null;
}

function isValidDate(d: PartialDate): boolean {
  return dateProblem(d) === null;
}

type Precision = 'year' | 'month' | 'day';

function precision(d: PartialDate): Precision {
  return d.day !== null ? 'day' : d.month !== null ? 'month' : 'year';
}

/**
 * The end of a range as the text means it. Parts the end leaves out come from
 * the start (`11月12日至13日`), rolling forward when the end would otherwise come
 * first: `11月28日至3日` ends on 12月3日, `2024年12月30日至1月2日` in 2025, and
 * `12月30日至1月2日` with no year wraps over a year end (the year stays null).
 * Both ends must be of one precision (days, months or years).
 */
export function completeRangeEnd(
  start: PartialDate,
  given: PartialDate,
): { ok: true; end: PartialDate } | { ok: false; problem: string } {
  if (given.year === null && given.month === null && given.day === null) return { ok: false, problem: 'the range has no end' };
  if (precision(start) !== precision(given)) {
    return { ok: false, problem: 'the two ends of the range are not both days, both months or both years' };
  }
  let end: PartialDate;
  if (given.year !== null) {
    if (start.year === null) return { ok: false, problem: 'the end of the range gives a year and its start does not' };
    end = given;
  } else if (given.month !== null) {
    const wraps = given.month < start.month!; // start has a month: same precision
    end = { ...given, year: start.year !== null && wraps ? start.year + 1 : start.year };
  } else {
    const nextMonth = given.day! < start.day!;
    const month = nextMonth ? (start.month! % 12) + 1 : start.month!;
    const year = nextMonth && month === 1 && start.year !== null ? start.year + 1 : start.year;
    end = { year, month, day: given.day };
  }
  const problem = dateProblem(end);
  if (problem) return { ok: false, problem };
  if (runsBackwards(start, end)) return { ok: false, problem: 'the range ends before it starts' };
  return { ok: true, end };
}

/** Only a month written explicitly may wrap over an unknown year end; a same-month day going back may not. */
function runsBackwards(start: PartialDate, end: PartialDate): boolean {
  if (start.year !== null && end.year !== null && start.year !== end.year) return end.year < start.year;
  if (start.month === null || end.month === null) return false;
  if (start.year !== null && end.month < start.month) return true;
  return end.month === start.month && (end.day ?? 0) < (start.day ?? 0);
}

/** One date as written, before any context: `2024年2月19日`, `2024-02-19`, `10日`, `12-13日`. */
interface Token {
  from: number;
  to: number;
  written: PartialDate;
  /** Second day of a compact range `12-13日` / `12至13日`. */
  throughDay: number | null;
  /** The day is in Arabic digits: a Chinese numeral alone (`一日`) is too often an idiom. */
  arabicDay: boolean;
}

/** A numeric date at i: `2024-02-19`, `2024/2/19`, `2024.2.19`. */
function readIsoDate(s: string, i: number): Token | null {
  ISO_DATE.lastIndex = i;
  const m = ISO_DATE.exec(s);
  if (!m) return null;
  const written = { year: Number(m[1]), month: Number(m[3]), day: Number(m[4]) };
  return { from: i, to: ISO_DATE.lastIndex, written, throughDay: null, arabicDay: true };
}

/** Reads a token at i of half-width text s, or null. */
function readToken(s: string, i: number): Token | null {
  const prev = s[i - 1] ?? '';
  const here = s[i] ?? '';
  // Not from the middle of a number (`2024` read from its `024`).
  if ((/\d/.test(prev) && /\d/.test(here)) || (CN_NUMERAL.test(prev) && CN_NUMERAL.test(here))) return null;

  const iso = readIsoDate(s, i);
  if (iso) return iso;

  WRITTEN_DATE.lastIndex = i;
  const m = WRITTEN_DATE.exec(s);
  if (!m || m[0] === '') return null;
  const [, year, month, day, throughDay, suffix] = m;
  const written: PartialDate = {
    year: year ? parseNumber(year) : null,
    month: month ? parseNumber(month) : null,
    day: day ? parseNumber(day) : null,
  };
  const to = WRITTEN_DATE.lastIndex;
  // `3号` alone is a number (`3号线`); only `6月14号` is a date.
  if (suffix !== '日' && written.month === null && written.day !== null) return null;
  if (precision(written) === 'year' && YEAR_SPAN_AFTER.test(s.slice(to, to + 2))) return null;
  return {
    from: i,
    to,
    written,
    throughDay: throughDay ? parseNumber(throughDay) : null,
    arabicDay: day !== undefined && /^\d/.test(day),
  };
}

interface Found {
  from: number;
  to: number;
  start: PartialDate;
  end: PartialDate;
}

/** The mention a token starts, with a day alone completed from context, or null. */
function toMention(s: string, t: Token, context: PartialDate | null): Found | null {
  let start = t.written;
  if (start.year === null && start.month === null) {
    // A day alone: its month is the one written before it, if any.
    if (!context || !t.arabicDay) return null;
    if (NOT_A_DAY_BEFORE.test(s[t.from - 1] ?? '') || NOT_A_DAY_AFTER.test(s.slice(t.to, t.to + 2))) return null;
    start = { year: context.year, month: context.month, day: start.day };
  }
  if (!isValidDate(start)) return null;
  // A month with neither year nor day (`6月初`) says too little to look up.
  if (start.year === null && start.day === null) return null;

  if (t.throughDay !== null) {
    const r = completeRangeEnd(start, { year: null, month: null, day: t.throughDay });
    return r.ok ? { from: t.from, to: t.to, start, end: r.end } : null;
  }
  RANGE_SEPARATOR.lastIndex = t.to;
  const sep = RANGE_SEPARATOR.exec(s);
  if (sep) {
    const t2 = readToken(s, RANGE_SEPARATOR.lastIndex);
    if (t2 && t2.throughDay === null) {
      const r = completeRangeEnd(start, t2.written);
      if (r.ok) return { from: t.from, to: t2.to, start, end: r.end };
    }
  }
  return { from: t.from, to: t.to, start, end: start };
}

/** Dates and ranges written in a paragraph. Years not written stay null. */
export function extractDateMentions(text: string): DateMention[] {
  const s = toHalfWidth(text);
  const mentions: DateMention[] = [];
  let context: PartialDate | null = null;
  for (let i = 0; i < s.length; ) {
    const t = /[\d〇零一二三四五六七八九十]/.test(s[i]!) ? readToken(s, i) : null;
    if (!t) {
      i++;
      continue;
    }
    const found = toMention(s, t, context);
    if (found) {
      mentions.push({ text: text.slice(found.from, found.to), start: found.start, end: found.end, yearInferred: false });
      if (found.end.month !== null) context = found.end;
    }
    // Past the whole token even when it is no date: `2023年2月29日` holds no valid `2月29日`.
    i = found?.to ?? t.to;
  }
  return mentions;
}

/** Title, navigation and by-line come first; a stamp or dateline further down belongs to the body. */
const TOP_LINES = 12;
const STAMP_LABEL = /(?:发布|發布|發佈|发表|發表|更新)?(?:时间|時間|日期)\s*[:：]\s*/g;
const CLOCK = /^\s+\d{1,2}:\d{2}(?::\d{2})?/;
const DATELINE_MARK = /^\s*[讯訊电電]/;
/** Outlet and place before a dateline's date: `三湘都市报`, `新华社北京`. */
const DATELINE_LEAD_MAX = 20;

/**
 * The publish date a page gives near its top: stamps (`發布時間: 2024-02-19 22:07`,
 * `发布时间：2024年2月19日`, `2024-02-19`) or datelines (`三湘都市报6月14日讯`,
 * `湖南日報10月27日訊`, `新华社北京3月5日电`). A stamp wins over a dateline, as it
 * usually carries the year. `text` is the stamp or dateline as written. Null when none.
 */
export function findPublishDate(lines: string[]): { date: PartialDate; text: string } | null {
  const top = lines.filter((l) => l.trim() !== '').slice(0, TOP_LINES);
  for (const line of top) {
    const stamp = findStamp(line);
    if (stamp) return stamp;
  }
  for (const line of top) {
    const dateline = findDateline(line);
    if (dateline) return dateline;
  }
  return null;
}

function findStamp(line: string): { date: PartialDate; text: string } | null {
  const s = toHalfWidth(line);
  for (const label of s.matchAll(STAMP_LABEL)) {
    const t = readToken(s, label.index + label[0].length);
    if (t && t.written.year !== null && t.written.month !== null && t.throughDay === null && isValidDate(t.written)) {
      return { date: t.written, text: line.slice(label.index, t.to + clockLength(s, t.to)) };
    }
  }
  // An unlabelled numeric date (`2024-02-19 22:07`) near the top is page furniture: a stamp.
  for (let i = 0; i < s.length; i++) {
    const t = /\d/.test(s[i - 1] ?? '') ? null : readIsoDate(s, i);
    if (t && isValidDate(t.written)) {
      return { date: t.written, text: line.slice(i, t.to + clockLength(s, t.to)) };
    }
  }
  return null;
}

function clockLength(s: string, at: number): number {
  return CLOCK.exec(s.slice(at))?.[0].length ?? 0;
}

function findDateline(line: string): { date: PartialDate; text: string } | null {
  const s = toHalfWidth(line);
  const lead = s.length - s.trimStart().length;
  for (let i = lead; i <= lead + DATELINE_LEAD_MAX && i < s.length; i++) {
    if (/[\s\p{P}]/u.test(s[i]!)) break; // the lead is a name, never a sentence
    const t = readToken(s, i);
    if (!t || t.written.month === null || t.written.day === null || t.throughDay !== null || !isValidDate(t.written)) continue;
    const mark = DATELINE_MARK.exec(s.slice(t.to));
    if (mark) return { date: t.written, text: line.slice(lead, t.to + mark[0].length) };
  }
  return null;
}

/** Month and day as one comparable number; a missing day counts as the month's last. */
function monthDayKey(d: PartialDate): number {
  return d.month! * 100 + (d.day ?? 31);
}

/**
 * Fill a mention's missing year from the article's publish date when safe: the
 * publish date has a year and month, and the mention's month-day is not after
 * the publish date's (a news article reports on the past or the same day); then
 * yearInferred = true. A range must end by the publish date; one that wraps over
 * a year end (`12月30日至1月2日`) starts in the year before, and only when its
 * start is after the publish date's month-day (else it may still be running).
 * Otherwise unchanged.
 */
export function inheritYear(m: DateMention, published: PartialDate | null): DateMention {
  if (m.start.year !== null || m.start.month === null || m.end.month === null) return m;
  if (!published || published.year === null || published.month === null) return m;
  const publishedKey = monthDayKey(published); // an unknown publish day stands for the whole month
  if (monthDayKey(m.end) > publishedKey) return m;
  const wraps = monthDayKey(m.start) > monthDayKey(m.end);
  // A wrapping range whose start is not after the publish date may still be running: unsafe.
  if (wraps && monthDayKey(m.start) <= publishedKey) return m;
  const endYear = published.year;
  const startYear = wraps ? endYear - 1 : endYear;
  const start = { ...m.start, year: startYear };
  const end = { ...m.end, year: endYear };
  if (!isValidDate(start) || !isValidDate(end)) return m; // 2月29日 in a common year
  return { ...m, start, end, yearInferred: true };
}

function written(d: PartialDate, withYear: boolean, withMonth: boolean): string {
  return (
    (withYear && d.year !== null ? `${d.year}年` : '') +
    (withMonth && d.month !== null ? `${d.month}月` : '') +
    (d.day !== null ? `${d.day}日` : '')
  );
}

/**
 * A date or range in words, with `unknownYearNote` after it when the year is
 * unknown. The end leaves out what it shares with the start (`11月12日至13日`).
 */
export function describeDate(start: PartialDate, end: PartialDate, unknownYearNote: string): string {
  if (start.year === null && start.month === null && start.day === null) return '日期不详';
  const note = start.year === null ? unknownYearNote : '';
  const first = written(start, true, true);
  if (start.year === end.year && start.month === end.month && start.day === end.day) return first + note;
  const sameYear = start.year === end.year;
  const sameMonth = sameYear && start.month === end.month && end.day !== null;
  return `${first}至${written(end, !sameYear, !sameMonth)}${note}`;
}

/** Human form: `2024年2月19日`, `6月14日（年份不详）`, `2024年2月`, ranges `11月12日至13日（年份不详）`; 'yearInferred' years shown normally. */
export function formatDate(start: PartialDate, end: PartialDate = start): string {
  return describeDate(start, end, '（年份不详）');
}
