/**
 * Builds the index in a child process, so a re-index never holds up the event
 * loop that answers questions: parsing, segmentation, postings, the vector
 * graph and writing happen there (build-worker.ts), at a lower priority than
 * this process. A process rather than a worker thread: a thread shares this
 * process's memory map and V8's helper threads, and its allocations held up
 * this event loop for 100–250 ms on a loaded machine. The embedding model stays
 * here (its inference runs on onnxruntime's own threads) and embeds what the
 * worker sends, a slice at a time; the new generation comes back as bytes (no
 * parse). The lock and the final switch stay here too: an abort kills the
 * worker, removes what it wrote, and switches nothing.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { UserError, type ErrorId } from '../errors.js';
import type { IndexProgressEvent, ReindexResult } from '../types.js';
import { silentLogger } from '../util/log.js';
import type { Embedder } from '../model/embedder.js';
import { withIndexLock, type BuildOptions, type BuildOutcome } from './build.js';
import { discardWritten, loadCommit, readWrittenManifest, removeUnreferenced, switchGeneration, writeFailure, type IndexData, type WrittenGeneration } from './store.js';

export interface WorkerTask {
  corpusDir: string;
  indexDir: string;
  full: boolean;
  embedding: { model: string; dtype: string; dimensions: number } | null;
}

/** Worker → main process. */
export type WorkerReply =
  | { type: 'progress'; event: IndexProgressEvent }
  /** Texts to embed, `offset` the number of the first among all the build embeds (for progress). */
  | { type: 'embed'; id: number; texts: string[]; offset: number }
  | { type: 'done'; result: ReindexResult; written: WrittenGeneration | null }
  | { type: 'failed'; message: string; id: string | null; context: Record<string, unknown>; code: string | null };

/** Main process → worker. */
export type WorkerRequest = { type: 'vectors'; id: number; vectors: Float32Array[] } | { type: 'embed-failed'; id: number; message: string };

/**
 * The worker's TypeScript is loaded through tsx (build-worker.mjs registers it), as the rest of the program is.
 * It writes nothing to stdout (the command line's results go there); its stderr is ours.
 */
function startWorker(task: WorkerTask): ChildProcess {
  return fork(fileURLToPath(new URL('./build-worker.mjs', import.meta.url)), [JSON.stringify(task)], {
    execArgv: [],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

function send(worker: ChildProcess, m: WorkerRequest): void {
  if (worker.connected) worker.send(m);
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('index build aborted');
}

/**
 * Texts embedded per call while a re-index runs: the embedder tokenises and pads
 * a whole call at once on this thread, which for thousands of texts holds up the
 * event loop for hundreds of milliseconds; a slice of this many takes a few.
 */
const EMBED_SLICE = 64;

/**
 * `embedPassages` over all `texts`, a slice at a time, yielding to the event loop
 * between slices. The texts are sliced in order of length, so each slice's
 * batches pad about as little as one call's would (a Chinese character is a token).
 */
async function embedInSlices(embedder: Embedder, texts: string[], onBatch: (done: number) => void): Promise<Float32Array[]> {
  const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
  const out = new Array<Float32Array>(texts.length);
  for (let start = 0; start < order.length; start += EMBED_SLICE) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const rows = order.slice(start, start + EMBED_SLICE);
    const vectors = await embedder.embedPassages(
      rows.map((r) => texts[r]!),
      (done) => onBatch(start + done),
    );
    rows.forEach((r, i) => (out[r] = vectors[i]!));
  }
  return out;
}

/** `buildIndex`, off the event loop. Same outcome; the new commit is loaded (reusing `previous`'s segments) before it is switched in. */
export async function buildIndexInBackground(o: BuildOptions): Promise<BuildOutcome> {
  const log = o.log ?? silentLogger;
  return withIndexLock(o.indexDir, log, async () => {
    if (o.signal?.aborted) throw abortError(o.signal);
    const embedder = o.embedder;
    const task: WorkerTask = {
      corpusDir: o.corpusDir,
      indexDir: o.indexDir,
      full: o.full ?? false,
      embedding: embedder && { model: embedder.model, dtype: embedder.dtype, dimensions: embedder.dimensions },
    };
    const worker = startWorker(task);
    let embedTotals: Extract<IndexProgressEvent, { phase: 'embed' }> | null = null;
    const finished = new Promise<{ result: ReindexResult; written: WrittenGeneration | null }>((resolve, reject) => {
      const onAbort = () => {
        worker.kill('SIGKILL');
        reject(abortError(o.signal!));
      };
      o.signal?.addEventListener('abort', onAbort, { once: true });
      const settle = () => o.signal?.removeEventListener('abort', onAbort);
      worker.on('message', (m: WorkerReply) => {
        if (m.type === 'progress') {
          if (m.event.phase === 'embed') embedTotals = m.event;
          o.onProgress?.(m.event);
        }
        else if (m.type === 'embed') {
          // The worker asks for its texts a request at a time (build-worker.ts); progress and abort are
          // handled here, between batches, since the worker waits for each whole answer.
          const onBatch = (done: number) => {
            if (o.signal?.aborted) throw abortError(o.signal);
            if (embedTotals) o.onProgress?.({ ...embedTotals, done: m.offset + done });
          };
          embedInSlices(embedder!, m.texts, onBatch).then(
            // Copied, not transferred: the vectors may be views of one buffer.
            (vectors) => send(worker, { type: 'vectors', id: m.id, vectors }),
            (e: Error) => send(worker, { type: 'embed-failed', id: m.id, message: e.message }),
          );
        } else if (m.type === 'done') {
          settle();
          resolve(m);
        } else {
          settle();
          const e = m.id ? new UserError(m.id as ErrorId, m.message, m.context) : Object.assign(new Error(m.message), m.code ? { code: m.code } : {});
          reject(m.id ? e : writeFailure(o.indexDir, e));
        }
      });
      worker.on('error', (e) => {
        settle();
        reject(e);
      });
      worker.on('exit', (code, signal) => {
        settle();
        reject(new Error(`the indexing worker stopped (${signal ? `signal ${signal}` : `exit code ${code}`})`));
      });
    });
    let outcome;
    try {
      outcome = await finished;
    } catch (e) {
      // A killed worker may leave its .partial folder: it is ours (we hold the lock).
      if (worker.exitCode === null && worker.signalCode === null) {
        worker.kill('SIGKILL');
        await new Promise((resolve) => worker.once('exit', resolve));
      }
      await removeUnreferenced(o.indexDir);
      throw e;
    }
    const { result, written } = outcome;
    if (!written) return { result, unchanged: true, data: null };
    let data: IndexData;
    try {
      data = await loadCommit(o.indexDir, written.dir, await readWrittenManifest(written), o.previous);
    } catch (e) {
      await discardWritten(o.indexDir, [...written.added, written.name]);
      throw e;
    }
    await switchGeneration(o.indexDir, written, o.signal);
    return { result, unchanged: false, data };
  });
}
