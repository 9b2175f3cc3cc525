/**
 * A re-index writes a new segment and deletion lists instead of the whole
 * index; merges put segments back together. Whatever the steps, the index must
 * answer exactly as a full build of the same corpus: same hits, same scores
 * (keyword with the collection's statistics, dense and hybrid with the tiny
 * test model), same /date and /person, and a removed file's paragraphs nowhere.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig, type Config } from '../../src/config.js';
import { buildIndex, DEFAULT_MERGE_POLICY, type MergePolicy } from '../../src/index/build.js';
import { readGeneration, type IndexData } from '../../src/index/store.js';
import { FORMAT_VERSION } from '../../src/index/manifest.js';
import { packBuffers } from '../../src/index/sections.js';
import { loadEmbedder, type Embedder } from '../../src/model/embedder.js';
import { Engine } from '../../src/search/engine.js';
import { sha256 } from '../../src/util/hash.js';
import { silentLogger } from '../../src/util/log.js';
import { writeSyntheticCorpus } from '../faults/synthetic.js';

const QUESTIONS = ['省委书记沈晓明到衡阳调研', '毛伟明在全省市州长视频会上强调了什么', '湘江流域治理新进展', '副省长王一鸥出席', '石门柑橘', '合成文章'];
const NEW_FILE = '# 湘江治理\n\n6月14日，湘江流域治理新进展：沿岸十三个县市完成生态修复，副省长王一鸥出席。\n\n省委书记沈晓明到衡阳调研湘江治理。\n';

let work: string;
let corpusDir: string;
let config: Config;
let tiny: Embedder;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'segments-'));
  corpusDir = path.join(work, 'corpus');
  cpSync(path.resolve('corpus'), corpusDir, { recursive: true });
  writeSyntheticCorpus(corpusDir, 6, 10);
  config = readConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: path.join(work, 'index'), EMBEDDING_MODEL: path.resolve('test/fixtures/tiny-model') }, work);
  tiny = await loadEmbedder(config);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Everything a user can see of the index that depends on which paragraphs are
 * live and how they score; dense similarities apart, since embedding the same
 * text in another batch (other padding) moves them in the fifth decimal.
 */
async function answers(data: IndexData): Promise<{ exact: unknown[]; similarities: number[] }> {
  const engine = new Engine(data, { ...config, indexDir: data.dir }, tiny, silentLogger);
  const out: unknown[] = [];
  const similarities: number[] = [];
  for (const q of QUESTIONS) {
    for (const mode of ['lexical', 'dense', 'hybrid'] as const) {
      // Hybrid fuses 100 dense candidates: their tail is approximate (another HNSW graph) and, at the fifth
      // decimal, embedding noise; a near-tie there can move a fused score in the tenth place, not in the first five.
      const hits = await engine.search(q, { top: mode === 'hybrid' ? 5 : 10, mode });
      out.push(hits.map((h) => [h.file, h.paragraph, mode === 'dense' ? 0 : h.score, h.text]));
      if (mode === 'dense') similarities.push(...hits.map((h) => h.score));
    }
    const a = await engine.ask(q, { top: 3, mode: 'lexical' });
    out.push(a.answered, a.passages.map((p) => [p.file, p.paragraph, p.sentences, p.citation]));
  }
  out.push(engine.date('6月14日').hits, engine.date('2024').hits);
  for (const name of ['沈晓明', '王一鸥', '毛伟明']) out.push(engine.person(name).hits, engine.person(name).roles);
  out.push(engine.sources(), engine.people('', 50));
  const { builtAt: _b, buildMs: _m, indexDir: _d, ...stats } = engine.stats();
  out.push(stats);
  return { exact: out, similarities };
}

async function expectSameAnswers(a: IndexData, b: IndexData): Promise<void> {
  const x = await answers(a);
  const y = await answers(b);
  expect(x.exact).toEqual(y.exact);
  expect(x.similarities).toHaveLength(y.similarities.length);
  x.similarities.forEach((s, i) => expect(Math.abs(s - y.similarities[i]!)).toBeLessThan(1e-4));
}

