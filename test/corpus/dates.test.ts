import { describe, expect, it } from 'vitest';
import {
  completeRangeEnd,
  extractDateMentions,
  findPublishDate,
  formatDate,
  inheritYear,
  parseNumber,
} from '../../src/corpus/dates.js';
import type { DateMention, PartialDate } from '../../src/corpus/types.js';

const d = (year: number | null, month: number | null, day: number | null): PartialDate => ({ year, month, day });

/** Mentions as [text, start, end] for compact tables. */
function mentions(text: string): Array<[string, PartialDate, PartialDate]> {
  return extractDateMentions(text).map((m) => [m.text, m.start, m.end]);
}

describe('extractDateMentions: one form each', () => {
  it.each<[string, string, PartialDate, PartialDate?]>([
    ['2024年2月19日', '2024年2月19日', d(2024, 2, 19)],
    ['2024-02-19', '2024-02-19', d(2024, 2, 19)],
    ['2024/2/19', '2024/2/19', d(2024, 2, 19)],
    ['2024.2.19', '2024.2.19', d(2024, 2, 19)],
    ['6月14日', '6月14日', d(null, 6, 14)],
    ['三湘都市报6月14日讯 今日下午', '6月14日', d(null, 6, 14)],
    ['4月27日上午,全省市州长视频会', '4月27日', d(null, 4, 27)],
    ['6月14号', '6月14号', d(null, 6, 14)],
    ['11月12日至13日', '11月12日至13日', d(null, 11, 12), d(null, 11, 13)],
    ['10月8日至9日', '10月8日至9日', d(null, 10, 8), d(null, 10, 9)],
    ['10月8日-9日', '10月8日-9日', d(null, 10, 8), d(null, 10, 9)],
    ['11月12日—13日', '11月12日—13日', d(null, 11, 12), d(null, 11, 13)],
    ['10月8日到10日', '10月8日到10日', d(null, 10, 8), d(null, 10, 10)],
    ['9月26日至10月3日', '9月26日至10月3日', d(null, 9, 26), d(null, 10, 3)],
    ['6月14-15日', '6月14-15日', d(null, 6, 14), d(null, 6, 15)],
    ['2024-02-01至2024-02-29', '2024-02-01至2024-02-29', d(2024, 2, 1), d(2024, 2, 29)],
    ['十月二十七日', '十月二十七日', d(null, 10, 27)],
    ['二〇二四年二月十九日', '二〇二四年二月十九日', d(2024, 2, 19)],
    ['一九四九年十月一日', '一九四九年十月一日', d(1949, 10, 1)],
    ['十月八日至九日', '十月八日至九日', d(null, 10, 8), d(null, 10, 9)],
    ['６月１４日', '６月１４日', d(null, 6, 14)],
    ['２０２４－０２－１９', '２０２４－０２－１９', d(2024, 2, 19)],
    ['2024年2月', '2024年2月', d(2024, 2, null)],
    ['2022年', '2022年', d(2022, null, null)],
    ['2024年1月至3月', '2024年1月至3月', d(2024, 1, null), d(2024, 3, null)],
    ['2022年至2024年', '2022年至2024年', d(2022, null, null), d(2024, null, null)],
  ])('%s', (text, written, start, end = start) => {
    expect(mentions(text)).toEqual([[written, start, end]]);
  });

  it('marks no year as inferred', () => {
    expect(extractDateMentions('2024年2月19日 6月14日').map((m) => m.yearInferred)).toEqual([false, false]);
  });
});

