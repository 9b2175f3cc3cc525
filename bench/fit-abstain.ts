/**
 * `npx tsx bench/fit-abstain.ts`: fits the abstention model of
 * src/search/answerable.ts (a logistic regression over its features) on the
 * features `npm run eval:abstain` wrote, and writes src/search/abstain-model.json.
 *
 * Each dev-set question gives two examples: its best passage with the gold
 * context in the index (answerable: 1) and without it (unanswerable: 0), the
 * measure the model is judged by. (Labelling passages by whether they are the
 * gold one instead caught fewer unanswerable questions: bench/RESULTS.md.)
 * The threshold is the highest confidence that refuses at most `--refuse` of
 * the answerable questions of every scenario fitted on.
 *
 * So that the figures are not tuned to themselves, the model is first fitted on
 * one set and measured on the other (CMRC → DRCD, DRCD → CMRC), beside the
 * coverage-only rule chosen the same way and with each feature left out in
 * turn (also with the threshold chosen on the set measured on, since the one
 * chosen on CMRC refuses more of DRCD's answerable questions: how well the
 * model orders unseen questions, apart from where its threshold lands); the
 * model written is then fitted on both sets.
 *
 *   --features FILE   what eval:abstain wrote (default bench/out/abstain.json, full sets)
 *   --refuse R        share of answerable questions the threshold may refuse (default 0.02)
 *   --floor C         coverage under which nothing answers (default answerable.ts COVERAGE_FLOOR; 0 for none)
 *   --write           write src/search/abstain-model.json (else only print)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { COVERAGE_FLOOR, FEATURES, type Features } from '../src/search/answerable.js';
import { OUT_DIR, REPO_DIR, fmt, markdownTable } from './report.js';

const { values: args } = parseArgs({
  options: {
    features: { type: 'string', default: path.join(OUT_DIR, 'abstain.json') },
    refuse: { type: 'string', default: '0.02' },
    floor: { type: 'string' },
    write: { type: 'boolean', default: false },
  },
});
const REFUSE = Number(args.refuse);
const FLOOR = args.floor === undefined ? COVERAGE_FLOOR : Number(args.floor);
/** L2 penalty on the weights (not the bias): keeps correlated features from trading huge weights. */
const L2 = 1;
const MODEL_FILE = path.join(REPO_DIR, 'src/search/abstain-model.json');

interface Row {
  id: string;
  answerableFeatures: Features | null;
  unanswerableFeatures: Features | null;
  answerableLatinHeld: boolean;
  unanswerableLatinHeld: boolean;
}
interface Example {
  x: number[];
  y: 0 | 1;
  /** Nothing found, or the Latin-word rule or the coverage floor refuses it whatever the model says. */
  refusedAnyway: boolean;
}
type Scenarios = Record<string, Example[]>;

function examples(rows: Row[], names: readonly string[]): Example[] {
  const vec = (f: Features | null) => names.map((n) => (f ? f[n as keyof Features] : 0));
  const refused = (f: Features | null, latinHeld: boolean) => !f || !latinHeld || f.coverage < FLOOR;
  return rows.flatMap((r): Example[] => [
    { x: vec(r.answerableFeatures), y: 1, refusedAnyway: refused(r.answerableFeatures, r.answerableLatinHeld) },
    { x: vec(r.unanswerableFeatures), y: 0, refusedAnyway: refused(r.unanswerableFeatures, r.unanswerableLatinHeld) },
  ]);
}

