/**
 * `npm run eval`: the retrieval protocol of docs/cli.md on the development
 * sets of bench/data, for our engine (lexical, dense, hybrid) and for the peer libraries.
 * Prints a Markdown table on stdout (progress on stderr) and writes
 * bench/out/eval.json.
 *
 *   --subset N        questions per scenario (evenly spread), for quick runs
 *   --scenario LIST   comma-separated scenario names or groups (same, cross, mixed, same:cmrc, …)
 *   --systems LIST    comma-separated: ours, peers, orama, minisearch, flexsearch, sqlite-fts5
 *   --top K           hits requested per question (default 10)
 *   --model ID|DIR    embedding model for dense/hybrid (default: EMBEDDING_MODEL or the configured default)
 *   --via-cli         measure ours through `npm run cli` (the contract) instead of in-process
 *   --out FILE        JSON output (default bench/out/eval.json)
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../src/config.js';
import type { Embedder } from '../src/model/embedder.js';
import type { SearchMode } from '../src/types.js';
import {
  CROSS_SCRIPT_CONVERTERS,
  DevSetError,
  loadEvalData,
  matchesFilter,
  sample,
  writeCorpus,
  type CorpusFile,
  type CorpusName,
  type Scenario,
} from './datasets.js';
import { goldRank, latency, quality, type LatencyMetrics, type QualityMetrics } from './metrics.js';
import { PEERS } from './peers/index.js';
import { OUT_DIR, REPO_DIR, describeMachine, fmt, log, machineInfo, markdownTable, writeJson } from './report.js';
import { PeerSystem, WARMUP_QUERIES, type System } from './systems.js';

/** The random-weight test model; dense results with it say nothing about quality. */
const FIXTURE_MODEL = path.join(REPO_DIR, 'test/fixtures/tiny-model');
const WORK_DIR = path.join(OUT_DIR, 'eval');

export interface EvalRow extends QualityMetrics, LatencyMetrics {
  scenario: string;
  system: string;
  mode: SearchMode;
  /** Wall time of the timed batch divided by the questions (the only latency the CLI gives). */
  meanMs: number;
  buildMs: number;
}

interface ModelChoice {
  model: string;
  randomWeights: boolean;
}

const { values: args } = parseArgs({
  options: {
    subset: { type: 'string' },
    scenario: { type: 'string' },
    systems: { type: 'string' },
    top: { type: 'string', default: '10' },
    model: { type: 'string' },
    'via-cli': { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(OUT_DIR, 'eval.json') },
  },
});

const list = (s: string | undefined) => s?.split(',').map((x) => x.trim()).filter(Boolean);
const subset = args.subset === undefined ? undefined : Number(args.subset);
const top = Number(args.top);
const wanted = new Set((list(args.systems) ?? ['ours', 'peers']).flatMap((s) => (s === 'peers' ? Object.keys(PEERS) : [s])));
for (const s of wanted) if (s !== 'ours' && !PEERS[s]) throw new Error(`unknown system "${s}"; known: ours, peers, ${Object.keys(PEERS).join(', ')}`);

/** Whether a model is a local folder generated with random weights (scripts/generate-model.ts marks its config.json). */
function isRandomModel(model: string): boolean {
  const config = path.join(path.resolve(REPO_DIR, model), 'config.json');
  if (!existsSync(config)) return false;
  const comment = (JSON.parse(readFileSync(config, 'utf8')) as { _comment?: string })._comment ?? '';
  return /random weights/i.test(comment);
}

/** The configured model if it loads, else the test fixture (flagged), else none. */
async function chooseModel(): Promise<{ choice: ModelChoice; embedder: Embedder } | null> {
  const { tryLoadEmbedder } = await import('./ours.js');
  const config = readConfig(process.env, REPO_DIR);
  if (!args.model && config.embeddings === 'none') return null;
  const candidates = [args.model ?? config.model, ...(existsSync(FIXTURE_MODEL) ? [FIXTURE_MODEL] : [])];
  for (const model of new Set(candidates)) {
    const embedder = await tryLoadEmbedder(model);
    if (embedder) return { choice: { model, randomWeights: isRandomModel(model) }, embedder };
  }
  return null;
}

async function makeSystems(): Promise<{ systems: System[]; model: ModelChoice | null }> {
  const systems: System[] = [];
  let model: ModelChoice | null = null;
  if (wanted.has('ours')) {
    const ours = await import('./ours.js');
    const chosen = await chooseModel();
    model = chosen?.choice ?? null;
    if (!chosen) log('no embedding model could be loaded: dense and hybrid rows are skipped');
    if (args['via-cli']) {
      systems.push(new ours.OursCliSystem('lexical', WORK_DIR));
      if (chosen) systems.push(new ours.OursCliSystem('hybrid', WORK_DIR, chosen.choice.model));
    } else {
      systems.push(new ours.OursSystem('lexical', WORK_DIR));
      if (chosen) systems.push(new ours.OursSystem('hybrid', WORK_DIR, chosen.embedder));
    }
  }
  for (const [name, make] of Object.entries(PEERS)) if (wanted.has(name)) systems.push(new PeerSystem(make));
  return { systems, model };
}

