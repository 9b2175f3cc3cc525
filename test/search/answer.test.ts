import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { Engine, openEngine } from '../../src/search/engine.js';
import { answerFeatures, judge, passageKey, termsFor } from '../../src/search/answerable.js';
import { labelMap } from '../../src/search/retrieve.js';
import { rankForQuestion, rankWithRunnersUp } from '../../src/search/rank.js';
import { answeringSentences, asksRange, holdsRange, sentenceRanges, wantedFact } from '../../src/search/sentences.js';
import { normalizeForMatch } from '../../src/text/normalize.js';
import type { QueryTerm } from '../../src/search/question-terms.js';
import { openBundledEngine, type BundledEngine } from './bundled-engine.js';

let bundled: BundledEngine;
let work: string;
let engine: Engine;
beforeAll(async () => {
  bundled = await openBundledEngine('answer-test-');
  ({ engine, work } = bundled);
});
afterAll(() => bundled.close());

/** A keyword-mode engine on a one-file corpus of its own under the test's folder. */
async function fixtureEngine(name: string, file: string, text: string): Promise<Engine> {
  const dir = path.join(work, name);
  mkdirSync(path.join(dir, 'corpus'), { recursive: true });
  writeFileSync(path.join(dir, 'corpus', file), text);
  return openEngine(readConfig({ CORPUS_DIR: path.join(dir, 'corpus'), INDEX_DIR: path.join(dir, 'index'), EMBEDDINGS: 'none' }, dir));
}

