/** What every handler gets: the engine, settings, and the bot's shared state. */
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import type { QaEngine } from '../types.js';
import { FairLimiter, RateLimiter } from './limiter.js';
import type { Logger } from '../util/log.js';
import { TtlLru } from './lru.js';
import type { View } from './views.js';

export interface BotOptions {
  /** Minimum time between two edits of the /reindex progress message (Discord rate-limits edits). */
  progressIntervalMs?: number;
  /** How long `stop()` waits for in-flight work before closing the connection anyway. */
  shutdownGraceMs?: number;
  /** How long "more results" buttons keep working. */
  viewTtlMs?: number;
  /** How many result sets are kept for buttons. */
  maxViews?: number;
  /** Questions waiting for an engine slot before new ones are turned away. */
  maxQueuedQueries?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export interface ReindexRun {
  userId: string;
  startedAt: number;
  full: boolean;
  controller: AbortController;
  done: Promise<void>;
}

export interface BotContext {
  readonly config: Config;
  readonly engine: QaEngine;
  readonly log: Logger;
  readonly rateLimiter: RateLimiter;
  /** Bounds concurrent engine queries (embedding is the expensive part). */
  readonly queries: FairLimiter;
  /** Result sets behind "more results" buttons, by short key. */
  readonly views: TtlLru<string, View>;
  readonly options: Required<BotOptions>;
  readonly startedAt: number;
  reindexRun: ReindexRun | null;
  stopping: boolean;
  /** Logs a note about how answers are found (keyword-only…) once; /stats shows the state. */
  warnOnce(note: string): void;
  now(): number;
}

export function createContext(config: Config, engine: QaEngine, log: Logger, options: BotOptions = {}): BotContext {
  const now = options.now ?? Date.now;
  const resolved: Required<BotOptions> = {
    progressIntervalMs: options.progressIntervalMs ?? 1500,
    shutdownGraceMs: options.shutdownGraceMs ?? 10_000,
    viewTtlMs: options.viewTtlMs ?? 30 * 60_000,
    maxViews: options.maxViews ?? 500,
    maxQueuedQueries: options.maxQueuedQueries ?? 50,
    now,
  };
  const notes = new Set<string>();
  return {
    config,
    engine,
    log,
    warnOnce(note: string) {
      if (notes.has(note)) return;
      notes.add(note);
      log.warn('answering with a limitation', { note });
    },
    rateLimiter: new RateLimiter(config.rateLimitCount, config.rateLimitWindowMs, now),
    queries: new FairLimiter(config.maxConcurrentQueries, resolved.maxQueuedQueries),
    views: new TtlLru<string, View>(resolved.maxViews, resolved.viewTtlMs, now),
    options: resolved,
    startedAt: now(),
    reindexRun: null,
    stopping: false,
    now,
  };
}

/** Keeps a result set for its buttons; the key is short so custom ids stay under 100 characters. */
export function rememberView(ctx: BotContext, view: View): string {
  const key = randomBytes(6).toString('base64url');
  ctx.views.set(key, view);
  return key;
}