async function evaluate(systems: System[], scenarios: Scenario[], corpora: Record<CorpusName, CorpusFile[]>): Promise<EvalRow[]> {
  const rows: EvalRow[] = [];
  for (const corpusName of [...new Set(scenarios.map((s) => s.corpus))]) {
    const dir = path.join(WORK_DIR, `corpus-${corpusName}`);
    const files = corpora[corpusName];
    writeCorpus(dir, files);
    for (const system of systems) {
      log(`${system.name}: indexing ${corpusName} (${files.length} files)`);
      const buildMs = await system.build({ name: corpusName, dir, files });
      for (const scenario of scenarios.filter((s) => s.corpus === corpusName)) {
        for (const mode of system.modes) {
          const run = await system.run(scenario.questions.map((q) => q.query), top, mode);
          const ranks = scenario.questions.map((q, i) => goldRank(run.files[i]!, q.gold));
          const row: EvalRow = {
            scenario: scenario.name,
            system: system.name,
            mode,
            ...quality(ranks),
            ...(run.latenciesMs ? latency(run.latenciesMs) : { p50Ms: Number.NaN, p99Ms: Number.NaN }),
            meanMs: run.wallMs / scenario.questions.length,
            buildMs,
          };
          rows.push(row);
          log(`  ${scenario.name} ${system.name}/${mode}: R@1 ${fmt(row.recall1, 3)} MRR@10 ${fmt(row.mrr10, 3)} p50 ${fmt(row.p50Ms, 2)} ms`);
        }
      }
      await system.close();
    }
  }
  return rows;
}

function table(rows: EvalRow[], model: ModelChoice | null): string {
  const label = (r: EvalRow) => (r.mode !== 'lexical' && model?.randomWeights ? `${r.mode} (random model)` : r.mode);
  return markdownTable(
    ['scenario', 'system', 'mode', 'n', 'R@1', 'R@5', 'R@10', 'MRR@10', 'p50 ms', 'p99 ms', 'mean ms', 'build s'],
    rows.map((r) => [
      r.scenario,
      r.system,
      label(r),
      String(r.questions),
      fmt(r.recall1, 3),
      fmt(r.recall5, 3),
      fmt(r.recall10, 3),
      fmt(r.mrr10, 3),
      fmt(r.p50Ms, 2),
      fmt(r.p99Ms, 2),
      fmt(r.meanMs, 2),
      fmt(r.buildMs / 1000, 2),
    ]),
  );
}

async function main(): Promise<void> {
  const data = loadEvalData();
  const scenarios = data.scenarios
    .filter((s) => matchesFilter(s.name, list(args.scenario)))
    .map((s) => ({ ...s, questions: sample(s.questions, subset) }));
  if (!scenarios.length) throw new Error(`no scenario matches "${args.scenario}"; known: ${data.scenarios.map((s) => s.name).join(', ')}`);
  const { systems, model } = await makeSystems();
  const machine = machineInfo();
  const rows = await evaluate(systems, scenarios, data.corpora);
  rows.sort((a, b) => scenarios.findIndex((s) => s.name === a.scenario) - scenarios.findIndex((s) => s.name === b.scenario));

  const notes = [
    `Machine: ${describeMachine(machine)}.`,
    `Top ${top} hits per question; latency is per query in one process after ${WARMUP_QUERIES} warm-up queries${args['via-cli'] ? ' (ours via the CLI: mean ms is batch wall time per query, process start and model load included)' : ''}.`,
    `Cross-script questions: simplified→traditional with opencc-js ${CROSS_SCRIPT_CONVERTERS.toTraditional.from}→${CROSS_SCRIPT_CONVERTERS.toTraditional.to}, traditional→simplified with ${CROSS_SCRIPT_CONVERTERS.toSimplified.from}→${CROSS_SCRIPT_CONVERTERS.toSimplified.to}. mixed:* rows are a control (questions as written, mixed corpus).`,
    ...(model ? [`Model for dense/hybrid: ${model.model}${model.randomWeights ? ' — RANDOM WEIGHTS: dense and hybrid quality figures are meaningless, only their speed and plumbing are measured' : ''}.`] : []),
  ];
  process.stdout.write(`${table(rows, model)}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
  writeJson(args.out, {
    machine,
    options: { subset: subset ?? null, top, viaCli: args['via-cli'], warmupQueries: WARMUP_QUERIES },
    converters: CROSS_SCRIPT_CONVERTERS,
    model,
    systems: systems.map((s) => ({ name: s.name, setup: s.setup, modes: s.modes })),
    scenarios: scenarios.map((s) => ({ name: s.name, description: s.description, corpus: s.corpus, questions: s.questions.length })),
    rows,
  });
  log(`wrote ${path.relative(process.cwd(), args.out)}`);
}

try {
  await main();
} catch (e) {
  // A missing or altered data file is the user's to fix: the message, no stack.
  if (!(e instanceof DevSetError)) throw e;
  process.stderr.write(`error: ${e.message}\n`);
  process.exitCode = 2;
}