describe('abstention on the bundled corpus', () => {
  it.each([
    ['湖南省去年的GDP是多少', 'a measure the corpus never names'],
    ['長沙的房價是多少', 'traditional: house prices are not in the corpus'],
    ['今年的高考录取分数线是多少', 'simplified: exam scores are not in the corpus'],
    ['今年的高考錄取分數線是多少', 'traditional'],
    ['湖南有多少人口', 'population is not given'],
    ['毛伟明的妻子是谁', 'passages name the person, none says what is asked'],
    ['毛偉明的妻子是誰', 'traditional'],
    ['2021年湖南省技能人才总量是多少', 'a total is given, for no year: not the 2021 figure'],
    ['張家界2023年全年接待遊客多少人次', 'traditional: the corpus gives the first half of a year it does not name'],
    ['李殿勋毕业于哪所大学', 'passages name the person; what is asked (大学, 毕业) is in none'],
    ['李殿勳畢業於哪所大學', 'traditional'],
    ['江海号盾构机直径是多少米', 'the caption names the machine and its diameter, no figure in metres'],
    ['江海號盾構機直徑是多少米', 'traditional'],
  ])('%s → not answered (%s), related passages unmarked', async (q) => {
    const a = await engine.ask(q, { top: 3 });
    expect(a.answered).toBe(false);
    expect(a.passages.length).toBeGreaterThan(0);
    for (const p of a.passages) {
      expect(p.ranges).toEqual([]);
      expect(p.sentences).toEqual([]);
    }
  });

  it.each([
    ['沈晓明去了哪些地方调研', '003_3b49a103faae7710.txt'],
    ['沈曉明去了哪些地方調研', '003_3b49a103faae7710.txt'],
    ['毛偉明在全省市州長視頻會上強調了什麼', '002_d5e4687daec02d80.txt'],
    ['李殿勋赴哪里督导', '003_3b49a103faae7710.txt'],
    ['岳阳去年石化产业总产值多少', '003_3b49a103faae7710.txt'],
  ])('%s → answered from %s, with the answering sentence marked', async (q, file) => {
    const a = await engine.ask(q, { top: 3 });
    expect(a.answered).toBe(true);
    expect(a.passages[0]!.file).toBe(file);
    expect(a.passages[0]!.sentences.length).toBeGreaterThan(0);
  });

  it('does not quote a photo caption beside the paragraph of its report that says it all, in either script', async () => {
    for (const q of ['张庆伟6月14日下午主持召开了什么会议？', '張慶偉6月14日下午主持召開了什麼會議？', '毛伟明主持召开了什么会议']) {
      const a = await engine.ask(q, { top: 5 });
      const stem = (t: string) => normalizeForMatch(t).replace(/[。，,.]+$/u, '');
      for (const p of a.passages) {
        const others = a.passages.filter((o) => o !== p && o.file === p.file && o.text.length > p.text.length);
        expect(others.filter((o) => normalizeForMatch(o.text).includes(stem(p.text))), q).toEqual([]);
      }
    }
    // The caption alone is still found, and /person still lists it.
    const caption = await engine.ask('毛偉明', { top: 3 });
    expect(caption.passages.some((p) => p.text.startsWith('2月19日下午') && p.text.endsWith('黨組會議。'))).toBe(true);
  });

  it('marks a passage after the first only when it answers too', async () => {
    const when = await engine.ask('省政府党组会议什么时候召开的', { top: 3 });
    expect(when.answered).toBe(true);
    expect(when.passages[0]!.sentences.join('')).toContain('2月19日');
    // Another meeting's report (产业工人队伍建设改革) shares 会议/召开: shown as found, not marked as the answer.
    const other = when.passages.find((p) => p.text.includes('产业工人队伍建设改革'));
    expect(other).toBeDefined();
    expect(other!.sentences).toEqual([]);
    const where = await engine.ask('沈晓明11月去了哪些市', { top: 3 });
    const november = where.passages.find((p) => p.text.includes('11月3日起'));
    const october = where.passages.find((p) => p.text.includes('10月8日至9日'));
    expect(november!.sentences.length).toBeGreaterThan(0);
    expect(october!.sentences).toEqual([]);
    // Another day's meeting (10月24日) is not marked for a question about 6月14日.
    const who = await engine.ask('6月14日省委常委会议谁主持', { top: 3 });
    expect(who.passages[0]!.sentences.join('')).toContain('张庆伟');
    const otherDay = who.passages.find((p) => p.text.includes('10月24日'));
    expect(otherDay).toBeDefined();
    expect(otherDay!.sentences).toEqual([]);
    // Another meeting's lead (10月27日) that shares the question's words, far less surely an answer than the first: unmarked.
    const heard = await engine.ask('张庆伟主持召开的省委常委会议听取了哪些汇报', { top: 3 });
    expect(heard.passages[0]!.text).toContain('张庆伟');
    const october27 = heard.passages.find((p) => p.text.includes('10月27日'));
    expect(october27).toBeDefined();
    expect(october27!.sentences).toEqual([]);
    // What is asked (主持, beside 谁) must be in a later passage's own text: the same meeting's other paragraphs are not marked.
    const chaired = await engine.ask('产业工人改革会议是谁主持的', { top: 3 });
    expect(chaired.passages[0]!.sentences.join('')).toContain('徐文龙主持会议');
    for (const p of chaired.passages.slice(1)) expect(p.sentences).toEqual([]);
    // A later passage must name the person asked about: the same day's meeting that 周农 attended is not 毛伟明's.
    const attended = await engine.ask('毛伟明6月14日出席了什么会议', { top: 3 });
    expect(attended.passages[0]!.sentences.join('')).toContain('毛伟明');
    const zhouNong = attended.passages.find((p) => p.text.includes('周农'));
    expect(zhouNong).toBeDefined();
    expect(zhouNong!.sentences).toEqual([]);
    // …and a later passage whose own text says what is asked is marked though the first only opens the report.
    const groups = await engine.ask('张庆伟的常委会要求抓好哪些重点群体就业', { top: 3 });
    expect(groups.passages.flatMap((p) => p.sentences).join('')).toContain('高校毕业生、退役军人');
    // The article's title (…湖湘工匠培育基地已建253个) is every paragraph's: a sibling whose own text does not say it is not marked.
    for (const q of ['县级以上湖湘工匠培育基地建了多少个', '縣級以上湖湘工匠培育基地建了多少個']) {
      const bases = await engine.ask(q, { top: 3 });
      expect(bases.passages[0]!.sentences.join('')).toMatch(/253個?个?/);
      for (const p of bases.passages.slice(1)) expect(p.sentences).toEqual([]);
    }
  });

  it('counts a place or organisation the corpus never names against the best passage, in either script', () => {
    const data = engine.data;
    const features = (q: string) => answerFeatures(data, termsFor(data, q), q, [passageKey(data, 0)]);
    // 湖北 is in no passage of a corpus about 湖南; 湖南省委 is.
    expect(features('湖北省召开省委常委会议研究了什么').unseenName).toBe(1);
    expect(features('湖北省召開省委常委會議研究了什麼').unseenName).toBe(1);
    expect(features('湖南省召开省委常委会议研究了什么').unseenName).toBe(0);
    expect(features('沈晓明什么时候担任湖南省委书记').unseenName).toBe(0);
    // The same question about the corpus's own province is judged more surely answered.
    const sure = (q: string) => judge(data, termsFor(data, q), q, [passageKey(data, 0)]).confidence;
    expect(sure('湖北省召开省委常委会议研究了什么')).toBeLessThan(sure('湖南省召开省委常委会议研究了什么'));
  });

  it('wants the figure asked for in a sentence that holds what it is a figure of', () => {
    const data = engine.data;
    // 第34段: 500万吨 is 郴州's lithium reserve, in a sentence without 产值; the sentence about 锂电产业 gives no figure.
    const key = normalizeForMatch('郴州氧化锂储量超过500万吨,居全国前列当前。依靠“老天爷赏饭吃”,当地看准时机,锂电产业发展迅速。');
    const missing = (q: string) => answerFeatures(data, termsFor(data, q), q, [key]).wantedMissing;
    expect(missing('郴州锂电产业产值是多少')).toBe(1);
    expect(missing('郴州氧化锂储量是多少')).toBe(0);
    expect(missing('郴州氧化锂儲量是多少')).toBe(0);
  });

  it('counts how much of the question one sentence holds in the question order, in either script', () => {
    const data = engine.data;
    const inOrder = (q: string, text: string) => answerFeatures(data, termsFor(data, q), q, [normalizeForMatch(text)]).inOrder;
    // The sentence a question is written from holds its characters in its order.
    const written = '2月19日下午，毛伟明主持召开省政府党组会议。';
    expect(inOrder('毛伟明主持召开了什么会议', written)).toBe(1);
    expect(inOrder('毛偉明主持召開了什麼會議', written)).toBe(1);
    // A passage with the same characters, scattered over sentences and out of order, holds less of it.
    const scattered = '会议由省政府召开。毛伟明出席。主持人另有其人。';
    expect(inOrder('毛伟明主持召开了什么会议', scattered)).toBeLessThan(0.5);
    expect(inOrder('毛偉明主持召開了什麼會議', scattered)).toBeLessThan(0.5);
    // Question words and function characters are not counted: the answer stands where they are.
    expect(inOrder('谁主持召开省政府党组会议', written)).toBe(1);
    // A name's rare characters in order are most of a short question: order counts no more than what the passage holds.
    const q = '李殿勋毕业于哪所大学';
    const named = normalizeForMatch('11月11日,省委副书记李殿勋赴株洲督导经济运行情况。');
    const f = answerFeatures(data, termsFor(data, q), q, [named]);
    expect(f.inOrder).toBe(f.coverage);
    expect(f.inOrder).toBeLessThan(0.3);
  });

  it('counts how much of the question one sentence holds in order within a short span, in either script', () => {
    const data = engine.data;
    const aligned = (q: string, text: string) => answerFeatures(data, termsFor(data, q), q, [normalizeForMatch(text)]).aligned;
    const written = '2月19日下午，毛伟明主持召开省政府党组会议。';
    expect(aligned('毛伟明主持召开了什么会议', written)).toBeGreaterThan(0.95);
    expect(aligned('毛偉明主持召開了什麼會議', written)).toBeGreaterThan(0.95);
    // The same characters in the same order, far apart in one long sentence, count less than side by side.
    const spread = '毛伟明在长沙与各市州负责同志一道听取汇报、查看项目进度并逐一点评之后主持了一次由省直部门召开的会议。';
    expect(aligned('毛伟明主持召开了什么会议', spread)).toBeLessThan(aligned('毛伟明主持召开了什么会议', written));
    expect(aligned('毛偉明主持召開了什麼會議', spread)).toBeLessThan(aligned('毛偉明主持召開了什麼會議', written));
    // The kind of answer asked for (哪些地方) is not the question's: the answer stands where it is (郴州, two characters skipped).
    expect(aligned('沈晓明去了哪些地方调研', '沈晓明去郴州调研。')).toBeGreaterThan(0.95);
    expect(aligned('沈曉明去了哪些地方調研', '沈晓明去郴州调研。')).toBeGreaterThan(0.95);
    // A word the corpus never holds (大学) weighs as the rarest, though its characters are common: a sentence naming
    // only the person holds less than half of what is asked (by the characters' own weights, 0.62).
    const named = '11月11日,省委副书记李殿勋赴株洲督导经济运行情况。';
    expect(aligned('李殿勋毕业于哪所大学', named)).toBeLessThan(0.5);
    expect(aligned('李殿勳畢業於哪所大學', named)).toBeLessThan(0.5);
  });

  it('measures the lead of the best passage over the best of the next five, not the next one only', () => {
    const data = engine.data;
    const q = '岳阳去年石化产业总产值多少';
    const lead = (keys: string[]) => answerFeatures(data, termsFor(data, q), q, keys.map(normalizeForMatch)).lead;
    const best = '作为省域副中心城市，岳阳是湖南打造万亿现代石化产业的核心基地，去年全市实现总产值1750亿元。';
    const unrelated = '会议以电视电话会议形式召开。';
    // A flat top: a passage as good as the best, third, leaves it no lead however poor the second.
    expect(lead([best, unrelated])).toBeGreaterThan(0.5);
    expect(lead([best, unrelated, best])).toBe(0);
    // Past the fifth runner-up no passage counts.
    expect(lead([best, unrelated, unrelated, unrelated, unrelated, unrelated, best])).toBeGreaterThan(0.5);
  });

  it('judges against the next passages of the same retrieval, without changing those shown', async () => {
    const data = engine.data;
    const labels = labelMap(data);
    for (const q of ['沈晓明去了哪些地方调研', '"十个方面"是哪些', '6月14日省委常委会议谁主持']) {
      const shown = await rankForQuestion(data, labels, null, q, { mode: 'lexical', top: 3 });
      const { ranked, runnersUp } = await rankWithRunnersUp(data, labels, null, q, { mode: 'lexical', top: 3 }, 6);
      expect(ranked).toEqual(shown);
      expect(runnersUp).toHaveLength(3);
      expect(runnersUp.filter((r) => shown.some((s) => s.id === r.id))).toEqual([]);
    }
  });

  it('marks the sentence with the figure asked for', async () => {
    const a = await engine.ask('岳阳去年石化产业总产值多少', { top: 1 });
    expect(a.passages[0]!.sentences.join('')).toContain('1750亿元');
  });
});

