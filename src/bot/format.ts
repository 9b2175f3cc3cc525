/** Small formatters for Discord: timestamps that Discord shows in the reader's own language, and progress bars. */

/** Discord renders `<t:unix:R>` as "in 2 minutes" / "2分钟后" in the reader's own locale. */
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
