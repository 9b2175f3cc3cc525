/**
 * A full re-index of several thousand paragraphs runs in a worker process: the
 * event loop that answers questions is never held up for long, and questions
 * asked meanwhile are answered promptly. Figures are printed for
 * bench/RESULTS.md; `FAULTS=full` also runs it with the tiny test model
 * (embedding stays in the main process, in slices).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { buildIndex } from '../../src/index/build.js';
import { openEngine } from '../../src/search/engine.js';
import { writeSyntheticCorpus } from './synthetic.js';

const FILES = 100; // × 50 paragraphs
let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'faults-stall-'));
  writeSyntheticCorpus(path.join(work, 'corpus'), FILES);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `work` while asking a question every 100 ms; the loop's worst delay and the slowest answer. */
async function underLoad(ask: () => Promise<unknown>, work: () => Promise<unknown>): Promise<{ maxStallMs: number; p99StallMs: number; asked: number; slowestAnswerMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  let running = true;
  let asked = 0;
  let slowest = 0;
  const asking = (async () => {
    while (running) {
      const t = performance.now();
      await ask();
      slowest = Math.max(slowest, performance.now() - t);
      asked++;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  await work();
  running = false;
  await asking;
  h.disable();
  return { maxStallMs: Math.round(h.max / 1e6), p99StallMs: Math.round(h.percentile(99) / 1e6), asked, slowestAnswerMs: Math.round(slowest) };
}

it('a full re-index of 5,000 paragraphs does not stall answers', async () => {
  const config = readConfig({ CORPUS_DIR: path.join(work, 'corpus'), INDEX_DIR: path.join(work, 'index'), EMBEDDINGS: 'none' }, work);
  const engine = await openEngine(config);
  expect(engine.stats().paragraphs).toBe(FILES * 50);
  const ask = () => engine.ask('省委书记沈晓明到衡阳调研');
  const background = await underLoad(ask, () => engine.reindex({ full: true }));
  // The same build on the event loop, for comparison.
  const inline = await underLoad(ask, () => buildIndex({ corpusDir: config.corpusDir, indexDir: config.indexDir, embedder: null, full: true }));
  console.log(`event loop during a full re-index of ${FILES * 50} paragraphs: worker ${JSON.stringify(background)}; on the loop ${JSON.stringify(inline)}`);
  expect(background.asked).toBeGreaterThan(3);
  expect(background.maxStallMs).toBeLessThan(inline.maxStallMs);
  expect(background.slowestAnswerMs).toBeLessThan(3000);
}, 240_000);

// Embedding stays in the main process (it holds the model): its stalls, with the tiny test model.
it.runIf(process.env.FAULTS === 'full')('a full hybrid re-index (embedding in the main process) does not stall answers for long', async () => {
  const config = readConfig(
    { CORPUS_DIR: path.join(work, 'corpus'), INDEX_DIR: path.join(work, 'hybrid'), EMBEDDING_MODEL: path.resolve('test/fixtures/tiny-model') },
    work,
  );
  const engine = await openEngine(config);
  expect(engine.stats().model).toBe(config.model);
  const background = await underLoad(
    () => engine.ask('省委书记沈晓明到衡阳调研'),
    () => engine.reindex({ full: true }),
  );
  console.log(`event loop during a full hybrid re-index of ${FILES * 50} paragraphs (tiny model): ${JSON.stringify(background)}`);
  expect(background.slowestAnswerMs).toBeLessThan(3000);
}, 600_000);