describe('passages that span paragraphs, captions and by-lines on the bundled corpus', () => {
  it('quotes a lead-in with the list it announces as one passage, marked and cited as a span', async () => {
    const a = await engine.ask('湖南省领导下沉各市州督导有哪些突出重点', { top: 3 });
    const p = a.passages[0]!;
    expect(p.span).toEqual({ first: p.paragraph, last: p.paragraph + 6, kinds: Array(7).fill('text') });
    expect(p.text.split('\n')).toEqual([
      '连日来,湖南省领导下沉各市州督导,有6个突出重点——',
      '稳经济一揽子政策落地实施',
      '重点工作落实',
      '产业项目建设',
      '重大改革任务落实',
      '重点领域风险防范化解',
      '来年工作思路谋划',
    ]);
    expect(p.sentences).toContain('来年工作思路谋划');
    // The list items are not quoted again as passages of their own.
    for (const other of a.passages.slice(1)) expect(other.paragraph < p.paragraph || other.paragraph > p.span!.last).toBe(true);
  });

  it('quotes a one-line report with the caption that says what was visited', async () => {
    const a = await engine.ask('李殿勋在株洲调研了什么', { top: 1 });
    const p = a.passages[0]!;
    expect(p.span?.kinds).toEqual(['text', 'caption']);
    expect(p.text).toContain('中车时代半导体IGBT产业园');
  });

  it('finds a fact only a caption gives, in ask, date and person', async () => {
    const a = await engine.ask('沈晓明向果农了解什么情况', { top: 1 });
    expect(a.answered).toBe(true);
    expect(a.passages[0]!.paragraphRef.kind).toBe('caption');
    expect(a.passages[0]!.sentences.join('')).toContain('石门柑橘');
    expect(engine.date('11月12日').hits.some((h) => h.text.includes('石门柑橘'))).toBe(true);
    const photographer = engine.person('唐俊');
    expect(photographer.roles).toContain('摄影');
    expect(photographer.hits[0]!.text).toContain('石门柑橘');
  });

  it('asked about a photographer, marks what the photo shows, not only the credit', async () => {
    const a = await engine.ask('杨佳俊拍的照片是什么', { top: 1 });
    expect(a.answered).toBe(true);
    expect(a.passages[0]!.sentences.join('')).toContain('中车时代半导体IGBT产业园');
  });

  it('finds by-line reporters in person, with their role', () => {
    const r = engine.person('邓晶琨');
    expect(r.roles.some((x) => x.endsWith('记者'))).toBe(true);
    expect(r.hits[0]!.text).toBe('■湖南日报全媒体记者 邓晶琨');
    expect(engine.person('劉尚文').roles).toContain('摄影');
  });
});

