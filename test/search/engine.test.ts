import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig, type Config } from '../../src/config.js';
import { buildIndex } from '../../src/index/build.js';
import { currentGeneration, readGeneration } from '../../src/index/store.js';
import { loadEmbedder, type Embedder } from '../../src/model/embedder.js';
import { Engine, openEngine } from '../../src/search/engine.js';
import { sha256 } from '../../src/util/hash.js';

const CORPUS = path.resolve('corpus');
const TINY_MODEL = path.resolve('test/fixtures/tiny-model');

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'engine-test-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function config(name: string, extra: Record<string, string> = {}): Config {
  const corpusDir = path.join(work, name, 'corpus');
  cpSync(CORPUS, corpusDir, { recursive: true });
  return readConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: path.join(work, name, 'index'), EMBEDDINGS: 'none', ...extra }, work);
}

/** Rewrites the current generation's manifest as a build under other settings would have written it (checksum included). */
function rewriteManifest(indexDir: string, gen: string, change: (m: any) => void): void {
  const manifest = JSON.parse(readFileSync(path.join(gen, 'manifest.json'), 'utf8'));
  change(manifest);
  const text = JSON.stringify(manifest);
  writeFileSync(path.join(gen, 'manifest.json'), text);
  writeFileSync(path.join(indexDir, 'CURRENT'), `${path.basename(gen)}\n${sha256(text)}\n`);
}

/** Wraps an embedder to count how many passages it embeds, and optionally fail mid-way. */
function counting(inner: Embedder, failAfter = Infinity): Embedder & { passages: number } {
  const e = {
    model: inner.model,
    dtype: inner.dtype,
    dimensions: inner.dimensions,
    passages: 0,
    async embedPassages(texts: string[]) {
      if (e.passages + texts.length > failAfter) throw new Error('simulated crash while embedding');
      e.passages += texts.length;
      return inner.embedPassages(texts);
    },
    embedQuery: (t: string) => inner.embedQuery(t),
  };
  return e;
}

