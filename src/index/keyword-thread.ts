/**
 * Keyword scoring on a second thread, for hybrid search: while the calling
 * thread searches the HNSW graph, this one scores the postings, and the two
 * halves of the answer take as long as the longer one instead of their sum.
 * Both threads read the index where it lies: the postings, length norms and
 * id maps are in shared memory (store.ts, keyword.ts, segments.ts), so nothing
 * is copied and the index's memory does not double. Those arrays are sent to
 * the thread once; a question is a few numbers written into shared memory
 * (keyword-protocol.ts), and the threads meet on Atomics words, so neither
 * waits for an event-loop turn.
 * Any failure (a thread that died, did not answer in time, or threw) leaves
 * the thread unused and the caller scores on its own thread, as without it.
 */
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import type { KeywordHit, PartPlan } from './keyword.js';
import { ANSWERED, ASKED, CONTROL_WORDS, FAILED, lookFor, questionSize, RUNNING, STOP, writeQuestion, type Attached, type QuestionMemory, type QuestionSize, type ThreadMessage } from './keyword-protocol.js';

/** How long a question may wait for the thread before it is given up as broken. */
const ANSWER_TIMEOUT_MS = 2000;

/**
 * How long the thread looks for the next question before it sleeps (questions come back to back while a
 * bot is busy), and how long the asker looks for the answer before it sleeps: looking is cheaper than being
 * woken, since a sleeping core of a virtual machine takes a while to run again. The asker looks only
 * briefly: looking longer kept its core from the thread whenever something else took the thread's
 * (in-process at 100,000 paragraphs, hybrid p99 4.2–5.5 ms looking 2 ms, 3.4–3.8 looking 0.2 ms; p50 alike).
 */
const IDLE_SPIN_MS = 1;
const ANSWER_SPIN_MS = 0.2;

let workerCode: string | null = null;

/**
 * The scoring thread's code as one CommonJS script, bundled from its
 * TypeScript once per process: the thread then needs no TypeScript loader
 * (through tsx's, a thread cost 30 MiB of RSS instead of 16).
 */