describe('what a reader meets on the bundled corpus: the passage that answers first, only answers marked', () => {
  it.each([
    ['张庆伟主持的省委常委会议要求突出抓好哪些重点群体就业？', '高校毕业生、退役军人等重点群体', '今日下午'],
    ['張慶偉主持的省委常委會議要求突出抓好哪些重點群體就業？', '高校毕业生、退役军人等重点群体', '今日下午'],
    ['市州長視頻會要求搶抓哪些消費節點？', '“五一”、端午假期等消費節點', '4月27日上午'],
    ['市州长视频会要求抢抓哪些消费节点？', '“五一”、端午假期等消費節點', '4月27日上午'],
  ])('%s → the paragraph listing them first and marked, not the report’s lead', async (q, list, lead) => {
    const a = await engine.ask(q, { top: 3 });
    expect(a.answered).toBe(true);
    expect(a.passages[0]!.sentences.join('')).toContain(list);
    const opening = a.passages.find((p) => p.text.includes(lead));
    expect(opening).toBeDefined();
    expect(opening!.sentences).toEqual([]);
  });

  it.each(['万名干部联万企行动从什么时候持续到什么时候？', '萬名幹部聯萬企行動從什麼時候持續到什麼時候？'])(
    '%s → the span of dates marked, the dateline lead (one day) not',
    async (q) => {
      const a = await engine.ask(q, { top: 3 });
      expect(a.passages[0]!.sentences.join('')).toContain('6月初至7月上旬');
      for (const p of a.passages.slice(1)) expect(p.sentences).toEqual([]);
    },
  );

  it.each(['湖南省长是谁', '湖南省長是誰'])('%s → 省长 is a term (jieba cuts 湖南省 / 长是) and the paragraph naming the governor is marked', async (q) => {
    expect(termsFor(engine.data, q).map((t) => t.term)).toEqual(['湖南', '省长']);
    const a = await engine.ask(q, { top: 3 });
    const governor = a.passages.find((p) => p.text.includes('省长毛伟明'));
    expect(governor?.sentences.join('')).toContain('省长毛伟明');
  });

  it('quotes a caption found first with the report line it continues, on a small fixture', async () => {
    const small = await fixtureEngine(
      'caption-first',
      'tour.txt',
      [
        '# 省领导赴各地督导经济运行',
        '近段时间，省领导密集赴各地督导经济运行。',
        '11月11日，副省长李四赴湘潭督导。',
        '11月11日，李四在湘潭电机产业园调研企业生产情况。湖南日报记者 王五 摄',
        '连日来，其他省领导也分赴各地，了解企业生产经营情况。',
      ].join('\n\n'),
    );
    const a = await small.ask('李四在哪个产业园调研企业生产情况', { top: 3 });
    const p = a.passages[0]!;
    expect(p.paragraphRef.kind).toBe('caption');
    expect(p.span?.kinds).toEqual(['text', 'caption']);
    expect(p.text.split('\n')[0]).toBe('11月11日，副省长李四赴湘潭督导。');
    expect(p.sentences.join('')).toContain('湘潭电机产业园');
    expect(a.passages.slice(1).some((o) => o.text.includes('赴湘潭督导'))).toBe(false);
  });

  it.each(['11月11日李殿勋到哪里督导，去了哪个产业园？', '11月11日李殿勳到哪裡督導，去了哪個產業園？'])(
    '%s → the caption found first is quoted with the one-line report it continues, both marked',
    async (q) => {
      const a = await engine.ask(q, { top: 3 });
      const p = a.passages[0]!;
      expect(p.span?.kinds).toEqual(['text', 'caption']);
      expect(p.sentences.join('')).toContain('赴株洲督导');
      expect(p.sentences.join('')).toContain('中车时代半导体IGBT产业园');
      // The report's paragraph is not quoted again on its own.
      expect(a.passages.slice(1).some((o) => o.text.includes('赴株洲督导'))).toBe(false);
    },
  );
});

