/**
 * The worker thread side of a background build (see background.ts): parses,
 * segments, builds the postings and the vector graph, and writes the new
 * generation's files, while the main thread keeps answering. Embedding is
 * asked of the main thread, which holds the model.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { Embedder } from '../model/embedder.js';
import { buildWithLockHeld } from './build.js';
import type { WorkerReply, WorkerRequest, WorkerTask } from './background.js';

const port = parentPort!;
const task = workerData as WorkerTask;
const post = (m: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

const waiting = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
let nextId = 0;
port.on('message', (m: WorkerRequest) => {
  const w = waiting.get(m.id);
  if (!w) return;
  waiting.delete(m.id);
  if (m.type === 'vectors') w.resolve(m.vectors);
  else w.reject(new Error(m.message));
});

const embedder: Embedder | null = task.embedding && {
  ...task.embedding,
  embedPassages: (texts: string[]) =>
    new Promise<Float32Array[]>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      post({ type: 'embed', id, texts });
    }),
  embedQuery: () => Promise.reject(new Error('queries are not embedded while indexing')),
};

try {
  const outcome = await buildWithLockHeld({
    corpusDir: task.corpusDir,
    indexDir: task.indexDir,
    full: task.full,
    embedder,
    onProgress: (event) => post({ type: 'progress', event }),
  });
  if (outcome.written && outcome.data) {
    // The paragraph store and the postings go over as bytes, which the main thread views without parsing.
    const { documents, paragraphs, keyword } = outcome.data;
    const manifest = JSON.parse(await readFile(path.join(outcome.written.dir, 'manifest.json'), 'utf8'));
    post({ type: 'head', manifest, documents, paragraphs: paragraphs.toBuffer(), keyword: keyword.toParts() });
  }
  post({ type: 'done', result: outcome.result, written: outcome.written ?? null });
} catch (e) {
  const err = e as Error & { id?: string; context?: Record<string, unknown> };
  post({ type: 'failed', message: err.message, id: err.id ?? null, context: err.context ?? {}, code: (err as NodeJS.ErrnoException).code ?? null });
}
// The message port would keep the thread alive.
port.close();