function scoringThreadCode(): string {
  workerCode ??= buildSync({
    entryPoints: [fileURLToPath(new URL('./keyword-worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  }).outputFiles[0]!.text;
  return workerCode;
}

export class KeywordThread {
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * Int32Array.BYTES_PER_ELEMENT));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private readonly started: Promise<void>;
  private seq = 0;
  private memory: QuestionMemory | null = null;
  /** The number each array was sent under; an array this thread lets go of is let go of there too. */
  private readonly ids = new WeakMap<object, number>();
  private lastId = 0;
  private readonly released = new FinalizationRegistry<number>((id) => this.port.postMessage({ kind: 'detach', id } satisfies ThreadMessage));
  /** Questions the thread has scored. */
  answered = 0;
  /** Why the thread is no longer used, once it failed. */
  broken: string | null = null;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(scoringThreadCode(), {
      eval: true,
      workerData: { control: this.control, port: port2, spinMs: IDLE_SPIN_MS },
      transferList: [port2],
    });
    // Serving goes on without it; it must not keep a process alive that is done.
    this.worker.unref();
    this.port.unref();
    this.started = new Promise((resolve, reject) => {
      this.worker.once('online', () => resolve());
      this.worker.once('error', reject);
    });
    this.started.catch(() => {});
    this.worker.on('error', (e) => (this.broken = `keyword thread failed: ${e.message}`));
    this.worker.on('exit', () => (this.broken ??= 'keyword thread exited'));
  }

  /**
   * Sends a question's scoring to the thread; `collect` then waits for the
   * per-part hits (by the part's own ids, as `searchPart` gives them), or
   * returns null when the thread cannot answer: the caller scores it itself.
   * Null at once when the thread is broken or not started yet (a first question does not wait for it), or
   * the parts' memory is not shared.
   */
  ask(parts: PartPlan[], top: number): { collect(): KeywordHit[][] | null } | null {
    if (this.broken || !this.running || top <= 0 || !parts.every(isShared)) return null;
    const memory = this.memoryFor(questionSize(parts, top));
    const seq = ++this.seq;
    writeQuestion(memory, seq, top, parts, (a) => this.idOf(a));
    Atomics.store(this.control, ASKED, seq);
    Atomics.notify(this.control, ASKED);
    return { collect: () => this.collect(seq, parts.length, top, memory) };
  }

  /** The number `a` was sent to the thread under, sending it first if it was not. */
  private idOf(a: Attached): number {
    let id = this.ids.get(a);
    if (id === undefined) {
      id = ++this.lastId;
      this.ids.set(a, id);
      this.released.register(a, id);
      // A field's postings object also holds its term dictionary, which stays here.
      const value: Attached = 'gaps' in a ? { offsets: a.offsets, starts: a.starts, gaps: a.gaps, tfs: a.tfs } : a;
      this.port.postMessage({ kind: 'attach', id, value } satisfies ThreadMessage);
    }
    return id;
  }

  /** Question memory of at least the sizes given, sent to the thread when it had to grow. */
  private memoryFor(size: QuestionSize): QuestionMemory {
    const m = this.memory;
    if (m && m.request.length >= size.request && m.weights.length >= size.weights && m.docs.length >= size.slots && m.counts.length >= size.parts) return m;
    const grow = (have: number | undefined, need: number) => Math.max(need, 2 * (have ?? 0), 64);
    this.memory = {
      request: new Int32Array(new SharedArrayBuffer(4 * grow(m?.request.length, size.request))),
      weights: new Float64Array(new SharedArrayBuffer(8 * grow(m?.weights.length, size.weights))),
      docs: new Uint32Array(new SharedArrayBuffer(4 * grow(m?.docs.length, size.slots))),
      scores: new Float64Array(new SharedArrayBuffer(8 * grow(m?.scores.length, size.slots))),
      counts: new Int32Array(new SharedArrayBuffer(4 * grow(m?.counts.length, size.parts))),
    };
    this.port.postMessage({ kind: 'memory', memory: this.memory } satisfies ThreadMessage);
    return this.memory;
  }

  private collect(seq: number, partCount: number, top: number, m: QuestionMemory): KeywordHit[][] | null {
    const start = performance.now();
    const deadline = start + ANSWER_TIMEOUT_MS;
    lookFor(this.control, ANSWERED, (v) => v === seq, ANSWER_SPIN_MS);
    for (;;) {
      const answered = Atomics.load(this.control, ANSWERED);
      if (answered === seq) break;
      const left = deadline - performance.now();
      if (left <= 0) {
        this.broken = `keyword thread did not answer in ${ANSWER_TIMEOUT_MS} ms`;
        return null;
      }
      Atomics.wait(this.control, ANSWERED, answered, left);
    }
    if (Atomics.load(this.control, FAILED) === seq) {
      this.broken = 'keyword thread failed to score a question';
      return null;
    }
    this.answered++;
    return Array.from({ length: partCount }, (_, p) => {
      const hits: KeywordHit[] = [];
      for (let i = 0, at = p * top; i < m.counts[p]!; i++, at++) hits.push({ doc: m.docs[at]!, score: m.scores[at]! });
      return hits;
    });
  }

  /** Whether the thread runs: until then questions are scored by the asker (`ask` is null). */
  get running(): boolean {
    return Atomics.load(this.control, RUNNING) === 1;
  }

  /** Resolves once the thread runs (its code loaded), ready to take questions. */
  async ready(): Promise<void> {
    // Held while waiting: an unreferenced thread alone would let the process end before it comes online.
    this.worker.ref();
    try {
      await this.started;
      while (!this.running && !this.broken) await new Promise((resolve) => setTimeout(resolve, 1));
    } finally {
      this.worker.unref();
    }
  }

  /** Stops the thread (it ends its wait and returns). */
  async close(): Promise<void> {
    this.broken ??= 'keyword thread closed';
    Atomics.store(this.control, STOP, 1);
    Atomics.notify(this.control, ASKED);
    await this.worker.terminate();
  }
}

const inShared = (a: ArrayBufferView) => a.buffer instanceof SharedArrayBuffer;

/** Whether every array the part's scoring reads is in shared memory (an index built in this process is not). */
function isShared(part: PartPlan): boolean {
  if (part.toGlobal && !inShared(part.toGlobal)) return false;
  return part.plan.fields.every(({ postings: p, kn }) => inShared(p.offsets) && inShared(p.starts) && inShared(p.gaps) && inShared(p.tfs) && inShared(kn));
}
