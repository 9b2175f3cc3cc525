/**
 * The fixed memory cost: what jieba's dictionary, the embedding model and the
 * thread scoring a hybrid search's keywords hold before any document (issue
 * 11: jieba + model ≤ 150 MiB; the thread is counted in the total too). Each round runs one
 * fresh process per model (`bench/measure.ts`'s `fixed` job), rounds
 * interleaved; prints the medians as a Markdown table.
 *
 *   npm run bench:fixed -- --model DIR [--model DIR...] [--rounds N] [--out FILE]
 *
 * Give a model with its weights inside the graph and the same model with them
 * beside it (`npm run model:external -- DIR`) to compare the two layouts.
 * RSS counts file-backed pages (onnxruntime's library, mapped weights), shared
 * between processes and reclaimable; anon is the process's own memory.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { FixedResult, Measured } from './measure.js';
import { runJob } from './run-job.js';

const TARGET_MIB = 150;
const REPO_DIR = path.join(import.meta.dirname, '..');

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', multiple: true, default: [] },
    rounds: { type: 'string', default: '3' },
    out: { type: 'string' },
  },
});
const rounds = Number(args.rounds);
if (!args.model!.length || !Number.isInteger(rounds) || rounds < 1) {
  console.error('Usage: npm run bench:fixed -- --model DIR [--model DIR...] [--rounds N (default 3)] [--out FILE]');
  process.exit(2);
}


const results = new Map<string, Measured<FixedResult>[]>(args.model!.map((m) => [m, []]));
for (let round = 0; round < rounds; round++) {
  for (const model of args.model!) results.get(model)!.push(await runJob<FixedResult>({ kind: 'fixed', model: path.resolve(model) }));
}
if (args.out) writeFileSync(args.out, `${JSON.stringify(Object.fromEntries(results), null, 2)}\n`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cell = (xs: (number | null | undefined)[]) => (xs.some((x) => x == null) ? '—' : median(xs as number[]).toFixed(1));
const range = (xs: number[]) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;
const rows = [...results].map(([model, rs]) => {
  const totalRss = rs.map((r) => r.jieba.rssMiB + (r.model?.rssMiB ?? 0) + (r.keywordThread?.rssMiB ?? 0));
  const totalAnon = rs.map((r) => (r.jieba.anonMiB ?? NaN) + (r.model?.anonMiB ?? 0) + (r.keywordThread?.anonMiB ?? 0));
  return [
    path.relative(REPO_DIR, path.resolve(model)) || model,
    cell(rs.map((r) => r.jieba.rssMiB)),
    cell(rs.map((r) => r.jieba.anonMiB)),
    cell(rs.map((r) => r.model?.rssMiB)),
    cell(rs.map((r) => r.model?.anonMiB)),
    cell(rs.map((r) => r.keywordThread?.rssMiB)),
    `${median(totalRss).toFixed(1)} (${range(totalRss)})`,
    `${median(totalAnon).toFixed(1)} (${range(totalAnon)})`,
    median(totalRss) <= TARGET_MIB ? 'yes' : 'no',
    (median(rs.map((r) => r.modelLoadMs ?? NaN)) / 1000).toFixed(2),
    range(rs.map((r) => r.load1)),
  ];
});
const header = ['model', 'jieba RSS', 'jieba anon', 'model RSS', 'model anon', 'keyword thread RSS', 'total RSS', 'total anon', `RSS ≤ ${TARGET_MIB}`, 'model load s', 'load1'];
console.log(
  [
    `Fixed cost, MiB (median of ${rounds} fresh processes each; min–max in brackets), ${os.availableParallelism()} cores:`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n'),
);
