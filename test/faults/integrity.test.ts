/**
 * Damaged index files: every file of a commit (its manifest, every file of its
 * segments, the deletion list, and the pointer) gets byte flips, truncations and deletion. A load must then either refuse with
 * `index.damaged`/`index.incompatible` or answer exactly as before: never
 * crash, never answer differently. `FAULTS=full` (npm run faults) flips many
 * more bytes.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig, type Config } from '../../src/config.js';
import { isUserError } from '../../src/errors.js';
import { buildIndex } from '../../src/index/build.js';
import { HnswFileCheck, hnswFileProblem, type HnswExpectations } from '../../src/index/hnsw-file.js';
import { currentGeneration, readGeneration } from '../../src/index/store.js';
import { DEFAULT_HNSW } from '../../src/index/vectors.js';
import { loadEmbedder, type Embedder } from '../../src/model/embedder.js';
import { Engine } from '../../src/search/engine.js';
import { silentLogger } from '../../src/util/log.js';
import { mulberry32 } from '../../src/util/random.js';

const FULL = process.env.FAULTS === 'full';
const FLIPS_PER_FILE = FULL ? 60 : 12;
const QUESTIONS = ['毛伟明在全省市州长视频会上强调了什么', '沈晓明到衡阳调研', '石门柑橘'];

let work: string;
let config: Config;
let embedder: Embedder;
let baseline: string;
let genName: string;
let segmentNames: string[];

async function answers(indexDir: string): Promise<string> {
  const data = await readGeneration(indexDir);
  const engine = new Engine(data!, { ...config, indexDir }, embedder, silentLogger);
  const out = [];
  for (const q of QUESTIONS) {
    for (const mode of ['lexical', 'dense', 'hybrid'] as const) {
      const a = await engine.ask(q, { top: 3, mode });
      out.push(a.passages.map((p) => [p.file, p.paragraph, p.score.toFixed(6), p.text, p.sentences, p.citation]));
    }
  }
  return JSON.stringify(out);
}

const tally = { trials: 0, refused: 0, identical: 0, crashes: 0, silentChanges: 0 };

/** Loads and answers from a damaged copy; counts the outcome and fails on a crash or a changed answer. */
async function trial(indexDir: string, what: string): Promise<void> {
  tally.trials++;
  try {
    const got = await answers(indexDir);
    if (got === baseline) tally.identical++;
    else {
      tally.silentChanges++;
      throw new Error(`${what}: answers changed without the damage being reported`);
    }
  } catch (e) {
    if (isUserError(e) && (e.id === 'index.damaged' || e.id === 'index.incompatible')) {
      tally.refused++;
      return;
    }
    if (!(e as Error).message.includes('answers changed')) tally.crashes++;
    throw e;
  }
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'faults-integrity-'));
  const corpusDir = path.join(work, 'corpus');
  cpSync(path.resolve('corpus'), corpusDir, { recursive: true });
  config = readConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: path.join(work, 'pristine'), EMBEDDING_MODEL: path.resolve('test/fixtures/tiny-model') }, work);
  embedder = await loadEmbedder(config);
  await buildIndex({ corpusDir, indexDir: config.indexDir, embedder });
  // A second commit: a changed file makes a second segment and a deletion list in the first.
  const changed = path.join(corpusDir, readdirSync(corpusDir).sort()[1]!);
  writeFileSync(changed, readFileSync(changed, 'utf8').replace(/。/u, '。石门柑橘丰收。'));
  await buildIndex({ corpusDir, indexDir: config.indexDir, embedder });
  baseline = await answers(config.indexDir);
  genName = path.basename((await currentGeneration(config.indexDir))!);
  const manifest = JSON.parse(readFileSync(path.join(config.indexDir, genName, 'manifest.json'), 'utf8'));
  segmentNames = manifest.segments.map((s: { name: string }) => s.name);
  expect(segmentNames).toHaveLength(2);
  expect(manifest.segments[0].deletions).toBeTruthy();
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  // The figures bench/RESULTS.md quotes.
  console.log(`index damage: ${JSON.stringify(tally)}`);
});

/** A fresh copy of the pristine index to damage. */
function copy(): string {
  const dir = mkdtempSync(path.join(work, 'trial-'));
  cpSync(config.indexDir, dir, { recursive: true });
  return dir;
}

function filesOf(dir: string): string[] {
  const inFolder = (folder: string) => readdirSync(path.join(dir, folder)).map((f) => path.join(folder, f));
  return [...inFolder(genName), ...segmentNames.flatMap(inFolder), 'CURRENT'];
}

