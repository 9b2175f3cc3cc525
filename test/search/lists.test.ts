import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { askedItemKind, countedSet, listAnswer, listMarks, listsItemsOf, numeralValue } from '../../src/search/enumeration.js';
import { Engine, openEngine } from '../../src/search/engine.js';
import { rankForQuestion } from '../../src/search/rank.js';
import { labelMap, retrieve } from '../../src/search/retrieve.js';

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'lists-test-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function engineOn(name: string, files: Record<string, string[]>): Promise<Engine> {
  const dir = path.join(work, name);
  mkdirSync(path.join(dir, 'corpus'), { recursive: true });
  for (const [file, lines] of Object.entries(files)) writeFileSync(path.join(dir, 'corpus', file), lines.join('\n'));
  return openEngine(readConfig({ CORPUS_DIR: path.join(dir, 'corpus'), INDEX_DIR: path.join(dir, 'index'), EMBEDDINGS: 'none' }, dir));
}

describe('questions asking for the items of a counted set', () => {
  it.each([
    ['"十个方面"是哪些', 10, '个', '方面'],
    ['“十個方面”是哪些', 10, '个', '方面'],
    ['会议提出的三项措施是什么', 3, '项', '措施'],
    ['會議明確的四項舉措有哪些', 4, '项', '举措'],
    ['三大支撑分别是什么', 3, '大', '支撑'],
    ['湖南省领导下沉督导有哪6个突出重点', 6, '个', '突出重点'],
    ['八大行动包括哪些', 8, '大', '行动'],
    ['有哪三点要求', 3, '点', '要求'],
    ['两方面是什么', 2, '方面', '方面'],
    ['十二项任务具体是哪些', 12, '项', '任务'],
  ])('%s asks for %i items (%s %s)', (q, count, measure, noun) => {
    expect(countedSet(q)).toEqual({ count, measure, noun });
  });

  it.each([
    ['沈晓明去了哪些地方调研', 'a list, but no count'],
    ['十个方面的问题逐项分解了吗', 'a count, but not asking which'],
    ['第三项措施是什么', 'an ordinal, not a count'],
    ['有几个方面', 'asks how many'],
    ['一个重要议题是什么', 'one is not a list'],
    ['岳阳去年石化产业总产值多少', 'a plain fact'],
    ['蛮夷分为三种，其中包括蛮人、僚人以及哪种', 'one item: the one the question leaves out'],
    ['日本三大证券交易所分别为大阪证券交易所、名古屋证券交易所和哪一个', 'one item'],
    ['4个翼状结构象征着什么', 'what the set means, not its items'],
    ['林永康为什么被减刑三个月', 'why'],
  ])('%s asks for none (%s)', (q) => {
    expect(countedSet(q)).toBeNull();
  });

  it('reads Chinese numerals', () => {
    expect([numeralValue('十'), numeralValue('十二'), numeralValue('二十'), numeralValue('二十三'), numeralValue('两'), numeralValue('6')]).toEqual([
      10, 12, 20, 23, 2, 6,
    ]);
    expect(numeralValue('三四')).toBeNull();
  });
});

