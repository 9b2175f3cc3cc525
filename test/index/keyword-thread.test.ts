/**
 * Hybrid search scores keywords on a second thread while it searches the
 * graph (keyword-thread.ts). Whatever thread scores them, a user must get the
 * same passages with the same scores: on an index of several segments with
 * deletions, with and without a filter; and a thread that is gone must cost
 * nothing but the speed.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig, type Config } from '../../src/config.js';
import { buildIndex } from '../../src/index/build.js';
import { dictionaryOf, tokensFor } from '../../src/index/fields.js';
import { KeywordIndexBuilder, mergeParts, type PartPlan } from '../../src/index/keyword.js';
import { KeywordThread } from '../../src/index/keyword-thread.js';
import { readGeneration, type IndexData } from '../../src/index/store.js';
import { loadEmbedder, type Embedder } from '../../src/model/embedder.js';
import { Engine } from '../../src/search/engine.js';
import { labelMap, queryKey, retrieve } from '../../src/search/retrieve.js';
import { silentLogger } from '../../src/util/log.js';
import { writeSyntheticCorpus } from '../faults/synthetic.js';

const QUESTIONS = ['省委书记沈晓明到衡阳调研', '毛伟明在全省市州长视频会上强调了什么', '湘江流域治理新进展', '副省长王一鸥出席', '石门柑橘', '合成文章第3段', '省委書記沈曉明'];

let work: string;
let config: Config;
let tiny: Embedder;
let data: IndexData;
let thread: KeywordThread;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'keyword-thread-'));
  const corpusDir = path.join(work, 'corpus');
  cpSync(path.resolve('corpus'), corpusDir, { recursive: true });
  writeSyntheticCorpus(corpusDir, 6, 10);
  config = readConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: path.join(work, 'index'), EMBEDDING_MODEL: path.resolve('test/fixtures/tiny-model') }, work);
  tiny = await loadEmbedder(config);
  await buildIndex({ corpusDir, indexDir: config.indexDir, embedder: tiny });
  // A changed file: a second segment, and a deletion list in the first.
  const changed = path.join(corpusDir, '0002.txt');
  writeFileSync(changed, readFileSync(changed, 'utf8').replace(/（第2篇第3段）/, '（第2篇第3段，改写）'));
  await buildIndex({ corpusDir, indexDir: config.indexDir, embedder: tiny });
  data = (await readGeneration(config.indexDir))!;
  thread = new KeywordThread();
  await thread.ready();
});
afterAll(async () => {
  await thread.close();
  rmSync(work, { recursive: true, force: true });
});

const tokensOf = (q: string) => {
  const norm = queryKey(q);
  return tokensFor(norm, norm, dictionaryOf(data));
};

/** The vectors the engine would embed the questions to, made beforehand. */
async function queryEmbedder(): Promise<Embedder> {
  const vectors = new Map<string, Float32Array>();
  for (const q of QUESTIONS) vectors.set(q, await tiny.embedQuery(q));
  return { ...tiny, embedQuery: async (q: string) => vectors.get(q)! };
}

