/**
 * One measurement of the speed benchmark, run by bench/bench.ts in its own
 * Node process (`node --expose-gc --import tsx bench/measure.ts JOB`) so that
 * resident memory belongs to one system only. Prints one JSON result on stdout.
 * Our engine's modules are imported only by the jobs that use them, so a
 * peer's process holds nothing of ours (no jieba, no onnxruntime).
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Embedder } from '../src/model/embedder.js';
import type { Engine } from '../src/search/engine.js';
import type { SearchMode } from '../src/types.js';
import { benchConfig } from './config.js';
import { loadEvalData, sample } from './datasets.js';
import { latency, median, since, type LatencyMetrics } from './metrics.js';
import { PEERS } from './peers/index.js';
import { paragraphDocs, timedRun } from './systems.js';
import { randomDimensions, randomEmbedder } from './random-embedder.js';
import { changedCorpus, syntheticCorpus } from './synthetic.js';

/** Our index kinds: keyword only; keyword + vectors from the model; keyword + random vectors (bench/random-embedder.ts). */
export type OursIndex = 'lexical' | 'hybrid' | 'hybrid-random';

export type Job =
  | { kind: 'peer'; peer: string; count: number; queries: number }
  | { kind: 'ours-build'; index: OursIndex; model: string | null; count: number; corpusDir: string; workDir: string; rounds: number }
  | { kind: 'ours-serve'; indexDir: string; corpusDir: string; model: string | null; queries: number }
  | { kind: 'embed'; model: string; batch: number; threads: number; paragraphs: number; rounds: number }
  | { kind: 'fixed'; model: string | null };

export interface Memory {
  /** Resident set size of the process after the index is in memory (and a full GC). */
  rssMiB: number;
  /** RSS growth from the moment before the corpus or index was read. */
  rssDeltaMiB: number;
  /** Growth of live JS heap plus external buffers over the same span (native allocations, e.g. SQLite's, not included). */
  liveDeltaMiB: number;
}

export interface PeerResult extends LatencyMetrics, Memory {
  kind: 'peer';
  paragraphs: number;
  buildMs: number;
  /** Questions the latency figures rest on (fewer than asked when the time budget ran out). */
  timedQueries: number;
}

export interface OursBuildResult {
  kind: 'ours-build';
  paragraphs: number;
  buildMs: number;
  embedded: number;
  /** Re-index with nothing changed, in a fresh process as a CLI run would be. */
  unchangedMs: number;
  /** Re-index after 1% of the files (and paragraphs) were rewritten: the median of `changedRoundsMs`. */
  changedMs: number;
  /** Each round's re-index: another 1% of the files rewritten each time (each update adds a segment). */
  changedRoundsMs: number[];
  changedEmbedded: number;
  /** The fresh build's files on disk, MiB per file name (manifest sizes, summed over segments). */
  fileMiB: Record<string, number>;
  /** Peak RSS of the process during the fresh build (the corpus copy before it is small). */
  buildPeakMiB: number;
  /** Re-index after another 1% were rewritten, merging the segments into one (what the merge policy triggers). */
  mergedMs: number;
}

export interface ModeLatency {
  /** Including the query embedding (what a user waits for). */
  withEmbedding: LatencyMetrics;
  /** Query vectors computed beforehand: retrieval alone. Same as withEmbedding in lexical mode. */
  withoutEmbedding: LatencyMetrics;
}

/**
 * Growth of the process's memory over one load, after a full GC. RSS counts file-backed pages
 * too (onnxruntime's library, model weights mapped from their file), which are shared between
 * processes (bot shards) and reclaimable; anonymous memory is the process's own.
 */
export interface ResidentGrowth {
  rssMiB: number;
  /** `Anonymous` of /proc/self/smaps_rollup (null where there is none). */
  anonMiB: number | null;
}

/** What does not grow with the corpus: jieba's dictionary, then the model with a first query embedded. */
export interface FixedCost {
  jieba: ResidentGrowth;
  /** Null without a model (keyword index, random vectors). */
  model: ResidentGrowth | null;
  modelLoadMs: number | null;
  /** The thread scoring a hybrid search's keywords (keyword-thread.ts), started and ready; null without vectors. */
  keywordThread: ResidentGrowth | null;
}