describe('the list a passage holds', () => {
  const set = { count: 3, measure: '项', noun: '措施' };
  const marked = (text: string) => {
    const list = listAnswer(set, text);
    return list && listMarks(list).map(([s, e]) => text.slice(s, e));
  };

  it.each([
    ['一是…二是…三是', '会议提出三项措施：一是加强育秧；二是调度农机；三是储备化肥。'],
    ['第一/第二/第三', '会议提出三项措施。第一，加强育秧。第二，调度农机。第三，储备化肥。'],
    ['(一)(二)(三)', '會議提出三項措施：（一）加強育秧。（二）調度農機。（三）儲備化肥。'],
    ['1./2./3.', '会议提出三项措施：\n1.加强育秧。\n2.调度农机。\n3.储备化肥。'],
    ['①②③', '会议提出三项措施：①加强育秧，②调度农机，③储备化肥。'],
    ['首先/其次/最后', '会议提出三项措施。首先要加强育秧。其次要调度农机。最后要储备化肥。'],
    ['the same opening word', '会议提出三项措施。加强早稻育秧，确保按时移栽。加强农机调度，保障用机。加强化肥储备，稳定价格。'],
  ])('finds items marked %s, and marks the lead-in with them', (_, text) => {
    const sentences = marked(text)!;
    expect(sentences).not.toBeNull();
    expect(sentences.join('')).toMatch(/三[项項]措施/u);
    for (const item of [/育秧/u, /[农農]机|[農农]機/u, /化肥/u]) expect(sentences.join('')).toMatch(item);
  });

  it('needs the passage to name the set', () => {
    expect(listAnswer(set, '会议提出四项措施：一是加强育秧；二是调度农机；三是储备化肥。')).toBeNull();
    expect(listAnswer(set, '一是加强育秧；二是调度农机；三是储备化肥。')).toBeNull();
  });

  it('needs about as many items as the count', () => {
    expect(listAnswer({ count: 10, measure: '个', noun: '方面' }, '聚焦十个方面。一是加强育秧；二是调度农机；三是储备化肥。')).toBeNull();
    expect(listAnswer(set, '三项措施要落到实处。各地要抓紧落实。')).toBeNull();
  });

  it('does not take 第一次 or a decimal for an item', () => {
    expect(listAnswer(set, '三项措施第一次提出。第二次会议上又提出。第三次会议讨论。')).toBeNull();
    expect(listAnswer(set, '三项措施：增长1.5%，2.3%，3.1%。')).toBeNull();
  });

  it('marks at most the lead-in and the first items of a long list', () => {
    const items = Array.from({ length: 20 }, (_, i) => `聚焦第${i + 1}件事抓落实。`).join('');
    const list = listAnswer({ count: 20, measure: '个', noun: '方面' }, `要聚焦二十个方面抓落实。${items}`)!;
    expect(list.count).toBe(20);
    expect(listMarks(list)).toHaveLength(12);
  });
});

const SIMPLIFIED = [
  '省政府部署春耕生产',
  '湖南日报3月5日讯 3月4日，省政府召开常务会议，研究部署今年的春耕生产工作，会议提出三项措施：',
  '一是加强早稻育秧，各地要抓紧落实集中育秧面积，确保秧苗按时移栽到大田。',
  '二是做好农机调度，组织农机手跨区作业，保障春耕期间的用机需求。',
  '三是抓好化肥储备，督促供销企业增加库存，稳定农资市场价格。',
  '三项措施要落到实处。',
  '各地要把三项措施抓紧抓实，三项措施落实情况纳入考核。',
  '■湖南日报记者 王五',
];

const TRADITIONAL = [
  '省應急管理廳部署防汛工作',
  '湖南日報6月3日訊 6月2日，省應急管理廳召開會議，部署今年汛期的防汛救災工作，會議明確四項舉措：',
  '（一）壓實防汛責任，各級防指要落實二十四小時值班值守制度。',
  '（二）加強監測預警，氣象水文部門要滾動會商雨情水情汛情。',
  '（三）做好轉移避險，提前轉移危險區域群眾，確保不漏一戶一人。',
  '（四）備足搶險物資，各地要前置搶險隊伍和物資裝備。',
  '四項舉措要不折不扣落實。',
  '會議要求把四項舉措落到實處，四項舉措的落實情況要及時上報。',
];

