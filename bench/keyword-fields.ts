/**
 * `npx tsx bench/keyword-fields.ts INDEX_DIR [--queries N]`: where keyword
 * scoring time goes. The bench's questions (both dev sets, evenly spread, as
 * the serve job asks them) are scored with every field, then with one field at
 * a time (the others weighted 0), then with none (the sweep over the score
 * array alone); p50 wall ms of each, and the median number of postings a
 * question scores per field (terms past a field's `maxDocShare` skipped, as
 * search skips them).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { dictionaryOf, tokensFor } from '../src/index/fields.js';
import { readGeneration } from '../src/index/store.js';
import { queryKey } from '../src/search/retrieve.js';
import { loadEvalData, sample } from './datasets.js';

const { values: args, positionals } = parseArgs({ allowPositionals: true, options: { queries: { type: 'string', default: '200' } } });
const data = (await readGeneration(positionals[0]!))!;
const questions = sample(
  loadEvalData().scenarios.filter((s) => s.name.startsWith('same:')).flatMap((s) => s.questions.map((q) => q.query)),
  Number(args.queries),
);
const dictionary = dictionaryOf(data);
const tokens = questions.map((q) => {
  const norm = queryKey(q);
  return tokensFor(norm, norm, dictionary);
});
const { keyword } = data;
const { options } = keyword;
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;

function p50(search: (t: Record<string, string[]>) => void): number {
  for (const t of tokens.slice(0, 20)) search(t);
  return median(
    tokens.map((t) => {
      const start = performance.now();
      search(t);
      return performance.now() - start;
    }),
  );
}

/** Live documents holding `term` in `field`, over the segments. */
const df = (field: string, term: string) => data.parts.reduce((n, p) => n + p.segment.keyword.df(field, term) - (p.deletions?.df[field]?.get(term) ?? 0), 0);

console.log(`${keyword.docCount} paragraphs, ${data.parts.length} segment(s), ${tokens.length} questions, load ${loadavg()[0]!.toFixed(2)}`);
console.log(`every field: p50 ${p50((t) => keyword.search(t, 10)).toFixed(2)} ms`);
for (const f of options.fields) {
  const only = keyword.withOptions({ ...options, fields: options.fields.map((g) => ({ ...g, weight: g.name === f.name ? g.weight : 0 })) });
  const maxDf = Math.max((f.maxDocShare ?? 1) * keyword.docCount, 1000);
  const postings = median(tokens.map((t) => [...new Set(t[f.name] ?? [])].map((term) => df(f.name, term)).filter((n) => n <= maxDf).reduce((a, b) => a + b, 0)));
  console.log(`${f.name} alone: p50 ${p50((t) => only.search(t, 10)).toFixed(2)} ms, median postings ${postings}`);
}
console.log(`no field (the sweep over the scores): p50 ${p50((t) => keyword.search({}, 10)).toFixed(2)} ms, load ${loadavg()[0]!.toFixed(2)}`);
