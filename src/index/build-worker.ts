/**
 * The worker process of a background build (see background.ts): parses,
 * segments, builds the postings and the vector graph, and writes the new
 * generation's files, while the main process keeps answering. Embedding is
 * asked of the main process, which holds the model.
 */
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import type { Embedder } from '../model/embedder.js';
import { buildWithLockHeld } from './build.js';
import type { WorkerReply, WorkerRequest, WorkerTask } from './background.js';

/** Nice value of the worker: on a busy machine the process answering questions gets the cores first. */
const BUILD_NICE = 10;

/**
 * Lowers this process's priority. On Linux the nice value is per thread and
 * the threads Node started before this line keep theirs, so each is lowered;
 * elsewhere setpriority applies to the whole process.
 */
function lowerPriority(): void {
  let threads: number[];
  try {
    threads = readdirSync('/proc/self/task').map(Number);
  } catch {
    threads = [0]; // not Linux (or /proc is not mounted)
  }
  for (const tid of threads) {
    try {
      setPriority(tid, BUILD_NICE);
    } catch {
      // Not allowed here (a sandbox refusing setpriority), or the thread is gone: it keeps its priority.
    }
  }
}

lowerPriority();

const task = JSON.parse(process.argv[2]!) as WorkerTask;
/** Messages go in order; the callback of the last one runs once all are written. */
const post = (m: WorkerReply, sent?: () => void) => process.send!(m, undefined, {}, sent);
// Ctrl-C reaches the whole process group: the main process decides whether the build goes on (it kills this one if not).
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
let finished = false;
// The main process is gone (killed) before the end: nothing would take in the build, and its lock is no longer held.
process.on('disconnect', () => process.exit(finished ? 0 : 1));

const waiting = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
let nextId = 0;
process.on('message', (m: WorkerRequest) => {
  const w = waiting.get(m.id);
  if (!w) return;
  waiting.delete(m.id);
  if (m.type === 'vectors') w.resolve(m.vectors);
  else w.reject(new Error(m.message));
});

/**
 * Texts asked for per request: one IPC message is one serialised buffer, and
 * a million vectors of 384 floats (1.5 GB) would near the 2 GiB a buffer or a
 * V8 serialisation may hold; a request of this many is about 25 MB of vectors.
 */
const EMBED_REQUEST = 16_384;

const request = (texts: string[], offset: number) =>
  new Promise<Float32Array[]>((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    post({ type: 'embed', id, texts, offset });
  });

const embedder: Embedder | null = task.embedding && {
  ...task.embedding,
  embedPassages: async (texts: string[]) => {
    const out: Float32Array[] = [];
    for (let offset = 0; offset < texts.length; offset += EMBED_REQUEST) out.push(...(await request(texts.slice(offset, offset + EMBED_REQUEST), offset)));
    return out;
  },
  embedQuery: () => Promise.reject(new Error('queries are not embedded while indexing')),
};

let last: WorkerReply;
try {
  const outcome = await buildWithLockHeld({
    corpusDir: task.corpusDir,
    indexDir: task.indexDir,
    full: task.full,
    embedder,
    onProgress: (event) => post({ type: 'progress', event }),
  });
  last = { type: 'done', result: outcome.result, written: outcome.written ?? null };
} catch (e) {
  const err = e as Error & { id?: string; context?: Record<string, unknown> };
  last = { type: 'failed', message: err.message, id: err.id ?? null, context: err.context ?? {}, code: (err as NodeJS.ErrnoException).code ?? null };
}
// Once everything is written to the channel, closing it lets the process exit.
post(last, () => {
  finished = true;
  process.disconnect();
});
