/**
 * `npx tsx bench/big-graph.ts [--count N] [--dir D]`: the load path of a graph
 * file past 2 GiB, which `fs.readFile` refuses. Building a real graph of
 * 1.3 million points takes the better part of an hour on 2 cores, so this
 * writes a structurally valid hnswlib file (hnswlib 0.8's layout, see
 * src/index/hnsw-file.ts) of `count` random unit vectors of 384 dimensions with
 * no links, then runs what loading a segment runs on it: the streamed
 * checksum and structure check (`graphFileProblem`), then hnswlib's own read,
 * and one search. It prints times and the process's peak RSS after each step:
 * the file is never held in JavaScript. Default 1,300,000 points, 2.18 GB.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { graphFileProblem } from '../src/index/store.js';
import { DEFAULT_HNSW, VectorIndex } from '../src/index/vectors.js';
import { mulberry32 } from '../src/util/random.js';

const { values: args } = parseArgs({ options: { count: { type: 'string', default: '1300000' }, dir: { type: 'string', default: 'bench/out/big-graph' } } });
const count = Number(args.count);
const dims = 384;
const m = DEFAULT_HNSW.m;
const linksLevel0 = 2 * m * 4 + 4;
const sizeData = linksLevel0 + 4 * dims + 8;
const file = path.resolve(args.dir!, 'vectors.hnsw');

const mib = (n: number) => Math.round(n / 2 ** 20);
const peak = () => mib(process.resourceUsage().maxRSS * 1024);
const report = (step: string, ms: number, extra = '') => console.log(`${step}: ${(ms / 1000).toFixed(1)} s, peak RSS ${peak()} MiB, load ${loadavg()[0]!.toFixed(2)}${extra}`);

async function writeGraph(): Promise<string> {
  rmSync(path.dirname(file), { recursive: true, force: true });
  const { mkdirSync } = await import('node:fs');
  mkdirSync(path.dirname(file), { recursive: true });
  const fh = await open(file, 'w');
  const hash = createHash('sha256');
  const put = async (b: Buffer) => {
    hash.update(b);
    await fh.write(b);
  };
  const header = Buffer.alloc(96);
  header.writeBigUInt64LE(0n, 0); // offsetLevel0
  header.writeBigUInt64LE(BigInt(count), 8); // capacity
  header.writeBigUInt64LE(BigInt(count), 16);
  header.writeBigUInt64LE(BigInt(sizeData), 24);
  header.writeBigUInt64LE(BigInt(linksLevel0 + 4 * dims), 32); // label offset
  header.writeBigUInt64LE(BigInt(linksLevel0), 40); // data offset
  header.writeInt32LE(0, 48); // top level
  header.writeUInt32LE(0, 52); // entry point
  header.writeBigUInt64LE(BigInt(m), 56);
  header.writeBigUInt64LE(BigInt(2 * m), 64);
  header.writeBigUInt64LE(BigInt(m), 72);
  header.writeDoubleLE(1 / Math.log(m), 80);
  header.writeBigUInt64LE(BigInt(DEFAULT_HNSW.efConstruction), 88);
  await put(header);
  const random = mulberry32(9);
  const perChunk = 4096;
  for (let first = 0; first < count; first += perChunk) {
    const n = Math.min(perChunk, count - first);
    const chunk = Buffer.alloc(n * sizeData);
    for (let k = 0; k < n; k++) {
      const at = k * sizeData;
      const v = new Float32Array(dims);
      let norm = 0;
      for (let d = 0; d < dims; d++) norm += (v[d] = random() - 0.5) ** 2;
      for (let d = 0; d < dims; d++) chunk.writeFloatLE(v[d]! / Math.sqrt(norm), at + linksLevel0 + 4 * d);
      chunk.writeBigUInt64LE(BigInt(first + k), at + linksLevel0 + 4 * dims);
    }
    await put(chunk);
  }
  // No upper levels: a zero link-list size per element.
  await put(Buffer.alloc(4 * count));
  await fh.close();
  return hash.digest('hex');
}

let t = performance.now();
const sha = await writeGraph();
report(`wrote ${file} (${count} points, ${(((96 + count * (sizeData + 4)) / 2 ** 30)).toFixed(2)} GiB)`, performance.now() - t);

t = performance.now();
const refused = await readFile(file).then(
  () => 'read',
  (e: NodeJS.ErrnoException) => e.code ?? e.message,
);
report('fs.readFile (the load path before)', performance.now() - t, `: ${refused}`);

t = performance.now();
const problem = await graphFileProblem(file, sha, { dimensions: dims, settings: DEFAULT_HNSW, count, maxCapacity: 4 * count + 1024 });
report('streamed sha256 + structure check (graphFileProblem)', performance.now() - t, `: ${problem ?? 'passed'}`);
if (problem) process.exit(1);

t = performance.now();
const index = await VectorIndex.read(file, dims, DEFAULT_HNSW, count);
report('hnswlib readIndex', performance.now() - t, `: ${index.size} points`);

t = performance.now();
const last = index.vector(count - 1);
// With no links a search reaches the entry point only: point 0's own vector finds it.
const hit = index.search(index.vector(0), 1)[0];
report('last point read back, one search', performance.now() - t, `: ${last.length} dimensions, label ${hit?.label} at similarity ${hit?.similarity.toFixed(4)}`);
rmSync(path.dirname(file), { recursive: true, force: true });
