/**
 * A question naming a year (1996年, 2021) is about that year: among the first
 * ranked, a passage naming it goes ahead of one about the subject in another
 * year, and a passage not naming it does not answer (abstention). A question
 * naming a day (10月27日) is about that day: a passage of the report of that day,
 * or naming it, goes ahead of another day's. A question naming a person the
 * corpus knows is about that person: a passage naming them goes ahead. A
 * quarter or half of a year (一季度, 上半年) pins a question as a year does, and
 * so does the unit of the quantity asked for (多少米 wants a figure in metres).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { readGeneration, type IndexData } from '../../src/index/store.js';
import { judge, termsFor } from '../../src/search/answerable.js';
import { daysOf, preferPinned } from '../../src/search/rank.js';
import { askedUnits, holdsFigureIn, periodsOf, yearsOf } from '../../src/search/question-terms.js';

let work: string;
let data: IndexData;
const idOf = (file: string) => {
  for (let id = 0; id < data.paragraphs.length; id++) if (data.paragraphs.file(id) === file) return id;
  throw new Error(file);
};

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'years-'));
  const corpus = path.join(work, 'corpus');
  mkdirSync(corpus);
  writeFileSync(path.join(corpus, 'a.txt'), '# 张家界旅游\n\n张家界全年接待游客人次再创新高，旅游收入稳步增长，游客满意度持续提升。\n');
  writeFileSync(path.join(corpus, 'b.txt'), '# 张家界旅游统计\n\n2019年，张家界接待游客8049万人次。\n');
  writeFileSync(path.join(corpus, 'c.txt'), '# 省领导督导\n\n10月24日，省委书记沈晓明主持召开省委常委会会议，研究部署督导工作。\n');
  writeFileSync(path.join(corpus, 'e.txt'), '# 产业工人会议召开\n\n三湘都市报6月14日讯 今日，全省产业工人队伍建设改革工作会议召开，省总工会主席周农出席会议并讲话。\n');
  writeFileSync(path.join(corpus, 'f.txt'), '# 动员会议召开\n\n三湘都市报6月14日讯 今日上午，全省万名干部联万企行动动员会议召开，省委副书记、省长毛伟明出席会议并强调，要稳住经济大盘。\n');
  writeFileSync(path.join(corpus, 'd.txt'), '# 省委常委会会议召开\n\n湖南日报10月27日讯 今天上午，省委常委会会议召开，听取工会工作汇报。\n');
  writeFileSync(path.join(corpus, 'g.txt'), '# 经济运行\n\n二季度全省经济增长4.5%，企稳回升势头明显。\n');
  writeFileSync(path.join(corpus, 'h.txt'), '# 经济形势分析\n\n第一季度，全省经济增长4.1%，开局良好。\n');
  writeFileSync(path.join(corpus, 'i.txt'), '# 盾构机下线\n\n10月31日，超大直径盾构机“江海号”在长沙下线，将用于长江隧道建设。\n');
  writeFileSync(path.join(corpus, 'j.txt'), '# 盾构机参数\n\n“江海号”盾构机开挖直径达15.07米，整机长约150米。\n');
  await buildIndex({ corpusDir: corpus, indexDir: path.join(work, 'index'), embedder: null, full: true });
  data = (await readGeneration(path.join(work, 'index')))!;
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('reads the years a question names, in either script and width', () => {
  expect(yearsOf('张家界2019年接待游客多少人次')).toEqual(['2019']);
  expect(yearsOf('張家界２０１９年接待遊客多少人次')).toEqual(['2019']);
  expect(yearsOf('1-5月进出口增长多少，到2025年呢')).toEqual(['2025']);
  expect(yearsOf('接待游客12019人次')).toEqual([]);
});

it('moves a passage naming the year ahead of one that does not, and leaves a ranking whose first names it', () => {
  const a = { id: idOf('a.txt'), score: 2 };
  const b = { id: idOf('b.txt'), score: 1 };
  expect(preferPinned(data, '张家界2019年接待游客多少', [a, b]).map((r) => r.id)).toEqual([b.id, a.id]);
  expect(preferPinned(data, '张家界2019年接待游客多少', [b, a]).map((r) => r.id)).toEqual([b.id, a.id]);
  expect(preferPinned(data, '张家界2020年接待游客多少', [a, b]).map((r) => r.id)).toEqual([a.id, b.id]);
});

it('reads the days a question names, in either script and in Chinese numerals, and not a month alone', () => {
  expect(daysOf('10月27日省委常委会会议谁主持').map((d) => [d.start.month, d.start.day])).toEqual([[10, 27]]);
  expect(daysOf('十月二十七日的會議由誰主持').map((d) => [d.start.month, d.start.day])).toEqual([[10, 27]]);
  expect(daysOf('毛伟明11月去了哪些地方')).toEqual([]);
});

it('moves the report of the day asked about ahead of another day\'s meeting, by its dateline or a mention', () => {
  const c = { id: idOf('c.txt'), score: 2 };
  const d = { id: idOf('d.txt'), score: 1 };
  expect(preferPinned(data, '10月27日省委常委会会议谁主持', [c, d]).map((r) => r.id)).toEqual([d.id, c.id]);
  expect(preferPinned(data, '10月24日省委常委会会议谁主持', [d, c]).map((r) => r.id)).toEqual([c.id, d.id]);
  expect(preferPinned(data, '省委常委会会议谁主持', [c, d]).map((r) => r.id)).toEqual([c.id, d.id]);
});

it('does not take a passage without the year asked for as the answer', () => {
  const q = '张家界2020年全年接待游客情况怎么样';
  const key = data.paragraphs.norm(idOf('a.txt'));
  expect(judge(data, termsFor(data, q), q, [key]).answered).toBe(false);
  // (Not 多少人次: the passage gives no figure in people, which refuses it too.)
  const sameWithoutYear = '张家界全年接待游客情况怎么样';
  expect(judge(data, termsFor(data, sameWithoutYear), sameWithoutYear, [key]).answered).toBe(true);
});

it('moves a passage naming the person asked about ahead of the same day\'s report about someone else, in either script', () => {
  const e = { id: idOf('e.txt'), score: 2 };
  const f = { id: idOf('f.txt'), score: 1 };
  expect(preferPinned(data, '毛伟明6月14日出席了什么会议', [e, f]).map((r) => r.id)).toEqual([f.id, e.id]);
  expect(preferPinned(data, '毛偉明6月14日出席了什麼會議', [e, f]).map((r) => r.id)).toEqual([f.id, e.id]);
  expect(preferPinned(data, '周农6月14日出席了什么会议', [e, f]).map((r) => r.id)).toEqual([e.id, f.id]);
  // A name the corpus does not know as a person pins nothing.
  expect(preferPinned(data, '6月14日出席了什么会议', [e, f]).map((r) => r.id)).toEqual([e.id, f.id]);
});

it('reads the quarters and halves of a year a question names, in either script and in digits', () => {
  expect(periodsOf('湖南一季度经济增长多少')).toEqual([['一季度', '1季度']]);
  expect(periodsOf('湖南第1季度经济增长多少')).toEqual([['一季度', '1季度']]);
  expect(periodsOf('前两季度和上半年')).toEqual([['前两季度'], ['上半年']]);
  expect(periodsOf('新一季节目何时开播')).toEqual([]);
});

it('does not take another quarter\'s figure as the answer, in either script, and ranks the quarter asked about first', () => {
  const second = data.paragraphs.norm(idOf('g.txt'));
  for (const q of ['一季度全省经济增长多少', '第一季度全省經濟增長多少']) {
    expect(judge(data, termsFor(data, q), q, [second]).answered).toBe(false);
  }
  const q = '二季度全省经济增长多少';
  expect(judge(data, termsFor(data, q), q, [second]).answered).toBe(true);
  const g = { id: idOf('g.txt'), score: 2 };
  const h = { id: idOf('h.txt'), score: 1 };
  expect(preferPinned(data, '一季度全省经济增长多少', [g, h]).map((r) => r.id)).toEqual([h.id, g.id]);
  expect(preferPinned(data, '二季度全省经济增长多少', [g, h]).map((r) => r.id)).toEqual([g.id, h.id]);
});

it('reads the unit of the quantity a question asks for, with its kind, and finds a figure in it', () => {
  expect(askedUnits('江海号直径是多少米')).toContain('公里');
  expect(askedUnits('岳阳去年产值多少亿元')).toContain('美元');
  expect(askedUnits('会议有几名代表出席')).toContain('人');
  expect(askedUnits('江海号什么时候下线')).toBeNull();
  expect(askedUnits('江海号有多少')).toBeNull();
  const metres = askedUnits('直径是多少米');
  expect(holdsFigureIn(metres, '开挖直径达15.07米')).toBe(true);
  expect(holdsFigureIn(metres, '全长约一点五公里')).toBe(true);
  // A date or an area is no length.
  expect(holdsFigureIn(metres, '10月31日,超大直径盾构机下线')).toBe(false);
  expect(holdsFigureIn(metres, '厂房面积2000平方米')).toBe(false);
  expect(holdsFigureIn(null, '10月31日')).toBe(true);
});

it('does not take a passage without a figure in the unit asked for as the answer, in either script, and ranks one with it first', () => {
  const launch = data.paragraphs.norm(idOf('i.txt'));
  for (const q of ['江海号盾构机直径是多少米', '江海號盾構機直徑是多少米']) {
    expect(judge(data, termsFor(data, q), q, [launch]).answered).toBe(false);
  }
  const i = { id: idOf('i.txt'), score: 2 };
  const j = { id: idOf('j.txt'), score: 1 };
  expect(preferPinned(data, '江海号盾构机直径是多少米', [i, j]).map((r) => r.id)).toEqual([j.id, i.id]);
  expect(preferPinned(data, '江海号盾构机在哪里下线', [i, j]).map((r) => r.id)).toEqual([i.id, j.id]);
  const q = '江海号盾构机直径是多少米';
  expect(judge(data, termsFor(data, q), q, [data.paragraphs.norm(idOf('j.txt')), launch]).answered).toBe(true);
});
