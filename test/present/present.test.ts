/** The presenter both front ends show results through: voice, catalogue, typography, marks, citations, grouping. */
import { describe, expect, it } from 'vitest';
import { scriptCounts } from '../../src/corpus/script.js';
import { articleHeading, citationLine, dateText, firstWords, type ParagraphRef } from '../../src/present/citation.js';
import { formatDuration, MESSAGE_KEYS, t } from '../../src/present/messages.js';
import { answers, emptyNote, groupByArticle, showPassage, unansweredNote, type PassageLike } from '../../src/present/passages.js';
import { displayPunctuation, mapRanges, sentenceSpans } from '../../src/present/text.js';
import { chooseVoice, isPinyin, langOfLocale, type Voice } from '../../src/present/voice.js';
import type { Citation } from '../../src/types.js';

const HANS: Voice = { lang: 'zh-Hans', script: 'simplified' };
const HANT: Voice = { lang: 'zh-Hant', script: 'traditional' };
const EN: Voice = { lang: 'en', script: 'simplified' };

const CITATION: Citation = {
  title: '张庆伟主持召开省委常委会议',
  date: { year: null, month: 6, day: 14 },
  dateText: '6月14日（年份不详）',
  source: '三湘都市报',
  url: null,
  reporters: [],
  file: '000_9954a45cdba6c14f.txt',
};

describe('the reply voice', () => {
  it('follows the Discord locale, then the script typed, and the script option over both', () => {
    expect(langOfLocale('zh-CN')).toBe('zh-Hans');
    expect(langOfLocale('zh-TW')).toBe('zh-Hant');
    expect(langOfLocale('zh-HK')).toBe('zh-Hant');
    expect(langOfLocale('en-US')).toBe('en');
    expect(langOfLocale('fr')).toBe('en');
    expect(chooseVoice({ locale: 'zh-TW', text: '毛伟明' })).toEqual(HANT);
    expect(chooseVoice({ locale: 'zh-CN', text: '毛偉明', script: 'traditional' })).toEqual(HANT);
    expect(chooseVoice({ locale: 'en-US', text: '毛偉明' })).toEqual({ lang: 'en', script: 'traditional' });
    expect(chooseVoice({ text: '毛偉明強調了什麼' })).toEqual(HANT); // a mention: the question decides
    expect(chooseVoice({ text: 'what did he say', fallback: 'zh-Hans' })).toEqual(HANS);
    expect(chooseVoice({ locale: 'zh-CN', script: 'original' })).toEqual({ lang: 'zh-Hans', script: null });
  });

  it('answers a name typed in pinyin in Chinese, an English question in English', () => {
    for (const pinyin of ['mao weiming', 'Máo Wěimíng', 'shenxiaoming', 'mao2 wei3 ming2']) {
      expect(isPinyin(pinyin), pinyin).toBe(true);
      expect(chooseVoice({ text: pinyin, fallback: 'en' }), pinyin).toEqual(HANS);
    }
    for (const english of ['What did Shen Xiaoming inspect in Chenzhou?', 'Mao Weiming said what', 'GDP', 'hello']) {
      expect(isPinyin(english), english).toBe(false);
      expect(chooseVoice({ text: english, fallback: 'en' }).lang, english).toBe('en');
    }
    // A Discord locale still decides for slash commands.
    expect(chooseVoice({ locale: 'en-US', text: 'mao weiming' }).lang).toBe('en');
  });
});

describe('the message catalogue', () => {
  it('words each message in 简体, 繁體 and English, each Chinese catalogue in one script', () => {
    expect(MESSAGE_KEYS.length).toBeGreaterThan(100);
    for (const key of MESSAGE_KEYS) {
      const hans = t('zh-Hans', key, { n: 2 });
      const hant = t('zh-Hant', key, { n: 2 });
      expect(t('en', key, { n: 2 }), key).toMatch(/\S/);
      expect(hans, key).toMatch(/\S/);
      expect(scriptCounts(hans).traditional, hans).toBe(0);
      expect(scriptCounts(hant).simplified, hant).toBe(0);
    }
    expect(t('en', 'ask.passages', { n: 1 })).toBe('1 passage');
    expect(t('en', 'ask.passages', { n: 3 })).toBe('3 passages');
    expect(t('zh-Hans', 'ask.passages', { n: 3 })).toBe('共 3 段');
    expect(formatDuration(3_725_000, 'zh-Hans')).toBe('1 小时 2 分钟');
  });
});