/** A full build (one segment) of what the corpus folder holds now, in a folder of its own. */
async function fullBuild(name: string, from = corpusDir): Promise<IndexData> {
  const dir = path.join(work, name);
  cpSync(from, path.join(dir, 'corpus'), { recursive: true });
  return (await buildIndex({ corpusDir: path.join(dir, 'corpus'), indexDir: path.join(dir, 'index'), embedder: tiny, full: true })).data!;
}

async function update(mergePolicy?: MergePolicy): Promise<IndexData> {
  const outcome = await buildIndex({ corpusDir, indexDir: config.indexDir, embedder: tiny, mergePolicy });
  expect(outcome.unchanged).toBe(false);
  return (await readGeneration(config.indexDir))!;
}

const files = (data: IndexData, engine = new Engine(data, config, tiny, silentLogger)) => new Set(engine.sources().map((s) => s.file));

/** `paragraphs.bin` as format 6 wrote it: 12 sections, text and matching text in UTF-8, mentions as JSON per paragraph. */
function formatSixParagraphs(data: IndexData): Buffer {
  const p = data.paragraphs;
  const ids = Array.from({ length: p.length }, (_, id) => id);
  const strings = (values: string[]) => {
    const offsets = new Uint32Array(values.length + 1);
    values.forEach((v, i) => (offsets[i + 1] = offsets[i]! + Buffer.byteLength(v)));
    return [offsets, Buffer.from(values.join(''))];
  };
  const kinds = [undefined, 'text', 'caption', 'byline'];
  const meta = ids.map((id) => (p.dates(id).length || p.people(id).length ? JSON.stringify({ dates: p.dates(id), people: p.people(id) }) : ''));
  const sections = [
    Int32Array.from(ids, (id) => p.doc(id)),
    Int32Array.from(ids, (id) => p.paragraph(id)),
    Int32Array.from(ids, (id) => p.article(id)),
    Int32Array.from(ids, (id) => p.vector(id)),
    Uint8Array.from(ids, (id) => kinds.indexOf(p.kind(id))),
    ...strings(ids.map((id) => p.text(id))),
    ...strings(ids.map((id) => p.norm(id))),
    ...strings(meta),
    Buffer.concat(ids.map((id) => Buffer.from(p.textHash(id), 'hex'))),
  ];
  return packBuffers(sections.map((a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength)));
}

