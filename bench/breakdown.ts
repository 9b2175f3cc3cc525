/**
 * Where a hybrid query's time goes, stage by stage, and what a cheaper
 * setting costs in results, on an index built with random vectors
 * (`npm run bench -- --random-vector-sizes N` leaves one under
 * bench/out/bench/ours-hybrid-random-N/index):
 *
 *   npx tsx bench/breakdown.ts --index DIR [--queries 500] [--settings 100/100/100,100/50/50] [--recall 200]
 *
 * A setting is `lexical depth/dense depth/HNSW ef` (ef is raised to the dense
 * depth, as hnswlib needs); the default is the engine's own (retrieve.ts).
 * Per question, one after the other: query terms (normalisation, jieba,
 * bigrams), keyword scoring and top-k, HNSW search, reciprocal rank fusion,
 * near-duplicate check. Query vectors are made beforehand (retrieval alone).
 * Prints p50/p99 per stage for each setting, with the 1-minute load.
 * `total CPU` is the process's CPU time per question: on a shared machine the
 * wall-clock total also holds the time the scheduler gave other processes.
 *
 * `--recall N` also compares, on the first N questions, each setting's hybrid
 * top 10 with the exact one: every keyword score ranked (depth 1,000), the
 * dense side by brute force over every paragraph's vector (depth 1,000), fused
 * and de-duplicated the same way. Reported: the share of the exact top 10 the
 * setting returns, and of the exact dense top-`depth` that HNSW returns. The
 * vectors are remade from the paragraphs' text with the random embedder, and
 * checked against what HNSW returns (an index built another way is refused).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { dictionaryOf, tokensFor } from '../src/index/fields.js';
import { readGeneration, type IndexData } from '../src/index/store.js';
import { denseRank, dropNearDuplicates, FUSION_DEPTH, fuse, labelMap, queryKey, type Ranked } from '../src/search/retrieve.js';
import { loadEvalData, sample } from './datasets.js';
import { randomEmbedder } from './random-embedder.js';
import { fmt, log, markdownTable } from './report.js';

const { values: args } = parseArgs({
  options: {
    index: { type: 'string' },
    queries: { type: 'string', default: '500' },
    settings: { type: 'string', default: '' },
    recall: { type: 'string', default: '0' },
  },
});
const USAGE = 'usage: npx tsx bench/breakdown.ts --index DIR [--queries N] [--settings L/D/EF,…] [--recall N]';
if (!args.index) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}

interface Setting {
  lexical: number;
  dense: number;
  ef: number;
}
const settings: Setting[] = args.settings
  ? args.settings.split(',').map((s) => {
      const [lexical, dense, ef] = s.split('/').map(Number);
      if (![lexical, dense, ef].every((n) => Number.isInteger(n) && n! > 0)) {
        process.stderr.write(`bad setting "${s}": expected lexical depth/dense depth/ef, e.g. 100/50/50\n${USAGE}\n`);
        process.exit(2);
      }
      return { lexical: lexical!, dense: dense!, ef: ef! };
    })
  : [];

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
if (!settings.length) settings.push({ lexical: FUSION_DEPTH.lexical, dense: FUSION_DEPTH.dense, ef: vectors.settings.efSearch });
const labels = labelMap(data);
const dictionary = dictionaryOf(data);
const questions = sample(
  loadEvalData().scenarios.filter((s) => s.name.startsWith('same:')).flatMap((s) => s.questions.map((q) => q.query)),
  Number(args.queries),
);
const embedder = randomEmbedder(vectors.dimensions);
const queryVectors = await Promise.all(questions.map((q) => embedder.embedQuery(q)));
const TOP = 10;

const STAGES = ['terms', 'keyword', 'hnsw', 'fusion', 'near-duplicates', 'total', 'total CPU'] as const;
type Times = Record<(typeof STAGES)[number], number[]>;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

function run(s: Setting): { times: Times; results: number[][] } {
  const times = Object.fromEntries(STAGES.map((st) => [st, [] as number[]])) as Times;
  const results: number[][] = [];
  vectors.efSearch = s.ef;
  questions.forEach((q, i) => {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const norm = queryKey(q);
    const tokens = tokensFor(norm, norm, dictionary);
    const t1 = performance.now();
    const lexical: Ranked[] = data!.keyword.search(tokens, s.lexical).map((h) => ({ id: h.doc, score: h.score }));
    const t2 = performance.now();
    const dense = denseRank(data!, labels, queryVectors[i]!, s.dense);
    const t3 = performance.now();
    const fused = fuse([lexical, dense]);
    const t4 = performance.now();
    const top = dropNearDuplicates(data!, fused, TOP);
    const t5 = performance.now();
    const used = process.cpuUsage(cpu);
    [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t5 - t0, (used.user + used.system) / 1000].forEach((ms, k) => times[STAGES[k]!].push(ms));
    results.push(top.map((r) => r.id));
  });
  return { times, results };
}

/** Every paragraph's vector, remade with the random embedder, one row per paragraph id (null rows: no vector). */
async function paragraphVectors(index: IndexData): Promise<Float32Array> {
  const dims = vectors.dimensions;
  const out = new Float32Array(index.paragraphs.length * dims);
  const step = 10_000;
  for (let from = 0; from < index.paragraphs.length; from += step) {
    const ids = Array.from({ length: Math.min(step, index.paragraphs.length - from) }, (_, k) => from + k);
    const made = await embedder.embedPassages(ids.map((id) => index.paragraphs.text(id)));
    ids.forEach((id, k) => out.set(made[k]!, id * dims));
  }
  return out;
}