describe('display typography', () => {
  it('shows ASCII punctuation between Chinese characters full-width, one character for one', () => {
    expect(displayPunctuation('4月27日上午,全省市州长视频会召开')).toBe('4月27日上午，全省市州长视频会召开');
    expect(displayPunctuation('会议:聚焦十个方面;要落实!是吗?')).toBe('会议：聚焦十个方面；要落实！是吗？');
    expect(displayPunctuation('国庆长假一过,10月8日')).toBe('国庆长假一过，10月8日');
    expect(displayPunctuation('拉满“进度条”,努力')).toBe('拉满“进度条”，努力');
    expect(displayPunctuation('收入(扣除留抵)增长')).toBe('收入（扣除留抵）增长');
    // Latin and numbers keep theirs.
    expect(displayPunctuation('增长1,000亿元, IGBT (芯片) 10:30')).toBe('增长1,000亿元, IGBT (芯片) 10:30');
    // A number ending a clause before Chinese text; a bracket closes as it opened, even when the source mixed widths.
    expect(displayPunctuation('同比增长9.28%,然而')).toBe('同比增长9.28%，然而');
    expect(displayPunctuation('讯(全媒体记者 刘燕娟 张璐)27日下午')).toBe('讯（全媒体记者 刘燕娟 张璐）27日下午');
    expect(displayPunctuation('讯（全媒体记者 刘燕娟 张璐)27日下午')).toBe('讯（全媒体记者 刘燕娟 张璐）27日下午');
    expect(displayPunctuation('中车(IGBT)产业园')).toBe('中车(IGBT)产业园');
    const text = '上午,全省:会议';
    expect(displayPunctuation(text).length).toBe(text.length);
  });
});

describe('marks on shown text', () => {
  it('keeps the ranges when conversion keeps the length, maps them by sentence otherwise, drops them when sentences do not line up', () => {
    expect(mapRanges('毛伟明强调。其他。', '毛偉明強調。其他。', [[0, 6]])).toEqual([[0, 6]]);
    expect(mapRanges('甲。乙说了。', '甲甲。乙說了話。', [[2, 6]])).toEqual([[3, 8]]);
    expect(mapRanges('甲。乙。', '甲甲乙乙乙', [[2, 4]])).toEqual([]);
  });

  it('splits the lines of a passage that spans paragraphs, covering the text whole', () => {
    const text = '第一段。还有一句！\n第二段没有句号';
    const spans = sentenceSpans(text);
    expect(spans.map(([s, e]) => text.slice(s, e))).toEqual(['第一段。', '还有一句！\n', '第二段没有句号']);
  });

  it('shows a passage in the reply script with its marks, and none when the corpus does not answer', () => {
    // The file's 14th paragraph, the second of its article: cited as the article's.
    const p: PassageLike = { file: 'a.txt', paragraph: 13, text: '会议指出,要抓落实。毛伟明强调发展。', citation: CITATION, articleParagraphs: { first: 2, last: 2 }, ranges: [[10, 18]] };
    const shown = showPassage(p, HANT);
    expect(shown.text).toBe('會議指出，要抓落實。毛偉明強調發展。');
    expect(shown.text.slice(...shown.ranges[0]!)).toBe('毛偉明強調發展。');
    expect(shown.label).toBe('第2段');
    expect(shown.ref.paragraph).toBe(13); // buttons and JSON keep the file's position
    expect(showPassage(p, HANT, false).ranges).toEqual([]);
  });

  it('quotes a passage already in the reply script as written, keeping the source own variant forms', () => {
    // The bundled 004 report, traditional, writes 制造業占比 (not the converter's 製造業佔比).
    const p: PassageLike = { file: 'b.txt', paragraph: 3, text: '確保先進制造業占比、全社會研發經費投入強度穩步提升。', citation: CITATION, articleParagraphs: { first: 3, last: 3 } };
    expect(showPassage(p, HANT).text).toBe('確保先進制造業占比、全社會研發經費投入強度穩步提升。');
    // For a simplified reader it is converted as any traditional passage.
    expect(showPassage(p, HANS).text).toBe('确保先进制造业占比、全社会研发经费投入强度稳步提升。');
  });
});