describe('engine on the bundled corpus, keyword mode', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await openEngine(config('lexical'));
  });

  it('answers a traditional question with the simplified passage and the reverse', async () => {
    // 003 (simplified) is the only file about 石门柑橘 … 沈晓明 went to 衡阳 and 娄底 there.
    const trad = await engine.search('沈曉明到衡陽調研', { top: 3 });
    expect(trad[0]!.file).toBe('003_3b49a103faae7710.txt');
    expect(trad[0]!.text).toContain('沈晓明来到衡阳');
    // 002 (traditional) is the only report of the 全省市州长视频会.
    const simp = await engine.search('毛伟明在全省市州长视频会上强调什么', { top: 3 });
    expect(simp[0]!.file).toBe('002_d5e4687daec02d80.txt');
  });

  it('quotes whole passages with citations, marks the answering sentence and converts on request', async () => {
    const a = await engine.ask('毛伟明在全省市州长视频会上强调什么', { top: 2 });
    const p = a.passages[0]!;
    expect(p.citation.file).toBe('002_d5e4687daec02d80.txt');
    // The page gives no publish date: its lead's event date stands in, marked as inferred, with no year invented.
    expect(p.citation.dateText).toBe('4月27日（年份不详，据导语推断）');
    expect(p.citation.date).toEqual({ year: null, month: 4, day: 27, inferred: true });
    expect(p.sentences.length).toBeGreaterThan(0);
    for (const s of p.sentences) expect(p.text).toContain(s);
    // Asked in simplified, a traditional source is shown converted and says so.
    expect(p.display?.converted).toBe(true);
    expect(p.display?.script).toBe('simplified');
    expect(p.display?.text).toContain('毛伟明');
    expect(p.display?.title).toContain('毛伟明在全省市州长视频会上强调');
  });

  it('shows 岳阳 as 岳陽 to a traditional reader, the stored quote as written', async () => {
    const a = await engine.ask('毛偉明赴岳陽調研走進了哪些產業園', { top: 3 });
    const p = a.passages.find((x) => x.text.includes('湖南岳阳绿色化工产业园'))!;
    expect(p.text).toContain('走进湖南岳阳绿色化工产业园'); // stored as the source wrote it
    expect(p.display?.text).toContain('走進湖南岳陽綠色化工產業園');
    expect(a.passages.map((x) => x.display?.text ?? '').join('')).not.toContain('嶽');
  });

  it('quotes a by-line only for a question naming whom it credits, never as a related passage of a content question', async () => {
    // 000's first report ends with the bare by-line ■湖南日报全媒体记者 邓晶琨: no content, only who wrote it.
    for (const q of ['2024年湖南高考报名人数', '2024年湖南高考報名人數', '湖南日报全媒体记者报道了什么']) {
      const a = await engine.ask(q, { top: 5 });
      expect(a.passages.length, q).toBeGreaterThan(0);
      expect(a.passages.filter((p) => p.paragraphRef.kind === 'byline').map((p) => p.text), q).toEqual([]);
    }
    // A question naming the reporter is answered with the by-line, in either script.
    for (const q of ['邓晶琨写了哪些报道', '鄧晶琨寫了哪些報道']) {
      const named = await engine.ask(q, { top: 5 });
      expect(named.passages.some((p) => p.text === '■湖南日报全媒体记者 邓晶琨'), q).toBe(true);
    }
    // Who wrote a report is still answered from its by-line.
    const credit = await engine.ask('张庆伟主持召开省委常委会议的报道是谁写的');
    expect(credit.credit).toMatchObject({ outcome: 'credited', names: [{ name: '邓晶琨' }] });
    // search, the measured contract, ranks every paragraph as before.
    expect((await engine.search('湖南日报全媒体记者 邓晶琨', { top: 3 })).some((h) => h.paragraphRef.kind === 'byline')).toBe(true);
  });

  it('refuses empty, punctuation-only and overlong questions with ids', async () => {
    await expect(engine.ask('   ')).rejects.toMatchObject({ id: 'query.empty' });
    await expect(engine.ask('？？！')).rejects.toMatchObject({ id: 'query.empty' });
    await expect(engine.ask('湖'.repeat(600))).rejects.toMatchObject({ id: 'query.too_long' });
  });

  it('looks up people in either script with their roles, newest first', () => {
    const r = engine.person('毛偉明');
    expect(r.name).toBe('毛伟明');
    expect(r.roles.map((x) => x.replace('長', '长'))).toContain('省长');
    // A role seen in both scripts is listed once.
    expect(r.roles.filter((x) => x === '省长' || x === '省長')).toHaveLength(1);
    // 004 is the only article with a known year (2024-02-19): it is the newest.
    expect(r.hits[0]!.file).toBe('004_b6ae09326c15c488.txt');
    expect(() => engine.person('张三丰')).toThrowError(expect.objectContaining({ id: 'person.unknown' }));
  });

  it('looks up dates without inventing years', () => {
    const r = engine.date('11月12日');
    expect(r.hits.some((h) => h.file === '003_3b49a103faae7710.txt' && h.text.includes('11月12日至13日'))).toBe(true);
    expect(r.hits.every((h) => h.yearUnknown)).toBe(true);
    const d = engine.date('2024年2月19日');
    expect(d.hits[0]!.file).toBe('004_b6ae09326c15c488.txt');
    expect(d.hits[0]!.yearUnknown).toBe(false);
    expect(() => engine.date('next blue moon')).toThrowError(expect.objectContaining({ id: 'date.unparseable' }));
  });

  it('says an article published on the day was published then, even when its lead names the day too', () => {
    // 004 is stamped 2024-02-19 and its lead begins 2月19日下午; 001's dateline is 6月14日讯.
    const d = engine.date('2024-02-19');
    expect(d.hits[0]).toMatchObject({ file: '004_b6ae09326c15c488.txt', paragraph: 0, via: 'published' });
    expect(engine.date('6月14日').hits.filter((h) => h.text.includes('6月14日讯')).every((h) => h.via === 'published')).toBe(true);
  });

  it('finds a day in the paragraphs that name that day, not in those naming only its year or month', () => {
    // 000 第2段 names 2022年 (the year's environment day) and no day: it is no answer to a look-up of 2022年6月14日.
    const yearOnly = (h: { text: string }) => h.text.includes('致2022年');
    expect(engine.date('2022年').hits.some(yearOnly)).toBe(true);
    expect(engine.date('2022年6月14日').hits.some(yearOnly)).toBe(false);
    // A day still matches a look-up of its month.
    expect(engine.date('2024年2月').hits.some((h) => h.text.includes('2月19日'))).toBe(true);
  });

  it('numbers an article\'s paragraphs as its citations count them: within the article, captions and by-lines named, not counted', () => {
    // 000's third report starts at the file's 14th paragraph (0-based 13): its lead is its 1st paragraph.
    const third = engine.article('000_9954a45cdba6c14f.txt', 19);
    expect(third.title).toContain('产业工人队伍建设改革');
    expect(third.paragraphs.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, null]);
    expect(third.paragraphs[8]).toMatchObject({ kind: 'byline', text: '■全媒体记者 王智芳 通讯员 廖为' });
    // 004 (traditional): the caption after the lead is not counted.
    const trad = engine.article('004_b6ae09326c15c488.txt', 0);
    expect(trad.paragraphs.map((p) => [p.kind ?? 'text', p.number])).toEqual([
      ['text', 1],
      ['caption', null],
      ['text', 2],
      ['text', 3],
      ['text', 4],
      ['byline', null],
      // The footer with its editor credit (信息來源 … 責任編輯: 郭玟).
      ['byline', null],
    ]);
    // Date and person hits carry the same numbers.
    expect(engine.date('6月14日').hits.map((h) => h.articleParagraphs)).toEqual([
      { first: 1, last: 1 },
      { first: 1, last: 1 },
      { first: 1, last: 1 },
    ]);
    expect(engine.person('邓晶琨').hits[0]).toMatchObject({ paragraph: 6, kind: 'byline', articleParagraphs: null });
  });

  it('tells a photo caption found by date or person as a caption', () => {
    const caption = engine.date('11月12日').hits.find((h) => h.text.includes('摄'));
    expect(caption?.kind).toBe('caption');
    expect(engine.person('刘尚文').hits.some((h) => h.kind === 'caption')).toBe(true);
  });

  it('filters by person, file and date', async () => {
    const hits = await engine.search('督导经济运行', { top: 10, filters: { person: '李殿勳' } });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.text).toContain('李殿勋');
    const inFile = await engine.search('会议', { top: 10, filters: { file: '004' } });
    for (const h of inFile) expect(h.file.startsWith('004')).toBe(true);
  });
});

