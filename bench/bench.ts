/**
 * `npm run bench`: speed and scale on synthetic corpora made from the
 * development sets' text (bench/synthetic.ts). Every measurement runs in its
 * own Node process (bench/measure.ts) so resident memory is one system's.
 * Prints Markdown on stdout (progress on stderr). After every measurement it
 * rewrites bench/out/bench.json and the Markdown beside it (bench.md), so a long
 * run that is cut off still leaves what it measured.
 *
 *   --sizes LIST           paragraph counts (default 10000,100000)
 *   --systems LIST         ours, peers, or peer names (default ours,peers)
 *   --model DIR|ID         model for the hybrid index and the embedding runs: a random-weight
 *                          model of the real shapes (`npm run gen-model -- --out DIR --preset e5-small-shape`);
 *                          without it only lexical is measured
 *   --hybrid-sizes LIST    sizes at which to build the hybrid index with the model (default: all; the
 *                          e5-small-shape model embeds ~40 paragraphs/s on 2 cores, 100,000 take ~45 min)
 *   --random-vector-sizes LIST
 *                          sizes at which to build a hybrid index of random 384-dimension vectors instead
 *                          (bench/random-embedder.ts): HNSW memory and query time without the embedding wait
 *   --queries N            queries per latency measurement (default 500)
 *   --rounds N             latency measurements per system and size, interleaved (ours, each peer, then
 *                          again), each in a fresh process, and 1% re-index rounds per build; the tables give
 *                          the median and each round's p50 (default 3: one process's p50 moves by ±20% from
 *                          run to run on a 2-core host). A peer whose first round ran out of its time budget
 *                          is measured once.
 *   --embed-batches LIST   batch sizes for embedding throughput (default 1,8,32)
 *   --embed-threads LIST   onnxruntime threads for embedding throughput (default 1,2)
 *   --embed-paragraphs N   paragraphs per throughput run (default 256)
 *   --embed-rounds N       interleaved rounds of bare session.run / ours / library for the overhead (default 3)
 *   --out FILE             JSON output (default bench/out/bench.json; the Markdown goes beside it as .md)
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { SearchMode } from '../src/types.js';
import type { EmbedResult, Job, Measured, ModeLatency, OursBuildResult, OursIndex, OursServeResult, PeerResult } from './measure.js';
import { median, type LatencyMetrics } from './metrics.js';
import { RANDOM_VECTORS_PREFIX } from './random-embedder.js';
import { PEERS } from './peers/index.js';
import { OUT_DIR, describeMachine, fmt, log, machineInfo, markdownTable, writeJson, type MachineInfo } from './report.js';
import { runJob } from './run-job.js';
import { ensureCorpus } from './synthetic.js';

const WORK_DIR = path.join(OUT_DIR, 'bench');

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    systems: { type: 'string', default: 'ours,peers' },
    model: { type: 'string' },
    'hybrid-sizes': { type: 'string' },
    'random-vector-sizes': { type: 'string', default: '' },
    queries: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '3' },
    'embed-batches': { type: 'string', default: '1,8,32' },
    'embed-threads': { type: 'string', default: '1,2' },
    'embed-paragraphs': { type: 'string', default: '256' },
    'embed-rounds': { type: 'string', default: '3' },
    out: { type: 'string', default: path.join(OUT_DIR, 'bench.json') },
  },
});

const numbers = (s: string) => s.split(',').map((x) => Number(x.trim())).filter((n) => Number.isFinite(n) && n > 0);
const sizes = numbers(args.sizes);
const hybridSizes = new Set(args['hybrid-sizes'] ? numbers(args['hybrid-sizes']) : sizes);
const randomVectorSizes = new Set(numbers(args['random-vector-sizes']));
/** multilingual-e5-small's dimensions. */
const RANDOM_MODEL = `${RANDOM_VECTORS_PREFIX}384`;
const queries = Number(args.queries);
const rounds = Math.max(1, Number(args.rounds) || 1);
const wanted = new Set(args.systems.split(',').flatMap((s) => (s.trim() === 'peers' ? Object.keys(PEERS) : [s.trim()])));
const peers = Object.keys(PEERS).filter((p) => wanted.has(p));


