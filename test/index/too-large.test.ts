/**
 * A segment file larger than one Buffer holds (4 GiB in Node 20) cannot be
 * read: the store refuses it with `index.too_large` and what to do, instead of
 * crashing or calling it damaged; a rebuild writes segments within the limit;
 * a build that would write such a file refuses and leaves the previous index.
 * The limit is injected small (node:buffer's MAX_LENGTH, as this process sees it).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readConfig } from '../../src/config.js';
import { buildIndex, DEFAULT_MERGE_POLICY } from '../../src/index/build.js';
import { readGeneration, type IndexData } from '../../src/index/store.js';
import { Engine, openEngine } from '../../src/search/engine.js';
import { silentLogger } from '../../src/util/log.js';
import { writeSyntheticCorpus } from '../faults/synthetic.js';

const limit = vi.hoisted(() => ({ bytes: null as number | null }));
vi.mock('node:buffer', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:buffer')>();
  const constants = Object.create(real.constants, { MAX_LENGTH: { get: () => limit.bytes ?? real.constants.MAX_LENGTH } });
  return { ...real, constants, default: { ...real, constants } };
});

const SMALL = 64 * 1024;
let work: string;
let corpusDir: string;
let indexDir: string;

const config = () => readConfig({ EMBEDDINGS: 'none', CORPUS_DIR: corpusDir, INDEX_DIR: indexDir }, work);

async function answers(data: IndexData): Promise<unknown> {
  const engine = new Engine(data, config(), null, silentLogger);
  return Promise.all(['湘江流域治理', '省委书记沈晓明', '合成文章3'].map((q) => engine.search(q, { top: 5 }).then((h) => h.map((x) => [x.file, x.paragraph, x.score]))));
}

const largestFile = (data: IndexData) => Math.max(...Object.entries(data.manifest.sizes).filter(([f]) => /\.(bin|json)$/.test(f)).map(([, size]) => size));

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'too-large-'));
  corpusDir = path.join(work, 'corpus');
  indexDir = path.join(work, 'index');
  writeSyntheticCorpus(corpusDir, 20, 20);
});
afterAll(() => {
  limit.bytes = null;
  rmSync(work, { recursive: true, force: true });
});

describe('a segment file larger than a Buffer holds', () => {
  it('is refused with what to do; a rebuild writes segments within the limit and answers the same; a build past it changes nothing', async () => {
    // Built where one Buffer holds more: one segment, its paragraph store past the small limit.
    const built = (await buildIndex({ corpusDir, indexDir, embedder: null })).data!;
    expect(built.parts).toHaveLength(1);
    expect(largestFile(built)).toBeGreaterThan(SMALL);
    const expected = await answers(built);

    limit.bytes = SMALL;
    const refused = readGeneration(indexDir);
    await expect(refused).rejects.toMatchObject({ id: 'index.too_large' });
    await expect(refused).rejects.toThrow(/cannot read into memory .*at most 65536 here.*a rebuild here writes smaller ones\. Rebuild it: npm run cli -- index --index .* --full$/);

    // The front ends rebuild it, as a damaged index: segments of at most a quarter of the limit in corpus bytes.
    const engine = await openEngine(config(), { log: silentLogger });
    const rebuilt = (await readGeneration(indexDir))!;
    expect(rebuilt.parts.length).toBeGreaterThanOrEqual(3);
    expect(largestFile(rebuilt)).toBeLessThanOrEqual(SMALL);
    expect(await answers(rebuilt)).toEqual(expected);
    expect(engine.stats().paragraphs).toBe(built.paragraphs.length);

    // Segments as large as the corpus: refused before anything is switched; the index keeps answering.
    const huge = { ...DEFAULT_MERGE_POLICY, maxSegmentBytes: Number.MAX_SAFE_INTEGER };
    await expect(buildIndex({ corpusDir, indexDir, embedder: null, full: true, mergePolicy: huge })).rejects.toMatchObject({ id: 'index.too_large' });
    expect(readdirSync(indexDir).filter((e) => e.endsWith('.partial'))).toEqual([]);
    expect(await answers((await readGeneration(indexDir))!)).toEqual(expected);
  });
});
