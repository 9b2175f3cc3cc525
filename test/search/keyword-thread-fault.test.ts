/**
 * The keyword thread is an optimisation: when it cannot start (here its code
 * cannot be bundled), hybrid questions are answered as with KEYWORD_THREAD=off,
 * and the log says so once.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readConfig, type Config } from '../../src/config.js';
import { buildIndex } from '../../src/index/build.js';
import type { IndexData } from '../../src/index/store.js';
import { loadEmbedder, type Embedder } from '../../src/model/embedder.js';
import { Engine } from '../../src/search/engine.js';
import { createLogger, silentLogger } from '../../src/util/log.js';

vi.mock('esbuild', () => ({
  buildSync: () => {
    throw new Error('esbuild: no binary for this platform');
  },
}));

let work: string;
let config: Config;
let tiny: Embedder;
let data: IndexData;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'keyword-thread-fault-'));
  const corpusDir = path.join(work, 'corpus');
  cpSync(path.resolve('corpus'), corpusDir, { recursive: true });
  config = readConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: path.join(work, 'index'), EMBEDDING_MODEL: path.resolve('test/fixtures/tiny-model'), KEYWORD_THREAD: 'on' }, work);
  tiny = await loadEmbedder(config);
  data = (await buildIndex({ corpusDir, indexDir: config.indexDir, embedder: tiny })).data!;
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a keyword thread that cannot start', () => {
  it('answers hybrid questions as one thread does, and says why once', async () => {
    const logs: string[] = [];
    const engine = new Engine(data, config, tiny, createLogger('debug', (l) => logs.push(l)));
    const oneThread = new Engine(data, { ...config, keywordThread: 'off' }, tiny, silentLogger);
    for (const q of ['省委书记沈晓明到衡阳调研', '湘江流域治理新进展', '石门柑橘']) {
      const got = await engine.ask(q, { top: 3, mode: 'hybrid' });
      const want = await oneThread.ask(q, { top: 3, mode: 'hybrid' });
      expect(got.answered).toBe(want.answered);
      expect(got.passages.map((p) => [p.file, p.paragraph, p.sentences])).toEqual(want.passages.map((p) => [p.file, p.paragraph, p.sentences]));
      expect(got.warnings).toEqual(want.warnings);
    }
    const said = logs.filter((l) => l.includes('keyword thread could not start'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('no binary for this platform');
    expect(said[0]).toContain('main thread');
  });
});