interface SizeResults {
  paragraphs: number;
  /** `serve` is the first round (memory and load figures); `serveRounds` every round, the first included. */
  ours: Partial<Record<OursIndex, { build: Measured<OursBuildResult>; serve: Measured<OursServeResult>; serveRounds: Measured<OursServeResult>[] }>>;
  peers: Record<string, Measured<PeerResult>>;
  peerRounds: Record<string, Measured<PeerResult>[]>;
}

async function runSize(results: SizeResults, save: () => void): Promise<void> {
  const count = results.paragraphs;
  const corpusDir = path.join(WORK_DIR, `corpus-${count}`);
  ensureCorpus(corpusDir, count);
  const serveJobs: Array<{ index: OursIndex; job: Extract<Job, { kind: 'ours-serve' }> }> = [];
  if (wanted.has('ours')) {
    const indexes: OursIndex[] = ['lexical'];
    if (args.model && hybridSizes.has(count)) indexes.push('hybrid');
    if (randomVectorSizes.has(count)) indexes.push('hybrid-random');
    for (const index of indexes) {
      const model = index === 'hybrid' ? args.model! : index === 'hybrid-random' ? RANDOM_MODEL : null;
      const workDir = path.join(WORK_DIR, `ours-${index}-${count}`);
      log(`ours ${index} @ ${count}: build, unchanged re-index, 1% re-index`);
      const build = await runJob<OursBuildResult>({ kind: 'ours-build', index, model, count, corpusDir, workDir, rounds });
      const serveJob = { kind: 'ours-serve', indexDir: path.join(workDir, 'index'), corpusDir: path.join(workDir, 'corpus'), model, queries } as const;
      serveJobs.push({ index, job: serveJob });
      log(`ours ${index} @ ${count}: load and query (round 1)`);
      const serve = await runJob<OursServeResult>(serveJob);
      results.ours[index] = { build, serve, serveRounds: [serve] };
      save();
    }
  }
  for (const peer of peers) {
    log(`${peer} @ ${count}: build and query (round 1)`);
    results.peers[peer] = await runJob<PeerResult>({ kind: 'peer', peer, count, queries });
    results.peerRounds[peer] = [results.peers[peer]];
    save();
  }
  // Later rounds in the same order, so that a slow spell of a shared machine falls on every system alike.
  for (let round = 2; round <= rounds; round++) {
    for (const { index, job } of serveJobs) {
      log(`ours ${index} @ ${count}: load and query (round ${round})`);
      results.ours[index]!.serveRounds.push(await runJob<OursServeResult>(job));
      save();
    }
    for (const peer of peers) {
      if (results.peers[peer]!.timedQueries < queries) continue;
      log(`${peer} @ ${count}: build and query (round ${round})`);
      results.peerRounds[peer]!.push(await runJob<PeerResult>({ kind: 'peer', peer, count, queries }));
      save();
    }
  }
}

async function runEmbedding(model: string, out: Measured<EmbedResult>[], save: () => void): Promise<void> {
  for (const threads of numbers(args['embed-threads'])) {
    for (const batch of numbers(args['embed-batches'])) {
      log(`embedding: batch ${batch}, ${threads} thread(s)`);
      const job = { kind: 'embed', model, batch, threads, paragraphs: Number(args['embed-paragraphs']), rounds: Number(args['embed-rounds']) } as const;
      out.push(await runJob<EmbedResult>(job));
      save();
    }
  }
}