describe('extractDateMentions: ranges that roll forward or go wrong', () => {
  it.each<[string, Array<[string, PartialDate, PartialDate]>]>([
    // Wraps over a year end: with no year the year stays null on both ends.
    ['12月30日至1月2日', [['12月30日至1月2日', d(null, 12, 30), d(null, 1, 2)]]],
    // The end leaves out the year: the text means the next one.
    ['2024年12月30日至1月2日', [['2024年12月30日至1月2日', d(2024, 12, 30), d(2025, 1, 2)]]],
    // The end leaves out the month: the text means the next one.
    ['11月28日至3日', [['11月28日至3日', d(null, 11, 28), d(null, 12, 3)]]],
    // No 2月30日: the start stands alone, the day is dropped.
    ['2月28日至30日', [['2月28日', d(null, 2, 28), d(null, 2, 28)]]],
    // Written backwards with full dates: two dates, no range.
    ['2024年3月1日至2024年2月1日', [
      ['2024年3月1日', d(2024, 3, 1), d(2024, 3, 1)],
      ['2024年2月1日', d(2024, 2, 1), d(2024, 2, 1)],
    ]],
    // A day to a month is no range.
    ['2024年1月5日至3月', [['2024年1月5日', d(2024, 1, 5), d(2024, 1, 5)]]],
  ])('%s', (text, expected) => {
    expect(mentions(text)).toEqual(expected);
  });
});

describe('extractDateMentions: a day alone takes its month from the text before it', () => {
  it('continues the month (and written year) of the preceding mention', () => {
    expect(mentions('2023年10月8日,10日转赴娄底')).toEqual([
      ['2023年10月8日', d(2023, 10, 8), d(2023, 10, 8)],
      ['10日', d(2023, 10, 10), d(2023, 10, 10)],
    ]);
  });

  it('follows the end of a range that changes month', () => {
    expect(mentions('9月26日至10月3日,5日返回')[1]).toEqual(['5日', d(null, 10, 5), d(null, 10, 5)]);
  });

  it.each<[string, string, string[]]>([
    ['no month before it', '27日下午,省委书记主持召开会议', []],
    ['a count', '10月8日,第3日', ['10月8日']],
    ['a recurring day', '10月8日起,每月10日', ['10月8日']],
    ['a span', '10月8日,3日内完成', ['10月8日']],
    ['days later', '10月8日,10日后', ['10月8日']],
    ['a Chinese numeral alone', '10月8日,一日千里', ['10月8日']],
    ['号 alone', '10月8日,乘坐3号线', ['10月8日']],
    ['no such day in the month', '2月5日,30日', ['2月5日']],
  ])('skips %s', (_why, text, written) => {
    expect(extractDateMentions(text).map((m) => m.text)).toEqual(written);
  });
});

describe('extractDateMentions: not dates', () => {
  it.each([
    '湖南省“十四五”规划《纲要》实施中期评估',
    '全面贯彻落实党的二十大精神',
    '第七次全国妇女儿童工作会议、中国残联第八次代表大会',
    '11大标志性工程',
    '认真落实省委十二届七次全会精神',
    '今年1-5月,预计投资增长8.8%',
    '自6月初至7月上旬',
    '近三年共举办全省性技能大赛150余场',
    '认真执行省委巡视工作五年规划',
    '中华民族5000年历史',
    '2000年前的遗址',
    '湘ICP備17016663號-1',
    '湘公网安备 43010302001771号',
    '2月30日 13月1日 2023年2月29日 0月5日',
    '发布时间 22:07',
  ])('%s', (text) => {
    expect(extractDateMentions(text)).toEqual([]);
  });
});

describe('extractDateMentions: sentences from the corpus', () => {
  it('003: a range two days long', () => {
    expect(mentions('11月12日至13日,毛伟明再赴岳阳市和娄底市,调研经济社会发展情况。')).toEqual([
      ['11月12日至13日', d(null, 11, 12), d(null, 11, 13)],
    ]);
  });

  it('003: a range, then days of the same month', () => {
    const text =
      '“实”字当头、“干”字为先。国庆长假一过,10月8日至9日,省委书记沈晓明来到衡阳,10日转赴娄底,接连三天,调研两地经济社会发展情况并主持召开座谈会。21日至22日,同样的主题,沈晓明再赴怀化调研。';
    expect(mentions(text)).toEqual([
      ['10月8日至9日', d(null, 10, 8), d(null, 10, 9)],
      ['10日', d(null, 10, 10), d(null, 10, 10)],
      ['21日至22日', d(null, 10, 21), d(null, 10, 22)],
    ]);
  });

  it('000: dateline and a year-only mention', () => {
    expect(mentions('三湘都市报6月14日讯 今日下午，省委书记、省人大常委会主任张庆伟主持召开省委常委会议')).toEqual([
      ['6月14日', d(null, 6, 14), d(null, 6, 14)],
    ]);
    expect(mentions('要深入学习领会、坚决贯彻落实习近平总书记致2022年六五环境日主场活动的贺信精神')).toEqual([
      ['2022年', d(2022, null, null), d(2022, null, null)],
    ]);
  });

  it('001: the dateline gives the month to 27日下午', () => {
    expect(mentions('湖南日報10月27日訊(全媒體記者 劉燕娟 張璐)27日下午,省委書記沈曉明主持召開省委常委會會議')).toEqual([
      ['10月27日', d(null, 10, 27), d(null, 10, 27)],
      ['27日', d(null, 10, 27), d(null, 10, 27)],
    ]);
  });

  it('004: a year-only target', () => {
    expect(mentions('到2025年全省園區規模工業增加值占')).toEqual([['2025年', d(2025, null, null), d(2025, null, null)]]);
  });
});

