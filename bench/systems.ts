/** The common shape of every system the harnesses measure: ours (in-process or via the CLI) and the peers. */
import type { SearchMode } from '../src/types.js';
import { paragraphs, type CorpusFile, type CorpusName } from './datasets.js';
import { since } from './metrics.js';
import type { Peer, PeerDoc } from './peers/types.js';

/** A corpus both in memory and written out as files (ours reads the folder, peers the texts). */
export interface CorpusOnDisk {
  name: CorpusName | string;
  dir: string;
  files: CorpusFile[];
}

export interface RunResult {
  /** Per query: the hits' files, best first (one entry per hit, duplicates allowed). */
  files: string[][];
  /** Per-query latency after warm-up; null when only the whole batch could be timed (CLI). */
  latenciesMs: number[] | null;
  /** Per-query process CPU time (user + system), beside `latenciesMs`. */
  cpuMs?: number[];
  /** Wall time of the whole batch, warm-up excluded. */
  wallMs: number;
}

export interface System {
  readonly name: string;
  readonly setup: string;
  /** Modes this system answers in; each gives its own result row. */
  readonly modes: readonly SearchMode[];
  /** Indexes the corpus; resolves to the build time in ms. */
  build(corpus: CorpusOnDisk): Promise<number>;
  run(queries: string[], k: number, mode: SearchMode): Promise<RunResult>;
  close(): Promise<void>;
}

/** Queries run once untimed before timing, so lazy initialisation and JIT do not count. */
export const WARMUP_QUERIES = 20;

/** Runs queries one at a time in this process, timing each after a warm-up. */
/** Fewest queries a latency figure rests on when a time budget cuts a run short. */
export const MIN_TIMED_QUERIES = 50;

/**
 * Runs the queries after a warm-up, timing each. With `budgetMs`, stops once
 * the budget is spent and at least MIN_TIMED_QUERIES ran: a library taking a
 * second a question at 100,000 paragraphs is still measured, in minutes.
 */
export async function timedRun(queries: string[], search: (q: string) => Promise<string[]>, budgetMs = Infinity): Promise<RunResult> {
  for (const q of queries.slice(0, WARMUP_QUERIES)) await search(q);
  const files: string[][] = [];
  const latenciesMs: number[] = [];
  const cpuMs: number[] = [];
  const start = performance.now();
  for (const q of queries) {
    if (latenciesMs.length >= MIN_TIMED_QUERIES && since(start) > budgetMs) break;
    const cpu = process.cpuUsage();
    const t = performance.now();
    files.push(await search(q));
    latenciesMs.push(since(t));
    const used = process.cpuUsage(cpu);
    cpuMs.push((used.user + used.system) / 1000);
  }
  return { files, latenciesMs, cpuMs, wallMs: since(start) };
}

/** Peers index paragraphs, as the engine does; doc ids are `<file>#<paragraph>`. */
export function paragraphDocs(files: CorpusFile[]): PeerDoc[] {
  return files.flatMap((f) => paragraphs(f.text).map((text, i) => ({ id: `${f.file}#${i}`, text })));
}

export function fileOfDocId(id: string): string {
  return id.slice(0, id.lastIndexOf('#'));
}

/** A peer library as a System: keyword search only, a fresh library instance per corpus. */
export class PeerSystem implements System {
  readonly name: string;
  readonly setup: string;
  readonly modes = ['lexical'] as const;
  private peer: Peer | null = null;

  constructor(private readonly make: () => Peer) {
    const probe = make();
    this.name = probe.name;
    this.setup = probe.setup;
  }

  async build(corpus: CorpusOnDisk): Promise<number> {
    await this.close();
    const docs = paragraphDocs(corpus.files);
    const peer = this.make();
    const start = performance.now();
    await peer.build(docs);
    const ms = since(start);
    this.peer = peer;
    return ms;
  }

  async run(queries: string[], k: number): Promise<RunResult> {
    const peer = this.peer;
    if (!peer) throw new Error(`${this.name}: build() first`);
    return timedRun(queries, async (q) => (await peer.search(q, k)).map(fileOfDocId));
  }

  async close(): Promise<void> {
    await this.peer?.close?.();
    this.peer = null;
  }
}