const s = (ms: number) => fmt(ms / 1000, 2);
/** Total of a build's files, with the largest ones named: `1,234 (vectors.hnsw 900, paragraphs.bin 200)`. */
const filesMiB = (files: Record<string, number> | undefined) => {
  if (!files) return '—';
  const total = Object.values(files).reduce((a, b) => a + b, 0);
  const large = Object.entries(files).filter(([, mib]) => mib >= total / 10).sort((a, b) => b[1] - a[1]);
  return `${fmt(total, 0)} (${large.map(([f, mib]) => `${f} ${fmt(mib, 0)}`).join(', ')})`;
};
const ratio = (a: number | undefined, b: number | undefined) => (a && b ? `${(a / b).toFixed(1)}×` : '—');

/** One table per size: ours per index and mode, then each peer with its ratios to ours. */
/** Each round's figure, when there was more than one. */
const byRound = (values: number[], digits: number) => (values.length > 1 ? values.map((v) => fmt(v, digits)).join(' / ') : '—');

/** CPU p50 over rounds: undefined when a round did not measure it. */
const cpuMedian = (all: LatencyMetrics[]) => (all.every((l) => l.cpuP50Ms !== undefined) ? median(all.map((l) => l.cpuP50Ms!)) : undefined);

/** A mode's latency over the serve rounds: the median of each figure. */
function oursLatency(rounds: Measured<OursServeResult>[], mode: SearchMode): ModeLatency {
  const of = (pick: (m: ModeLatency) => LatencyMetrics): LatencyMetrics => {
    const all = rounds.map((r) => pick(r.modes[mode]!));
    return { ...all[0]!, p50Ms: median(all.map((l) => l.p50Ms)), p99Ms: median(all.map((l) => l.p99Ms)), cpuP50Ms: cpuMedian(all) };
  };
  return { withEmbedding: of((m) => m.withEmbedding), withoutEmbedding: of((m) => m.withoutEmbedding) };
}

