import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { loadEmbedder, spinningEnabled, type OnnxEmbedder } from '../../src/model/embedder.js';

const TINY_MODEL = path.resolve(import.meta.dirname, '../fixtures/tiny-model');

// Lengths from one character to past the model's 512-token limit, in no order, so that
// sorting, per-batch padding and truncation all differ from the library's single batch.
const TEXTS = [
  '毛伟明主持召开省政府党组会议，研究部署下一阶段重点工作。',
  '湘',
  '国庆长假一过，10月8日至9日，省委书记沈晓明来到衡阳，10日转赴娄底，21日至22日再赴怀化调研。',
  '长沙',
  '湖南日报全媒体记者 邓晶琨'.repeat(60),
  'Hunan provincial news, 2024-02-19 22:07',
  '副省长李建中、王一鸥',
];

function maxAbsDiff(a: Float32Array[], b: Float32Array[]): number {
  let max = 0;
  a.forEach((v, i) => v.forEach((x, k) => (max = Math.max(max, Math.abs(x - b[i]![k]!)))));
  return max;
}

const load = (dtype: 'q8' | 'fp32') =>
  loadEmbedder(readConfig({ EMBEDDING_MODEL: TINY_MODEL, EMBEDDING_DTYPE: dtype, EMBEDDING_BATCH_SIZE: '3', INDEX_DIR: 'unused' }));

describe('embedder', () => {
  let embedder: OnnxEmbedder;
  beforeAll(async () => {
    embedder = await load('q8');
  });

  // int8 models quantize activations per batch, so padding and batch-mates move the last digits:
  // the library's own vectors of one text alone and within a batch differ by about 1e-4 here.
  it.each([
    ['fp32', 1e-6],
    ['q8', 5e-4],
  ] as const)('gives the vectors of the library feature-extraction path (%s), in the caller order', async (dtype, tolerance) => {
    const e = dtype === 'q8' ? embedder : await load(dtype);
    const ours = await e.embedPassages(TEXTS);
    const library = await e.libraryVectors(TEXTS);
    expect(ours).toHaveLength(TEXTS.length);
    for (const v of ours) expect(v).toHaveLength(e.dimensions);
    expect(maxAbsDiff(ours, library)).toBeLessThan(tolerance);
    // Distinct texts give distinct vectors: the rows are not shuffled or shared.
    expect(maxAbsDiff([ours[0]!], [ours[1]!])).toBeGreaterThan(1e-2);
    for (const v of ours) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
  });

  it('embeds a query alone as it embeds it among others', async () => {
    const [alone, library] = [await embedder.embedQuery(TEXTS[2]!), (await embedder.libraryVectors([TEXTS[2]!]))[0]!];
    expect(maxAbsDiff([alone], [library])).toBeLessThan(1e-6);
  });

  it('sorts by token count across the whole call and pads each batch to its own longest row', () => {
    const tokens = embedder.tokenize(TEXTS);
    expect(Math.max(...tokens.map((t) => t.length))).toBe(512);
    const batches = embedder.batches(tokens);
    expect(batches.map((b) => b.rows.length)).toEqual([3, 3, 1]);
    expect(batches.flatMap((b) => b.rows).sort()).toEqual(TEXTS.map((_, i) => i));
    const lengths = batches.flatMap((b) => [...b.lengths]);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    for (const b of batches) expect(b.seqLength).toBe(Math.max(...b.lengths));
  });

  it('reports progress per batch and returns nothing for no text', async () => {
    const seen: number[] = [];
    await embedder.embedPassages(TEXTS, (done) => seen.push(done));
    expect(seen).toEqual([3, 6, 7]);
    expect(await embedder.embedPassages([])).toEqual([]);
  });

  it('turns thread spinning off on small hosts unless asked', () => {
    expect(spinningEnabled('auto', 2)).toBe(false);
    expect(spinningEnabled('auto', 8)).toBe(true);
    expect(spinningEnabled('on', 2)).toBe(true);
    expect(spinningEnabled('off', 8)).toBe(false);
    expect(() => readConfig({ EMBEDDING_THREAD_SPINNING: 'sometimes' })).toThrow(/EMBEDDING_THREAD_SPINNING/);
  });
});
