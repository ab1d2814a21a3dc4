import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BucketTrack } from '../../../src/analysis/seed/bucket-track.js';
import { IntervalMedian } from '../../../src/analysis/seed/interval-median.js';

function exactMedian(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

describe('IntervalMedian', () => {
  it('is exact while distinct gaps are few', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 300 }), (gaps) => {
        const median = new IntervalMedian();
        for (const gap of gaps) median.push(gap);
        expect(median.median()).toBe(exactMedian(gaps));
      }),
    );
  });

  it('is within 0.01 % once gaps are too many to count one by one', () => {
    const median = new IntervalMedian();
    const gaps: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      const gap = 30 + ((i * 7919) % 100_000) / 1e5;
      gaps.push(gap);
      median.push(gap);
    }
    const want = exactMedian(gaps);
    expect(Math.abs((median.median() as number) - want) / want).toBeLessThan(1e-4);
  });

  it('is null with no gaps', () => {
    expect(new IntervalMedian().median()).toBeNull();
  });
});

describe('BucketTrack', () => {
  // 16 halves from the start; 256 first grows its arrays (64 → 128 → 256), then halves.
  it.each([16, 256])('keeps every peak and the overall span however many samples arrive (%i buckets)', (capacity) => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 3000 }), (values) => {
        const track = new BucketTrack(capacity);
        values.forEach((v, i) => track.push(i, v, v / 1e9));
        const snap = track.snapshot();
        expect(snap.length).toBeLessThanOrEqual(capacity);
        expect(Math.max(...snap.maxBytes)).toBe(Math.max(...values));
        expect(Math.min(...snap.minBytes)).toBe(Math.min(...values));
        expect(Math.max(...snap.maxScore)).toBe(Math.max(...values) / 1e9);
        expect(snap.firstTime[0]).toBe(0);
        expect(snap.lastTime[snap.length - 1]).toBe(values.length - 1);
        expect(snap.lastBytes[snap.length - 1]).toBe(values[values.length - 1]);
        // Buckets tile the series in order.
        for (let b = 1; b < snap.length; b++) expect(snap.firstTime[b]).toBe((snap.lastTime[b - 1] as number) + 1);
      }),
    );
  });
});