function sizeTable(r: SizeResults): string {
  const header = [
    'system',
    'mode',
    'build s',
    'para/s',
    'p50 ms',
    'p50 ms by round',
    'p99 ms',
    'CPU p50 ms',
    'p50 ms +embed',
    'p99 ms +embed',
    'load s',
    'build peak MiB',
    'files MiB',
    'RSS MiB',
    'fixed MiB (anon)',
    'ΔRSS MiB',
    'Δlive MiB',
    'target MiB',
    're-index s (same)',
    're-index s (1%)',
    're-index s (1%) by round',
    'merge s (1%)',
    'build ÷ ours',
    'p50 ÷ ours',
    'p50 ÷ ours hybrid',
    'load',
  ];
  const rows: string[][] = [];
  for (const [index, o] of Object.entries(r.ours)) {
    for (const mode of Object.keys(o.serve.modes) as SearchMode[]) {
      const lat = oursLatency(o.serveRounds, mode);
      rows.push([
        `ours (${index} index)`,
        mode,
        s(o.build.buildMs),
        fmt(o.build.paragraphs / (o.build.buildMs / 1000), 0),
        fmt(lat.withoutEmbedding.p50Ms, 2),
        byRound(o.serveRounds.map((x) => x.modes[mode]!.withoutEmbedding.p50Ms), 2),
        fmt(lat.withoutEmbedding.p99Ms, 2),
        fmt(lat.withoutEmbedding.cpuP50Ms, 2),
        // Random vectors cost nothing to make: no "+embed" figure for them (see the embedding table).
        mode === 'lexical' || index === 'hybrid-random' ? '—' : fmt(lat.withEmbedding.p50Ms, 2),
        mode === 'lexical' || index === 'hybrid-random' ? '—' : fmt(lat.withEmbedding.p99Ms, 2),
        s(o.serve.loadMs),
        fmt(o.build.buildPeakMiB, 0),
        filesMiB(o.build.fileMiB),
        fmt(o.serve.rssMiB, 0),
        o.serve.fixedAnonMiB == null ? fmt(o.serve.fixedMiB, 0) : `${fmt(o.serve.fixedMiB, 0)} (${fmt(o.serve.fixedAnonMiB, 0)})`,
        fmt(o.serve.rssDeltaMiB, 0),
        fmt(o.serve.liveDeltaMiB, 0),
        fmt(2 * o.serve.vectorMiB + o.serve.textMiB, 0),
        s(o.build.unchangedMs),
        s(o.build.changedMs),
        byRound((o.build.changedRoundsMs ?? [o.build.changedMs]).map((ms) => ms / 1000), 2),
        o.build.mergedMs === undefined ? '—' : s(o.build.mergedMs),
        '—',
        '—',
        '—',
        fmt(o.serve.load1, 2),
      ]);
    }
  }
  // Build is compared with our keyword-only build (peers embed nothing); query with our lexical and hybrid (query vector precomputed).
  const ours = r.ours.lexical;
  const oursP50 = ours && oursLatency(ours.serveRounds, 'lexical').withoutEmbedding.p50Ms;
  const hybrid = r.ours.hybrid ?? r.ours['hybrid-random'];
  const hybridP50 = hybrid?.serve.modes.hybrid && oursLatency(hybrid.serveRounds, 'hybrid').withoutEmbedding.p50Ms;
  for (const [name, first] of Object.entries(r.peers)) {
    const runs = r.peerRounds?.[name] ?? [first];
    const p = { ...first, p50Ms: median(runs.map((x) => x.p50Ms)), p99Ms: median(runs.map((x) => x.p99Ms)), cpuP50Ms: cpuMedian(runs) };
    rows.push([
      name,
      'lexical',
      s(p.buildMs),
      fmt(p.paragraphs / (p.buildMs / 1000), 0),
      fmt(p.p50Ms, 2),
      byRound(runs.map((x) => x.p50Ms), 2),
      fmt(p.p99Ms, 2),
      fmt(p.cpuP50Ms, 2),
      '—',
      '—',
      '—',
      '—',
      '—',
      fmt(p.rssMiB, 0),
      '—',
      fmt(p.rssDeltaMiB, 0),
      fmt(p.liveDeltaMiB, 0),
      '—',
      '—',
      '—',
      '—',
      '—',
      ratio(p.buildMs, ours?.build.buildMs),
      ratio(p.p50Ms, oursP50),
      ratio(p.p50Ms, hybridP50),
      fmt(p.load1, 2),
    ]);
  }
  return markdownTable(header, rows);
}

function embedTable(results: Measured<EmbedResult>[]): string {
  return markdownTable(
    ['threads', 'batch', 'paragraphs/s', 'tokens/s', 'CPU share', 'padding', 'bare run s', 'ours s', 'library s', 'ours ÷ bare', 'library ÷ bare', 'query embed p50 ms', 'p99 ms', 'load'],
    results.map((e) => [
      String(e.threads),
      String(e.batch),
      fmt(e.paragraphsPerSecond, 1),
      fmt(e.tokensPerSecond, 0),
      fmt(e.cpuShare, 2),
      `${fmt(e.paddingShare * 100, 1)}%`,
      s(e.overhead.bareMs),
      s(e.overhead.oursMs),
      s(e.overhead.libraryMs),
      `${(e.overhead.oursMs / e.overhead.bareMs).toFixed(3)}×`,
      `${(e.overhead.libraryMs / e.overhead.bareMs).toFixed(3)}×`,
      fmt(e.query.p50Ms, 2),
      fmt(e.query.p99Ms, 2),
      fmt(e.load1, 2),
    ]),
  );
}

/** Which peers' latency rests on fewer questions than asked, for the notes. */
function slowPeers(bySize: SizeResults[]): string {
  const cut = bySize.flatMap((r) =>
    Object.entries(r.peers)
      .filter(([, p]) => p.timedQueries < queries)
      .map(([name, p]) => `${name} at ${r.paragraphs.toLocaleString('en')}: ${p.timedQueries}`),
  );
  return cut.length ? ` (${cut.join('; ')})` : '';
}