export interface FixedResult extends FixedCost {
  kind: 'fixed';
}

export interface OursServeResult extends Memory {
  kind: 'ours-serve';
  /** Reading the built index and making the engine (people, labels), model excluded. */
  loadMs: number;
  /** Loading the embedding model, when the index has vectors. */
  modelLoadMs: number | null;
  /** RSS taken by what does not grow with the corpus: jieba's dictionary, the model and the keyword thread. Not in `Memory`. */
  fixedMiB: number;
  /** The same, anonymous memory only (file-backed pages left out). */
  fixedAnonMiB: number | null;
  /** What the memory target is measured against: raw vector bytes (count × dimensions × 4) and UTF-8 paragraph text. */
  vectorMiB: number;
  textMiB: number;
  modes: Partial<Record<SearchMode, ModeLatency>>;
}

export interface EmbedResult {
  kind: 'embed';
  batch: number;
  threads: number;
  paragraphsPerSecond: number;
  /** Real (unpadded) tokens embedded per second, the passage prefix included. */
  tokensPerSecond: number;
  /** Process CPU time over wall time during the throughput run. */
  cpuShare: number;
  /** Padding tokens computed per real token, batches sorted by length. */
  paddingShare: number;
  /**
   * Medians over interleaved rounds on the same texts: a bare `session.run` over our padded batches
   * (tokenized beforehand), our whole path, and the library's pipeline on batches of texts sorted by length.
   */
  overhead: { rounds: number; bareMs: number; oursMs: number; libraryMs: number };
  query: LatencyMetrics;
}

export type JobResult = PeerResult | OursBuildResult | OursServeResult | EmbedResult | FixedResult;

/** A job's result as printed: with the machine's 1-minute load average when it ended. */
export type Measured<R extends JobResult> = R & { load1: number };

const TOP = 10;
/** Time a peer's latency run may take before it stops (after at least MIN_TIMED_QUERIES questions). */
const LATENCY_BUDGET_MS = 60_000;
const MiB = 2 ** 20;

/** Dev-set questions of both sets, evenly spread: the query load for every system. */
export function benchQueries(n: number): string[] {
  const { scenarios } = loadEvalData();
  const all = scenarios.filter((s) => s.name.startsWith('same:')).flatMap((s) => s.questions.map((q) => q.query));
  return sample(all, n);
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
}

/** Memory reading before loading anything, to subtract later. */
function memoryMark(): { rss: number; live: number } {
  collect();
  const m = process.memoryUsage();
  return { rss: m.rss, live: m.heapUsed + m.external };
}

function memorySince(mark: { rss: number; live: number }): Memory {
  const now = memoryMark();
  return { rssMiB: now.rss / MiB, rssDeltaMiB: (now.rss - mark.rss) / MiB, liveDeltaMiB: (now.live - mark.live) / MiB };
}

/** RSS and anonymous memory in MiB after a full GC (anonymous from /proc/self/smaps_rollup, on Linux). */
function residentMark(): { rss: number; anon: number | null } {
  collect();
  const rollup = '/proc/self/smaps_rollup';
  if (!existsSync(rollup)) return { rss: process.memoryUsage().rss / MiB, anon: null };
  const text = readFileSync(rollup, 'utf8');
  const kB = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1]) / 1024;
  return { rss: kB('Rss'), anon: kB('Anonymous') };
}

function growthSince(mark: { rss: number; anon: number | null }): ResidentGrowth {
  const now = residentMark();
  return { rssMiB: now.rss - mark.rss, anonMiB: now.anon === null || mark.anon === null ? null : now.anon - mark.anon };
}

/**
 * Fixed costs, each measured around its own load in this process, without the program's code:
 * jieba's tables (loaded when segment.ts is imported, then a first cut) and the model (loaded,
 * then a first query embedded). Returns the embedder for the caller to use.
 */
