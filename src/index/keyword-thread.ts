/**
 * Keyword scoring on a second thread, for hybrid search: while the calling
 * thread searches the HNSW graph, this one scores the postings, and the two
 * halves of the answer take as long as the longer one instead of their sum.
 * Both threads read the index where it lies: the postings, length norms and
 * id maps are in shared memory (store.ts, keyword.ts, segments.ts), so nothing
 * is copied per question and the index's memory does not double. A question
 * goes as a message (typed arrays over shared memory pass without a copy);
 * the threads meet on Atomics words, so neither waits for an event-loop turn.
 * Any failure (a thread that died, did not answer in time, or threw) leaves
 * the thread unused and the caller scores on its own thread, as without it.
 */
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import type { KeywordHit, PartPlan } from './keyword.js';
import { ANSWERED, ASKED, CONTROL_WORDS, FAILED, STOP, type KeywordQuestion } from './keyword-protocol.js';

/** How long a question may wait for the thread before it is given up as broken. */
const ANSWER_TIMEOUT_MS = 2000;

/**
 * How long the thread looks for the next question before it sleeps (questions come back to back while a
 * bot is busy), and how long the asker looks for the answer before it sleeps (scoring takes about 1 ms at
 * 100,000 paragraphs, seldom more than 2): looking is cheaper than being woken, since a sleeping core takes
 * tens of microseconds to run again, more on a virtual machine.
 */
const IDLE_SPIN_MS = 1;
const ANSWER_SPIN_MS = 2;

let workerCode: string | null = null;

/**
 * The scoring thread's code as one CommonJS script, bundled from its
 * TypeScript once per process: the thread then needs no TypeScript loader
 * (with tsx's, a thread cost 30 MiB instead of 10).
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
  private seq = 0;
  private out: Pick<KeywordQuestion, 'docs' | 'scores' | 'counts'> = { docs: new Uint32Array(0), scores: new Float64Array(0), counts: new Int32Array(0) };
  private readonly online: Promise<void>;
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
    this.online = new Promise((resolve, reject) => {
      this.worker.once('online', resolve);
      this.worker.once('error', reject);
    });
    this.online.catch(() => {});
    this.worker.on('error', (e) => (this.broken = `keyword thread failed: ${e.message}`));
    this.worker.on('exit', () => (this.broken ??= 'keyword thread exited'));
  }

  /**
   * Sends a question's scoring to the thread; `collect` then waits for the
   * per-part hits (by the part's own ids, as `searchPart` gives them), or
   * returns null when the thread cannot answer: the caller scores it itself.
   * Null at once when the thread is broken or the parts' memory is not shared.
   */
  ask(parts: PartPlan[], top: number): { collect(): KeywordHit[][] | null } | null {
    if (this.broken || top <= 0 || !parts.every(isShared)) return null;
    const slots = parts.length * top;
    if (this.out.docs.length < slots || this.out.counts.length < parts.length) {
      this.out = {
        docs: new Uint32Array(new SharedArrayBuffer(4 * slots)),
        scores: new Float64Array(new SharedArrayBuffer(8 * slots)),
        counts: new Int32Array(new SharedArrayBuffer(4 * parts.length)),
      };
    }
    const seq = ++this.seq;
    // Only the arrays scoring reads: a field's term dictionary stays here.
    const slim = parts.map(({ plan, toGlobal, deletions }) => ({
      plan: { docCount: plan.docCount, fields: plan.fields.map(({ postings: { offsets, starts, gaps, tfs }, kn, terms, scales }) => ({ postings: { offsets, starts, gaps, tfs }, kn, terms, scales })) },
      toGlobal,
      deletions,
    }));
    const question: KeywordQuestion = { seq, parts: slim, top, ...this.out };
    this.port.postMessage(question);
    Atomics.store(this.control, ASKED, seq);
    Atomics.notify(this.control, ASKED);
    return { collect: () => this.collect(question) };
  }

  private collect(q: KeywordQuestion): KeywordHit[][] | null {
    const start = performance.now();
    const deadline = start + ANSWER_TIMEOUT_MS;
    while (Atomics.load(this.control, ANSWERED) !== q.seq && performance.now() - start < ANSWER_SPIN_MS);
    for (;;) {
      const answered = Atomics.load(this.control, ANSWERED);
      if (answered === q.seq) break;
      const left = deadline - performance.now();
      if (left <= 0) {
        this.broken = `keyword thread did not answer in ${ANSWER_TIMEOUT_MS} ms`;
        return null;
      }
      Atomics.wait(this.control, ANSWERED, answered, left);
    }
    if (Atomics.load(this.control, FAILED) === q.seq) return null;
    this.answered++;
    return q.parts.map((_, p) => {
      const hits: KeywordHit[] = [];
      for (let i = 0, at = p * q.top; i < q.counts[p]!; i++, at++) hits.push({ doc: q.docs[at]!, score: q.scores[at]! });
      return hits;
    });
  }

  /** Resolves once the thread runs (its code loaded), ready to take questions. */
  async ready(): Promise<void> {
    // Held while waiting: an unreferenced thread alone would let the process end before it comes online.
    this.worker.ref();
    try {
      await this.online;
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
