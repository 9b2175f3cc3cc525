/**
 * Keeps a bot process on the newest complete index generation when another
 * process writes it: a separate indexer (`npm run cli -- index`), or a bot
 * process running other shards that ran /reindex. A generation is switched in
 * only once fully read (the engine's refresh), so a half-written one is never served.
 */
import type { QaEngine } from '../types.js';
import type { Logger } from '../util/log.js';

/** How often the index folder's `CURRENT` pointer is checked by default. */
export const INDEX_POLL_MS = 5000;

/** Starts polling; returns the function that stops it. */
export function followIndex(engine: QaEngine, log: Logger, intervalMs = INDEX_POLL_MS): () => void {
  if (!engine.refresh) return () => undefined;
  let busy = false;
  let lastError = '';
  const timer = setInterval(() => {
    if (busy || engine.reindexing) return;
    busy = true;
    engine
      .refresh!()
      .then((switched) => {
        lastError = '';
        if (switched) log.info('switched to the index generation another process wrote', { indexDir: engine.stats().indexDir });
      })
      .catch((error: unknown) => {
        // A generation removed while being read, or built with another model: keep serving, say it once.
        const message = error instanceof Error ? error.message : String(error);
        if (message !== lastError) log.warn('could not switch to the new index generation; still serving the previous one', { message });
        lastError = message;
      })
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