describe('a fixture article whose list ranks below shorter mentions of the set', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await engineOn('fixture', { 'spring.txt': SIMPLIFIED, 'flood.txt': TRADITIONAL });
  });

  it.each([
    ['三项措施是什么', 'spring.txt', 0, ['会议提出三项措施：', '一是加强早稻育秧', '二是做好农机调度', '三是抓好化肥储备']],
    ['三項措施是什麼', 'spring.txt', 0, ['会议提出三项措施：', '一是加强早稻育秧', '二是做好农机调度', '三是抓好化肥储备']],
    ['四項舉措有哪些', 'flood.txt', 0, ['會議明確四項舉措：', '（一）壓實防汛責任', '（二）加強監測預警', '（三）做好轉移避險', '（四）備足搶險物資']],
    ['四项举措有哪些', 'flood.txt', 0, ['會議明確四項舉措：', '（一）壓實防汛責任', '（二）加強監測預警', '（三）做好轉移避險', '（四）備足搶險物資']],
  ])('%s → the lead-in with its items first, each item marked', async (q, file, paragraph, parts) => {
    // Retrieval alone puts a shorter paragraph that only mentions the set first: what the rule is for.
    const data = engine.data;
    const plain = await retrieve(data, labelMap(data), null, q, { mode: 'lexical', top: 3 });
    expect(data.paragraphs.paragraph(plain[0]!.id)).not.toBe(paragraph);

    const a = await engine.ask(q, { top: 3 });
    expect(a.answered).toBe(true);
    const p = a.passages[0]!;
    expect([p.file, p.paragraph, p.span?.last]).toEqual([file, paragraph, paragraph + parts.length - 1]);
    expect(p.sentences).toHaveLength(parts.length);
    parts.forEach((part, k) => expect(p.sentences[k]).toContain(part));

    const hits = await engine.search(q, { top: 3 });
    expect([hits[0]!.file, hits[0]!.paragraph]).toEqual([file, paragraph]);
  });

  it('leaves a question that asks for no counted set ranked as retrieval ranks it', async () => {
    const data = engine.data;
    const labels = labelMap(data);
    for (const q of ['会议提出了什么', '春耕措施要落到实处吗', '防汛工作有哪些要求', '四項舉措落實情況如何上報']) {
      const plain = await retrieve(data, labels, null, q, { mode: 'lexical', top: 5 });
      expect(await rankForQuestion(data, labels, null, q, { mode: 'lexical', top: 5 })).toEqual(plain);
    }
  });
});

describe('a list about something else', () => {
  it('does not displace a passage that holds the question better', async () => {
    const engine = await engineOn('unrelated', {
      'farm.txt': ['春耕生产情况', '湖南日报3月5日讯 春耕生产要落实三项措施，确保不误农时，全省春耕生产进展顺利。'],
      'firms.txt': ['企业发展情况', '湖南日报3月6日讯 全省企业发展有三项措施：一是减税降费；二是稳岗扩岗；三是助企纾困。'],
    });
    const q = '春耕生产的三项措施是什么';
    const firms = (await engine.search('减税降费 稳岗扩岗', { top: 1 }))[0]!;
    expect(firms.file).toBe('firms.txt');
    expect(listAnswer(countedSet(q)!, firms.text)).not.toBeNull();
    expect((await engine.search(q, { top: 2 })).map((h) => h.file)).toEqual(['farm.txt', 'firms.txt']);
  });
});

describe('the bundled corpus', () => {
  let engine: Engine;
  beforeAll(async () => {
    const dir = path.join(work, 'bundled');
    cpSync(path.resolve('corpus'), path.join(dir, 'corpus'), { recursive: true });
    engine = await openEngine(readConfig({ CORPUS_DIR: path.join(dir, 'corpus'), INDEX_DIR: path.join(dir, 'index'), EMBEDDINGS: 'none' }, dir));
  });

  it.each(['"十个方面"是哪些', '“十個方面”是哪些'])('%s → the paragraph listing the ten 聚焦 items first, lead-in and items marked', async (q) => {
    const a = await engine.ask(q, { top: 3 });
    expect(a.answered).toBe(true);
    const p = a.passages[0]!;
    expect(p.text).toMatch(/^會議要求,要聚焦十個方面/u);
    expect(p.sentences[0]).toMatch(/^會議要求,要聚焦十個方面/u);
    const items = p.sentences.slice(1);
    expect(items).toHaveLength(10);
    for (const s of items) expect(s).toMatch(/^聚焦/u);
  });

  it('quotes and marks the six 全力 items of 六个全力', async () => {
    const a = await engine.ask('六个全力是什么', { top: 3 });
    const p = a.passages[0]!;
    expect(p.sentences[0]).toContain('六個全力');
    expect(p.sentences.slice(1).map((s) => s.slice(0, 4))).toEqual(['全力打好', '全力激活', '全力推進', '全力提高', '全力抓好', '全力穩住']);
  });
});

