/** A re-index in the worker process embeds in the main process in slices sorted by length: progress per batch, abort between batches. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readConfig, type Config } from '../../src/config.js';
import { buildIndexInBackground } from '../../src/index/background.js';
import { loadEmbedder, type Embedder } from '../../src/model/embedder.js';
import type { IndexProgressEvent } from '../../src/types.js';

let work: string;
let config: Config;
let tiny: Embedder;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'embed-progress-'));
  cpSync(path.resolve('corpus'), path.join(work, 'corpus'), { recursive: true });
  config = readConfig({ CORPUS_DIR: 'corpus', INDEX_DIR: 'index', EMBEDDING_MODEL: path.resolve('test/fixtures/tiny-model'), EMBEDDING_BATCH_SIZE: '8' }, work);
  tiny = await loadEmbedder(config);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const embedEvents = (events: IndexProgressEvent[]) => events.filter((e): e is Extract<IndexProgressEvent, { phase: 'embed' }> => e.phase === 'embed');

it('reports embedding progress batch by batch up to the total', async () => {
  const events: IndexProgressEvent[] = [];
  const { result } = await buildIndexInBackground({ corpusDir: config.corpusDir, indexDir: config.indexDir, embedder: tiny, full: true, onProgress: (e) => events.push(e) });
  const embed = embedEvents(events);
  const total = embed[0]!.total;
  expect(total).toBeGreaterThan(16);
  expect(result.embedded).toBe(total);
  const done = embed.map((e) => e.done);
  expect(done.length).toBeGreaterThanOrEqual(Math.ceil(total / 8));
  expect(done).toEqual([...done].sort((a, b) => a - b));
  expect(done.at(-1)).toBe(total);
});

it('stops embedding at the next batch once aborted', async () => {
  const controller = new AbortController();
  let batchesAfterAbort = 0;
  const run = buildIndexInBackground({
    corpusDir: config.corpusDir,
    indexDir: config.indexDir,
    embedder: tiny,
    full: true,
    signal: controller.signal,
    onProgress: (e) => {
      if (e.phase !== 'embed' || e.done === 0) return;
      if (controller.signal.aborted) batchesAfterAbort++;
      else controller.abort();
    },
  });
  await expect(run).rejects.toThrow();
  expect(batchesAfterAbort).toBe(0);
});
