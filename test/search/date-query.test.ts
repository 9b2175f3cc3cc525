import { describe, expect, it } from 'vitest';
import type { PartialDate } from '../../src/corpus/types.js';
import { DATE_EXAMPLES, matchDate, parseDateQuery, type DateQuery } from '../../src/search/date-query.js';
import { isUserError } from '../../src/errors.js';

const d = (year: number | null, month: number | null, day: number | null): PartialDate => ({ year, month, day });

function parsed(expr: string, now?: Date): DateQuery {
  const r = parseDateQuery(expr, now);
  if (!r.ok) throw new Error(`expected "${expr}" to parse: ${r.error.message}`);
  return r.query;
}

describe('parseDateQuery: single dates', () => {
  it.each<[string, PartialDate, string]>([
    ['2024-02-19', d(2024, 2, 19), '2024年2月19日'],
    ['2024/2/19', d(2024, 2, 19), '2024年2月19日'],
    ['2024.2.19', d(2024, 2, 19), '2024年2月19日'],
    ['2024年2月19日', d(2024, 2, 19), '2024年2月19日'],
    ['2月19日', d(null, 2, 19), '2月19日（不限年份）'],
    ['2月19號', d(null, 2, 19), '2月19日（不限年份）'],
    ['2月19号', d(null, 2, 19), '2月19日（不限年份）'],
    ['2月19', d(null, 2, 19), '2月19日（不限年份）'],
    ['十月二十七日', d(null, 10, 27), '10月27日（不限年份）'],
    ['二〇二四年二月十九日', d(2024, 2, 19), '2024年2月19日'],
    ['６月１４日', d(null, 6, 14), '6月14日（不限年份）'],
    ['２０２４－０２－１９', d(2024, 2, 19), '2024年2月19日'],
    ['2024年2月', d(2024, 2, null), '2024年2月'],
    ['2024-02', d(2024, 2, null), '2024年2月'],
    ['2月', d(null, 2, null), '2月（不限年份）'],
    ['二月', d(null, 2, null), '2月（不限年份）'],
    ['2024', d(2024, null, null), '2024年'],
    ['2024年', d(2024, null, null), '2024年'],
    ['June 14', d(null, 6, 14), '6月14日（不限年份）'],
    ['june 14th', d(null, 6, 14), '6月14日（不限年份）'],
    ['14 June 2024', d(2024, 6, 14), '2024年6月14日'],
    ['June 14, 2024', d(2024, 6, 14), '2024年6月14日'],
    ['Feb 2024', d(2024, 2, null), '2024年2月'],
    ['Sept. 3', d(null, 9, 3), '9月3日（不限年份）'],
    ['2月29日', d(null, 2, 29), '2月29日（不限年份）'],
    ['2024年2月29日', d(2024, 2, 29), '2024年2月29日'],
    // Surrounding space and question words.
    ['  6月14日  ', d(null, 6, 14), '6月14日（不限年份）'],
    ['6月14日发生了什么？', d(null, 6, 14), '6月14日（不限年份）'],
    ['6月14日發生了什麼?', d(null, 6, 14), '6月14日（不限年份）'],
    ['2月19日的新闻', d(null, 2, 19), '2月19日（不限年份）'],
    ['2月19日有什么新闻', d(null, 2, 19), '2月19日（不限年份）'],
    ['10月27日的新聞？', d(null, 10, 27), '10月27日（不限年份）'],
  ])('%s', (expr, date, description) => {
    expect(parsed(expr)).toEqual({ start: date, end: date, description });
  });

  it('never takes the year from now for a month-day', () => {
    expect(parsed('2月19日', new Date(2024, 5, 1)).start.year).toBeNull();
  });
});