describe('index generations', () => {
  it('incremental re-index re-embeds only changed text and forgets removed files', async () => {
    const c = config('incremental', { EMBEDDINGS: 'model', EMBEDDING_MODEL: TINY_MODEL });
    const tiny = await loadEmbedder(c);
    const first = counting(tiny);
    const built = await buildIndex({ corpusDir: c.corpusDir, indexDir: c.indexDir, embedder: first });
    expect(first.passages).toBe(built.result.embedded);
    expect(first.passages).toBeGreaterThan(20);

    const again = counting(tiny);
    const unchanged = await buildIndex({ corpusDir: c.corpusDir, indexDir: c.indexDir, embedder: again });
    expect(unchanged.unchanged).toBe(true);
    expect(again.passages).toBe(0);
    // Finding that nothing changed reads the manifest only, not the stored paragraphs and postings.
    expect(unchanged.data).toBeNull();
    expect(unchanged.result.paragraphs).toBe(built.result.paragraphs);

    // Change one paragraph of one file and remove another file.
    const f = path.join(c.corpusDir, '000_9954a45cdba6c14f.txt');
    writeFileSync(f, readFileSync(f, 'utf8') + '\n\n新增段落：长沙今日举行测试活动，这是新加入的一段文字。\n');
    rmSync(path.join(c.corpusDir, '001_499b33f32ebe2c5e.txt'));
    const third = counting(tiny);
    const updated = await buildIndex({ corpusDir: c.corpusDir, indexDir: c.indexDir, embedder: third });
    expect(third.passages).toBe(1);
    expect(updated.result.removedFiles).toEqual(['001_499b33f32ebe2c5e.txt']);

    const engine = await openEngine(c, { autoBuild: false });
    const hits = await engine.search('长沙今日举行测试活动', { top: 3, mode: 'hybrid' });
    expect(hits[0]!.text).toContain('新加入的一段文字');
    const all = await engine.search('省委常委会会议', { top: 50, mode: 'lexical' });
    expect(all.some((h) => h.file.startsWith('001'))).toBe(false);
    const dense = await engine.search('省委常委会会议', { top: 5, mode: 'dense' });
    expect(dense).toHaveLength(5);
  });

  it('a failure in the middle of a build leaves the previous index answering', async () => {
    const c = config('crash', { EMBEDDINGS: 'model', EMBEDDING_MODEL: TINY_MODEL });
    const tiny = await loadEmbedder(c);
    await buildIndex({ corpusDir: c.corpusDir, indexDir: c.indexDir, embedder: tiny });
    const before = await currentGeneration(c.indexDir);
    const engine = await openEngine(c, { autoBuild: false });

    writeFileSync(path.join(c.corpusDir, 'extra.txt'), '# 新文章\n\n' + Array.from({ length: 80 }, (_, i) => `第${i}段新内容，关于湘江治理。`).join('\n\n'));
    await expect(
      buildIndex({ corpusDir: c.corpusDir, indexDir: c.indexDir, embedder: counting(tiny, 10), full: true }),
    ).rejects.toThrow('simulated crash');
    expect(await currentGeneration(c.indexDir)).toBe(before);
    const reloaded = await readGeneration(c.indexDir);
    expect(reloaded!.manifest.files['extra.txt']).toBeUndefined();
    expect((await engine.search('毛伟明', { top: 1 }))[0]).toBeDefined();
    // No half-written generation is left behind either.
    expect(readdirSync(c.indexDir).filter((e) => e.endsWith('.partial'))).toEqual([]);
  });

  it('a damaged manifest is caught at load and the index rebuilt', async () => {
    const c = config('damaged');
    await openEngine(c);
    const gen = (await currentGeneration(c.indexDir))!;
    writeFileSync(path.join(gen, 'manifest.json'), '{"settings": ');
    await expect(readGeneration(c.indexDir)).rejects.toMatchObject({ id: 'index.damaged' });
    await expect(openEngine(c, { autoBuild: false })).rejects.toMatchObject({ id: 'index.damaged' });
    const rebuilt = await openEngine(c);
    expect(rebuilt.stats().paragraphs).toBeGreaterThan(20);
  });

  it('an index built with other settings is refused, then rebuilt', async () => {
    const c = config('settings', { EMBEDDINGS: 'model', EMBEDDING_MODEL: TINY_MODEL });
    await openEngine(c);
    const gen = (await currentGeneration(c.indexDir))!;
    rewriteManifest(c.indexDir, gen, (m) => (m.settings.normalization = 'something-else'));
    await expect(readGeneration(c.indexDir)).rejects.toMatchObject({ id: 'index.incompatible' });
    const rebuilt = await openEngine(c);
    expect(rebuilt.stats().model).toBe(TINY_MODEL);
  });

  it('a rebuild under other text or keyword settings embeds nothing again', async () => {
    const c = config('upgrade', { EMBEDDINGS: 'model', EMBEDDING_MODEL: TINY_MODEL });
    const tiny = await loadEmbedder(c);
    const first = await buildIndex({ corpusDir: c.corpusDir, indexDir: c.indexDir, embedder: tiny });
    // As after an upgrade that changed how text is matched, with the same model.
    const gen = (await currentGeneration(c.indexDir))!;
    rewriteManifest(c.indexDir, gen, (m) => (m.settings.normalization = 'older-normalization'));
    const again = counting(tiny);
    const rebuilt = await buildIndex({ corpusDir: c.corpusDir, indexDir: c.indexDir, embedder: again });
    expect(rebuilt.unchanged).toBe(false);
    expect(again.passages).toBe(0);
    expect(rebuilt.result.paragraphs).toBe(first.result.paragraphs);
    const engine = await openEngine(c, { autoBuild: false });
    expect(await engine.search('省委常委会会议', { top: 5, mode: 'dense' })).toHaveLength(5);
  });
});