async function fixedCost(config: ReturnType<typeof benchConfig>, model: string | null): Promise<{ cost: FixedCost; embedder: Embedder | null }> {
  const jiebaMark = residentMark();
  const { words } = await import('../src/text/segment.js');
  words('加载词典');
  const jieba = growthSince(jiebaMark);
  const { loadEmbedder } = await import('../src/model/embedder.js');
  const dimensions = randomDimensions(model);
  if (!model) return { cost: { jieba, model: null, modelLoadMs: null, keywordThread: null }, embedder: null };
  let embedder: Embedder;
  let cost: FixedCost;
  if (dimensions) {
    embedder = randomEmbedder(dimensions);
    cost = { jieba, model: null, modelLoadMs: null, keywordThread: null };
  } else {
    const modelMark = residentMark();
    const start = performance.now();
    embedder = await loadEmbedder(config);
    const modelLoadMs = since(start);
    await embedder.embedQuery(benchQueries(1)[0]!);
    cost = { jieba, model: growthSince(modelMark), modelLoadMs, keywordThread: null };
  }
  // Hybrid search starts the thread with its first question; measured here, started alone.
  const { KeywordThread } = await import('../src/index/keyword-thread.js');
  const threadMark = residentMark();
  const thread = new KeywordThread();
  await thread.ready();
  cost.keywordThread = growthSince(threadMark);
  await thread.close();
  return { cost, embedder };
}

async function peerJob(job: Extract<Job, { kind: 'peer' }>): Promise<PeerResult> {
  const make = PEERS[job.peer];
  if (!make) throw new Error(`unknown peer ${job.peer}`);
  const queries = benchQueries(job.queries);
  const mark = memoryMark();
  let docs: ReturnType<typeof paragraphDocs> | null = paragraphDocs(syntheticCorpus(job.count));
  const paragraphs = docs.length;
  const peer = make();
  const start = performance.now();
  await peer.build(docs);
  const buildMs = since(start);
  docs = null; // only what the library keeps should stay in memory
  const memory = memorySince(mark);
  const run = await timedRun(queries, (q) => peer.search(q, TOP), LATENCY_BUDGET_MS);
  await peer.close?.();
  return { kind: 'peer', paragraphs, buildMs, timedQueries: run.latenciesMs!.length, ...latency(run.latenciesMs!, run.cpuMs), ...memory };
}

/** Offsets within every hundred files of the 1% rewritten by each re-index round (50 is the merge's). */
const CHANGED_OFFSETS = [0, 25, 75, 12, 37, 62, 87];

async function oursBuildJob(job: Extract<Job, { kind: 'ours-build' }>): Promise<OursBuildResult> {
  const [{ updateIndex }, { loadEmbedder }] = await Promise.all([import('../src/index/build.js'), import('../src/model/embedder.js')]);
  type MergePolicy = import('../src/index/build.js').MergePolicy;
  const corpusDir = path.join(job.workDir, 'corpus');
  const indexDir = path.join(job.workDir, 'index');
  rmSync(job.workDir, { recursive: true, force: true });
  cpSync(job.corpusDir, corpusDir, { recursive: true });
  const dimensions = randomDimensions(job.model);
  const embedder = dimensions ? randomEmbedder(dimensions) : job.model ? await loadEmbedder(benchConfig(corpusDir, indexDir, job.model)) : null;
  const timed = async (mergePolicy?: MergePolicy) => {
    const start = performance.now();
    // As the `index` command does: the index is written, not loaded (`load s` is measured on its own).
    const outcome = await updateIndex({ corpusDir, indexDir, embedder, mergePolicy });
    return { ms: since(start), result: outcome.result };
  };
  const fresh = await timed();
  const buildPeakMiB = process.resourceUsage().maxRSS / 1024;
  const { readCurrentManifest } = await import('../src/index/store.js');
  const sizes = (await readCurrentManifest(indexDir))?.sizes ?? {};
  // Summed by file name over the index's segments (a fresh build writes one).
  const fileMiB: Record<string, number> = {};
  for (const [file, bytes] of Object.entries(sizes)) fileMiB[path.basename(file)] = (fileMiB[path.basename(file)] ?? 0) + bytes / MiB;
  const unchanged = await timed();
  const files = syntheticCorpus(job.count);
  // Round r rewrites the files at offset CHANGED_OFFSETS[r] of every hundred with new text (its own seed: the same
  // text twice would be a duplicate file, skipped, and the round would time a removal).
  const rewrite = (offset: number, seed: number) => {
    const rewritten = changedCorpus(files, seed).filter((_, i) => i % 100 === 0);
    rewritten.forEach((f, k) => {
      const target = files[k * 100 + offset];
      if (target) writeFileSync(path.join(corpusDir, target.file), `${f.text}\n`);
    });
  };
  const changed: Array<Awaited<ReturnType<typeof timed>>> = [];
  const offsets = CHANGED_OFFSETS.slice(0, Math.max(1, Math.min(job.rounds, CHANGED_OFFSETS.length)));
  for (const [round, offset] of offsets.entries()) {
    rewrite(offset, 2 + round);
    changed.push(await timed());
  }
  // Another 1% (files half-way between those), re-indexed with a merge of every segment into one: the index then served is one segment.
  rewrite(50, 2 + CHANGED_OFFSETS.length);
  const merged = await timed({ maxSegments: 1, maxDeletedShare: 0 });
  return {
    kind: 'ours-build',
    paragraphs: fresh.result.paragraphs,
    buildMs: fresh.ms,
    embedded: fresh.result.embedded,
    unchangedMs: unchanged.ms,
    changedMs: median(changed.map((c) => c.ms)),
    changedRoundsMs: changed.map((c) => c.ms),
    changedEmbedded: changed[0]!.result.embedded,
    fileMiB,
    buildPeakMiB,
    mergedMs: merged.ms,
  };
}