describe('parseDateQuery: ranges', () => {
  it.each<[string, PartialDate, PartialDate, string]>([
    ['2024-02-01..2024-02-29', d(2024, 2, 1), d(2024, 2, 29), '2024年2月1日至29日'],
    ['2024-02-01 to 2024-02-29', d(2024, 2, 1), d(2024, 2, 29), '2024年2月1日至29日'],
    ['2024-02-01-2024-02-29', d(2024, 2, 1), d(2024, 2, 29), '2024年2月1日至29日'],
    ['2月1日至2月20日', d(null, 2, 1), d(null, 2, 20), '2月1日至20日（不限年份）'],
    ['11月12日至13日', d(null, 11, 12), d(null, 11, 13), '11月12日至13日（不限年份）'],
    ['11月12日到13日', d(null, 11, 12), d(null, 11, 13), '11月12日至13日（不限年份）'],
    ['2024年2月1日-2024年3月1日', d(2024, 2, 1), d(2024, 3, 1), '2024年2月1日至3月1日'],
    ['2024年2月1日至3月1日', d(2024, 2, 1), d(2024, 3, 1), '2024年2月1日至3月1日'],
    ['2022年至2024年', d(2022, null, null), d(2024, null, null), '2022年至2024年'],
    ['2022-2024', d(2022, null, null), d(2024, null, null), '2022年至2024年'],
    ['2024年1月至3月', d(2024, 1, null), d(2024, 3, null), '2024年1月至3月'],
    ['June 14 - June 20', d(null, 6, 14), d(null, 6, 20), '6月14日至20日（不限年份）'],
    ['June 14-20', d(null, 6, 14), d(null, 6, 20), '6月14日至20日（不限年份）'],
    ['12月30日至1月2日', d(null, 12, 30), d(null, 1, 2), '12月30日至1月2日（不限年份）'],
    ['2024年12月30日至1月2日', d(2024, 12, 30), d(2025, 1, 2), '2024年12月30日至2025年1月2日'],
    ['２月１日～２月２０日', d(null, 2, 1), d(null, 2, 20), '2月1日至20日（不限年份）'],
  ])('%s', (expr, start, end, description) => {
    expect(parsed(expr)).toEqual({ start, end, description });
  });
});

describe('parseDateQuery: relative to now', () => {
  const now = new Date(2024, 2, 1, 10, 0); // 1 March 2024, local time
  it.each<[string, PartialDate]>([
    ['今天', d(2024, 3, 1)],
    ['today', d(2024, 3, 1)],
    ['昨天', d(2024, 2, 29)],
    ['yesterday', d(2024, 2, 29)],
    ['今年', d(2024, null, null)],
    ['去年', d(2023, null, null)],
    ['今天有什么新闻？', d(2024, 3, 1)],
  ])('%s', (expr, date) => {
    expect(parsed(expr, now)).toMatchObject({ start: date, end: date });
  });
});

describe('parseDateQuery: not understood', () => {
  it.each<[string, RegExp]>([
    ['', /no date was given/],
    ['   ', /no date was given/],
    ['？', /no date was given/],
    ['hello', /"hello" is not a date/],
    ['2月30日', /2月 has no day 30/],
    ['2023年2月29日', /2023年2月 has no day 29/],
    ['13月1日', /no month 13/],
    ['2024-13-01', /no month 13/],
    ['2024-02-30', /has no day 30/],
    ['19日', /needs a month/],
    ['2024-02-29..2024-02-01', /ends before it starts/],
    ['2月20日至2月1日', /ends before it starts/],
    ['2024年至2022年', /ends before it starts/],
    ['2月1日至2024年3月1日', /gives a year/],
    ['2024年2月至3月1日', /not both days/],
    ['2月1日至2月30日', /has no day 30/],
    ['十四五', /is not a date/],
    ['Smarch 14', /is not a date/],
  ])('%j', (expr, reason) => {
    const r = parseDateQuery(expr);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(isUserError(r.error)).toBe(true);
    expect(r.error.id).toBe('date.unparseable');
    expect(r.error.message).toMatch(reason);
    for (const example of DATE_EXAMPLES) expect(r.error.message).toContain(example);
    expect(r.error.context).toMatchObject({ expr });
  });

  it('has examples that all parse', () => {
    for (const example of DATE_EXAMPLES) expect(parseDateQuery(example).ok).toBe(true);
  });
});