describe('answering sentences', () => {
  const terms = (...ts: string[]): QueryTerm[] => ts.map((term) => ({ term, weight: 1, kind: 'han' }));

  it('marks one or two sentences of a long paragraph, the one holding the question and the kind of fact asked for', () => {
    const text = '乍都节公园位于曼谷。公园被一个人工湖泊占据。许多桥梁跨越湖泊。它的面积约为0.304平方公里。公园于1975年开放。';
    const r = answeringSentences(text, '乍都节公园的面积有多大？', terms('乍都节公园', '面积'));
    expect(r.map(([s, e]) => text.slice(s, e))).toEqual(['它的面积约为0.304平方公里。']);
  });

  it('marks the sentence a consequence follows from with it: the reason a why-question asks for', () => {
    const text = '猴面包树的果实长约15厘米。钙含量比菠菜高50%以上。因此它有时也被称为笨蛋水果。猴面包树的叶子可以吃。';
    const r = answeringSentences(text, '为什么称猴面包树为笨蛋水果？', terms('猴面包树', '笨蛋', '水果'));
    expect(r.map(([s, e]) => text.slice(s, e))).toEqual(['钙含量比菠菜高50%以上。', '因此它有时也被称为笨蛋水果。']);
  });

  it('follows the characters of an asked word no sentence holds to the sentence that answers (颜色 → 红色), not the opening that names the subject', () => {
    const text = '黄鳍紫鱼又称黄鳍姬鲷，为笛鲷科的一个种。本鱼分布于西太平洋区。体呈淡蓝红色，头部有网状斑点。栖息在较深的水域。';
    const r = answeringSentences(text, '黄鳍紫鱼的身体是什么颜色的？', terms('黄鳍紫鱼', '身体', '颜色'));
    expect(r.map(([s, e]) => text.slice(s, e))).toEqual(['体呈淡蓝红色，头部有网状斑点。']);
    // A passage holding none of the question's words is left unmarked, whatever characters it shares.
    expect(answeringSentences('本鱼体色鲜红。', '黄鳍紫鱼的身体是什么颜色的？', terms('黄鳍紫鱼', '身体', '颜色'))).toEqual([]);
  });

  it('marks the sentence after the best one too when the question asks for an account (特点, 为什么, 怎样), in either script', () => {
    const text = '乡里制是中国古代农村的基层组织。其制度可以追溯至西周。其特点主要有以下两点：第一，职官与长者并用。第二，刑禁与教化并施。乡里组织起于秦汉。';
    for (const q of ['乡里制的特点是什么？', '鄉里制的特點是什麼？']) {
      const r = answeringSentences(text, q, terms('乡里制', '特点'));
      expect(r.map(([s, e]) => text.slice(s, e))).toEqual(['其特点主要有以下两点：第一，职官与长者并用。', '第二，刑禁与教化并施。']);
    }
    // A question for one fact keeps one sentence.
    const one = answeringSentences(text, '可以追溯至何时？', terms('追溯'));
    expect(one.map(([s, e]) => text.slice(s, e))).toEqual(['其制度可以追溯至西周。']);
    const why = answeringSentences(text, '为什么可以追溯至西周？', terms('追溯', '西周'));
    expect(why.map(([s, e]) => text.slice(s, e))).toEqual(['其制度可以追溯至西周。', '其特点主要有以下两点：第一，职官与长者并用。']);
  });

  it('marks what a photo shows with its credit when the credit is what the question names', () => {
    const text = '11月12日,沈晓明向果农了解石门柑橘种植销售情况。湖南日报全媒体记者 唐俊 摄';
    const r = answeringSentences(text, '唐俊拍了什么照片', terms('唐俊', '照片'));
    expect(r.map(([s, e]) => text.slice(s, e))).toEqual(['11月12日,沈晓明向果农了解石门柑橘种植销售情况。', '湖南日报全媒体记者 唐俊 摄']);
  });

  it('does not cut a title or a short quotation where its own text ends a sentence, in either script', () => {
    for (const text of ['《卡拉OK.LIVE！‧台北‧我》是张雨生的第六张专辑。这张唱片缔造了秒数最长的纪录。', '《卡拉OK.LIVE！‧台北‧我》是張雨生的第六張專輯。這張唱片締造了秒數最長的紀錄。']) {
      const r = answeringSentences(text, '卡拉OK.LIVE！‧台北‧我是第几张专辑', terms('张雨生', '专辑'));
      expect(r.map(([s, e]) => text.slice(s, e))).toEqual([text.slice(0, text.indexOf('。') + 1)]);
    }
    const quoted = '2006年，媒体报导她与亚当约会。她谈到媒体的报导：「亚当是可爱的，但我没有和他约会。一旦你跟他聊天，便会被认为与他有关系。」她随后发行新专辑。';
    expect(sentenceRanges(quoted).map(([s, e]) => quoted.slice(s, e))).toEqual([
      '2006年，媒体报导她与亚当约会。',
      '她谈到媒体的报导：「亚当是可爱的，但我没有和他约会。一旦你跟他聊天，便会被认为与他有关系。」',
      '她随后发行新专辑。',
    ]);
    expect(sentenceRanges('他說：“我們到了。”隨後離開。')).toEqual([[0, 10], [10, 15]]);
    // A long quotation (a speech) is still cut into its sentences.
    const speech = `他说：“${'这是很长的一句话，'.repeat(8)}完。${'另一句话也很长，'.repeat(8)}完。”`;
    expect(sentenceRanges(speech).length).toBe(2);
  });

  it('marks a second sentence more readily when it is a small part of the passage, less when it is most of it, in either script', () => {
    const passages = [
      {
        opening: '雅鲁藏布江是中国最长的高原河流，发源于喜马拉雅山北麓的杰马央宗冰川。它自西向东横贯西藏南部，绕过南迦巴瓦峰转向南流，经巴昔卡出中国境。',
        best: '其流域面积约为二十四万平方公里，是西藏境内最重要的河流。',
        filler: '沿岸分布着众多村落和寺庙，居民以农牧业为生，每年夏季雨水集中，河水上涨，冬季则水量减少，部分河段结冰，交通多有不便。',
        short: '面积之广，居高原诸河之首。',
        shortOpening: '雅鲁藏布江是中国最长的高原河流。',
        best2: '其流域面积约为二十四万平方公里，水系发达。',
        clear: '江水清澈。',
        long: '流域面积二十四万平方公里之广，居高原诸河之首，',
      },
      {
        opening: '雅魯藏布江是中國最長的高原河流，發源於喜馬拉雅山北麓的傑馬央宗冰川。它自西向東橫貫西藏南部，繞過南迦巴瓦峰轉向南流，經巴昔卡出中國境。',
        best: '其流域面積約為二十四萬平方公里，是西藏境內最重要的河流。',
        filler: '沿岸分佈著眾多村落和寺廟，居民以農牧業為生，每年夏季雨水集中，河水上漲，冬季則水量減少，部分河段結冰，交通多有不便。',
        short: '面積之廣，居高原諸河之首。',
        shortOpening: '雅魯藏布江是中國最長的高原河流。',
        best2: '其流域面積約為二十四萬平方公里，水系發達。',
        clear: '江水清澈。',
        long: '流域面積二十四萬平方公里之廣，居高原諸河之首，',
      },
    ];
    for (const p of passages) {
      // One short line of a long passage, scoring under 0.6 of the best: marked with it.
      const long = [p.opening, p.best, p.filler, p.filler.replace(/村落/u, '城镇'), p.short, p.filler.replace(/寺(?:庙|廟)/u, '牧场')].join('');
      const r = answeringSentences(long, '雅鲁藏布江流域面积', terms('雅鲁藏布江', '流域', '面积'));
      expect(r.map(([s, e]) => long.slice(s, e))).toEqual([p.best, p.short]);
      // A sentence that is nearly half the passage, though scoring 0.67 of the best: not marked.
      const short = [p.shortOpening, p.best2, p.clear, p.long + p.filler, p.filler].join('');
      const q = answeringSentences(short, '雅鲁藏布江流域面积平方公里水系', terms('雅鲁藏布江', '流域', '面积', '平方公里', '水系'));
      expect(q.map(([s, e]) => short.slice(s, e))).toEqual([p.best2]);
    }
  });

  it('counts no function character of a word jieba cut across two (体重有) as a trace of the answer, in either script', () => {
    for (const [text, q] of [
      ['河马是非洲的大型动物。河马有很强的领地意识。成年个体约三千公斤。它们白天多泡在水中，夜间上岸吃草。', '河马体重有多少'],
      ['河馬是非洲的大型動物。河馬有很強的領地意識。成年個體約三千公斤。牠們白天多泡在水中，夜間上岸吃草。', '河馬體重有多少'],
    ]) {
      const r = answeringSentences(text!, q!, terms('河马', '体重有'));
      expect(r.map(([s, e]) => text!.slice(s, e))).toEqual([text!.split('。')[2] + '。']);
    }
  });

  it('finds a number of the question written out in Chinese numerals (23岁 asked, 二十三岁 written), in either script', () => {
    const number = (...ts: string[]): QueryTerm[] => ts.map((term) => ({ term, weight: 1, kind: /^\d+$/u.test(term) ? 'number' : 'han' }));
    for (const [text, q] of [
      ['严长寿出生于上海。一岁时随家人到台湾。退伍后，二十三岁经朋友介绍进入美国运通担任传达。严长寿后来成为饭店总裁。', '严长寿23岁时在哪里工作'],
      ['嚴長壽出生於上海。一歲時隨家人到臺灣。退伍後，二十三歲經朋友介紹進入美國運通擔任傳達。嚴長壽後來成為飯店總裁。', '嚴長壽23歲時在哪裡工作'],
    ]) {
      const r = answeringSentences(text!, q!, number('严长寿', '23'));
      expect(r.map(([s, e]) => text!.slice(s, e))).toEqual([text!.split('。')[2] + '。']);
    }
  });

  it('marks the sentence after the opening, not a later one naming the subject again, when the opening is the best, in either script', () => {
    for (const [text, q] of [
      ['鸡毛松是罗汉松科的植物，为纽西兰特有。树高可达55米，树干直径达1米。叶螺旋状排列。木材光洁而且质轻。只有私人土地上的鸡毛松才可以砍伐。', '鸡毛松有多高'],
      ['雞毛松是羅漢松科的植物，為紐西蘭特有。樹高可達55米，樹幹直徑達1米。葉螺旋狀排列。木材光潔而且質輕。只有私人土地上的雞毛松才可以砍伐。', '雞毛松有多高'],
    ]) {
      const r = answeringSentences(text!, q!, terms('鸡毛松'));
      expect(r.map(([s, e]) => text!.slice(s, e))).toEqual(text!.split('。').slice(0, 2).map((x) => x + '。'));
    }
  });

  it('asked for an account, marks with an opening best a sentence holding more of the question (著有 for 著作), in either script', () => {
    for (const text of [
      '魏玩，字玉汝，北宋襄阳人，著名女词人。自幼博览群书，以诗词见长。曾布官至宰相，魏玩随往京城。魏氏著有《魏夫人集》，词作多写闺情。作品多已散失。',
      '魏玩，字玉汝，北宋襄陽人，著名女詞人。自幼博覽群書，以詩詞見長。曾布官至宰相，魏玩隨往京城。魏氏著有《魏夫人集》，詞作多寫閨情。作品多已散失。',
    ]) {
      const r = answeringSentences(text, '魏玩的著作有哪些', terms('魏玩', '著作'));
      expect(r.map(([s, e]) => text.slice(s, e))).toEqual([0, 3].map((i) => text.split('。')[i] + '。'));
    }
  });

  it('marks the sentence a best one points back to (这一年, 在此, 他 for who), in either script', () => {
    for (const [text, q] of [
      ['该报创刊于1785年。1966年，家族将该报出售给一位出版商。这一年，该报开始在头版刊登新闻报道。此前头版只登广告。', '该报从哪一年开始在头版刊登新闻报道'],
      ['該報創刊於1785年。1966年，家族將該報出售給一位出版商。這一年，該報開始在頭版刊登新聞報道。此前頭版只登廣告。', '該報從哪一年開始在頭版刊登新聞報道'],
    ]) {
      const r = answeringSentences(text!, q!, terms('头版', '刊登', '新闻报道'));
      expect(r.map(([s, e]) => text!.slice(s, e))).toEqual(text!.split('。').slice(1, 3).map((x) => x + '。'));
    }
    for (const text of ['1791年，投机案发生，许多市民遭到损失。在此背景下，各家经纪商决定协商制定管理条例。交易所于1817年成立。', '1791年，投機案發生，許多市民遭到損失。在此背景下，各家經紀商決定協商制定管理條例。交易所於1817年成立。']) {
      const r = answeringSentences(text, '决定协商制定管理条例的背景是什么', terms('协商', '制定', '管理条例', '背景'));
      expect(r.map(([s, e]) => text.slice(s, e))).toEqual(text.split('。').slice(0, 2).map((x) => x + '。'));
    }
    for (const [text, q] of [
      ['1968年初选举开始。总统的弟弟罗伯特宣布参选。他在预选中一路顺遂时，却于洛杉矶遇刺身亡。选举随后继续。', '于洛杉矶遇刺身亡的是谁'],
      ['1968年初選舉開始。總統的弟弟羅伯特宣布參選。他在預選中一路順遂時，卻於洛杉磯遇刺身亡。選舉隨後繼續。', '於洛杉磯遇刺身亡的是誰'],
    ]) {
      const r = answeringSentences(text!, q!, terms('洛杉矶', '遇刺', '身亡'));
      expect(r.map(([s, e]) => text!.slice(s, e))).toEqual(text!.split('。').slice(1, 3).map((x) => x + '。'));
    }
  });

  const markedIn = (text: string, q: string, ts: QueryTerm[]) => answeringSentences(text, q, ts).map(([s, e]) => text.slice(s, e));
  const nth = (text: string, ...at: number[]) => at.map((i) => text.split('。')[i] + '。');

  it('marks a relative time of the best one (赛后) with the sentence it points back to, not 此外 or 为了, in either script', () => {
    for (const [text, q] of [
      ['他曾宣布退役。不久复出参赛。2004年，他第三次参加奥运会，三次试举全部失败。赛后，他正式结束运动生涯，着手行政工作。他后来任副院长。', '他什么时候正式结束运动生涯'],
      ['他曾宣布退役。不久復出參賽。2004年，他第三次參加奧運會，三次試舉全部失敗。賽後，他正式結束運動生涯，著手行政工作。他後來任副院長。', '他什麼時候正式結束運動生涯'],
    ]) expect(markedIn(text!, q!, terms('正式', '结束', '运动', '生涯'))).toEqual(nth(text!, 2, 3));
    for (const [text, q] of [
      ['教堂由博罗弥尼设计。四组圆柱相距一定的距离。历史学家解释了这种结构的几何原理。此外，他们也讨论了教堂独特的建筑设计。', '教堂的建筑设计有什么独特之处'],
      ['教堂由博羅彌尼設計。四組圓柱相距一定的距離。歷史學家解釋了這種結構的幾何原理。此外，他們也討論了教堂獨特的建築設計。', '教堂的建築設計有什麼獨特之處'],
    ]) expect(markedIn(text!, q!, terms('建筑', '设计', '独特'))).toEqual(nth(text!, 3));
  });

  it('counts no measure word after 哪 (哪位皇帝) as a term of the question, in either script', () => {
    for (const [text, q] of [
      ['高英来自高句丽。高英被宣武帝元恪立为皇后。高英生有一位女儿。胡太后当国后高英出家。', '高英是哪位皇帝的皇后'],
      ['高英來自高句麗。高英被宣武帝元恪立為皇后。高英生有一位女兒。胡太后當國後高英出家。', '高英是哪位皇帝的皇后'],
    ]) expect(markedIn(text!, q!, terms('高英', '位', '皇帝', '皇后'))).toEqual(nth(text!, 1));
  });

  it('marks the opening that introduces the subject with the best when the question asks who or where the subject is, in either script', () => {
    for (const [text, q] of [
      ['《海国图志》是一部史书，由思想家魏源于十九世纪写成。当时清朝正受列强威胁。魏源于1842年写成本书。《海国图志》的作者后来出任高邮知州。', '《海国图志》的作者是谁'],
      ['《海國圖志》是一部史書，由思想家魏源於十九世紀寫成。當時清朝正受列強威脅。魏源於1842年寫成本書。《海國圖志》的作者後來出任高郵知州。', '《海國圖志》的作者是誰'],
    ]) expect(markedIn(text!, q!, terms('海国', '图志', '作者'))).toEqual(nth(text!, 0, 3));
    // Asked what the subject's author did later, the best sentence alone.
    const text = '《海国图志》是一部史书，由思想家魏源于十九世纪写成。当时清朝正受列强威胁。魏源于1842年写成本书。《海国图志》的作者后来出任高邮知州。';
    expect(markedIn(text, '《海国图志》的作者后来出任什么官职', terms('海国', '图志', '作者', '出任', '官职'))).toEqual(nth(text, 3));
  });

  it('marks with the best the sentence after it that goes on with no subject of its own (主要表现为…), in either script', () => {
    for (const [text, q] of [
      ['雷公藤是卫矛科植物。其提取物可治疗关节炎。据监测中心数据，雷公藤制剂可引起肝和肾的损害。主要表现为药物性肝炎、肾功能不全。雷公藤分布于长江流域。', '监测中心的数据显示雷公藤会造成什么损害'],
      ['雷公藤是衛矛科植物。其提取物可治療關節炎。據監測中心數據，雷公藤製劑可引起肝和腎的損害。主要表現為藥物性肝炎、腎功能不全。雷公藤分佈於長江流域。', '監測中心的數據顯示雷公藤會造成什麼損害'],
    ]) expect(markedIn(text!, q!, terms('监测', '中心', '数据', '雷公藤', '损害'))).toEqual(nth(text!, 2, 3));
  });

  it('with an opening best, marks the sentence holding most of the question beyond the subject, in either script', () => {
    for (const [text, q] of [
      ['鸡毛松是罗汉松科的一种，为纽西兰特有种。树高可达55米。对毛利人而言，此树用途广泛，假种皮可作食物。木材的用途也不少。其他用途尚待研究。罗汉松科的鸡毛松现受保护。', '罗汉松科的鸡毛松有什么用途'],
      ['雞毛松是羅漢松科的一種，為紐西蘭特有種。樹高可達55米。對毛利人而言，此樹用途廣泛，假種皮可作食物。木材的用途也不少。其他用途尚待研究。羅漢松科的雞毛松現受保護。', '羅漢松科的雞毛松有什麼用途'],
    ]) expect(markedIn(text!, q!, terms('罗汉松科', '鸡毛松', '用途'))).toEqual(nth(text!, 0, 2));
  });

  it('reads what something is for and what someone did (功能, 作用, 用途, 做了什么) as asking for an account: the next sentence is marked too, in either script', () => {
    for (const [text, q] of [
      ['乌石港位于宜兰。港区设有渔会。早期乌石港除了渔业功能外，也曾是重要的贸易商港。商业活动使头城成为繁华之地。港口后来淤积。', '乌石港有什么功能'],
      ['烏石港位於宜蘭。港區設有漁會。早期烏石港除了漁業功能外，也曾是重要的貿易商港。商業活動使頭城成為繁華之地。港口後來淤積。', '烏石港有什麼功能'],
    ]) expect(markedIn(text!, q!, terms('乌石港', '功能'))).toEqual(nth(text!, 2, 3));
  });

  it('reads a question asking from when to when, and a text giving a span of dates', () => {
    expect(asksRange('万名干部联万企行动从什么时候持续到什么时候')).toBe(true);
    expect(asksRange('萬名幹部聯萬企行動從什麼時候持續到什麼時候')).toBe(true);
    expect(asksRange('行动持续到何时')).toBe(true);
    expect(asksRange('会议什么时候召开')).toBe(false);
    expect(holdsRange('决定自6月初至7月上旬,在全省范围内组织开展')).toBe(true);
    expect(holdsRange('11月12日至13日,毛伟明再赴岳阳')).toBe(true);
    expect(holdsRange('三湘都市报6月14日讯 今日上午')).toBe(false);
    expect(holdsRange('1-2个城市进入第一等次')).toBe(false);
  });

  it('reads the kind of fact a question asks for', () => {
    expect(wantedFact('蒙泰罗获得第几名')).toBe('number');
    expect(wantedFact('会议什么时候召开')).toBe('date');
    expect(wantedFact('总产值是多少')).toBe('number');
    expect(wantedFact('省委书记是谁')).toBe('person');
    expect(wantedFact('李殿勋赴哪里督导')).toBe('place');
    expect(wantedFact('强调了什么')).toBeNull();
  });

  it('survives a 3 MB paragraph of one repeated sentence and one of thousands of sentences', () => {
    const repeated = '湖南省委召开会议研究部署经济工作。'.repeat(180_000); // ≈ 3.2 MB in UTF-8
    const r = answeringSentences(repeated, '湖南省委召开会议', terms('湖南省委', '会议'));
    expect(r.length).toBeGreaterThan(0);
    expect(r.length).toBeLessThanOrEqual(2);
    const many = Array.from({ length: 20_000 }, (_, i) => `第${i}句话没有关系。`).join('') + '岳阳石化总产值1750亿元。';
    const found = answeringSentences(many, '岳阳石化总产值多少', terms('岳阳', '石化', '总产值'));
    expect(found.map(([s, e]) => many.slice(s, e))).toEqual(['岳阳石化总产值1750亿元。']);
    expect(sentenceRanges(many)).toHaveLength(20_001);
  });
});