function markdown(machine: MachineInfo, bySize: SizeResults[], embedding: Measured<EmbedResult>[]): string {
  const parts = bySize.map((r) => `### ${r.paragraphs.toLocaleString('en')} paragraphs\n\n${sizeTable(r)}`);
  if (embedding.length) parts.push(`### Embedding throughput (${args.model})\n\n${embedTable(embedding)}`);
  parts.push(
    [
      `- Machine: ${describeMachine(machine)}.`,
      `- Latency: ${queries} dev-set questions, top 10, one process, after 20 warm-up questions; "+embed" includes embedding the question. A peer's run stops after 60 s once 50 questions were timed${slowPeers(bySize)}; such a peer is measured in one round.`,
      `- Rounds: ${rounds} latency measurements per system and size, each in a fresh process, interleaved (ours, every peer, then again); p50, p99 and CPU p50 are the medians over the rounds, "by round" gives each round's p50. The 1% re-index is likewise ${rounds} rounds, each rewriting another 1% of the files (each update adding a segment); its figure is their median.`,
      '- ΔRSS / Δlive: growth from before the corpus or index was read to after it is in memory (full GC); ours is measured after loading a built index in a fresh process, and after its fixed costs (fixed MiB: jieba\'s dictionary, the embedding model after a first query and, with vectors, the thread scoring a hybrid search\'s keywords, which do not grow with the corpus; in brackets the anonymous part, without file-backed pages shared between processes; `npm run bench:fixed`).',
      '- target MiB: twice the raw vector bytes (vectors × dimensions × 4), plus the paragraphs\' UTF-8 text once (the stricter reading of the target); ours meets it when ΔRSS is below it.',
      '- load s: reading the index and making the engine; the model\'s load time is in bench.json (modelLoadMs).',
      '- build peak MiB: the build process\'s peak RSS during the fresh build; files MiB: that build\'s files on disk, the largest named.',
      '- hybrid-random index: random unit vectors of 384 dimensions in place of the model\'s (bench/random-embedder.ts), so its build time is not an embedding figure; its query times, memory and re-index times are the index\'s own.',
      '- Embedding: paragraphs/s, tokens/s (real tokens) and CPU share (process CPU time over wall time) of one throughput run; padding is the padded tokens computed per real token. bare run / ours / library: medians of interleaved rounds on the same paragraphs: `session.run` alone on our padded batches (token ids prepared beforehand), our whole path (tokenize, sort, pad, run, pool), and transformers.js\'s feature-extraction pipeline on batches of length-sorted texts.',
      '- CPU p50 ms: median process CPU time (user + system, all threads) per question; wall-clock p50/p99 also hold the time the scheduler gave other processes on a shared machine.',
      '- load: the 1-minute load average as the measurement ended (the machine may be shared; compare within one run).',
      '- Ratios are the peer figure divided by ours (build: lexical index; p50: lexical, and hybrid without the query embedding); above 1× means ours is faster.',
    ].join('\n'),
  );
  return `${parts.join('\n\n')}\n`;
}

async function main(): Promise<void> {
  const machine = machineInfo();
  const bySize: SizeResults[] = [];
  const embedding: Measured<EmbedResult>[] = [];
  const mdFile = args.out.replace(/\.json$/, '') + '.md';
  const save = (complete = false) => {
    writeJson(args.out, { machine, complete, options: { sizes, queries, rounds, model: args.model ?? null, peers }, sizes: bySize, embedding });
    writeFileSync(mdFile, markdown(machine, bySize, embedding));
  };
  for (const count of sizes) {
    const results: SizeResults = { paragraphs: count, ours: {}, peers: {}, peerRounds: {} };
    bySize.push(results);
    await runSize(results, save);
  }
  if (args.model && wanted.has('ours')) await runEmbedding(args.model, embedding, save);
  save(true);
  process.stdout.write(markdown(machine, bySize, embedding));
  log(`wrote ${path.relative(process.cwd(), args.out)} and ${path.relative(process.cwd(), mdFile)}`);
}

await main();
