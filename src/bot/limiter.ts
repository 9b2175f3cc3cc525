/**
 * Two guards against floods: a per-user sliding-window rate limit (questions
 * per window), and a fair bound on concurrent engine work so the queue is
 * served round-robin across users: one user's burst waits behind everyone
 * else's first question instead of in front of it.
 */
import { UserError } from '../errors.js';

export type RateDecision = { ok: true; remaining: number } | { ok: false; retryAfterMs: number };

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records `cost` uses for `key` when allowed; otherwise says how long until enough room frees up. */
  take(key: string, cost = 1): RateDecision {
    if (cost <= 0) return { ok: true, remaining: this.limit };
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length + cost > this.limit) {
      this.hits.set(key, recent);
      // The oldest hits must age out of the window before `cost` more fit.
      const oldestThatMustExpire = recent[recent.length + cost - this.limit - 1] ?? now;
      return { ok: false, retryAfterMs: Math.max(1, oldestThatMustExpire + this.windowMs - now) };
    }
    for (let i = 0; i < cost; i++) recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.sweep(now);
    return { ok: true, remaining: this.limit - recent.length };
  }

  private sweep(now: number): void {
    for (const [key, times] of this.hits) {
      if (times.every((t) => now - t >= this.windowMs)) this.hits.delete(key);
    }
  }
}

/** A counting semaphore whose waiters are served round-robin by key (user id). */
export class FairLimiter {
  private active = 0;
  private waiting = 0;
  private readonly queues = new Map<string, Array<() => void>>();
  /** Keys with waiters, in the order they will be served. */
  private readonly rotation: string[] = [];

  constructor(
    readonly maxActive: number,
    readonly maxWaiting = Number.POSITIVE_INFINITY,
  ) {}

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting;
  }

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    await this.acquire(key);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(key: string): Promise<void> {
    if (this.active < this.maxActive && this.waiting === 0) {
      this.active++;
      return Promise.resolve();
    }
    if (this.waiting >= this.maxWaiting) {
      return Promise.reject(
        new UserError('bot.busy', 'I am answering a lot of questions right now. Please try again in a minute.', {
          waiting: this.waiting,
        }),
      );
    }
    return new Promise<void>((resolve) => {
      let queue = this.queues.get(key);
      if (!queue) {
        queue = [];
        this.queues.set(key, queue);
        this.rotation.push(key);
      }
      queue.push(resolve);
      this.waiting++;
    });
  }

  private release(): void {
    const key = this.rotation.shift();
    if (key === undefined) {
      this.active--;
      return;
    }
    const queue = this.queues.get(key) ?? [];
    const next = queue.shift();
    if (queue.length > 0) this.rotation.push(key); // Back of the line: others go first.
    else this.queues.delete(key);
    this.waiting--;
    // The slot passes straight to the next waiter; `active` stays the same.
    next?.();
  }
}
