/**
 * The vector side of a large hybrid index alone: N random 384-dimension unit
 * vectors (bench/random-embedder.ts) added to the project's VectorIndex with
 * its default settings, in steps, printing after each step the insert rate,
 * the process's RSS and the elapsed time; then the file is written, read back
 * and searched. What `npm run bench -- --random-vector-sizes N` would take for
 * the graph, without parsing and segmenting N paragraphs first.
 *
 *   npx tsx bench/hnsw-build.ts --count 1000000 [--step 50000] [--out DIR]
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_HNSW, VectorIndex } from '../src/index/vectors.js';
import { randomEmbedder } from './random-embedder.js';
import { fmt, log, markdownTable, OUT_DIR } from './report.js';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    step: { type: 'string', default: '50000' },
    out: { type: 'string', default: path.join(OUT_DIR, 'hnsw-build') },
  },
});
const count = Number(args.count);
const step = Number(args.step);
const DIMENSIONS = 384;
const MiB = 2 ** 20;
const rss = () => process.memoryUsage().rss / MiB;

const embedder = randomEmbedder(DIMENSIONS);
const index = VectorIndex.create(DIMENSIONS, DEFAULT_HNSW, count);
const rows: string[][] = [];
const started = performance.now();
for (let from = 0; from < count; from += step) {
  const texts = Array.from({ length: Math.min(step, count - from) }, (_, k) => `paragraph ${from + k}`);
  const vectors = await embedder.embedPassages(texts);
  const t0 = performance.now();
  index.add(vectors);
  const ms = performance.now() - t0;
  rows.push([
    (from + texts.length).toLocaleString('en'),
    fmt((texts.length / ms) * 1000, 0),
    fmt(rss(), 0),
    fmt((performance.now() - started) / 1000, 0),
    fmt(os.loadavg()[0]!, 2),
  ]);
  log(rows.at(-1)!.join('  '));
}
mkdirSync(args.out, { recursive: true });
const file = path.join(args.out, 'vectors.hnsw');
let t = performance.now();
await index.write(file);
const writeMs = performance.now() - t;
const bytes = statSync(file).size;
t = performance.now();
const read = await VectorIndex.read(file, DIMENSIONS, DEFAULT_HNSW, count);
const readMs = performance.now() - t;
const query = await embedder.embedQuery('一个问题');
const hits = read.search(query, 10).length;
rmSync(args.out, { recursive: true, force: true });
process.stdout.write(
  `${markdownTable(['vectors', 'inserts/s (this step)', 'RSS MiB', 'elapsed s', 'load'], rows)}\n\n` +
    `file ${fmt(bytes / MiB, 0)} MiB, written in ${fmt(writeMs / 1000, 1)} s, read in ${fmt(readMs / 1000, 1)} s (RSS ${fmt(rss(), 0)} MiB), ${hits} hits\n`,
);