describe('damaged index files are refused or harmless', () => {
  it('byte flips anywhere in every file', async () => {
    const random = mulberry32(12);
    for (const file of filesOf(config.indexDir)) {
      const size = statSync(path.join(config.indexDir, file)).size;
      // The first bytes (headers, pointers) and then positions spread over the file.
      const positions = [0, 1, 8, 16, 50, size - 1, ...Array.from({ length: FLIPS_PER_FILE }, () => Math.floor(random() * size))].filter((p) => p >= 0 && p < size);
      for (const at of positions) {
        const dir = copy();
        const p = path.join(dir, file);
        const bytes = readFileSync(p);
        bytes[at] = bytes[at]! ^ (1 << Math.floor(random() * 8));
        writeFileSync(p, bytes);
        await trial(dir, `${file} byte ${at} flipped`);
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('truncations and deletions of every file', async () => {
    for (const file of filesOf(config.indexDir)) {
      const size = statSync(path.join(config.indexDir, file)).size;
      for (const cut of [0, Math.floor(size / 2), size - 1]) {
        const dir = copy();
        truncateSync(path.join(dir, file), cut);
        await trial(dir, `${file} truncated to ${cut}`);
        rmSync(dir, { recursive: true, force: true });
      }
      const dir = copy();
      rmSync(path.join(dir, file));
      if (file === 'CURRENT') {
        // No pointer is no index at all, which the front ends build afresh.
        expect(await readGeneration(dir)).toBeNull();
      } else await trial(dir, `${file} deleted`);
      rmSync(dir, { recursive: true, force: true });
    }
    expect(tally.crashes).toBe(0);
    expect(tally.silentChanges).toBe(0);
  });

  /** The check as the loader runs it on a large file: fed `size` bytes at a time; its verdict must be the whole-buffer one. */
  const inChunks = (bytes: Buffer, want: HnswExpectations, size: number) => {
    const check = new HnswFileCheck(want);
    for (let at = 0; at < bytes.length; at += size) check.push(bytes.subarray(at, at + size));
    return check.end();
  };

  it('the HNSW check alone (checksum aside) catches every flip of the structure hnswlib trusts', () => {
    const bytes = readFileSync(path.join(config.indexDir, segmentNames[0]!, 'vectors.hnsw'));
    const manifest = JSON.parse(readFileSync(path.join(config.indexDir, genName, 'manifest.json'), 'utf8'));
    const segment = manifest.segments[0];
    const want = { dimensions: embedder.dimensions, settings: DEFAULT_HNSW, count: segment.vectors, maxCapacity: 4 * segment.paragraphs + 1024 };
    expect(hnswFileProblem(bytes, want)).toBeNull();
    // Header fields hnswlib uses as offsets and sizes. Not: byte 8, the capacity's low byte (±128 is
    // another capacity in range, harmless), and mult at 80..87 (a float that only scales new levels).
    const structural = [...Array.from({ length: 80 }, (_, i) => i).filter((i) => i !== 8), ...Array.from({ length: 8 }, (_, i) => 88 + i)];
    for (const at of structural) {
      const damaged = Buffer.from(bytes);
      damaged[at] = damaged[at]! ^ 0x80;
      expect(hnswFileProblem(damaged, want), `header byte ${at}`).not.toBeNull();
    }
    // Neighbour ids past the element count, as a flip of their top byte makes them.
    const sizeData = Number(bytes.readBigUInt64LE(24));
    for (const element of [0, 1, want.count - 1]) {
      const at = 96 + element * sizeData;
      if (bytes.readUInt16LE(at) === 0) continue;
      const damaged = Buffer.from(bytes);
      damaged[at + 7] = damaged[at + 7]! ^ 0x80;
      expect(hnswFileProblem(damaged, want), `element ${element} neighbour`).not.toBeNull();
    }
    expect(hnswFileProblem(bytes.subarray(0, bytes.length - 1), want)).not.toBeNull();
    expect(hnswFileProblem(Buffer.concat([bytes, Buffer.alloc(4)]), want)).not.toBeNull();

    // Read in chunks (sizes that cut the header, records and link lists anywhere), the same verdicts.
    const random = mulberry32(5);
    const variants: Buffer[] = [bytes, bytes.subarray(0, 50), bytes.subarray(0, bytes.length - 1), bytes.subarray(0, 96 + sizeData * 2 + 3), Buffer.concat([bytes, Buffer.alloc(4)])];
    for (const at of [...structural, 96 + 7, 96 + sizeData + 7, bytes.length - 5, ...Array.from({ length: 20 }, () => Math.floor(random() * bytes.length))]) {
      const damaged = Buffer.from(bytes);
      damaged[at] = damaged[at]! ^ 0x80;
      variants.push(damaged);
    }
    for (const v of variants) for (const size of [1, 7, 97, sizeData + 1, 4096]) expect(inChunks(v, want, size)).toBe(hnswFileProblem(v, want));
    expect(inChunks(bytes, want, 7)).toBeNull();
  });
});
