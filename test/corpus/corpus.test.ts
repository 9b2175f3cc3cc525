/**
 * The corpus stage on the bundled corpus (`corpus/`): what a reader of the five
 * scraped pages expects to be quoted, dated and attributed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, readCorpusFiles } from '../../src/corpus/index.js';
import type { Article, CorpusDocument, CorpusWarning, Paragraph, PersonMention } from '../../src/corpus/types.js';

const CORPUS = path.resolve(import.meta.dirname, '../../corpus');

let documents: CorpusDocument[];
let warnings: CorpusWarning[];

beforeAll(async () => {
  const read = await readCorpusFiles(CORPUS);
  const parsed = read.files.map((f) => parseDocument(f.file, f.bytes!));
  documents = parsed.flatMap((p) => (p.document ? [p.document] : []));
  warnings = [...read.warnings, ...parsed.flatMap((p) => p.warnings)];
});

function doc(prefix: string): CorpusDocument {
  const d = documents.find((x) => x.file.startsWith(prefix));
  if (!d) throw new Error(`no document ${prefix}`);
  return d;
}
const paragraphsOf = (d: CorpusDocument): Paragraph[] => d.articles.flatMap((a) => a.paragraphs);
const allParagraphs = (): Paragraph[] => documents.flatMap(paragraphsOf);
const allPeople = (): PersonMention[] => allParagraphs().flatMap((p) => p.people);
function paragraphWith(d: CorpusDocument, phrase: string): Paragraph {
  const p = paragraphsOf(d).find((x) => x.text.includes(phrase));
  if (!p) throw new Error(`no paragraph of ${d.file} contains ${phrase}`);
  return p;
}
function person(p: Paragraph, key: string): PersonMention | undefined {
  return p.people.find((x) => x.key === key);
}

describe('the bundled corpus', () => {
  it('loads all five files, without warnings, with their scripts', () => {
    expect(documents.map((d) => d.file)).toEqual([
      '000_9954a45cdba6c14f.txt',
      '001_499b33f32ebe2c5e.txt',
      '002_d5e4687daec02d80.txt',
      '003_3b49a103faae7710.txt',
      '004_b6ae09326c15c488.txt',
    ]);
    expect(warnings).toEqual([]);
    expect(documents.map((d) => d.script)).toEqual(['simplified', 'traditional', 'traditional', 'simplified', 'traditional']);
    for (const d of documents) {
      expect(d.encoding).toBe('utf-8');
      expect(d.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('numbers paragraphs 0.. across all articles of a file', () => {
    for (const d of documents) expect(paragraphsOf(d).map((p) => p.index)).toEqual(paragraphsOf(d).map((_, i) => i));
  });
});

describe('cleaning', () => {
  it('leaves no pinyin annotation and no mis-decoded fragment in any paragraph', () => {
    const annotation = /[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]/u;
    for (const p of allParagraphs()) {
      expect(p.text).not.toMatch(annotation);
      // A question mark ends a sentence; a `?` between characters or before pinyin is a lost character.
      expect(p.text).not.toMatch(/\?[\p{Script=Han}\p{Ll}!！]/u);
      expect(p.text).not.toMatch(/[\ufffd\ue000-\uf8ff]/u);
    }
  });

  it('keeps the characters the annotations followed', () => {
    expect(paragraphWith(doc('001'), '省委書記沈曉明主持召開省委常委會會議').index).toBe(0);
    expect(paragraphWith(doc('004'), '省委副書記、省長、省政府黨組書記毛偉明').index).toBe(0);
  });

  it('drops the garbage and keeps the sentence around it', () => {
    // `湖南日?qǐng)?bào)10月27日訊`: 報 is lost, the dateline stays.
    expect(paragraphsOf(doc('001'))[0]!.text.startsWith('湖南日10月27日訊(全媒體記者 劉燕娟 張璐)27日下午,')).toBe(true);
    // `確?!鞍l(fā)展六仗”`: 保“ are lost; 發 is read back from the bytes the mis-decoding shifted.
    expect(paragraphWith(doc('002'), '仗仗精彩').text).toContain('維護社會和諧穩定,確發展六仗”仗仗精彩');
    // `變?yōu)楹陚?shí)景`: 為 and 實 are lost, 宏偉 is read back.
    expect(paragraphWith(doc('004'), '美好藍圖').text).toContain('美好藍圖變宏偉景。');
  });

  it('rejoins words a page break split', () => {
    const d = doc('000');
    expect(paragraphWith(d, '省委副书记、省长毛伟明在会会场出席会议').text).toContain('会议以视频形式开到县一级。省委副书记、省长毛伟明');
    expect(paragraphWith(d, '各级各部门要深刻理解行动的重要意义').text).toContain('行动。各级各部门要深刻理解');
    expect(paragraphWith(d, '进一步加大入会建会力度').text).toContain('壮大产业工人队伍，进一步加大入会建会力度');
    for (const p of paragraphsOf(d)) {
      expect(p.text).not.toMatch(/^(?:书记|门|大入会)/u);
      expect(p.text).not.toMatch(/(?:省委副|各级各部门?|进一步加)$/u);
      expect(p.text).not.toContain('门门');
    }
  });

  it('removes page furniture', () => {
    const furniture = ['首页 >', '分享到', '扫一扫', '扫码', 'ICP', '備案', '位來訪者', '主辦單位', '技術支持', '公網安備', 'News center', 'a>', '【字體', '發布時間', '相關閱讀', '相关稿件', '32878025', '湘伴导读'];
    for (const p of allParagraphs()) for (const f of furniture) expect(p.text).not.toContain(f);
    expect(allParagraphs().some((p) => /^[\s…]*$/u.test(p.text))).toBe(false);
    // A footer's editor credit is the report's: kept as a by-line (cited as 署名, searched only for credit
    // questions), the rest of the footer's fields with it, and never as body text.
    const footers = allParagraphs().filter((p) => /責任編輯|责任编辑/u.test(p.text));
    expect(footers.length).toBeGreaterThan(0);
    for (const p of footers) expect(p.kind).toBe('byline');
    expect(footers.some((p) => p.text.includes('郭玟'))).toBe(true);
  });

  it('keeps section labels out and list items in', () => {
    const texts = paragraphsOf(doc('003')).map((p) => p.text);
    expect(texts).not.toContain('时间表');
    expect(texts).not.toContain('任务书');
    const lead = texts.indexOf('连日来,湖南省领导下沉各市州督导,有6个突出重点——');
    expect(texts.slice(lead + 1, lead + 7)).toEqual(['稳经济一揽子政策落地实施', '重点工作落实', '产业项目建设', '重大改革任务落实', '重点领域风险防范化解', '来年工作思路谋划']);
  });

  it('quotes captions that carry facts as caption passages; a bare label stays metadata', () => {
    const credits = doc('003').articles[0]!.photoCredits;
    expect(credits).toContain('11月12日,沈晓明向果农了解石门柑橘种植销售情况。湖南日报全媒体记者 唐俊 摄');
    expect(credits).toHaveLength(5);
    const caption = paragraphWith(doc('003'), '石门柑橘种植销售情况');
    expect(caption.kind).toBe('caption');
    expect(caption.text).toBe('11月12日,沈晓明向果农了解石门柑橘种植销售情况。湖南日报全媒体记者 唐俊 摄');
    // Its date and people are read like any paragraph's; the photographer is a person with that role.
    expect(caption.dates[0]).toMatchObject({ text: '11月12日', start: { month: 11, day: 12 } });
    expect(person(caption, '沈晓明')).toBeDefined();
    expect(person(caption, '唐俊')?.roles).toEqual(['湖南日报全媒体记者', '摄影']);
    expect(paragraphsOf(doc('004')).filter((p) => p.kind === 'caption').map((p) => p.text)).toEqual(['2月19日下午,省委副書記、省長、省政府黨組書記毛偉明主持召開省政府黨組會議。']);
    expect(doc('004').articles[0]!.photoCredits).toContain('會議現場。');
    for (const p of allParagraphs()) {
      if (p.kind === undefined) expect(p.text).not.toMatch(/[摄攝]$/u);
      expect(p.text).not.toBe('會議現場。');
    }
  });

  it('keeps by-lines as by-line passages whose names are people with their role, and normalises indentation', () => {
    for (const p of allParagraphs()) {
      if (p.kind !== 'byline') expect(p.text).not.toMatch(/^■|全媒体记者 [^ ]+$|^\(文\//u);
      expect(p.text).toBe(p.text.trim());
      expect(p.text).not.toMatch(/^[\u3000\u00a0]/u);
    }
    const byline = paragraphWith(doc('000'), '■全媒体记者 王智芳 通讯员 廖为');
    expect(byline.kind).toBe('byline');
    expect(byline.people).toEqual([
      { name: '王智芳', key: '王智芳', roles: ['全媒体记者'] },
      { name: '廖为', key: '廖为', roles: ['通讯员'] },
    ]);
    expect(person(paragraphWith(doc('004'), '(文/孫敏堅'), '刘尚文')).toEqual({ name: '劉尚文', key: '刘尚文', roles: ['摄影'] });
  });
});

describe('paragraphs separated by blank lines and fenced blocks', () => {
  const text = [
    '# 长沙召开工作会议',
    '',
    '长沙市今天召开会议，研究部署工作',
    '',
    '会后，代表们参观了展览，省委副',
    '',
    '书记出席。',
    '',
    '```',
    '# 代码块里的井号不是标题',
    'const 会议 = 1;',
    '',
    '```',
    '',
    '会议要求各地抓好落实，以上',
    '',
    '是会议的主要内容。',
  ].join('\n');
  const texts = () => paragraphsOf(parseDocument('fenced.md', new TextEncoder().encode(text)).document!).map((p) => p.text);

  it('keeps a paragraph that lacks its full stop apart, and rejoins a word a break cut', () => {
    expect(texts().slice(0, 2)).toEqual(['长沙市今天召开会议，研究部署工作', '会后，代表们参观了展览，省委副书记出席。']);
  });

  it('keeps a fenced block as written, as its own paragraphs, and joins nothing across it', () => {
    expect(texts().slice(2)).toEqual(['# 代码块里的井号不是标题', 'const 会议 = 1;', '会议要求各地抓好落实，以上', '是会议的主要内容。']);
  });
});

describe('articles', () => {
  it('splits file 000 into its three titled articles', () => {
    expect(doc('000').articles.map((a) => a.title)).toEqual([
      '张庆伟主持召开省委常委会议强调 突出抓好高校毕业生等重点群体就业',
      '全省万名干部联万企“送政策解难题优服务”行动动员会议召开 以务实之举解企业之困稳发展之势',
      '我省召开深入推进产业工人队伍建设改革电视电话会议 县级以上湖湘工匠培育基地已建253个',
    ]);
    expect(doc('000').articles.map((a) => a.paragraphs.filter((p) => !p.kind).length)).toEqual([6, 5, 8]);
    expect(doc('000').articles.map((a) => a.paragraphs.filter((p) => p.kind === 'byline').length)).toEqual([1, 1, 1]);
  });

  it('finds multi-line titles and does not quote a repeated title', () => {
    expect(doc('002').articles[0]!.title).toBe('毛偉明在全省市州長視頻會上強調 堅定必勝信心 打好“發展六仗” 以實干實績奮力推動高質量發展');
    const t004 = '毛偉明主持省政府黨組會議:聚焦“十個方面”解難題抓落實 推動高質量發展上水平上臺階';
    expect(doc('004').articles[0]!.title).toBe(t004);
    const texts = paragraphsOf(doc('004')).map((p) => p.text);
    expect(paragraphsOf(doc('004')).filter((p) => !p.kind)).toHaveLength(4);
    for (const t of ['毛偉明主持召開省政府黨組會議', '聚焦“十個方面”解難題抓落實', '推動高質量發展上水平上臺階', t004]) expect(texts).not.toContain(t);
    expect(doc('003').articles[0]!.title).toBe('湖南省委书记省长带队,省领导赴市州密集督导');
    // The page has none: its lead's first clause stands in, marked as such.
    expect(doc('001').articles[0]!.title).toBe('省委書記沈曉明主持召開省委常委會會議');
    expect(doc('001').articles[0]!.titleInferred).toBe(true);
    expect(doc('002').articles[0]!.titleInferred).toBeUndefined();
  });

  it('gives each article its publish date without inventing a year', () => {
    const dates = (prefix: string) => doc(prefix).articles.map((a: Article) => a.date);
    expect(dates('000')).toEqual(Array(3).fill({ year: null, month: 6, day: 14 }));
    expect(dates('001')).toEqual([{ year: null, month: 10, day: 27 }]);
    // No publish date on the page: the lead's event date (4月27日上午…), marked inferred, year still unknown.
    expect(dates('002')).toEqual([{ year: null, month: 4, day: 27, inferred: true }]);
    expect(dates('003')).toEqual([null]); // its lead opens with 连日来: no date to take
    expect(dates('004')).toEqual([{ year: 2024, month: 2, day: 19 }]);
  });

  it('names the outlet from datelines, stamp lines and credits', () => {
    expect(doc('000').articles.map((a) => a.source)).toEqual(['三湘都市报', '三湘都市报', '三湘都市报']);
    expect(doc('004').articles[0]!.source).toBe('湖南省人民政府門戶網站');
    expect(doc('003').articles[0]!.source).toBe('湖南日报');
    // `湖南日?qǐng)?bào)` lost its last character: recovered from the list of known outlets, in the page's script.
    expect(doc('001').articles[0]!.source).toBe('湖南日報');
    expect(doc('002').articles[0]!.source).toBeNull(); // names no outlet at all
  });

  it('reads reporters from by-lines', () => {
    expect(doc('000').articles.map((a) => a.reporters)).toEqual([['邓晶琨'], ['孙敏坚', '黄晗'], ['王智芳', '廖为']]);
    expect(doc('001').articles[0]!.reporters).toEqual(['劉燕娟', '張璐']);
    expect(doc('004').articles[0]!.reporters).toEqual(['孫敏堅', '黃晗']);
    expect(doc('003').articles[0]!.reporters).toEqual(['周帙恒']);
  });
});

describe('dates in paragraphs', () => {
  it('finds dates and ranges and leaves unknown years null', () => {
    const p003 = paragraphWith(doc('003'), '11月12日至13日,毛伟明再赴岳阳市和娄底市');
    expect(p003.dates).toEqual([
      { text: '11月12日至13日', start: { year: null, month: 11, day: 12 }, end: { year: null, month: 11, day: 13 }, yearInferred: false },
    ]);
    const dateline = paragraphsOf(doc('000'))[0]!;
    expect(dateline.dates[0]).toMatchObject({ text: '6月14日', start: { year: null, month: 6, day: 14 }, yearInferred: false });
    for (const p of paragraphsOf(doc('000'))) for (const m of p.dates) if (!/\d{4}年/u.test(m.text)) expect(m.start.year).toBeNull();
  });

  it('inherits the year of a dated page', () => {
    const p = paragraphsOf(doc('004'))[0]!;
    expect(p.dates[0]).toEqual({
      text: '2月19日',
      start: { year: 2024, month: 2, day: 19 },
      end: { year: 2024, month: 2, day: 19 },
      yearInferred: true,
    });
  });
});

describe('people', () => {
  it('reads roles the way news text introduces people', () => {
    const d3 = doc('003');
    expect(person(paragraphWith(d3, '10月8日至9日,省委书记沈晓明来到衡阳'), '沈晓明')?.roles).toEqual(['省委书记']);
    const leaders = paragraphWith(d3, '副省长李建中、王一鸥、蒋涤非、周海兵、王俊寿分赴');
    for (const key of ['李建中', '王一鸥', '蒋涤非', '周海兵', '王俊寿']) expect(person(leaders, key)?.roles).toEqual(['副省长']);
    expect(person(leaders, '吴桂英')?.roles).toEqual(['省委常委', '长沙市委书记']);
    expect(person(leaders, '张迎春')?.roles).toEqual(['省委常委', '常务副省长']);
    expect(person(paragraphsOf(doc('000'))[0]!, '张庆伟')?.roles).toEqual(['省委书记', '省人大常委会主任']);
  });

  it('merges both scripts under the simplified key', () => {
    const simplified = person(paragraphWith(doc('003'), '省委副书记、省长毛伟明则是'), '毛伟明');
    expect(simplified).toEqual({ name: '毛伟明', key: '毛伟明', roles: ['省委副书记', '省长'] });
    const traditional = person(paragraphsOf(doc('004'))[0]!, '毛伟明');
    expect(traditional).toEqual({ name: '毛偉明', key: '毛伟明', roles: ['省委副書記', '省長', '省政府黨組書記'] });
  });

  it('counts later bare mentions of a known name, with the role last seen', () => {
    const d2 = doc('002');
    expect(person(paragraphWith(d2, '毛偉明指出,今年以來'), '毛伟明')).toEqual({ name: '毛偉明', key: '毛伟明', roles: ['省委副書記', '省長'] });
    expect(person(paragraphWith(doc('003'), '沈晓明再赴怀化调研'), '沈晓明')?.roles).toEqual(['省委书记']);
  });

  it('finds reporters named in a by-line inside a paragraph', () => {
    const p = paragraphsOf(doc('001'))[0]!;
    expect(person(p, '刘燕娟')).toEqual({ name: '劉燕娟', key: '刘燕娟', roles: ['全媒體記者'] });
    expect(person(p, '张璐')?.name).toBe('張璐');
  });

  it('reads a name written before its title', () => {
    const p = paragraphsOf(doc('000'))[3]!;
    expect(person(p, '习近平')?.roles).toEqual(['总书记']);
    expect(person(p, '赵乐际')).toEqual({ name: '赵乐际', key: '赵乐际', roles: [] });
  });

  it('produces no junk names', () => {
    const names = new Set(allPeople().map((p) => p.key));
    for (const name of names) expect(name).toMatch(/^\p{Script=Han}{2,3}$/u);
    for (const junk of ['主持召', '省委常', '总书记', '省长毛', '周农出']) expect(names.has(junk)).toBe(false);
    expect([...names].sort()).toEqual(
      ['唐俊', '刘尚文', '杨佳俊', '彭展', '李翼骏', '郭立亮', '胡清', '邓晶琨', '孙敏坚', '黄晗', '王智芳', '廖为', '周帙恒', '习近平', '刘燕娟', '周农', '周海兵', '吴桂英', '張璐', '张庆伟', '张迎春', '徐文龙', '李建中', '李殿勋', '杨浩东', '毛伟明', '汪一光', '沈晓明', '王一鸥', '王俊寿', '秦国文', '蒋涤非', '谢卫江', '赵乐际', '隋忠诚', '魏建锋']
        .map((n) => (n === '張璐' ? '张璐' : n))
        .sort(),
    );
  });
});

describe('speed', () => {
  it('parses a large file in linear time, whether it has many lines or one', () => {
    const pages = documents.map((d) => readFileSync(path.join(CORPUS, d.file), 'utf8'));
    let text = '';
    while (text.length < 400_000) text += pages.join('\n\n');
    for (const variant of [text, text.replace(/[\n#]+/g, '')]) {
      const started = performance.now();
      const { document } = parseDocument('large.txt', Buffer.from(variant));
      expect(document!.articles.length).toBeGreaterThan(0);
      // Well under a second each here; anything quadratic would take minutes.
      expect(performance.now() - started).toBeLessThan(5_000);
    }
  });
});
