/** Small, locale-free formatters for durations, timestamps and progress bars. */

/** `42 s`, `3 min 5 s`, `2 h 10 min`, `3 d 4 h`: two units at most, never empty. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** Discord renders `<t:unix:R>` as "in 2 minutes" / "3 hours ago" in the reader's own locale. */
export function discordTimestamp(at: Date | number, style: 'R' | 'f' | 'F' | 'T' = 'R'): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  return `<t:${Math.floor(ms / 1000)}:${style}>`;
}

/** A text progress bar of `cells` cells, e.g. `████████░░░░░░░░░░░░ 40%` (the default 20). */
export function progressBar(fraction: number, cells = 20): string {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const filled = Math.round(f * cells);
  return `${'█'.repeat(filled)}${'░'.repeat(cells - filled)} ${Math.floor(f * 100)}%`;
}

/** Plural-aware count: `1 document`, `3 documents`. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
