import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HnswFileCheck, hnswFileProblem, type HnswExpectations } from '../../src/index/hnsw-file.js';
import { DEFAULT_HNSW, VectorIndex } from '../../src/index/vectors.js';
import { mulberry32 } from '../../src/util/random.js';

const DIMENSIONS = 48;
const COUNT = 1500;

let work: string;
let bytes: Buffer;
let graph: VectorIndex;
let want: HnswExpectations;
beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'hnsw-file-'));
  const random = mulberry32(3);
  graph = VectorIndex.create(DIMENSIONS, DEFAULT_HNSW, COUNT);
  graph.add(Array.from({ length: COUNT }, () => Float32Array.from({ length: DIMENSIONS }, () => random() - 0.5)));
  graph.remove(7);
  const file = path.join(work, 'vectors.hnsw');
  await graph.write(file);
  bytes = readFileSync(file);
  want = { dimensions: DIMENSIONS, settings: DEFAULT_HNSW, count: COUNT, maxCapacity: 4 * COUNT + 1024 };
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The check fed `size` bytes at a time, as a large file is read. */
function inChunks(data: Buffer, size: number, collect?: ReadonlySet<number>): HnswFileCheck {
  const check = new HnswFileCheck(want, collect);
  for (let at = 0; at < data.length; at += size) check.push(data.subarray(at, at + size));
  return check;
}

describe('the HNSW file check over chunks larger than an item', () => {
  it('gives the whole-file verdict whatever the chunk size, the file several chunks long', () => {
    expect(bytes.length).toBeGreaterThan(4 * (64 << 10));
    const sizeData = Number(bytes.readBigUInt64LE(24));
    const damaged = (at: number) => {
      const d = Buffer.from(bytes);
      d[at] = d[at]! ^ 0x80;
      return d;
    };
    // A neighbour id past the count in an element far into the file, the header, a truncation, bytes past the end.
    const variants = [bytes, damaged(96 + 1000 * sizeData + 7), damaged(40), bytes.subarray(0, bytes.length - 3), Buffer.concat([bytes, Buffer.alloc(4)])];
    for (const v of variants) {
      const whole = hnswFileProblem(v, want);
      for (const size of [4096, (64 << 10) + 5, 100_003, 1 << 20]) expect(inChunks(v, size).end(), `chunks of ${size}`).toBe(whole);
    }
    expect(hnswFileProblem(bytes, want)).toBeNull();
    expect(variants.slice(1).every((v) => hnswFileProblem(v, want) !== null)).toBe(true);
  });

  it('keeps the stored vectors of the labels asked for, as the graph gives them, and none of a deleted element', () => {
    const labels = new Set([0, 7, 500, 1234, COUNT - 1]);
    for (const size of [4096, 100_003]) {
      const check = inChunks(bytes, size, labels);
      expect(check.end()).toBeNull();
      expect([...check.collected.keys()].sort((a, b) => a - b)).toEqual([0, 500, 1234, COUNT - 1]);
      for (const [label, vector] of check.collected) expect(Array.from(vector)).toEqual(Array.from(graph.vector(label)));
    }
  });
});