/** Solves A x = b (small, symmetric positive definite) by Gaussian elimination. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/** Logistic regression by Newton's method (IRLS); returns [bias, ...weights]. */
function fit(data: Example[]): number[] {
  const d = data[0]!.x.length + 1;
  let w = new Array<number>(d).fill(0);
  for (let iter = 0; iter < 50; iter++) {
    const grad = new Array<number>(d).fill(0);
    const hess = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (const e of data) {
      const x = [1, ...e.x];
      const p = 1 / (1 + Math.exp(-x.reduce((s, v, i) => s + v * w[i]!, 0)));
      for (let i = 0; i < d; i++) {
        grad[i]! += (p - e.y) * x[i]!;
        for (let j = 0; j < d; j++) hess[i]![j]! += p * (1 - p) * x[i]! * x[j]!;
      }
    }
    for (let i = 1; i < d; i++) {
      grad[i]! += L2 * w[i]!;
      hess[i]![i]! += L2;
    }
    const step = solve(hess, grad);
    w = w.map((v, i) => v - step[i]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return w;
}

const score = (w: number[], e: Example) => (e.refusedAnyway ? 0 : 1 / (1 + Math.exp(-e.x.reduce((s, v, i) => s + v * w[i + 1]!, w[0]!))));

/** The highest threshold refusing at most REFUSE of the answerable examples of every scenario. */
function chooseThreshold(w: number[], scenarios: Scenarios): number {
  let t = 1;
  for (const ex of Object.values(scenarios)) {
    const answerable = ex.filter((e) => e.y === 1).map((e) => score(w, e)).sort((a, b) => a - b);
    const k = Math.floor(REFUSE * answerable.length);
    // Refusing the k lowest: the threshold sits just above the k-th lowest (below the (k+1)-th).
    t = Math.min(t, answerable[k]!);
  }
  return t;
}

function rates(w: number[], t: number, ex: Example[]): { answerable: number; unanswerable: number } {
  const refused = (y: 0 | 1) => {
    const xs = ex.filter((e) => e.y === y);
    return xs.filter((e) => score(w, e) < t).length / xs.length;
  };
  return { answerable: refused(1), unanswerable: refused(0) };
}

const rows: Record<string, Row[]> = JSON.parse(readFileSync(args.features, 'utf8')).results;
const byCorpus = (corpus: string, names: readonly string[]): Scenarios =>
  Object.fromEntries(Object.entries(rows).filter(([n]) => n.endsWith(`:${corpus}`)).map(([n, r]) => [n, examples(r, names)]));

/** Fits on one corpus, measures on the other; for a set of feature names. */
function transfer(names: readonly string[]): string[][] {
  const out: string[][] = [];
  for (const [from, to] of [['cmrc', 'drcd'], ['drcd', 'cmrc']] as const) {
    const train = byCorpus(from, names);
    const w = fit(Object.values(train).flat());
    const t = chooseThreshold(w, train);
    for (const [name, ex] of Object.entries(byCorpus(to, names))) {
      const r = rates(w, t, ex);
      // The same model with the threshold of the set measured on: how well it orders that set's questions, apart from where its threshold lands.
      const own = rates(w, chooseThreshold(w, { [name]: ex }), ex);
      out.push([names.length === FEATURES.length ? 'all' : names.join('+'), `${from} → ${name}`, fmt(r.answerable, 3), fmt(r.unanswerable, 3), fmt(own.unanswerable, 3)]);
    }
  }
  return out;
}

const header = ['features', 'fitted on → measured on', 'abstain on answerable', 'abstain on unanswerable', `abstain on unanswerable, threshold refusing ≤ ${REFUSE} of this set's answerable`];
const tableRows = [
  ...transfer(['coverage']),
  ...transfer(FEATURES),
  ...FEATURES.flatMap((leave) => transfer(FEATURES.filter((f) => f !== leave)).map((r) => [`all but ${leave}`, ...r.slice(1)])),
];
process.stdout.write(`## Fitted on one set, measured on the other (threshold: ≤ ${REFUSE} refused on the set fitted on)\n\n${markdownTable(header, tableRows)}\n\n`);

const all: Scenarios = { ...byCorpus('cmrc', FEATURES), ...byCorpus('drcd', FEATURES) };
const w = fit(Object.values(all).flat());
const threshold = chooseThreshold(w, all);
const fitted = markdownTable(
  ['scenario', 'abstain on answerable', 'abstain on unanswerable'],
  Object.entries(all).map(([n, ex]) => {
    const r = rates(w, threshold, ex);
    return [n, fmt(r.answerable, 3), fmt(r.unanswerable, 3)];
  }),
);
const round = (x: number) => Math.round(x * 1e4) / 1e4;
const model = {
  features: [...FEATURES],
  weights: w.slice(1).map(round),
  bias: round(w[0]!),
  // Rounded down, so the rounded threshold refuses no more than the fitted one.
  threshold: Math.floor(threshold * 1e4) / 1e4,
  fitted: `bench/fit-abstain.ts on ${path.relative(REPO_DIR, args.features)} (${Object.keys(all).join(', ')}; ${Object.values(all).flat().length} examples), L2 ${L2}, coverage floor ${FLOOR}, threshold refusing ≤ ${REFUSE} of answerable questions per scenario`,
};
process.stdout.write(`## Fitted on both sets (written model)\n\n${fitted}\n\n\`\`\`json\n${JSON.stringify(model, null, 2)}\n\`\`\`\n`);
if (args.write) {
  writeFileSync(MODEL_FILE, `${JSON.stringify(model, null, 2)}\n`);
  process.stderr.write(`wrote ${path.relative(process.cwd(), MODEL_FILE)}\n`);
}