describe('matchDate', () => {
  const q = (expr: string) => parsed(expr);
  const yes = { match: true, yearUnknown: false };
  const yesYearUnknown = { match: true, yearUnknown: true };
  const no = { match: false, yearUnknown: false };

  it.each<[string, string, PartialDate, PartialDate | undefined, { match: boolean; yearUnknown: boolean }]>([
    // A query with a year against stored dates with a year.
    ['same day', '2024-02-19', d(2024, 2, 19), undefined, yes],
    ['other year', '2024-02-19', d(2023, 2, 19), undefined, no],
    ['other day', '2024-02-19', d(2024, 2, 20), undefined, no],
    ['a day in the queried month', '2024年2月', d(2024, 2, 19), undefined, yes],
    ['a day in the queried year', '2024', d(2024, 11, 12), undefined, yes],
    ['a stored month containing the day', '2024-02-19', d(2024, 2, null), undefined, yes],
    ['a stored year containing the day', '2024-02-19', d(2024, null, null), undefined, yes],
    ['a stored range over the day', '2024-02-19', d(2024, 2, 18), d(2024, 2, 20), yes],
    ['a query range over a stored day', '2024-02-01..2024-02-29', d(2024, 2, 19), undefined, yes],
    ['ranges that only touch', '2024-02-01..2024-02-19', d(2024, 2, 19), d(2024, 3, 1), yes],
    ['ranges apart', '2024-02-01..2024-02-18', d(2024, 2, 19), d(2024, 3, 1), no],
    ['a year range', '2022年至2024年', d(2023, 6, 14), undefined, yes],
    ['over a year end', '2024年12月30日至1月2日', d(2025, 1, 1), undefined, yes],
    // A query with a year against stored dates of unknown year: month-day alone, marked.
    ['same month-day, year unknown', '2024-02-19', d(null, 2, 19), undefined, yesYearUnknown],
    ['other month-day, year unknown', '2024-02-19', d(null, 2, 20), undefined, no],
    ['month query, year unknown', '2024年11月', d(null, 11, 12), d(null, 11, 13), yesYearUnknown],
    ['year query, year unknown', '2024', d(null, 6, 14), undefined, no],
    ['year range query, year unknown', '2022年至2024年', d(null, 6, 14), undefined, no],
    // A query without a year: month-days in any year.
    ['month-day, any year', '2月19日', d(2024, 2, 19), undefined, yes],
    ['month-day, year unknown', '2月19日', d(null, 2, 19), undefined, yesYearUnknown],
    ['month-day, other day', '2月19日', d(2024, 2, 20), undefined, no],
    ['month, any day', '2月', d(2022, 2, 28), undefined, yes],
    ['month, year unknown', '2月', d(null, 2, 1), undefined, yesYearUnknown],
    ['month, other month', '2月', d(null, 3, 1), undefined, no],
    ['month-day against a stored month', '2月19日', d(2024, 2, null), undefined, yes],
    ['month-day against a stored year', '2月19日', d(2024, null, null), undefined, no],
    ['the last day of a stored range', '11月13日', d(null, 11, 12), d(null, 11, 13), yesYearUnknown],
    ['a month holding a stored range', '11月', d(null, 11, 12), d(null, 11, 13), yesYearUnknown],
    ['a range holding a stored day', '11月12日至13日', d(null, 11, 13), undefined, yesYearUnknown],
    ['a range beside a stored day', '11月12日至13日', d(null, 11, 14), undefined, no],
    ['a stored range over months', '10月1日', d(null, 9, 26), d(null, 10, 3), yesYearUnknown],
    // Wrapping ranges of unknown year.
    ['inside a stored wrap, January', '1月1日', d(null, 12, 30), d(null, 1, 2), yesYearUnknown],
    ['inside a stored wrap, December', '12月31日', d(null, 12, 30), d(null, 1, 2), yesYearUnknown],
    ['outside a stored wrap', '6月1日', d(null, 12, 30), d(null, 1, 2), no],
    ['a wrapping query', '12月30日至1月2日', d(null, 1, 2), undefined, yesYearUnknown],
    ['a wrapping query, dated', '12月30日至1月2日', d(2024, 12, 31), undefined, yes],
    ['outside a wrapping query', '12月30日至1月2日', d(2024, 1, 3), undefined, no],
    // A stored range with years spanning more than a year holds every month-day.
    ['a stored span of years', '2月19日', d(2022, 6, 1), d(2024, 6, 1), yes],
    // Nothing to compare.
    ['stored date unknown', '2月19日', d(null, null, null), undefined, no],
    ['stored date unknown, dated query', '2024-02-19', d(null, null, null), undefined, no],
  ])('%s', (_name, expr, start, end = start, expected) => {
    expect(matchDate(q(expr), start, end)).toEqual(expected);
  });

  it('29 February of any year', () => {
    expect(matchDate(q('2月29日'), d(2024, 2, 29), d(2024, 2, 29))).toEqual(yes);
    expect(matchDate(q('2月'), d(null, 2, 29), d(null, 2, 29))).toEqual(yesYearUnknown);
    expect(matchDate(q('2023-03-01..2024-02-28'), d(null, 2, 29), d(null, 2, 29))).toEqual(no);
  });
});
