/** Retrieval metrics of docs/cli.md: file-level ranks, Recall@k, MRR@10, latency percentiles. */

export interface QualityMetrics {
  questions: number;
  recall1: number;
  recall5: number;
  recall10: number;
  mrr10: number;
}

export interface LatencyMetrics {
  p50Ms: number;
  p99Ms: number;
  /** Median process CPU time per query: on a shared machine, wall time also holds other processes' turns. */
  cpuP50Ms?: number;
}

/** Ranked files with only the first hit of each file kept, order preserved. */
export function firstHitPerFile(files: readonly string[]): string[] {
  return [...new Set(files)];
}

/** 1-based rank of the gold file among the distinct files of the hits; null when absent. */
export function goldRank(files: readonly string[], gold: string): number | null {
  const rank = firstHitPerFile(files).indexOf(gold);
  return rank < 0 ? null : rank + 1;
}

/** Recall@1/5/10 and MRR@10 over the ranks of all questions (null = not found). */
export function quality(ranks: ReadonlyArray<number | null>): QualityMetrics {
  const n = ranks.length;
  const within = (k: number) => ranks.filter((r) => r !== null && r <= k).length / (n || 1);
  const mrr = ranks.reduce<number>((sum, r) => sum + (r !== null && r <= 10 ? 1 / r : 0), 0) / (n || 1);
  return { questions: n, recall1: within(1), recall5: within(5), recall10: within(10), mrr10: mrr };
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

export function latency(samplesMs: readonly number[], cpuSamplesMs?: readonly number[] | null): LatencyMetrics {
  const wall = { p50Ms: percentile(samplesMs, 50), p99Ms: percentile(samplesMs, 99) };
  return cpuSamplesMs?.length ? { ...wall, cpuP50Ms: percentile(cpuSamplesMs, 50) } : wall;
}

/** Milliseconds since `start` (a `performance.now()` reading). */
/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function since(start: number): number {
  return performance.now() - start;
}
