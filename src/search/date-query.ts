/**
 * What a user types in `/date` or `date "EXPR"`, and whether a stored date
 * (a mention or a publish date: start..end, parts may be null) matches it.
 *
 * Matching, on two small representations: a span of day numbers when years are
 * known, and spans of month-days (1..366, a leap year so 2月29日 has a place).
 * - Query and stored date both have years: their day spans overlap.
 * - Otherwise only month-days are compared (overlap; ranges like `12月30日至1月2日`
 *   wrap over the year end). A query without a year (`2月19日`, `2月`) means that
 *   month-day in any year. A query with a year also matches a stored date whose
 *   year is unknown on month-day alone: it may be that day, and `yearUnknown`
 *   tells the caller to say so (年份不详).
 * - A side with no month (a year: `2024`, `2022年至2024年`) has no month-day to
 *   compare, so a year query never matches a stored date of unknown year.
 */
import type { PartialDate } from '../corpus/types.js';
import {
  NUMBER_PATTERN,
  YEAR_PATTERN,
  completeRangeEnd,
  dateProblem,
  daysInMonth,
  describeDate,
  parseNumber,
} from '../corpus/dates.js';
import { echoInput, UserError } from '../errors.js';

export interface DateQuery {
  start: PartialDate;
  end: PartialDate;
  description: string;
}

export type DateQueryResult = { ok: true; query: DateQuery } | { ok: false; error: UserError };

export const DATE_EXAMPLES: string[] = [
  '2024-02-19',
  '2024年2月19日',
  '2月19日',
  '十月二十七日',
  '2024年2月',
  '2024',
  '2024-02-01..2024-02-29',
  '11月12日至13日',
  'June 14',
  '今天',
];

/** Question words around the date: `6月14日发生了什么？`, `2月19日的新闻`. */
const TRAILING_WORDS = /(?:\s|[?!。]|发生了?什么事?|發生了?什麼事?|有什么新闻|有什麼新聞|有什么|有什麼|新闻|新聞|消息|的)+$/u;

const ISO = /^(\d{4})([-/.])(\d{1,2})(?:\2(\d{1,2}))?$/;
const YEAR = new RegExp(`^(${YEAR_PATTERN})年?$`);
/** A day may follow its month without `日` (`2月19`), and stand alone as a range end (`June 14-20`). */
const WRITTEN = new RegExp(`^(?:(${YEAR_PATTERN})年)?(?:(${NUMBER_PATTERN})月)?(?:(${NUMBER_PATTERN})[日号號]?)?$`);
const RANGE_SEPARATORS = /\s*(?:\.{2,3}|\bto\b|至|到|~|〜|—{1,2}|–|-)\s*/g;
const ENGLISH_MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];

/** Words relative to `now` (the process's local calendar day). */
const RELATIVE: Record<string, (now: Date) => PartialDate> = {
  今天: (now) => dayOf(now, 0),
  今日: (now) => dayOf(now, 0),
  today: (now) => dayOf(now, 0),
  昨天: (now) => dayOf(now, -1),
  昨日: (now) => dayOf(now, -1),
  yesterday: (now) => dayOf(now, -1),
  今年: (now) => ({ year: now.getFullYear(), month: null, day: null }),
  'this year': (now) => ({ year: now.getFullYear(), month: null, day: null }),
  去年: (now) => ({ year: now.getFullYear() - 1, month: null, day: null }),
  'last year': (now) => ({ year: now.getFullYear() - 1, month: null, day: null }),
};

function dayOf(now: Date, offset: number): PartialDate {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset);
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
}

/** Pure parser. `now` is read only for 今天/昨天/今年/去年 (and English today, yesterday, this year, last year). */
export function parseDateQuery(expr: string, now: Date = new Date()): DateQueryResult {
  const s = expr.normalize('NFKC').toLowerCase().replace(TRAILING_WORDS, '').trim();
  if (s === '') return failure(expr, 'no date was given');

  const relative = RELATIVE[s];
  if (relative) {
    const d = relative(now);
    return success(d, d);
  }

  const single = parseOne(s);
  if (single) {
    const problem = dateProblem(single);
    return problem ? failure(expr, problem) : success(single, single);
  }

  // A range: try each separator, since `-` also sits inside `2024-02-01`.
  let problem = `"${echoInput(s)}" is not a date or a range of dates`;
  for (const sep of s.matchAll(RANGE_SEPARATORS)) {
    const start = parseOne(s.slice(0, sep.index).trim());
    const given = parseOne(s.slice(sep.index + sep[0].length).trim());
    if (!start || !given) continue;
    const startProblem = dateProblem(start);
    if (startProblem) {
      problem = startProblem;
      continue;
    }
    const range = completeRangeEnd(start, given);
    if (range.ok) return success(start, range.end);
    problem = range.problem;
  }
  return failure(expr, problem);
}

