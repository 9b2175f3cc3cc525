/**
 * A model whose weights are beside its graph (ONNX external data,
 * `model_quantized.onnx_data`) is loaded with its weights mapped from the file
 * rather than copied onto onnxruntime's heap: shared between processes and
 * about 100 MiB less private memory at multilingual-e5-small's shapes.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { loadEmbedder, type ModelProgress } from '../../src/model/embedder.js';
import { externalDataFile, hasInlineWeights, moveWeightsToExternalData } from '../../src/model/external-data.js';

const ROOT = path.join(import.meta.dirname, '../..');
const FIXTURE = path.join(ROOT, 'test/fixtures/tiny-model');
const TEXTS = ['毛伟明主持召开省政府党组会议，研究部署下一阶段重点工作。', '湘', 'Hunan provincial news, 2024-02-19 22:07'];
const FILES = ['model.onnx', 'model_quantized.onnx'];

const embed = async (model: string, dtype: 'q8' | 'fp32', env: Record<string, string> = {}) =>
  (await loadEmbedder(readConfig({ EMBEDDING_MODEL: model, EMBEDDING_DTYPE: dtype, INDEX_DIR: 'unused', ...env }))).embedPassages(TEXTS);

describe('model weights beside the graph', () => {
  let dir: string;
  let external: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'external-data-'));
    external = path.join(dir, 'tiny-model');
    cpSync(FIXTURE, external, { recursive: true });
    for (const f of FILES) moveWeightsToExternalData(path.join(external, 'onnx', f));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('moves the weights to <file>_data, leaving a small graph that is not converted again', () => {
    for (const f of FILES) {
      const file = path.join(external, 'onnx', f);
      expect(hasInlineWeights(path.join(FIXTURE, 'onnx', f))).toBe(true);
      expect(hasInlineWeights(file)).toBe(false);
      // The tiny model's weights are 88 KB (int8) and 354 KB (fp32); what stays is the graph's structure.
      expect(statSync(externalDataFile(file)).size).toBeGreaterThan(statSync(path.join(FIXTURE, 'onnx', f)).size * 0.75);
      expect(statSync(file).size).toBeLessThan(statSync(path.join(FIXTURE, 'onnx', f)).size * 0.25);
    }
  });

  it.each(['q8', 'fp32'] as const)('computes the same vectors as with the weights inside (%s)', async (dtype) => {
    expect(await embed(external, dtype)).toEqual(await embed(FIXTURE, dtype));
  });

  it('lays out a downloaded model (one in the model cache) that way when loading it', async () => {
    const cache = path.join(dir, 'cache');
    const cached = path.join(cache, 'test-org', 'tiny-model');
    cpSync(FIXTURE, cached, { recursive: true });
    const vectors = await embed('test-org/tiny-model', 'q8', { MODEL_CACHE_DIR: cache, ALLOW_REMOTE_MODELS: 'false' });
    expect(existsSync(externalDataFile(path.join(cached, 'onnx', 'model_quantized.onnx')))).toBe(true);
    expect(vectors).toEqual(await embed(FIXTURE, 'q8'));
  });

  it('loads a cached model as it is when its folder cannot be rewritten, and says so', async () => {
    const cache = path.join(dir, 'stuck-cache');
    const cached = path.join(cache, 'test-org', 'tiny-model');
    cpSync(FIXTURE, cached, { recursive: true });
    // What the conversion would write first is taken by a folder: writing it fails, as on a full or read-only disk.
    mkdirSync(`${externalDataFile(path.join(cached, 'onnx', 'model_quantized.onnx'))}.tmp-${process.pid}`);
    const warnings: string[] = [];
    const log = { debug() {}, info() {}, warn: (m: string) => void warnings.push(m), error() {} };
    const config = readConfig({ EMBEDDING_MODEL: 'test-org/tiny-model', INDEX_DIR: 'unused', MODEL_CACHE_DIR: cache, ALLOW_REMOTE_MODELS: 'false' });
    const vectors = await (await loadEmbedder(config, { log })).embedPassages(TEXTS);
    expect(vectors).toEqual(await embed(FIXTURE, 'q8'));
    expect(hasInlineWeights(path.join(cached, 'onnx', 'model_quantized.onnx'))).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not move the model weights/);
  });

  it('downloads a model, lays it out so and loads it from there; the next load downloads nothing', async () => {
    // A stand-in for the hub on the loopback interface, serving the fixture as {model}/resolve/main/{file}.
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(req.url!);
      const file = path.join(FIXTURE, decodeURIComponent(req.url!).replace(/^\/test-org\/tiny-model\/resolve\/main\//, ''));
      if (!file.startsWith(FIXTURE + path.sep) || !existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const remoteHost = env.remoteHost;
    env.remoteHost = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const cache = path.join(dir, 'download-cache');
      const config = readConfig({ EMBEDDING_MODEL: 'test-org/tiny-model', INDEX_DIR: 'unused', MODEL_CACHE_DIR: cache, ALLOW_REMOTE_MODELS: 'true' });
      const progress: ModelProgress[] = [];
      const vectors = await (await loadEmbedder(config, { onProgress: (p) => progress.push(p) })).embedPassages(TEXTS);
      expect(requests.some((r) => r.endsWith('/onnx/model_quantized.onnx'))).toBe(true);
      expect(progress.length).toBeGreaterThan(0);
      const file = path.join(cache, 'test-org', 'tiny-model', 'onnx', 'model_quantized.onnx');
      expect(hasInlineWeights(file)).toBe(false);
      expect(vectors).toEqual(await embed(FIXTURE, 'q8'));

      requests.length = 0;
      expect(await (await loadEmbedder(config)).embedPassages(TEXTS)).toEqual(vectors);
      expect(requests).toEqual([]);
    } finally {
      env.remoteHost = remoteHost;
      server.close();
    }
  });

  it.runIf(process.platform === 'linux')('has onnxruntime map the weights file rather than copy it', () => {
    const script = `
      const { readFileSync } = await import('node:fs');
      const { readConfig } = await import('./src/config.ts');
      const { loadEmbedder } = await import('./src/model/embedder.ts');
      const e = await loadEmbedder(readConfig({ EMBEDDING_MODEL: ${JSON.stringify(external)}, INDEX_DIR: 'unused' }));
      await e.embedQuery('湘');
      console.log(readFileSync('/proc/self/maps', 'utf8'));`;
    const maps = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(maps).toContain(externalDataFile(path.join(external, 'onnx', 'model_quantized.onnx')));
  }, 60_000);
});
