/** `ask` shows first the passage judged surest to answer (rank.ts preferJudged); `search` keeps retrieval's order. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { judge, judgeEach, termsFor, type Judgement } from '../../src/search/answerable.js';
import { windowKey, windows } from '../../src/search/passages.js';
import { openEngine, type Engine } from '../../src/search/engine.js';
import { preferJudged, SURER_BY } from '../../src/search/rank.js';
import { openBundledEngine, type BundledEngine } from './bundled-engine.js';

let work: string;
const engines: Engine[] = [];
let bundled: BundledEngine;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'surest-first-'));
  bundled = await openBundledEngine('surest-first-bundled-');
});
afterAll(async () => {
  for (const e of engines) await e.close();
  await bundled.engine.close();
  bundled.close();
  rmSync(work, { recursive: true, force: true });
});

async function engineOn(name: string, files: Record<string, string[]>): Promise<Engine> {
  const dir = path.join(work, name);
  mkdirSync(path.join(dir, 'corpus'), { recursive: true });
  for (const [file, lines] of Object.entries(files)) writeFileSync(path.join(dir, 'corpus', file), lines.join('\n'));
  const engine = await openEngine(readConfig({ CORPUS_DIR: path.join(dir, 'corpus'), INDEX_DIR: path.join(dir, 'index'), EMBEDDINGS: 'none' }, dir));
  engines.push(engine);
  return engine;
}

const where = (passages: Array<{ file: string; paragraph: number }>) => passages.map((p) => `${p.file}:${p.paragraph}`);

// A meeting's report: its lead names the meeting the question names and is ranked first; the paragraph after the
// next one says which industries, and repeats less of the question. Two short reports of other meetings beside it.
const SIMPLIFIED = {
  'a.txt': [
    '# 株洲市委召开常委会议',
    '',
    '本报3月5日讯 今日上午，株洲市委召开常委会议，传达学习全国两会精神，听取全市经济运行情况汇报。',
    '',
    '会议指出，今年以来全市经济运行总体平稳，主要指标好于预期，工业投资和消费增长较快，就业形势保持稳定，民生保障持续加强。',
    '',
    '会议强调，要坚定不移推进高质量发展，持续优化营商环境，扎实做好防汛备汛工作，抓实抓细安全生产工作。要突出抓好智能制造、生物医药、新能源汽车等重点产业，加快培育一批龙头企业，推动上下游协同发展。要全力办好民生实事，用心用情解决群众急难愁盼问题，确保完成全年目标任务。',
  ],
  'b.txt': ['# 王华调研农业生产', '', '本报3月6日讯 今日，市长王华到城郊调研春耕备耕和农业生产情况，要求抓好粮食生产。'],
  'c.txt': ['# 市政府召开常务会议', '', '本报3月7日讯 市政府召开常务会议，研究城市建设和交通工作。'],
};
const TRADITIONAL = {
  'a.txt': [
    '# 株洲市委召開常委會議',
    '',
    '本報3月5日訊 今日上午，株洲市委召開常委會議，傳達學習全國兩會精神，聽取全市經濟運行情況彙報。',
    '',
    '會議指出，今年以來全市經濟運行總體平穩，主要指標好於預期，工業投資和消費增長較快，就業形勢保持穩定，民生保障持續加強。',
    '',
    '會議強調，要堅定不移推進高質量發展，持續優化營商環境，紮實做好防汛備汛工作，抓實抓細安全生產工作。要突出抓好智能製造、生物醫藥、新能源汽車等重點產業，加快培育一批龍頭企業，推動上下游協同發展。要全力辦好民生實事，用心用情解決群眾急難愁盼問題，確保完成全年目標任務。',
  ],
  'b.txt': ['# 王華調研農業生產', '', '本報3月6日訊 今日，市長王華到城郊調研春耕備耕和農業生產情況，要求抓好糧食生產。'],
  'c.txt': ['# 市政府召開常務會議', '', '本報3月7日訊 市政府召開常務會議，研究城市建設和交通工作。'],
};

describe('ask shows the surest passage first', () => {
  it.each([
    ['simplified', SIMPLIFIED, '株洲市委在常委会议上强调要抓好哪些产业', '智能制造'],
    ['traditional', TRADITIONAL, '株洲市委在常委會議上強調要抓好哪些產業', '智能製造'],
  ])('moves the paragraph that answers ahead of the lead (%s)', async (name, files, question, answer) => {
    const engine = await engineOn(name, files);
    // Retrieval ranks the lead first; `search` shows that order.
    expect(where(await engine.search(question, { top: 3 }))).toEqual(['a.txt:0', 'a.txt:2', 'b.txt:0']);
    const a = await engine.ask(question, { top: 3 });
    expect(a.answered).toBe(true);
    expect(where(a.passages)).toEqual(['a.txt:2', 'a.txt:0', 'b.txt:0']);
    expect(a.passages[0]!.sentences.join('')).toContain(answer);
  });

  it('keeps the first passage first when the surer one lacks a place the question names and the first holds', async () => {
    // Another county's meeting says which industries, without 株洲; 株洲 is common in the corpus, so it weighs little.
    const zhuzhou = Object.fromEntries(
      ['火车站春运客流创新高', '市民踊跃参加义务植树活动', '一中举行运动会', '公交新开三条线路', '举行马拉松比赛', '新建两座体育馆'].map((t, i) => [`z${i}.txt`, [`# 株洲新闻${i}`, '', `株洲${t}。`]]),
    );
    const engine = await engineOn('names', {
      'a.txt': SIMPLIFIED['a.txt'].slice(0, 5),
      'b.txt': [
        '# 县委召开常委会议',
        '',
        '会议强调要抓好智能制造、生物医药、新能源汽车等产业，坚定不移推进高质量发展，持续优化营商环境，扎实做好防汛备汛工作，抓实抓细安全生产工作，加快培育一批龙头企业，推动上下游协同发展，全力办好民生实事，确保完成全年目标任务。',
      ],
      'c.txt': SIMPLIFIED['b.txt'],
      ...zhuzhou,
    });
    const question = '株洲市委在常委会议上强调要抓好哪些产业';
    expect(where(await engine.search(question, { top: 3 })).slice(0, 2)).toEqual(['a.txt:0', 'b.txt:0']);
    const a = await engine.ask(question, { top: 3 });
    expect(a.answered).toBe(true);
    expect(where(a.passages).slice(0, 2)).toEqual(['a.txt:0', 'b.txt:0']);
  });

  it('shows the paragraph listing the groups first on the bundled corpus (张庆伟在常委会议上强调要做好哪些群体就业)', async () => {
    const question = '张庆伟在常委会议上强调要做好哪些群体就业';
    const hits = await bundled.engine.search(question);
    const a = await bundled.engine.ask(question);
    expect(a.answered).toBe(true);
    expect(a.passages[0]!.sentences.join('')).toContain('高校毕业生、退役军人等重点群体就业');
    // `search` keeps the meeting's lead first; `ask` shows the same passages, that one second.
    expect(hits[0]!.text).toContain('张庆伟主持召开省委常委会议');
    expect(where(a.passages)).toEqual([where(hits)[1], where(hits)[0], ...where(hits).slice(2)]);
  });
});

describe('judgeEach', () => {
  it('judges each shown passage against the other retrieved ones, the first as judge does', async () => {
    const engine = await engineOn('each', SIMPLIFIED);
    const question = '株洲市委在常委会议上强调要抓好哪些产业';
    const hits = await engine.search(question, { top: 3 });
    const keys = windows(engine.data, hits.map((h) => ({ id: h.paragraphRef.id, score: h.score }))).map((w) => windowKey(engine.data, w.ids));
    const terms = termsFor(engine.data, question);
    const each = judgeEach(engine.data, terms, question, keys, 2);
    expect(each).toHaveLength(2);
    expect(each[0]).toEqual(judge(engine.data, terms, question, keys));
    expect(each[1]).toEqual(judge(engine.data, terms, question, [keys[1]!, keys[0]!, keys[2]!]));
    expect(each[1]!.confidence).toBeGreaterThanOrEqual(each[0]!.confidence + SURER_BY);
    // The first's judgement, when made already, is taken as it is.
    const first = judge(engine.data, terms, question, keys);
    expect(judgeEach(engine.data, terms, question, keys, 2, first)[0]).toBe(first);
  });
});

describe('preferJudged', () => {
  const judged = (confidence: number, answered = true): Judgement => ({ answered, confidence, features: null, latinHeld: true, terms: [] });
  const keys = ['株洲市委召开常委会议', '会议强调要抓好智能制造等产业\n株洲市委召开常委会议', '会议强调要抓好智能制造等产业'];

  it('puts the surest passage first, by SURER_BY at least, the rest in their order', () => {
    expect(preferJudged('常委会议强调要抓好哪些产业', keys, [judged(0.3), judged(0.3 + SURER_BY), judged(0.5)])).toEqual([2, 0, 1]);
    expect(preferJudged('常委会议强调要抓好哪些产业', keys, [judged(0.3), judged(0.3 + SURER_BY), judged(0.2)])).toEqual([1, 0, 2]);
    expect(preferJudged('常委会议强调要抓好哪些产业', keys, [judged(0.3), judged(0.3 + SURER_BY / 2), judged(0.2)])).toEqual([0, 1, 2]);
  });

  it('moves nothing when the question is not answered', () => {
    expect(preferJudged('常委会议强调要抓好哪些产业', keys, [judged(0.05, false), judged(0.9), judged(0.9)])).toEqual([0, 1, 2]);
  });

  it('moves no passage without a place the question names that the first holds', () => {
    // 株洲 is in the first and (by its title) in the second, not in the third.
    expect(preferJudged('株洲市委在常委会议上强调要抓好哪些产业', keys, [judged(0.3), judged(0.5), judged(0.9)])).toEqual([1, 0, 2]);
    // A place the first does not hold either does not keep it first.
    expect(preferJudged('湘潭市委在常委会议上强调要抓好哪些产业', keys, [judged(0.3), judged(0.5), judged(0.9)])).toEqual([2, 0, 1]);
  });
});