describe('an account a marked sentence opens as a numbered list', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await engineOn('numbered', {
      'xiangli.txt': [
        '乡里制',
        '乡里制是中国古代农村的基层组织，起于秦汉，止于隋唐。其特点主要有以下三点：第一，职官与长者并用。既设立行政官吏，又发挥地方长老作用。第二，刑禁与教化并施。对居民既施行连坐，又进行教育感化。第三，秩序制和晋升制于一体。乡里组织在唐末以后逐渐瓦解。',
      ],
      'baojia.txt': [
        '保甲制',
        '保甲制是宋代以後的鄉村基層組織，由王安石推行。其特點主要有以下三點：第一，十家為一保。各保設保長一人。第二，保丁農閒練兵。平時務農，閒時習武。第三，互相監督，同保連坐。保甲制一直沿用到清代。',
      ],
    });
  });

  it.each([
    ['乡里制的特点是什么？', ['其特点主要有以下三点：第一，职官与长者并用。', '既设立行政官吏，又发挥地方长老作用。', '第二，刑禁与教化并施。', '对居民既施行连坐，又进行教育感化。', '第三，秩序制和晋升制于一体。']],
    ['保甲制的特點是什麼？', ['其特點主要有以下三點：第一，十家為一保。', '各保設保長一人。', '第二，保丁農閒練兵。', '平時務農，閒時習武。', '第三，互相監督，同保連坐。']],
  ])('%s marks the lead-in and every item, not only the first two sentences', async (q, marked) => {
    const a = await engine.ask(q, { top: 1 });
    expect(a.answered).toBe(true);
    expect(a.passages[0]!.sentences).toEqual(expect.arrayContaining(marked));
    expect(a.passages[0]!.sentences.length).toBeLessThanOrEqual(marked.length + 1);
  });

  it('keeps one or two sentences for a question asking for one fact', async () => {
    const a = await engine.ask('乡里组织在什么时候逐渐瓦解？', { top: 1 });
    expect(a.answered).toBe(true);
    expect(a.passages[0]!.sentences.length).toBeGreaterThan(0);
    expect(a.passages[0]!.sentences.length).toBeLessThanOrEqual(2);
    expect(a.passages[0]!.sentences.join('')).not.toContain('第三');
  });
});

describe('questions asking which items of a kind, and passages listing such items', () => {
  it.each([
    ['张庆伟主持的省委常委会议要求突出抓好哪些重点群体就业？', '重点群体'],
    ['市州長視頻會要求搶抓哪些消費節點？', '消费节点'],
    ['沈晓明去了哪些地方调研', '地方'],
    ['游戏的模式有哪些？', '模式'],
    ['重點群體有哪些', '重点群体'],
  ])('%s asks for items of the kind %s', (q, kind) => {
    expect(askedItemKind(q)).toBe(kind);
  });

  it.each(['毛伟明强调了什么', '哪些人参加了会议', '会议是哪天召开的'])('%s names no kind of item', (q) => {
    expect(askedItemKind(q)).toBeNull();
  });

  it('tells a sentence listing items of the kind from one that only names it', () => {
    expect(listsItemsOf('重点群体', '要全力办好各项民生实事,突出抓好高校毕业生、退役军人等重点群体就业。')).toBe(true);
    expect(listsItemsOf('重点群体', '重点群体包括高校毕业生、退役军人和农民工。')).toBe(true);
    // Named, not listed; and items of another sentence do not count.
    expect(listsItemsOf('重点群体', '会议研究了重点群体就业工作。')).toBe(false);
    expect(listsItemsOf('重点群体', '会议听取了教育、医疗工作汇报。会议要求抓好重点群体就业。')).toBe(false);
  });

  it('puts first, among those asked for, a passage listing the items when the first ranked only names the subject', async () => {
    const engine = await engineOn('item-kind', {
      'meeting.txt': [
        '# 某市召开常委会议 部署重点群体就业工作',
        '本报讯 今日上午，某市召开市委常委会议，部署重点群体就业工作，市委书记王某主持会议。',
        '会议指出，要坚持就业优先，稳住就业基本盘。',
        '会议要求，要突出抓好高校毕业生、退役军人、农民工等重点群体就业，兜牢民生底线。',
      ],
    });
    const a = await engine.ask('某市市委常委会议要求突出抓好哪些重点群体就业', { top: 3 });
    expect(a.answered).toBe(true);
    expect(a.passages[0]!.sentences.join('')).toContain('高校毕业生、退役军人、农民工等重点群体');
    const lead = a.passages.find((p) => p.text.includes('本报讯'));
    expect(lead?.sentences ?? []).toEqual([]);
  });
});