/** Answers embedQuery from vectors computed beforehand, to time retrieval without the model. */
function precomputed(embedder: Embedder, vectors: Map<string, Float32Array>): Embedder {
  return {
    model: embedder.model,
    dtype: embedder.dtype,
    dimensions: embedder.dimensions,
    embedPassages: (texts, onBatch) => embedder.embedPassages(texts, onBatch),
    embedQuery: async (text) => {
      const v = vectors.get(text);
      if (!v) throw new Error('query not precomputed');
      return v;
    },
  };
}

async function oursServeJob(job: Extract<Job, { kind: 'ours-serve' }>): Promise<OursServeResult> {
  // Fixed costs first, so that the memory figures below are the index's own.
  const config = benchConfig(job.corpusDir, job.indexDir, job.model);
  const { cost, embedder } = await fixedCost(config, job.model);
  const { modelLoadMs } = cost;
  const fixedMiB = cost.jieba.rssMiB + (cost.model?.rssMiB ?? 0) + (cost.keywordThread?.rssMiB ?? 0);
  const fixedAnonMiB = cost.jieba.anonMiB === null ? null : cost.jieba.anonMiB + (cost.model?.anonMiB ?? 0) + (cost.keywordThread?.anonMiB ?? 0);
  const [{ Engine }, { silentLogger }, { readGeneration }] = await Promise.all([
    import('../src/search/engine.js'),
    import('../src/util/log.js'),
    import('../src/index/store.js'),
  ]);
  const queries = benchQueries(job.queries);

  const mark = memoryMark();
  const start = performance.now();
  const data = await readGeneration(job.indexDir);
  if (!data) throw new Error(`no index in ${job.indexDir}`);
  const engine = new Engine(data, config, embedder, silentLogger);
  const loadMs = since(start);
  const memory = memorySince(mark);
  const labels = new Set<number>();
  let textBytes = 0;
  for (let id = 0; id < data.paragraphs.length; id++) {
    if (data.paragraphs.vector(id) >= 0) labels.add(data.paragraphs.vector(id));
    textBytes += Buffer.byteLength(data.paragraphs.text(id));
  }
  const vectorMiB = (labels.size * (data.manifest.settings.embedding?.dimensions ?? 0) * 4) / MiB;
  const textMiB = textBytes / MiB;

  const timeMode = async (e: Engine, mode: SearchMode) => {
    const run = await timedRun(queries, async (q) => (await e.search(q, { top: TOP, mode })).map((h) => h.file));
    return latency(run.latenciesMs!, run.cpuMs);
  };
  const lexical = await timeMode(engine, 'lexical');
  const modes: OursServeResult['modes'] = { lexical: { withEmbedding: lexical, withoutEmbedding: lexical } };
  if (embedder) {
    const vectors = new Map<string, Float32Array>();
    for (const q of queries) vectors.set(q, await embedder.embedQuery(q));
    const noModel = new Engine(engine.data, config, precomputed(embedder, vectors), silentLogger);
    for (const mode of ['dense', 'hybrid'] as const) {
      modes[mode] = { withEmbedding: await timeMode(engine, mode), withoutEmbedding: await timeMode(noModel, mode) };
    }
  }
  await engine.close();
  return { kind: 'ours-serve', loadMs, modelLoadMs, fixedMiB, fixedAnonMiB, vectorMiB, textMiB, modes, ...memory };
}