describe('citations', () => {
  it('reads outlet · date · paragraph within the article, from 1, year unknown said once, no file name', () => {
    const body = (paragraph: number, first: number, last = first): ParagraphRef => ({ paragraph, kinds: ['text'], numbers: { first, last } });
    expect(citationLine(CITATION, [body(20, 7)], HANS)).toBe('三湘都市报 · 6月14日（年份不详） · 第7段');
    expect(citationLine(CITATION, [body(20, 7)], HANT)).toBe('三湘都市報 · 6月14日（年份不詳） · 第7段');
    expect(citationLine(CITATION, [body(20, 7)], EN)).toBe('三湘都市报 · 14\u00a0June (year unknown) · para. 7');
    const dated = { ...CITATION, date: { year: 2024, month: 6, day: 14 } };
    expect(citationLine(dated, [body(13, 1), { ...body(15, 3, 4), last: 16 }], HANS)).toBe('三湘都市报 · 2024年6月14日 · 第1、3–4段');
    expect(citationLine({ ...dated, source: null }, [{ paragraph: 1, kinds: ['caption'], numbers: null }], HANS)).toBe('来源不详 · 2024年6月14日 · 图片说明');
    // A by-line alone is named, not counted; a short paragraph quoted with the caption after it says both.
    expect(citationLine(dated, [{ paragraph: 6, kinds: ['byline'], numbers: null }], HANS)).toBe('三湘都市报 · 2024年6月14日 · 署名');
    expect(citationLine(dated, [{ paragraph: 6, kinds: ['byline'], numbers: null }], EN)).toBe('三湘都市报 · 14\u00a0June\u00a02024 · by-line');
    expect(citationLine(dated, [{ paragraph: 41, last: 42, kinds: ['text', 'caption'], numbers: { first: 9, last: 9 } }], HANT)).toBe('三湘都市報 · 2024年6月14日 · 第9段 · 圖片說明');
    expect(citationLine({ ...CITATION, date: null }, [], EN)).toBe('三湘都市报 · date unknown');
    // An outlet taken from the photo credit, the page naming none, is said to be.
    expect(citationLine({ ...CITATION, sourceInferred: true }, [], HANS)).toBe('三湘都市报（据图片署名） · 6月14日（年份不详）');
    expect(citationLine({ ...CITATION, sourceInferred: true }, [], HANT)).toBe('三湘都市報（據圖片署名） · 6月14日（年份不詳）');
    expect(citationLine({ ...CITATION, sourceInferred: true }, [], EN)).toBe('三湘都市报 (from a photo credit) · 14\u00a0June (year unknown)');
    expect(dateText({ year: 2024, month: 6, day: 14, inferred: true }, HANS)).toBe('2024年6月14日（据导语推断）');
    expect(dateText({ year: null, month: 6, day: 14, inferred: true }, HANT)).toBe('6月14日（年份不詳，據導語推斷）');
    expect(dateText({ year: null, month: 6, day: 14, inferred: true }, EN)).toBe('14\u00a0June (year unknown; inferred from the lead)');
    // A range says what its ends share once; no line break inside a date.
    expect(dateText({ year: null, month: 11, day: 12 }, EN, { end: { year: null, month: 11, day: 13 } })).toBe('12–13\u00a0November (year unknown)');
    expect(dateText({ year: 2024, month: 10, day: 30 }, EN, { end: { year: 2024, month: 11, day: 2 } })).toBe('30\u00a0October\u00a02024 – 2\u00a0November\u00a02024');
  });

  it('names a title-less article by its first words', () => {
    expect(firstWords('三湘都市报6月14日讯 今日下午，省委书记主持召开省委常委会议')).toBe('三湘都市报6月14日讯 今日下午…');
    expect(articleHeading({ title: '' }, HANS, '三湘都市报6月14日讯 今日下午，省委书记主持召开省委常委会议')).toBe('“三湘都市报6月14日讯 今日下午…”（原文无标题）');
    expect(articleHeading({ title: '省委常委会议召开', titleInferred: true }, EN)).toBe('untitled: “省委常委会议召开”');
    expect(articleHeading({ title: '毛偉明主持會議' }, HANS)).toBe('毛伟明主持会议');
    expect(articleHeading({ title: '' }, HANT)).toBe('無標題'); // nothing to quote: no empty quotes
  });
});

describe('answered or not', () => {
  it('shows an answer as answering only when the engine says so and something is marked', () => {
    const passage = (ranges: Array<[number, number]>) => ({ ranges }) as unknown as Parameters<typeof answers>[0]['passages'][number];
    expect(answers({ answered: true, passages: [passage([]), passage([[0, 3]])] })).toBe(true);
    expect(answers({ answered: true, passages: [passage([]), passage([])] })).toBe(false);
    expect(answers({ answered: false, passages: [passage([[0, 3]])] })).toBe(false);
  });
});

