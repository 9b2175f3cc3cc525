/**
 * `npm run eval:abstain`: does the engine know when the corpus does not answer,
 * and does it mark the sentence that does? Measured SQuAD-2.0 style on the
 * development sets, keyword mode, through the engine's own functions:
 *
 * - every question as given is answerable: abstaining on it is an error;
 * - the same question asked of the index minus its gold file (a deletion
 *   list, as a re-index deleting the file makes: the statistics are the
 *   remaining paragraphs', bench/without-file.ts) is unanswerable: answering
 *   it is an error.
 *
 * Prints, per scenario, the abstention rates on both over a sweep of the
 * model's confidence threshold (the curve) with the configured point marked, and the
 * share of questions whose first passage, in the order `ask` shows them (rank.ts surestFirst), is the gold one
 * and whose marked sentences contain the gold answer text. Writes bench/out/abstain.json.
 *
 *   --subset N        questions per scenario (evenly spread), for quick runs
 *   --scenario LIST   same, cross, same:cmrc, … (default: same and cross)
 *   --misses FILE     also write, as JSON, each gold-first question whose marks miss the answer:
 *                     the question, the answers, the marked sentences and the passage (to read them)
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildIndex } from '../src/index/build.js';
import { readGeneration, type IndexData } from '../src/index/store.js';
import { ABSTAIN_THRESHOLD, judge, RUNNERS_UP, termsFor, type Features } from '../src/search/answerable.js';
import { answerPassages, windowKey, windows } from '../src/search/passages.js';
import { rankWithRunnersUp, surestFirst } from '../src/search/rank.js';
import { labelMap } from '../src/search/retrieve.js';
import { loadEvalData, matchesFilter, sample, writeCorpus, type CorpusName, type Question } from './datasets.js';
import { withoutFile } from './without-file.js';
import { OUT_DIR, describeMachine, fmt, log, machineInfo, markdownTable, writeJson } from './report.js';

const WORK_DIR = path.join(OUT_DIR, 'abstain');
/** Passages asked for, as a reader's `ask` does by default. */
const TOP = 3;
/** The model's probability thresholds of the curve, with the configured one. */
const THRESHOLDS = [...new Set([...Array.from({ length: 19 }, (_, i) => Math.round((0.05 + i * 0.05) * 100) / 100), ABSTAIN_THRESHOLD])].sort((a, b) => a - b);

const { values: args } = parseArgs({
  options: {
    subset: { type: 'string' },
    scenario: { type: 'string', default: 'same,cross' },
    out: { type: 'string', default: path.join(OUT_DIR, 'abstain.json') },
    misses: { type: 'string' },
  },
});

interface Measured {
  id: string;
  /** The model's confidence that the best passage answers, with the gold context in the index and without it (0 when a Latin word is missing). */
  answerable: number;
  unanswerable: number;
  /** The features behind them (null when nothing was found), for bench/fit-abstain.ts. */
  answerableFeatures: Features | null;
  unanswerableFeatures: Features | null;
  /** Whether the best passage holds every Latin word of the question (the rule's hard part). */
  answerableLatinHeld: boolean;
  unanswerableLatinHeld: boolean;
  /** Whether the first passage `ask` shows is from the gold file, and then whether its marked sentences hold a gold answer. */
  goldFirst: boolean;
  markedHoldsAnswer: boolean | null;
  markedShare: number | null;
}

/** A gold-first question whose marked sentences miss the answer, for reading (`--misses`). */
interface Miss {
  id: string;
  question: string;
  answers: string[];
  marked: string[];
  passage: string;
}

async function measure(data: IndexData, questions: Question[], misses: Miss[]): Promise<Measured[]> {
  const labels = labelMap(data);
  /** The index minus each gold file, made once per file. */
  const views = new Map<string, IndexData>();
  const out: Measured[] = [];
  for (const q of questions) {
    const terms = termsFor(data, q.query);
    // As `ask` ranks: the passages shown, then those the judgement compares the best one with.
    const rank = (index: IndexData, l: Map<number, number>) => rankWithRunnersUp(index, l, null, q.query, { mode: 'lexical', top: TOP }, 1 + RUNNERS_UP);
    const gold = await rank(data, labels);
    const withGold = gold.ranked;
    let rest = views.get(q.gold);
    if (!rest) views.set(q.gold, (rest = withoutFile(data, q.gold)));
    const without = await rank(rest, labelMap(rest));
    const keys = (index: IndexData, r: typeof gold) => windows(index, [...r.ranked, ...r.runnersUp]).map((w) => windowKey(index, w.ids));
    const retrieved = keys(data, gold);
    // Whether the corpus answers is the judgement of retrieval's first passage; which passage `ask` shows first, surestFirst's.
    const a = judge(data, terms, q.query, retrieved);
    const shown = windows(data, withGold);
    const shownFirst = shown[surestFirst(data, terms, q.query, retrieved, shown.length, a).order[0]!];
    const goldFirst = shownFirst !== undefined && data.paragraphs.file(shownFirst.id) === q.gold;
    let markedHoldsAnswer: boolean | null = null;
    let markedShare: number | null = null;
    if (goldFirst) {
      const [first] = answerPassages(data, [shownFirst], q.query, terms);
      const marked = first!.sentences.join('');
      markedHoldsAnswer = q.answers.some((a) => a.trim() !== '' && marked.includes(a.trim()));
      markedShare = marked.length / first!.text.length;
      if (!markedHoldsAnswer) misses.push({ id: q.id, question: q.query, answers: q.answers, marked: first!.sentences, passage: first!.text });
    }
    const u = judge(rest, termsFor(rest, q.query), q.query, keys(rest, without));
    out.push({
      id: q.id,
      answerable: a.confidence,
      unanswerable: u.confidence,
      answerableFeatures: a.features,
      unanswerableFeatures: u.features,
      answerableLatinHeld: a.latinHeld,
      unanswerableLatinHeld: u.latinHeld,
      goldFirst,
      markedHoldsAnswer,
      markedShare,
    });
  }
  return out;
}

