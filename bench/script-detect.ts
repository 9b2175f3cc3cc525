/**
 * `npm run bench:script`: the script detector (src/corpus/script.ts) against
 * converting every text in context, as it did before the character table.
 * The decisions must be the same on every text: the bundled corpus's
 * documents and paragraphs, the development sets' contexts, paragraphs and
 * questions (as written and converted to the other script), and the bench
 * corpus's files (`--paragraphs N`, default 100000). Then the time of both on
 * the bench corpus's files, and of parsing them (CPU seconds).
 *
 *   --paragraphs N   size of the synthetic bench corpus (bench/synthetic.ts)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';
import { parseDocument } from '../src/corpus/index.js';
import { characterCounts, detectScript, scriptCounts, toSimplified, toTraditional } from '../src/corpus/script.js';
import { loadEvalData, paragraphs } from './datasets.js';
import { log, markdownTable } from './report.js';
import { syntheticCorpus } from './synthetic.js';

const { values: args } = parseArgs({ options: { paragraphs: { type: 'string', default: '100000' } } });

/** The decision of the detector before the character table: the text converted in context both ways. */
function inContext(text: string): string {
  const c = scriptCounts(text);
  if (c.han === 0) return 'other';
  return c.traditional > c.simplified ? 'traditional' : 'simplified';
}

/** What parseDocument passes the detector: titles and paragraph texts of the file. */
function documentText(file: string, bytes: Buffer): string | null {
  const doc = parseDocument(file, bytes).document;
  return doc && [...doc.articles.map((a) => a.title), ...doc.articles.flatMap((a) => a.paragraphs.map((p) => p.text))].join('\n');
}

/** Whether the character table's bounds decide the text (else it is converted in context). */
function byTable(text: string): boolean {
  const c = characterCounts(text);
  return c.traditional > c.simplified + c.simplifiedUncertain || c.traditional + c.traditionalUncertain <= c.simplified;
}

const rows: string[][] = [];
function compare(name: string, texts: string[]): void {
  let differ = 0;
  let table = 0;
  const by: Record<string, number> = {};
  for (const t of texts) {
    if (byTable(t)) table++;
    const now = detectScript(t);
    if (now !== inContext(t)) {
      differ++;
      if (differ <= 3) log(`${name}: differs on ${JSON.stringify(t.slice(0, 80))}`);
    }
    by[now] = (by[now] ?? 0) + 1;
  }
  rows.push([name, String(texts.length), String(differ), String(table), Object.entries(by).map(([k, v]) => `${k} ${v}`).join(', ')]);
}

const corpusDir = path.resolve('corpus');
const bundled = readdirSync(corpusDir).map((f) => documentText(f, readFileSync(path.join(corpusDir, f)))).filter((t): t is string => t !== null);
compare('bundled corpus: documents', bundled);
compare('bundled corpus: paragraphs', bundled.flatMap((t) => t.split('\n')));

const data = loadEvalData();
for (const set of ['cmrc', 'drcd'] as const) {
  const contexts = data.corpora[set].map((f) => f.text);
  compare(`${set}: contexts`, contexts);
  compare(`${set}: contexts in the other script`, contexts.map(set === 'cmrc' ? toTraditional : toSimplified));
  compare(`${set}: paragraphs`, contexts.flatMap(paragraphs));
}
for (const s of data.scenarios.filter((s) => s.name.startsWith('same:') || s.name.startsWith('cross:'))) compare(`${s.name}: questions`, s.questions.map((q) => q.query));

const count = Number(args.paragraphs);
const files = syntheticCorpus(count);
const bytes = files.map((f) => Buffer.from(`${f.text}\n`));
const texts = files.map((f, i) => documentText(f.file, bytes[i]!)!);
compare(`bench corpus ${count}: files`, texts);

console.log(markdownTable(['texts', 'count', 'decisions differing', 'decided by the table', 'decisions'], rows));

/** CPU time (user + system, ms) of `run`: on a shared machine less swayed by the load than wall time. */
const time = (run: () => void) => {
  const t = process.cpuUsage();
  run();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
};
const timing: string[][] = [];
for (let round = 1; round <= 2; round++) {
  const load = loadavg()[0]!.toFixed(2);
  const before = time(() => texts.forEach(inContext));
  const now = time(() => texts.forEach(detectScript));
  const parse = time(() => files.forEach((f, i) => parseDocument(f.file, bytes[i]!)));
  timing.push([String(round), (before / 1000).toFixed(2), (now / 1000).toFixed(2), (parse / 1000).toFixed(2), load]);
}
console.log(`\nbench corpus ${count} paragraphs (${files.length} files), ${cpus().length} cores, CPU seconds:\n`);
console.log(markdownTable(['round', 'detect, in context', 'detect, table', 'parse (table)', 'load'], timing));