/** Wall time and the process's CPU share (user + system CPU over wall time; 2.0 = two cores busy) of one run. */
async function timedCpu(run: () => Promise<unknown>): Promise<{ ms: number; cpuShare: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await run();
  const ms = since(start);
  const used = process.cpuUsage(cpu);
  return { ms, cpuShare: (used.user + used.system) / 1000 / ms };
}

async function embedJob(job: Extract<Job, { kind: 'embed' }>): Promise<EmbedResult> {
  const { loadEmbedder } = await import('../src/model/embedder.js');
  const config = benchConfig(process.cwd(), path.join(process.cwd(), 'embeddings'), job.model);
  const embedder = await loadEmbedder({ ...config, batchSize: job.batch, threads: job.threads });
  const texts = syntheticCorpus(job.paragraphs).flatMap((f) => f.text.split('\n\n')).slice(0, job.paragraphs);
  await embedder.embedPassages(texts.slice(0, job.batch)); // warm-up
  const throughput = await timedCpu(() => embedder.embedPassages(texts));
  // Overhead: the same token ids in the same padded batches through a bare session.run, against
  // our whole path (tokenize, sort, pad, run, pool) and the library's pipeline, interleaved.
  const batches = embedder.batches(embedder.tokenize(texts.map((t) => embedder.prefix.passage + t)));
  const realTokens = batches.reduce((n, b) => n + b.lengths.reduce((x, y) => x + y, 0), 0);
  const paddedTokens = batches.reduce((n, b) => n + b.rows.length * b.seqLength, 0);
  const byLength = [...texts].sort((a, b) => a.length - b.length).map((t) => embedder.prefix.passage + t);
  const bare: number[] = [];
  const ours: number[] = [];
  const library: number[] = [];
  for (let round = 0; round < job.rounds; round++) {
    bare.push((await timedCpu(async () => {
      for (const b of batches) await embedder.session.run(b.feeds);
    })).ms);
    ours.push((await timedCpu(() => embedder.embedPassages(texts))).ms);
    library.push((await timedCpu(async () => {
      for (let i = 0; i < byLength.length; i += job.batch) await embedder.libraryVectors(byLength.slice(i, i + job.batch));
    })).ms);
  }
  const queries = benchQueries(50);
  const run = await timedRun(queries, async (q) => {
    await embedder.embedQuery(q);
    return [];
  });
  return {
    kind: 'embed',
    batch: job.batch,
    threads: job.threads,
    paragraphsPerSecond: texts.length / (throughput.ms / 1000),
    tokensPerSecond: realTokens / (throughput.ms / 1000),
    cpuShare: throughput.cpuShare,
    paddingShare: paddedTokens / realTokens - 1,
    overhead: { rounds: job.rounds, bareMs: median(bare), oursMs: median(ours), libraryMs: median(library) },
    query: latency(run.latenciesMs!),
  };
}

function runJob(job: Job): Promise<JobResult> {
  switch (job.kind) {
    case 'peer':
      return peerJob(job);
    case 'ours-build':
      return oursBuildJob(job);
    case 'ours-serve':
      return oursServeJob(job);
    case 'embed':
      return embedJob(job);
    case 'fixed':
      return fixedCost(benchConfig(process.cwd(), path.join(process.cwd(), 'embeddings'), job.model), job.model).then(({ cost }) => ({
        kind: 'fixed',
        ...cost,
      }));
  }
}

const arg = process.argv[2];
if (!arg) throw new Error('usage: node --expose-gc --import tsx bench/measure.ts JOB_JSON');
const result = await runJob(JSON.parse(arg) as Job);
// The 1-minute load average as the job ends: on a shared machine, figures compare only within a run.
process.stdout.write(`${JSON.stringify({ ...result, load1: os.loadavg()[0] })}\n`);