describe('grouping', () => {
  it('puts passages of one article under one heading, in the article order, with one citation', () => {
    const make = (file: string, paragraph: number, article = 0): PassageLike => ({
      file,
      paragraph,
      text: `第${paragraph}段的内容。`,
      citation: { ...CITATION, file },
      articleParagraphs: { first: paragraph + 1, last: paragraph + 1 },
      paragraphRef: { article, kind: 'text' },
    });
    const groups = groupByArticle([make('a.txt', 5), make('a.txt', 1), make('b.txt', 0), make('a.txt', 9, 1)], HANS);
    expect(groups.map((g) => [g.file, g.passages.map((p) => p.ref.paragraph)])).toEqual([
      ['a.txt', [1, 5]],
      ['b.txt', [0]],
      ['a.txt', [9]],
    ]);
    // Each of several passages carries its label; the citation does not repeat them. A lone passage's citation names it.
    expect(groups[0]!.passages.map((p) => p.label)).toEqual(['第2段', '第6段']);
    expect(groups[0]!.citation).toBe('三湘都市报 · 6月14日（年份不详）');
    expect(groups[1]!.citation).toBe('三湘都市报 · 6月14日（年份不详） · 第1段');
    expect(groups[0]!.paragraph).toBe(1); // the full-article button opens at the first passage shown
    // Date and person hits carry no article index: one file's articles are told apart by their titles.
    const hit = (paragraph: number, title: string): PassageLike => ({ file: 'c.txt', paragraph, text: '内容。', citation: { ...CITATION, title }, articleParagraphs: null });
    expect(groupByArticle([hit(0, '甲'), hit(1, '甲'), hit(6, '乙')], HANS).map((g) => g.heading)).toEqual(['甲', '乙']);
  });

  it('shows the best passage first within its article, then the others that answer, then the rest, each in the article order', () => {
    const make = (paragraph: number, marked: boolean): PassageLike => ({
      file: 'a.txt',
      paragraph,
      text: `第${paragraph}段的内容。`,
      ranges: marked ? [[0, 3]] : [],
      citation: { ...CITATION, file: 'a.txt' },
      articleParagraphs: { first: paragraph + 1, last: paragraph + 1 },
      paragraphRef: { article: 0, kind: 'text' },
    });
    const [group] = groupByArticle([make(36, true), make(38, true), make(8, false), make(40, false)], HANS);
    expect(group!.passages.map((p) => p.ref.paragraph)).toEqual([36, 38, 8, 40]);
    // The best passage (first given) leads when it answers, even when another that answers comes earlier in the article.
    const [ranked] = groupByArticle([make(11, true), make(10, true), make(8, true), make(3, false)], HANS);
    expect(ranked!.passages.map((p) => p.ref.paragraph)).toEqual([11, 8, 10, 3]);
    // Shown unmarked (the corpus does not answer), they read in the article's order.
    const [related] = groupByArticle([make(36, true), make(38, true), make(8, false)], HANS, false);
    expect(related!.passages.map((p) => p.ref.paragraph)).toEqual([8, 36, 38]);
  });
});

describe('an unanswered question with no Chinese in it', () => {
  it('says why in keyword mode: the articles are matched by their own Chinese words', () => {
    const english = unansweredNote({ question: 'What did Mao Weiming stress?', mode: 'lexical' }, 'en');
    expect(english.note).toBe(t('en', 'ask.unanswered'));
    expect(english.hint).toMatch(/ask in Chinese/);
    expect(unansweredNote({ question: 'mao weiming qiangdiao le shenme', mode: 'lexical' }, 'zh-Hant').hint).toContain('請用中文提問');
  });

  it('says nothing more for a Chinese question, or where the model bridges languages', () => {
    expect(unansweredNote({ question: '湖南的GDP是多少', mode: 'lexical' }, 'zh-Hans').hint).toBeNull();
    expect(unansweredNote({ question: 'What did Mao Weiming stress?', mode: 'hybrid' }, 'en').hint).toBeNull();
  });

  it('says why when nothing at all matched, too', () => {
    const none = emptyNote({ question: "How large are Chenzhou's lithium oxide reserves?", mode: 'lexical' }, 'en');
    expect(none.note).toBe(t('en', 'ask.nothing'));
    expect(none.hint).toMatch(/ask in Chinese/);
    expect(emptyNote({ question: '火星上的水', mode: 'lexical' }, 'zh-Hans')).toEqual({ note: t('zh-Hans', 'ask.nothing'), hint: null });
  });
});