const share = (xs: boolean[]) => (xs.length ? xs.filter(Boolean).length / xs.length : Number.NaN);

async function main(): Promise<void> {
  const data = loadEvalData();
  const subset = args.subset === undefined ? undefined : Number(args.subset);
  const scenarios = data.scenarios
    .filter((s) => !s.name.startsWith('mixed:') && matchesFilter(s.name, args.scenario.split(',')))
    .map((s) => ({ ...s, questions: sample(s.questions, subset) }));
  const results: Record<string, Measured[]> = {};
  const misses: Record<string, Miss[]> = {};
  for (const corpus of [...new Set(scenarios.map((s) => s.corpus))] as CorpusName[]) {
    const dir = path.join(WORK_DIR, `corpus-${corpus}`);
    const indexDir = path.join(WORK_DIR, `index-${corpus}`);
    writeCorpus(dir, data.corpora[corpus]);
    log(`indexing ${corpus} (${data.corpora[corpus].length} files)`);
    await buildIndex({ corpusDir: dir, indexDir, embedder: null, full: true });
    const index = (await readGeneration(indexDir))!;
    for (const s of scenarios.filter((x) => x.corpus === corpus)) {
      log(`  ${s.name}: ${s.questions.length} questions`);
      results[s.name] = await measure(index, s.questions, (misses[s.name] = []));
    }
  }

  const names = Object.keys(results);
  const curve = markdownTable(
    ['confidence ≥', ...names.flatMap((n) => [`${n} abstain answerable`, `${n} abstain unanswerable`])],
    THRESHOLDS.map((t) => [
      t === ABSTAIN_THRESHOLD ? `**${t}** (chosen)` : t.toFixed(2),
      ...names.flatMap((n) => [fmt(share(results[n]!.map((m) => m.answerable < t)), 3), fmt(share(results[n]!.map((m) => m.unanswerable < t)), 3)]),
    ]),
  );
  const chosen = markdownTable(
    ['scenario', 'n', 'abstain on answerable', 'abstain on unanswerable', 'gold first', 'marked holds answer (gold first)', 'marked share of text'],
    names.map((n) => {
      const r = results[n]!;
      const firsts = r.filter((m) => m.goldFirst);
      const meanShare = firsts.reduce((s, m) => s + m.markedShare!, 0) / (firsts.length || 1);
      return [
        n,
        String(r.length),
        fmt(share(r.map((m) => m.answerable < ABSTAIN_THRESHOLD)), 3),
        fmt(share(r.map((m) => m.unanswerable < ABSTAIN_THRESHOLD)), 3),
        fmt(share(r.map((m) => m.goldFirst)), 3),
        fmt(share(firsts.map((m) => m.markedHoldsAnswer!)), 3),
        fmt(meanShare, 3),
      ];
    }),
  );
  // The highest threshold that abstains on at most 2% of the answerable questions of every scenario.
  const fits = THRESHOLDS.filter((t) => names.every((n) => share(results[n]!.map((m) => m.answerable < t)) <= 0.02));
  const suggested = fits.length ? fits[fits.length - 1]! : null;
  const machine = machineInfo();
  process.stdout.write(
    `## At the configured threshold (confidence ≥ ${ABSTAIN_THRESHOLD})\n\n${chosen}\n\n## Curve: share of questions abstained on\n\n${curve}\n\n- Machine: ${describeMachine(machine)}.\n- Keyword mode, top ${TOP}; unanswerable = the same question asked of the index minus its gold file (its statistics too).\n- Highest threshold of the sweep abstaining on ≤ 2% of answerable questions in every scenario: ${suggested ?? 'none'}.\n`,
  );
  writeJson(args.out, { machine, threshold: ABSTAIN_THRESHOLD, subset: subset ?? null, results });
  log(`wrote ${path.relative(process.cwd(), args.out)}`);
  if (args.misses) {
    writeJson(args.misses, misses);
    log(`wrote ${path.relative(process.cwd(), args.misses)}`);
  }
}

await main();