/** The `k` paragraphs of highest cosine similarity to `q`, by brute force. */
function exactDense(all: Float32Array, q: Float32Array, k: number): Ranked[] {
  const dims = q.length;
  const n = all.length / dims;
  const sims = new Float32Array(n);
  for (let id = 0; id < n; id++) {
    let dot = 0;
    for (let j = 0, at = id * dims; j < dims; j++, at++) dot += all[at]! * q[j]!;
    sims[id] = dot;
  }
  const order = Array.from({ length: n }, (_, id) => id).sort((a, b) => sims[b]! - sims[a]! || a - b);
  return order.slice(0, k).map((id) => ({ id, score: sims[id]! }));
}

const recallCount = Math.min(Number(args.recall) || 0, questions.length);
let exact: { hybrid: number[][]; dense: Ranked[][] } | null = null;
if (recallCount) {
  log(`exact results for ${recallCount} questions: remaking ${data.paragraphs.length.toLocaleString('en')} vectors, brute-force search`);
  const all = await paragraphVectors(data);
  const EXACT_DEPTH = 1000;
  const hybrid: number[][] = [];
  const dense: Ranked[][] = [];
  for (let i = 0; i < recallCount; i++) {
    const norm = queryKey(questions[i]!);
    const lexical = data.keyword.search(tokensFor(norm, norm, dictionary), EXACT_DEPTH).map((h) => ({ id: h.doc, score: h.score }));
    const d = exactDense(all, queryVectors[i]!, EXACT_DEPTH);
    if (i === 0) {
      // The remade vectors must be the index's: HNSW's best hit has the similarity computed here.
      vectors.efSearch = 400;
      const [best] = denseRank(data, labels, queryVectors[0]!, 1);
      let dot = 0;
      for (let j = 0; j < vectors.dimensions; j++) dot += all[best!.id * vectors.dimensions + j]! * queryVectors[0]![j]!;
      if (!best || Math.abs(dot - best.score) > 1e-4) {
        process.stderr.write(`${args.index}: its vectors are not the random embedder's, so exact results cannot be remade; run without --recall\n`);
        process.exit(2);
      }
    }
    dense.push(d);
    hybrid.push(dropNearDuplicates(data, fuse([lexical, d]), TOP).map((r) => r.id));
  }
  exact = { hybrid, dense };
}

/** Mean share of `want`'s ids (per question) found in `got`'s. */
function overlap(got: number[][], want: number[][]): number {
  let sum = 0;
  for (let i = 0; i < want.length; i++) {
    const g = new Set(got[i]!);
    sum += want[i]!.length ? want[i]!.filter((id) => g.has(id)).length / want[i]!.length : 1;
  }
  return sum / (want.length || 1);
}

const rows: string[][] = [];
for (const s of settings) {
  run(s); // warm-up
  const { times, results } = run(s);
  let recall = ['—', '—'];
  if (exact) {
    vectors.efSearch = s.ef;
    const hnsw = exact.dense.map((_, i) => denseRank(data, labels, queryVectors[i]!, s.dense).map((r) => r.id));
    const want = exact.dense.map((d) => d.slice(0, s.dense).map((r) => r.id));
    recall = [fmt(overlap(results.slice(0, recallCount), exact.hybrid), 3), fmt(overlap(hnsw, want), 3)];
  }
  rows.push([
    String(data.paragraphs.length),
    `${s.lexical} / ${s.dense} / ${Math.max(s.ef, s.dense)}`,
    ...STAGES.map((st) => `${fmt(percentile(times[st], 0.5), 3)} / ${fmt(percentile(times[st], 0.99), 2)}`),
    ...recall,
    fmt(os.loadavg()[0]!, 2),
  ]);
}
process.stdout.write(
  `${markdownTable(
    ['paragraphs', 'depth lexical / dense / ef', ...STAGES.map((st) => `${st} p50 / p99 ms`), 'hybrid top-10 recall', 'HNSW recall', 'load'],
    rows,
  )}\n`,
);