/** One date as typed, unchecked (a range end may be a day alone), or null when not a date form. */
function parseOne(s: string): PartialDate | null {
  const iso = ISO.exec(s);
  if (iso) return { year: Number(iso[1]), month: Number(iso[3]), day: iso[4] ? Number(iso[4]) : null };
  const year = YEAR.exec(s);
  if (year) return { year: parseNumber(year[1]!), month: null, day: null };
  const w = WRITTEN.exec(s);
  if (w && s !== '') {
    return {
      year: w[1] ? parseNumber(w[1]) : null,
      month: w[2] ? parseNumber(w[2]) : null,
      day: w[3] ? parseNumber(w[3]) : null,
    };
  }
  return parseEnglish(s);
}

/** `June 14`, `14 June 2024`, `Feb 2024`, `June 14th, 2024`: a month name, at most one day and one year, any order. */
function parseEnglish(s: string): PartialDate | null {
  const d: PartialDate = { year: null, month: null, day: null };
  for (const word of s.split(/[\s,]+/)) {
    if (word === '' || word === 'of') continue;
    const name = word.replace(/\.$/, '');
    const month = name.length >= 3 ? ENGLISH_MONTHS.findIndex((m) => m.startsWith(name)) : -1;
    const day = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(word);
    if (month >= 0 && d.month === null) d.month = month + 1;
    else if (day && d.day === null) d.day = Number(day[1]);
    else if (/^\d{4}$/.test(word) && d.year === null) d.year = Number(word);
    else return null;
  }
  return d.month === null ? null : d;
}

function success(start: PartialDate, end: PartialDate): DateQueryResult {
  return { ok: true, query: { start, end, description: describeDate(start, end, '（不限年份）') } };
}

function failure(expr: string, problem: string): DateQueryResult {
  const message = `Could not read the date "${echoInput(expr)}": ${problem}. Write a date like one of: ${DATE_EXAMPLES.join(', ')}.`;
  return { ok: false, error: new UserError('date.unparseable', message, { expr: expr.length > 200 ? echoInput(expr) : expr, problem, examples: DATE_EXAMPLES }) };
}

type Span = readonly [number, number]; // inclusive

const DAY_MS = 86_400_000;
const YEAR_DAYS = 366;
const LEAP_MONTH_START = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335];

function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** First and last day of start..end, both years known; missing months and days widen to the whole year or month. */
function daySpan(start: PartialDate, end: PartialDate): Span {
  const lastMonth = end.month ?? 12;
  return [
    dayNumber(start.year!, start.month ?? 1, start.day ?? 1),
    dayNumber(end.year!, lastMonth, end.day ?? daysInMonth(lastMonth, end.year)),
  ];
}

function monthDay(month: number, day: number): number {
  return LEAP_MONTH_START[month - 1]! + day;
}

/** The month-days start..end covers; null when it has no month. */
function monthDaySpans(start: PartialDate, end: PartialDate): Span[] | null {
  if (start.month === null || end.month === null) return null;
  if (start.year !== null && end.year !== null) {
    const [first, last] = daySpan(start, end);
    if (last - first + 1 >= YEAR_DAYS) return [[1, YEAR_DAYS]];
  }
  const a = monthDay(start.month, start.day ?? 1);
  const b = monthDay(end.month, end.day ?? daysInMonth(end.month, null));
  return a <= b ? [[a, b]] : [[a, YEAR_DAYS], [1, b]]; // wraps over a year end
}

function overlaps(xs: Span[], ys: Span[]): boolean {
  return xs.some(([a0, a1]) => ys.some(([b0, b1]) => a0 <= b1 && b0 <= a1));
}

/** Does a stored date (a mention or a publish date: start..end, parts may be null) match the query? yearUnknown is true when it matched only by month-day because the stored year is unknown. */
export function matchDate(
  query: DateQuery,
  start: PartialDate,
  end: PartialDate,
): { match: boolean; yearUnknown: boolean } {
  const storedYear = start.year !== null && end.year !== null;
  if (query.start.year !== null && storedYear) {
    return { match: overlaps([daySpan(query.start, query.end)], [daySpan(start, end)]), yearUnknown: false };
  }
  const q = monthDaySpans(query.start, query.end);
  const s = monthDaySpans(start, end);
  const match = q !== null && s !== null && overlaps(q, s);
  return { match, yearUnknown: match && !storedYear };
}