describe('keyword scoring on a second thread', () => {
  it('ranks every live segment as this thread does: the same documents, the same scores', () => {
    expect(data.parts.length).toBeGreaterThanOrEqual(2);
    for (const q of QUESTIONS) {
      const parts = data.keyword.plans(tokensOf(q));
      expect(parts.some((p) => p.deletions)).toBe(true);
      const hits = thread.ask(parts, 20)?.collect();
      expect(hits).not.toBeNull();
      expect(mergeParts(parts, hits!, 20)).toEqual(data.keyword.search(tokensOf(q), 20));
    }
    expect(thread.broken).toBeNull();
  });

  it('takes a newly loaded index, its arrays sent on first use, and questions of any size', async () => {
    const reloaded = (await readGeneration(config.indexDir))!;
    const long = QUESTIONS.join('，').repeat(3);
    for (const q of [...QUESTIONS, long]) {
      const parts = reloaded.keyword.plans(tokensOf(q));
      const hits = thread.ask(parts, 50)?.collect();
      expect(hits).not.toBeNull();
      expect(mergeParts(parts, hits!, 50)).toEqual(reloaded.keyword.search(tokensOf(q), 50));
    }
  });

  it('gives hybrid search the same passages, filtered or not', async () => {
    const labels = labelMap(data);
    const embedder = await queryEmbedder();
    // A filter that leaves out most paragraphs: the thread's deeper ranking runs short and this thread ranks.
    const filters = [undefined, (id: number) => id % 3 !== 0, (id: number) => id % 50 === 0];
    const before = thread.answered;
    for (const q of QUESTIONS) {
      for (const allowed of filters) {
        const here = await retrieve(data, labels, embedder, q, { mode: 'hybrid', top: 10, allowed });
        const there = await retrieve(data, labels, embedder, q, { mode: 'hybrid', top: 10, allowed, keywordThread: thread });
        expect(there).toEqual(here);
      }
    }
    expect(thread.answered - before).toBe(QUESTIONS.length * filters.length);
  });

  it('answers through the engine as without the thread, and a stopped thread leaves answers as they were', async () => {
    const embedder = await queryEmbedder();
    const withThread = new Engine(data, { ...config, keywordThread: 'on' }, embedder, silentLogger);
    const without = new Engine(data, { ...config, keywordThread: 'off' }, embedder, silentLogger);
    const answers = async (e: Engine) => {
      const out: unknown[] = [];
      for (const q of QUESTIONS) {
        out.push((await e.search(q, { top: 5, mode: 'hybrid' })).map((h) => [h.file, h.paragraph, h.score]));
        const a = await e.ask(q, { top: 3, mode: 'hybrid' });
        out.push(a.answered, a.passages.map((p) => [p.file, p.paragraph, p.sentences]));
      }
      return out;
    };
    const expected = await answers(without);
    await answers(withThread); // starts the thread: questions before it runs are scored here
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await answers(withThread)).toEqual(expected);
    await withThread.close();
    expect(await answers(withThread)).toEqual(expected);
  });

  it('a thread that fails a question is not asked again, and the question is answered here', async () => {
    const labels = labelMap(data);
    const embedder = await queryEmbedder();
    const failing = new KeywordThread();
    await failing.ready();
    const q = QUESTIONS[0]!;
    expect(failing.ask(data.keyword.plans(tokensOf(q)), 10)?.collect()).not.toBeNull();
    // The thread loses the arrays it was sent (a fault): its next question throws there.
    const port = (failing as unknown as { port: { postMessage(m: unknown): void } }).port;
    for (let id = 1; id <= 100; id++) port.postMessage({ kind: 'detach', id });
    const here = await retrieve(data, labels, embedder, q, { mode: 'hybrid', top: 10 });
    expect(await retrieve(data, labels, embedder, q, { mode: 'hybrid', top: 10, keywordThread: failing })).toEqual(here);
    expect(failing.broken).toContain('failed');
    expect(failing.ask(data.keyword.plans(tokensOf(q)), 10)).toBeNull();
    await failing.close();
  });

  it('is not asked when the index is not in shared memory, nor once it is stopped', async () => {
    const builder = new KeywordIndexBuilder();
    builder.add({ char: ['湘', '江'], bigram: ['湘江'] });
    const inProcess = builder.build();
    const parts: PartPlan[] = [{ plan: inProcess.plan({ char: ['湘'] }), toGlobal: null, deletions: false }];
    expect(parts[0]!.plan.fields.length).toBeGreaterThan(0);
    expect(thread.ask(parts, 5)).toBeNull();

    const stopped = new KeywordThread();
    await stopped.ready();
    await stopped.close();
    expect(stopped.broken).not.toBeNull();
    expect(stopped.ask(data.keyword.plans(tokensOf(QUESTIONS[0]!)), 5)).toBeNull();
  });
});
