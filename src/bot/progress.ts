/**
 * Re-index progress as one Discord message: a tracker that turns engine events
 * into text (bar, counts, time left), and a throttled editor that never has
 * two edits in flight and never edits more often than Discord likes.
 */
import type { IndexProgressEvent, ReindexResult } from '../types.js';
import { count, discordTimestamp, formatDuration, progressBar } from './format.js';
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

const PHASE_LABEL: Record<Phase, string> = {
  scan: 'Scanning the corpus',
  parse: 'Reading articles',
  embed: 'Embedding paragraphs',
  write: 'Writing the new index',
};

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

  header(): string {
    return `Re-index (${this.full ? 'full' : 'incremental'}) asked by <@${this.userId}> ${discordTimestamp(this.startedAt)}`;
  }

  text(): string {
    const lines = [`🔄 **Re-indexing** — ${this.header()}`, `\`${progressBar(this.fraction())}\``];
    let step = PHASE_LABEL[this.phase];
    if (this.phase === 'parse' || this.phase === 'embed') {
      step += `: ${this.done.toLocaleString('en-US')} / ${this.total.toLocaleString('en-US')}`;
      if (this.phase === 'embed' && this.reused > 0) step += ` (${this.reused.toLocaleString('en-US')} reused)`;
      const left = this.timeLeftMs();
      step += left === null ? ' · estimating time left…' : ` · about ${formatDuration(left)} left`;
    }
    lines.push(step);
    const extra = [this.files > 0 ? count(this.files, 'file') : '', this.warnings > 0 ? count(this.warnings, 'warning') : ''];
    lines.push(`-# ${[...extra.filter(Boolean), 'questions are still answered from the current index'].join(' · ')}`);
    return lines.join('\n');
  }

  doneText(r: ReindexResult): string {
    const lines = [
      `✅ **Re-index done** in ${formatDuration(r.ms)} — ${this.header()}`,
      `${count(r.documents, 'document')} · ${count(r.paragraphs, 'paragraph')} · ${r.embedded.toLocaleString('en-US')} embedded · ${r.reused.toLocaleString('en-US')} reused`,
    ];
    if (r.removedFiles.length > 0) lines.push(`Removed: ${escape(r.removedFiles.slice(0, 10).join(', '))}${r.removedFiles.length > 10 ? ` and ${r.removedFiles.length - 10} more` : ''}`);
    if (r.warnings.length > 0) {
      const shown = r.warnings.slice(0, 5).map((w) => `• ${escape(w.file)}: ${escape(w.message)} (${w.id})`);
      lines.push(`${count(r.warnings.length, 'warning')}:`, ...shown);
      if (r.warnings.length > 5) lines.push(`• … and ${r.warnings.length - 5} more (see the log)`);
    }
    lines.push('-# The new index is now answering questions.');
    return lines.join('\n');
  }

  failedText(message: string): string {
    return [
      `❌ **Re-index failed** after ${formatDuration(this.now() - this.startedAt)} — ${this.header()}`,
      escape(message),
      '-# The previous index keeps answering questions.',
    ].join('\n');
  }

  abandonedText(): string {
    return [
      `⏹️ **Re-index abandoned**: the bot is shutting down — ${this.header()}`,
      '-# The previous index keeps answering questions.',
    ].join('\n');
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