describe('segments', () => {
  it('an update (new segment, deletion lists) then a merge answer as a full build does', async () => {
    await buildIndex({ corpusDir, indexDir: config.indexDir, embedder: tiny });

    // Remove a file, change one (one paragraph rewritten, the others' vectors copied), add one naming a new person.
    const removed = readdirSync(corpusDir).find((f) => f.startsWith('001_'))!;
    rmSync(path.join(corpusDir, removed));
    const changed = path.join(corpusDir, '0002.txt');
    writeFileSync(changed, readFileSync(changed, 'utf8').replace(/（第2篇第3段）/, '（第2篇第3段，改写）'));
    writeFileSync(path.join(corpusDir, 'zz-new.txt'), NEW_FILE);
    const embedded: number[] = [];
    const outcome = await buildIndex({ corpusDir, indexDir: config.indexDir, embedder: tiny, onProgress: (e) => e.phase === 'embed' && embedded.push(e.total) });
    const updated = (await readGeneration(config.indexDir))!;
    expect(updated.parts.length).toBeGreaterThanOrEqual(2);
    expect(updated.manifest.segments.some((s) => s.deletions && s.deleted > 0)).toBe(true);
    // Only the rewritten paragraph and the new file's are embedded.
    expect(outcome.result.embedded).toBeLessThanOrEqual(4);
    expect(files(updated).has(removed)).toBe(false);

    await expectSameAnswers(updated, await fullBuild('full-1'));
    const flat = JSON.stringify((await answers(updated)).exact);
    expect(flat).not.toContain(removed);

    // A second update on top, then a merge forced by the policy.
    rmSync(path.join(corpusDir, '0004.txt'));
    writeFileSync(path.join(corpusDir, 'zz-new.txt'), `${NEW_FILE}\n湘江两岸，群众受益。\n`);
    const twice = await update();
    expect(twice.parts.length).toBeGreaterThanOrEqual(2);
    await expectSameAnswers(twice, await fullBuild('full-2'));

    writeFileSync(path.join(corpusDir, '0000.txt'), readFileSync(path.join(corpusDir, '0000.txt'), 'utf8').replace('（第0篇第0段）', '（第0篇第0段，又改）'));
    const merged = await update({ maxSegments: 1, maxDeletedShare: 1 });
    expect(merged.parts).toHaveLength(1);
    expect(merged.manifest.segments[0]!.deletions).toBeNull();
    await expectSameAnswers(merged, await fullBuild('full-3'));
    // What the earlier commits used and no longer serves is gone.
    expect(readdirSync(config.indexDir).filter((e) => e.startsWith('seg-'))).toEqual([merged.manifest.segments[0]!.name]);
  });

  it('the default policy merges once deletions pass a fifth of the paragraphs; an unchanged corpus stays as it is; a removal adds no segment', async () => {
    const dir = path.join(work, 'policy');
    const corpus = path.join(dir, 'corpus');
    writeSyntheticCorpus(corpus, 10, 10);
    const build = () => buildIndex({ corpusDir: corpus, indexDir: path.join(dir, 'index'), embedder: null });
    const change = (f: string) => writeFileSync(path.join(corpus, f), `${readFileSync(path.join(corpus, f), 'utf8')}\n新增一段。\n`);
    await build();
    // One file of ten changed: 10 of 111 paragraphs deleted, one more segment.
    change('0001.txt');
    expect((await build()).data!.parts).toHaveLength(2);
    expect((await build()).unchanged).toBe(true);
    // Two more: 32 of 133 deleted, past 20%: merged into one, nothing deleted.
    change('0003.txt');
    change('0005.txt');
    const merged = (await build()).data!;
    expect(merged.parts).toHaveLength(1);
    expect(merged.manifest.segments[0]!.deleted).toBe(0);
    expect(merged.paragraphs.length).toBe(103);
    // A removal alone writes a deletion list, no segment.
    rmSync(path.join(corpus, '0007.txt'));
    const removed = (await build()).data!;
    expect(removed.manifest.segments.map((s) => [s.name, s.deleted])).toEqual([[merged.manifest.segments[0]!.name, 10]]);
    expect(removed.paragraphs.length).toBe(93);
    expect(removed.documents.map((d) => d.file)).not.toContain('0007.txt');
  });

  it('an index of format 6 (one generation folder, before segments) is rebuilt once, every vector kept', async () => {
    const dir = path.join(work, 'format6');
    cpSync(path.resolve('corpus'), path.join(dir, 'corpus'), { recursive: true });
    const indexDir = path.join(dir, 'index');
    const built = (await buildIndex({ corpusDir: path.join(dir, 'corpus'), indexDir, embedder: tiny })).data!;
    // The same files as format 6 laid them out: all in the generation folder, the manifest listing them by name.
    const segment = built.manifest.segments[0]!.name;
    const gen = 'gen-2026-01-01T00-00-00-000Z-1-format6';
    mkdirSync(path.join(indexDir, gen));
    const sizes: Record<string, number> = {};
    const checksums: Record<string, string> = {};
    for (const file of ['store.json', 'paragraphs.bin', 'keyword.json', 'keyword.bin', 'vectors.hnsw']) {
      const bytes = file === 'paragraphs.bin' ? formatSixParagraphs(built) : readFileSync(path.join(indexDir, segment, file));
      writeFileSync(path.join(indexDir, gen, file), bytes);
      sizes[file] = bytes.byteLength;
      checksums[file] = sha256(bytes);
    }
    const { segments: _s, ...rest } = built.manifest;
    const manifest = JSON.stringify({ ...rest, settings: { ...rest.settings, formatVersion: 6 }, sizes, checksums });
    writeFileSync(path.join(indexDir, gen, 'manifest.json'), manifest);
    writeFileSync(path.join(indexDir, 'CURRENT'), `${gen}\n${sha256(manifest)}\n`);
    await expect(readGeneration(indexDir)).rejects.toMatchObject({ id: 'index.incompatible' });

    const upgraded = await buildIndex({ corpusDir: path.join(dir, 'corpus'), indexDir, embedder: tiny });
    expect(upgraded.result.embedded).toBe(0);
    expect(upgraded.result.reused).toBe(built.paragraphs.length);
    expect(upgraded.data!.manifest.settings.formatVersion).toBe(FORMAT_VERSION);
    await expectSameAnswers(upgraded.data!, built);
    // The old generation and the segment it was copied from are removed with the switch.
    expect(readdirSync(indexDir).filter((e) => e.startsWith('gen-') || e.startsWith('seg-'))).toHaveLength(2);
    expect(readdirSync(indexDir)).not.toContain(gen);
  });

  it('an update over a damaged segment indexes every file again instead of failing', async () => {
    const dir = path.join(work, 'damaged');
    writeSyntheticCorpus(path.join(dir, 'corpus'), 4, 10);
    const o = { corpusDir: path.join(dir, 'corpus'), indexDir: path.join(dir, 'index'), embedder: null };
    const first = (await buildIndex(o)).data!;
    const store = path.join(o.indexDir, first.manifest.segments[0]!.name, 'paragraphs.bin');
    const bytes = readFileSync(store);
    bytes[bytes.length - 1]! ^= 1;
    writeFileSync(store, bytes);
    // The manifest is whole, so the update starts from it; the flipped byte is found when the changed file's old paragraphs are read.
    writeFileSync(path.join(o.corpusDir, '0001.txt'), '# 新文章\n\n湘江流域治理新进展。\n');
    const rebuilt = (await buildIndex(o)).data!;
    expect(rebuilt.manifest.segments).toHaveLength(1);
    expect(rebuilt.paragraphs.length).toBe(31);
  });

  it('a size cap splits a build, an update and a merge into segments of at most that many paragraphs, which answer as one segment does', async () => {
    const dir = path.join(work, 'capped');
    const corpus = path.join(dir, 'corpus');
    cpSync(path.resolve('corpus'), corpus, { recursive: true });
    writeSyntheticCorpus(corpus, 6, 10);
    const indexDir = path.join(dir, 'index');
    const cap = 30;
    const build = (policy: Partial<MergePolicy> = {}) => buildIndex({ corpusDir: corpus, indexDir, embedder: tiny, mergePolicy: { ...DEFAULT_MERGE_POLICY, maxSegmentParagraphs: cap, ...policy } });
    const largestDocument = (data: IndexData) => Math.max(...data.documents.map((d) => d.articles.reduce((n, a) => n + a.count, 0)));
    /** Segments within the cap (a larger document alone), and no label live in two segments (a dense hit would come twice). */
    const expectCapped = (data: IndexData) => {
      const labels = new Set<number>();
      for (const { segment, deletions } of data.parts) {
        expect(segment.paragraphs.length <= cap || segment.documents.length === 1).toBe(true);
        const deleted = new Set(deletions?.ids ?? []);
        const own = new Set<number>();
        for (let id = 0; id < segment.paragraphs.length; id++) if (!deleted.has(id)) own.add(segment.paragraphs.vector(id));
        for (const label of own) expect(labels.has(label)).toBe(false);
        for (const label of own) labels.add(label);
      }
    };

    const built = (await build()).data!;
    expect(largestDocument(built)).toBeGreaterThan(cap);
    expect(built.parts.length).toBeGreaterThanOrEqual(4);
    expectCapped(built);
    await expectSameAnswers(built, await fullBuild('capped-full-1', corpus));

    // An update: a changed file and a new one go to new segments, within the cap too.
    const changed = path.join(corpus, '0002.txt');
    writeFileSync(changed, readFileSync(changed, 'utf8').replace(/（第2篇第3段）/, '（第2篇第3段，改写）'));
    writeFileSync(path.join(corpus, 'zz-new.txt'), NEW_FILE);
    const updated = (await build()).data!;
    expect(updated.parts.length).toBeGreaterThan(built.parts.length);
    expectCapped(updated);
    await expectSameAnswers(updated, await fullBuild('capped-full-2', corpus));

    // A merge forced by the policy: every live paragraph into as few segments as the cap allows, none past it.
    rmSync(path.join(corpus, '0004.txt'));
    const merged = await build({ maxSegments: 1 });
    expect(merged.data!.parts.every((p) => !p.deletions)).toBe(true);
    expect(merged.data!.parts.length).toBeGreaterThanOrEqual(4);
    expect(merged.result.embedded).toBe(0);
    expectCapped(merged.data!);
    await expectSameAnswers(merged.data!, await fullBuild('capped-full-3', corpus));
    // The segments the cap requires do not count against `maxSegments`: one more file changed is one more segment, not a merge.
    writeFileSync(changed, readFileSync(changed, 'utf8').replace('（第2篇第4段）', '（第2篇第4段，改写）'));
    const next = (await build({ maxSegments: 2 })).data!;
    expect(next.parts).toHaveLength(merged.data!.parts.length + 1);
    expectCapped(next);
    await expectSameAnswers(next, await fullBuild('capped-full-4', corpus));

    // A rebuild under other settings (here: another parser id) keeps every vector, copied from or extending the old segments' graphs.
    const current = readFileSync(path.join(indexDir, 'CURRENT'), 'utf8').split('\n')[0]!;
    const manifestFile = path.join(indexDir, current, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    manifest.settings.parsing = 'an older parser';
    writeFileSync(manifestFile, JSON.stringify(manifest));
    writeFileSync(path.join(indexDir, 'CURRENT'), `${current}\n${sha256(JSON.stringify(manifest))}\n`);
    const rebuilt = await build();
    expect(rebuilt.result.embedded).toBe(0);
    expectCapped(rebuilt.data!);
    await expectSameAnswers(rebuilt.data!, next);
  });

  it('a cap on corpus bytes splits a build into segments built from at most that many bytes, which answer as one segment does', async () => {
    const dir = path.join(work, 'byte-capped');
    const corpus = path.join(dir, 'corpus');
    cpSync(path.resolve('corpus'), corpus, { recursive: true });
    writeSyntheticCorpus(corpus, 6, 10);
    const cap = 8 * 1024;
    const bytesOf = (file: string) => statSync(path.join(corpus, file)).size;
    const built = (await buildIndex({ corpusDir: corpus, indexDir: path.join(dir, 'index'), embedder: tiny, mergePolicy: { ...DEFAULT_MERGE_POLICY, maxSegmentBytes: cap } })).data!;
    expect(built.parts.length).toBeGreaterThanOrEqual(4);
    for (const { segment } of built.parts) {
      const bytes = segment.documents.reduce((n, d) => n + bytesOf(d.file), 0);
      expect(bytes <= cap || segment.documents.length === 1).toBe(true);
    }
    await expectSameAnswers(built, await fullBuild('byte-capped-full', corpus));
  });

  it('a capped merge of a segment whose identical paragraphs share a vector keeps each label in one segment', async () => {
    const dir = path.join(work, 'capped-shared');
    const corpus = path.join(dir, 'corpus');
    cpSync(path.resolve('corpus'), corpus, { recursive: true });
    writeSyntheticCorpus(corpus, 6, 10);
    // The same paragraph in the first and the last file: one label in a single segment.
    const shared = '湘江两岸，沿岸十三个县市完成生态修复，群众受益。';
    for (const f of ['0000.txt', '0005.txt']) writeFileSync(path.join(corpus, f), `${readFileSync(path.join(corpus, f), 'utf8')}\n${shared}\n`);
    const indexDir = path.join(dir, 'index');
    const one = (await buildIndex({ corpusDir: corpus, indexDir, embedder: tiny })).data!;
    expect(one.parts).toHaveLength(1);
    const label = (data: IndexData) => [...data.paragraphs].filter((p) => p.text === shared).map((p) => p.vector);
    expect(new Set(label(one)).size).toBe(1);
    writeFileSync(path.join(corpus, '0002.txt'), readFileSync(path.join(corpus, '0002.txt'), 'utf8').replace('（第2篇第3段）', '（第2篇第3段，改写）'));
    const merged = (await buildIndex({ corpusDir: corpus, indexDir, embedder: tiny, mergePolicy: { maxSegments: 1, maxDeletedShare: 0, maxSegmentParagraphs: 30 } })).data!;
    expect(merged.parts.length).toBeGreaterThanOrEqual(4);
    const [first, last] = label(merged);
    expect(first).not.toBe(last);
    const hits = await new Engine(merged, config, tiny, silentLogger).search(shared, { top: 5, mode: 'dense' });
    expect(new Set(hits.map((h) => `${h.file}#${h.paragraph}`)).size).toBe(hits.length);
    expect(hits.filter((h) => h.text === shared)).toHaveLength(1);
  });
});
