import { describe, expect, it } from 'vitest';
import { firstHitPerFile, goldRank, latency, percentile, quality } from '../../bench/metrics.js';

describe('goldRank', () => {
  it('counts each file once, at its first hit', () => {
    const hits = ['a.txt', 'a.txt', 'b.txt', 'a.txt', 'c.txt'];
    expect(firstHitPerFile(hits)).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(goldRank(hits, 'a.txt')).toBe(1);
    expect(goldRank(hits, 'c.txt')).toBe(3);
  });

  it('is null when the gold file is not among the hits', () => {
    expect(goldRank(['a.txt'], 'z.txt')).toBeNull();
    expect(goldRank([], 'z.txt')).toBeNull();
  });
});

describe('quality', () => {
  it('computes Recall@1/5/10 and MRR@10', () => {
    const m = quality([1, 2, 5, 6, 11, null]);
    expect(m.questions).toBe(6);
    expect(m.recall1).toBeCloseTo(1 / 6);
    expect(m.recall5).toBeCloseTo(3 / 6);
    expect(m.recall10).toBeCloseTo(4 / 6);
    // rank 11 is outside MRR@10
    expect(m.mrr10).toBeCloseTo((1 + 1 / 2 + 1 / 5 + 1 / 6) / 6);
  });

  it('is all zeros for no questions', () => {
    expect(quality([])).toEqual({ questions: 0, recall1: 0, recall5: 0, recall10: 0, mrr10: 0 });
  });
});

describe('percentile', () => {
  it('uses the nearest rank on unsorted input', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('gives p50 and p99 together', () => {
    expect(latency([3, 1, 2])).toEqual({ p50Ms: 2, p99Ms: 3 });
  });
});
