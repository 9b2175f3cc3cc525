/** Engine.refresh: a bot process picks up a generation another process wrote, and only a usable one. */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readConfig, type Config } from '../../src/config.js';
import { buildIndex } from '../../src/index/build.js';
import { loadEmbedder, type Embedder } from '../../src/model/embedder.js';
import { openEngine } from '../../src/search/engine.js';

let work: string;
let config: Config;
let tiny: Embedder;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'engine-refresh-'));
  cpSync(path.resolve('corpus'), path.join(work, 'corpus'), { recursive: true });
  config = readConfig({ CORPUS_DIR: 'corpus', INDEX_DIR: 'index', EMBEDDINGS: 'model', EMBEDDING_MODEL: path.resolve('test/fixtures/tiny-model') }, work);
  tiny = await loadEmbedder(config);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('switches to a newer generation written by another builder, and not to one of another model', async () => {
  const engine = await openEngine(config);
  const first = engine.stats().indexDir;
  expect(await engine.refresh()).toBe(false); // nothing new

  // Another process (same model) adds a file.
  writeFileSync(path.join(config.corpusDir, '900_refresh.txt'), '# 刷新测试\n\n湘潭今天举行索引刷新测试，新段落应当立即可查。\n');
  await buildIndex({ corpusDir: config.corpusDir, indexDir: config.indexDir, embedder: tiny });
  expect(await engine.refresh()).toBe(true);
  expect(engine.stats().indexDir).not.toBe(first);
  expect((await engine.search('湘潭索引刷新测试', { top: 1, mode: 'lexical' }))[0]!.file).toBe('900_refresh.txt');

  // A generation embedded by another model would answer dense queries with unrelated vectors: not served.
  const serving = engine.stats().indexDir;
  const other: Embedder = { ...tiny, model: 'another-model', embedPassages: (t) => tiny.embedPassages(t), embedQuery: (t) => tiny.embedQuery(t) };
  await buildIndex({ corpusDir: config.corpusDir, indexDir: config.indexDir, embedder: other, full: true });
  await expect(engine.refresh()).rejects.toThrow(/another-model/);
  expect(engine.stats().indexDir).toBe(serving);
  expect((await engine.search('湘潭索引刷新测试', { top: 1 }))[0]!.file).toBe('900_refresh.txt');
});