describe('names typed in pinyin', () => {
  it.each(['Mao Weiming', 'maoweiming', 'Máo Wěimíng', 'MAO WEIMING', 'mao2 wei3 ming2'])('%s is 毛伟明 in person', (typed) => {
    expect(engine.person(typed).name).toBe('毛伟明');
  });

  it('autocompletes from a pinyin prefix', () => {
    expect(engine.people('mao w').map((p) => p.id)).toContain('毛伟明');
    expect(engine.people('shenxiao')[0]!.id).toBe('沈晓明');
  });

  it('answers a question naming a person in pinyin as if written in characters', async () => {
    const a = await engine.ask('Mao Weiming在全省市州长视频会上强调了什么', { top: 1 });
    expect(a.question).toBe('Mao Weiming在全省市州长视频会上强调了什么');
    expect(a.answered).toBe(true);
    expect(a.passages[0]!.file).toBe('002_d5e4687daec02d80.txt');
    const b = await engine.ask('lidianxun去株洲督导什么', { top: 1 });
    expect(b.passages[0]!.text).toContain('李殿勋');
  });

  it('leaves Latin words that name no one alone', async () => {
    await expect(engine.ask('GDP 2023')).resolves.toMatchObject({ answered: false });
    expect(() => engine.person('zhang san')).toThrow(expect.objectContaining({ id: 'person.unknown' }));
  });
});