describe('findPublishDate', () => {
  it.each<[string, string[], PartialDate, string]>([
    [
      '004 stamp',
      ['毛偉明主持省政府黨組會議', '', '湖南省人民政府門戶網站 www.statesmanwelt.com 發布時間: 2024-02-19 22:07 【字體:'],
      d(2024, 2, 19),
      '發布時間: 2024-02-19 22:07',
    ],
    ['labelled Chinese stamp', ['标题', '发布时间：2024年2月19日'], d(2024, 2, 19), '发布时间：2024年2月19日'],
    ['unlabelled numeric stamp', ['标题', '2024-02-19 08:30 来源:湖南日报'], d(2024, 2, 19), '2024-02-19 08:30'],
    ['000 dateline', ['# 张庆伟主持召开省委常委会议', '扫码看视频', '三湘都市报6月14日讯 今日下午'], d(null, 6, 14), '三湘都市报6月14日讯'],
    ['001 dateline', ['湖南日報10月27日訊(全媒體記者 劉燕娟 張璐)27日下午'], d(null, 10, 27), '湖南日報10月27日訊'],
    ['Xinhua dateline', ['新华社北京3月5日电（记者 张三）'], d(null, 3, 5), '新华社北京3月5日电'],
    ['dateline with a year', ['2024年6月14日讯 今日'], d(2024, 6, 14), '2024年6月14日讯'],
    ['a stamp wins over a dateline', ['三湘都市报6月14日讯 今日', '发布日期：2022-06-14'], d(2022, 6, 14), '发布日期：2022-06-14'],
  ])('%s', (_name, lines, date, text) => {
    expect(findPublishDate(lines)).toEqual({ date, text });
  });

  it.each<[string, string[]]>([
    ['002: an event date opening the text is no dateline', ['毛偉明在全省市州長視頻會上強調', '4月27日上午,全省市州長視頻會在長沙召開。']],
    ['003: a caption is no dateline', ['首页 > 新闻 > 湖南要闻', '近段时间,湖南省级领导密集赴市州调研、督导。', '11月12日,沈晓明向果农了解石门柑橘种植销售情况。']],
    ['a dateline deep in a sentence', ['据悉，会议强调要在今年6月14日讯前完成']],
    ['a stamp without a date', ['发布时间：不详']],
    ['nothing', []],
  ])('none: %s', (_name, lines) => {
    expect(findPublishDate(lines)).toBeNull();
  });

  it('looks only near the top', () => {
    const lines = [...Array.from({ length: 20 }, (_, i) => `第${i}段`), '发布时间：2024-02-19'];
    expect(findPublishDate(lines)).toBeNull();
  });
});

