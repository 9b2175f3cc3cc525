/**
 * Re-index progress as one Discord message: a tracker that turns engine events
 * into text (bar, counts, time left), and a throttled editor that never has
 * two edits in flight and never edits more often than Discord likes.
 */
import type { IndexProgressEvent, ReindexResult } from '../types.js';
import { formatDuration, formatNumber, t, type Params } from '../present/messages.js';
import type { Lang } from '../present/voice.js';
import { discordTimestamp, progressBar } from './format.js';
import type { Logger } from '../util/log.js';
import { errorFields, escape } from './reply.js';

/** Rough share of the whole job per phase: embedding dominates when a model is used. */
const PHASE_SPAN = {
  scan: [0, 0.02],
  parse: [0.02, 0.2],
  embed: [0.2, 0.95],
  write: [0.95, 1],
} as const;

type Phase = keyof typeof PHASE_SPAN;

export class ReindexTracker {
  private phase: Phase = 'scan';
  private done = 0;
  private total = 0;
  private reused = 0;
  private files = 0;
  private warnings = 0;
  private phaseStart: number;
  private readonly startedAt: number;

  constructor(
    readonly full: boolean,
    readonly userId: string,
    private readonly now: () => number,
    private readonly lang: Lang = 'en',
  ) {
    this.startedAt = now();
    this.phaseStart = this.startedAt;
  }

  apply(e: IndexProgressEvent): void {
    if (e.phase === 'warning') {
      this.warnings++;
      return;
    }
    if (e.phase === 'done') return;
    if (e.phase !== this.phase) {
      this.phase = e.phase;
      this.phaseStart = this.now();
      this.done = 0;
      this.total = 0;
    }
    if (e.phase === 'scan') this.files = e.files;
    if (e.phase === 'parse' || e.phase === 'embed') {
      this.done = e.done;
      this.total = e.total;
    }
    if (e.phase === 'embed') this.reused = e.reused;
  }

  fraction(): number {
    const [from, to] = PHASE_SPAN[this.phase];
    const within = this.total > 0 ? this.done / this.total : 0;
    return from + (to - from) * within;
  }

  /** Time left in the current phase from its own pace; null until there is a pace to go by. */
  timeLeftMs(): number | null {
    const elapsed = this.now() - this.phaseStart;
    if (this.total === 0 || this.done === 0 || elapsed < 500) return null;
    return ((this.total - this.done) * elapsed) / this.done;
  }

  private params(): Params {
    return { mode: t(this.lang, this.full ? 'reindex.mode.full' : 'reindex.mode.incremental'), who: `<@${this.userId}>`, when: discordTimestamp(this.startedAt) };
  }

  private took(ms: number): string {
    return formatDuration(ms, this.lang);
  }

  text(): string {
    const { lang } = this;
    const lines = [t(lang, 'reindex.running', this.params()), `\`${progressBar(this.fraction())}\``];
    let step = t(lang, `reindex.phase.${this.phase}`);
    if (this.phase === 'parse' || this.phase === 'embed') {
      step = t(lang, 'reindex.step', { phase: step, done: this.done, total: this.total });
      if (this.phase === 'embed' && this.reused > 0) step += ` (${t(lang, 'reindex.reused', { n: this.reused })})`;
      const left = this.timeLeftMs();
      step += ` · ${left === null ? t(lang, 'reindex.estimating') : t(lang, 'reindex.left', { time: this.took(left) })}`;
    }
    lines.push(step);
    const extra = [this.files > 0 ? t(lang, 'reindex.files', { n: this.files }) : '', this.warnings > 0 ? t(lang, 'reindex.warnings', { n: this.warnings }) : ''];
    lines.push(`-# ${[...extra.filter(Boolean), t(lang, 'reindex.still_serving')].join(' · ')}`);
    return lines.join('\n');
  }

  /** `keywordOnly`: the new index has no model, so nothing was embedded or reused as vectors whatever the counts say. */
  doneText(r: ReindexResult, keywordOnly = false): string {
    const { lang } = this;
    const counts = t(lang, 'reindex.summary', { documents: t(lang, 'sources.documents', { n: r.documents }), paragraphs: t(lang, 'count.paragraphs', { n: r.paragraphs }) });
    // A keyword-only index embeds nothing, full or not: say why rather than "0 embedded".
    const vectors = (keywordOnly && r.embedded === 0) || (r.embedded === 0 && r.reused === 0 && r.paragraphs > 0) ? t(lang, 'reindex.keyword_only') : t(lang, 'reindex.embedded', { embedded: r.embedded, reused: r.reused });
    const lines = [t(lang, 'reindex.done', { ...this.params(), time: this.took(r.ms) }), `${counts} · ${vectors}`];
    if (r.removedFiles.length > 0) {
      lines.push(t(lang, 'reindex.removed', { files: escape(r.removedFiles.slice(0, 10).join(t(lang, 'list.separator'))) }));
      if (r.removedFiles.length > 10) lines.push(t(lang, 'reindex.more', { n: r.removedFiles.length - 10 }));
    }
    if (r.warnings.length > 0) {
      lines.push(`${t(lang, 'reindex.warnings', { n: r.warnings.length })}:`, ...r.warnings.slice(0, 5).map((w) => `• ${escape(w.file)}: ${escape(w.message)}`));
      if (r.warnings.length > 5) lines.push(`• ${t(lang, 'reindex.more', { n: r.warnings.length - 5 })}`);
    }
    lines.push(t(lang, 'reindex.now_serving'));
    return lines.join('\n');
  }

  failedText(message: string): string {
    return [t(this.lang, 'reindex.failed', { ...this.params(), time: this.took(this.now() - this.startedAt) }), escape(message), t(this.lang, 'reindex.keeps_serving')].join('\n');
  }

  abandonedText(): string {
    return [t(this.lang, 'reindex.abandoned', this.params()), t(this.lang, 'reindex.keeps_serving')].join('\n');
  }
}

/**
 * Edits one message with the latest text, at most once per `intervalMs`.
 * Intermediate states are dropped (only the newest matters); the final text
 * is always sent, after any edit in flight.
 */
export class ThrottledEditor {
  private latest: string | null = null;
  private lastEditAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private finished = false;

  constructor(
    private readonly edit: (text: string) => Promise<void>,
    private readonly intervalMs: number,
    private readonly now: () => number,
    private readonly log: Logger,
  ) {}

  update(text: string): void {
    if (this.finished) return;
    this.latest = text;
    if (this.timer) return;
    const wait = Math.max(0, this.lastEditAt + this.intervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }

  async finish(text: string): Promise<void> {
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.latest = text;
    this.flush();
    await this.inFlight;
  }

  private flush(): void {
    const text = this.latest;
    if (text === null) return;
    this.latest = null;
    this.inFlight = this.inFlight.then(async () => {
      this.lastEditAt = this.now();
      try {
        await this.edit(text);
      } catch (error) {
        this.log.warn('could not edit the re-index progress message', { error: errorFields(error) });
      }
    });
  }
}