describe('a small fixture article', () => {
  let fixture: Engine;
  beforeAll(async () => {
    fixture = await fixtureEngine(
      'fixture',
      'visit.txt',
      [
        '市领导调研春耕生产',
        '长沙晚3月5日讯 3月4日,市委书记张三赴浏阳调研春耕生产。',
        '此次调研有三项重点:',
        '早稻育秧',
        '农机调度',
        '化肥储备',
        '3月4日,张三在浏阳市集里镇查看育秧大棚。长沙晚报记者 李四 摄',
        '■长沙晚报记者 王五 通讯员 赵六',
      ].join('\n'),
    );
  });

  it('quotes the lead-in with its list and marks the list', async () => {
    const a = await fixture.ask('此次调研有哪些重点', { top: 1 });
    expect(a.answered).toBe(true);
    expect(a.passages[0]!.text).toBe('此次调研有三项重点:\n早稻育秧\n农机调度\n化肥储备');
    expect(a.passages[0]!.sentences).toEqual(expect.arrayContaining(['早稻育秧', '农机调度', '化肥储备']));
  });

  it('finds the caption fact, the by-line reporters, and the outlet a damaged dateline names', async () => {
    const a = await fixture.ask('张三在集里镇查看了什么', { top: 1 });
    expect(a.passages[0]!.paragraphRef.kind).toBe('caption');
    expect(a.passages[0]!.sentences.join('')).toContain('育秧大棚');
    expect(fixture.person('王五').roles).toEqual(['长沙晚报记者']);
    expect(fixture.person('赵六').roles).toContain('通讯员');
    expect(fixture.person('李四').roles).toContain('摄影');
    expect(a.passages[0]!.citation.source).toBe('长沙晚报');
    expect(fixture.person('zhang san').name).toBe('张三');
  });

  it('refuses what the article does not say, in both scripts', async () => {
    expect((await fixture.ask('浏阳今年的粮食产量是多少')).answered).toBe(false);
    expect((await fixture.ask('瀏陽今年的糧食產量是多少')).answered).toBe(false);
  });
});