describe('inheritYear', () => {
  const mention = (start: PartialDate, end: PartialDate = start): DateMention => ({ text: 'x', start, end, yearInferred: false });

  it.each<[string, DateMention, PartialDate | null, PartialDate | null, PartialDate?]>([
    ['same day as published', mention(d(null, 2, 19)), d(2024, 2, 19), d(2024, 2, 19)],
    ['before the publish date', mention(d(null, 2, 1)), d(2024, 2, 19), d(2024, 2, 1)],
    ['a past range', mention(d(null, 11, 12), d(null, 11, 13)), d(2024, 11, 14), d(2024, 11, 12), d(2024, 11, 13)],
    ['publish day unknown: the month counts', mention(d(null, 2, 25)), d(2024, 2, null), d(2024, 2, 25)],
    ['a wrapped range starts the year before', mention(d(null, 12, 30), d(null, 1, 2)), d(2025, 1, 5), d(2024, 12, 30), d(2025, 1, 2)],
    ['after the publish date', mention(d(null, 2, 20)), d(2024, 2, 19), null],
    ['a range ending after the publish date', mention(d(null, 2, 18), d(null, 2, 20)), d(2024, 2, 19), null],
    ['a wrapped range that may still run', mention(d(null, 12, 30), d(null, 1, 2)), d(2024, 12, 31), null],
    ['publish date without a year', mention(d(null, 6, 14)), d(null, 6, 14), null],
    ['publish date without a month', mention(d(null, 6, 14)), d(2024, null, null), null],
    ['no publish date', mention(d(null, 6, 14)), null, null],
    ['29 February in a common year', mention(d(null, 2, 29)), d(2023, 3, 1), null],
  ])('%s', (_name, m, published, start, end = start ?? undefined) => {
    const out = inheritYear(m, published);
    if (start === null) {
      expect(out).toEqual(m);
    } else {
      expect(out).toEqual({ ...m, start, end, yearInferred: true });
    }
  });

  it('leaves a written year alone', () => {
    const m = mention(d(2022, 6, 5));
    expect(inheritYear(m, d(2024, 6, 14))).toEqual(m);
  });
});

describe('formatDate', () => {
  it.each<[string, PartialDate, PartialDate | undefined, string]>([
    ['full', d(2024, 2, 19), undefined, '2024年2月19日'],
    ['year unknown', d(null, 6, 14), undefined, '6月14日（年份不详）'],
    ['month', d(2024, 2, null), undefined, '2024年2月'],
    ['year', d(2022, null, null), undefined, '2022年'],
    ['same start and end', d(2024, 2, 19), d(2024, 2, 19), '2024年2月19日'],
    ['range in a month, year unknown', d(null, 11, 12), d(null, 11, 13), '11月12日至13日（年份不详）'],
    ['range over months', d(null, 9, 26), d(null, 10, 3), '9月26日至10月3日（年份不详）'],
    ['range over a year end', d(2024, 12, 30), d(2025, 1, 2), '2024年12月30日至2025年1月2日'],
    ['wrapped, year unknown', d(null, 12, 30), d(null, 1, 2), '12月30日至1月2日（年份不详）'],
    ['months', d(2024, 1, null), d(2024, 3, null), '2024年1月至3月'],
    ['years', d(2022, null, null), d(2024, null, null), '2022年至2024年'],
    ['nothing known', d(null, null, null), undefined, '日期不详'],
  ])('%s', (_name, start, end, text) => {
    expect(formatDate(start, end)).toBe(text);
  });

  it('shows an inferred year like a written one', () => {
    const m = inheritYear({ text: '2月1日', start: d(null, 2, 1), end: d(null, 2, 1), yearInferred: false }, d(2024, 2, 19));
    expect(formatDate(m.start, m.end)).toBe('2024年2月1日');
  });
});

describe('helpers', () => {
  it.each<[string, number | null]>([
    ['14', 14], ['二', 2], ['十', 10], ['十二', 12], ['二十', 20], ['二十七', 27], ['三十一', 31],
    ['二〇二四', 2024], ['二零二四', 2024], ['十十', null], ['abc', null],
  ])('parseNumber(%s)', (s, n) => {
    expect(parseNumber(s)).toBe(n);
  });

  it('completeRangeEnd explains what is wrong', () => {
    expect(completeRangeEnd(d(null, 2, 20), d(null, 2, 1))).toEqual({ ok: false, problem: 'the range ends before it starts' });
    expect(completeRangeEnd(d(2024, 2, 1), d(2024, 3, null))).toMatchObject({ ok: false });
    expect(completeRangeEnd(d(null, 2, 1), d(2024, 3, 1))).toMatchObject({ ok: false });
  });
});
