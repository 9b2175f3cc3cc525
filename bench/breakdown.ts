/**
 * Where a hybrid query's time goes, stage by stage, on an index built with
 * random vectors (`npm run bench -- --random-vector-sizes N` leaves one under
 * bench/out/bench/ours-hybrid-random-N/index):
 *
 *   npx tsx bench/breakdown.ts --index DIR [--queries 500] [--depth 100] [--ef 96,48]
 *
 * Per question, one after the other: query terms (normalisation, jieba,
 * bigrams), keyword scoring and top-k, HNSW search, reciprocal rank fusion,
 * near-duplicate check. Query vectors are made beforehand (retrieval alone).
 * Prints p50/p99 per stage for each HNSW `ef` asked, with the 1-minute load.
 * `total CPU` is the process's CPU time per question: on a shared machine the
 * wall-clock total also holds the time the scheduler gave other processes.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { dictionaryOf, tokensFor } from '../src/index/fields.js';
import { readGeneration } from '../src/index/store.js';
import { denseRank, dropNearDuplicates, fuse, labelMap, queryKey, type Ranked } from '../src/search/retrieve.js';
import { loadEvalData, sample } from './datasets.js';
import { randomEmbedder } from './random-embedder.js';
import { fmt, markdownTable } from './report.js';

const { values: args } = parseArgs({
  options: {
    index: { type: 'string' },
    queries: { type: 'string', default: '500' },
    depth: { type: 'string', default: '100' },
    ef: { type: 'string', default: '' },
  },
});
if (!args.index) throw new Error('usage: npx tsx bench/breakdown.ts --index DIR [--queries N] [--depth N] [--ef LIST]');

const data = await readGeneration(args.index).catch((e: unknown) => {
  // An index of an older format or damaged: say so and how to get one, without a stack trace.
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\nBuild one with: npm run bench -- --sizes N --random-vector-sizes N\n`);
  process.exit(2);
});
if (!data?.vectors) {
  process.stderr.write(`${args.index} holds no index with vectors. Build one with: npm run bench -- --sizes N --random-vector-sizes N\n`);
  process.exit(2);
}
const vectors = data.vectors;
const labels = labelMap(data);
const dictionary = dictionaryOf(data);
const depth = Number(args.depth);
const questions = sample(
  loadEvalData().scenarios.filter((s) => s.name.startsWith('same:')).flatMap((s) => s.questions.map((q) => q.query)),
  Number(args.queries),
);
const embedder = randomEmbedder(vectors.dimensions);
const queryVectors = await Promise.all(questions.map((q) => embedder.embedQuery(q)));

const STAGES = ['terms', 'keyword', 'hnsw', 'fusion', 'near-duplicates', 'total', 'total CPU'] as const;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

function run(): Record<(typeof STAGES)[number], number[]> {
  const times = Object.fromEntries(STAGES.map((s) => [s, [] as number[]])) as Record<(typeof STAGES)[number], number[]>;
  questions.forEach((q, i) => {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const norm = queryKey(q);
    const tokens = tokensFor(norm, norm, dictionary);
    const t1 = performance.now();
    const lexical: Ranked[] = data!.keyword.search(tokens, depth).map((h) => ({ id: h.doc, score: h.score }));
    const t2 = performance.now();
    const dense = denseRank(data!, labels, queryVectors[i]!, depth);
    const t3 = performance.now();
    const fused = fuse([lexical, dense]);
    const t4 = performance.now();
    dropNearDuplicates(data!, fused, 10);
    const t5 = performance.now();
    const used = process.cpuUsage(cpu);
    [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t5 - t0, (used.user + used.system) / 1000].forEach((ms, k) => times[STAGES[k]!].push(ms));
  });
  return times;
}

const efs = args.ef ? args.ef.split(',').map(Number) : [vectors.settings.efSearch];
const rows: string[][] = [];
for (const ef of efs) {
  vectors.efSearch = ef;
  run(); // warm-up
  const times = run();
  rows.push([
    String(data.paragraphs.length),
    String(depth),
    String(Math.max(ef, depth)),
    ...STAGES.map((s) => `${fmt(percentile(times[s], 0.5), 3)} / ${fmt(percentile(times[s], 0.99), 2)}`),
    fmt(os.loadavg()[0]!, 2),
  ]);
}
process.stdout.write(`${markdownTable(['paragraphs', 'depth', 'ef', ...STAGES.map((s) => `${s} p50 / p99 ms`), 'load'], rows)}\n`);
