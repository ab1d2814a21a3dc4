/**
 * The shape detectors and the bounded fine buckets.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FineBuckets } from '../../../src/analysis/robust/fine-buckets.js';
import { isRestart } from '../../../src/analysis/robust/restarts.js';
import { findStep } from '../../../src/analysis/robust/step.js';
import { findWarmup } from '../../../src/analysis/robust/warmup.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('FineBuckets', () => {
  it('keeps per-bucket minima at the minimum sample’s time (floor)', () => {
    const fine = new FineBuckets(1000);
    for (const [t, v] of [[0, 5], [10, 3], [20, 6], [30, 2], [40, 7], [50, 4]] as const) fine.push(t, v);
    const points = fine.coarsen('floor', 20);
    expect([...points.values]).toEqual([3, 2, 4]);
    expect([...points.times]).toEqual([10, 30, 50]);
    expect([...points.counts]).toEqual([2, 2, 2]);
  });
  it('drops a last floor bucket covering less than half a width', () => {
    const fine = new FineBuckets(1000);
    for (const t of [0, 30, 60, 90, 100]) fine.push(t, 5);
    expect(fine.coarsen('floor', 100).values.length).toBe(1);
  });
  it('keeps every sample until full, then folds to at most 2 × capacity', () => {
    const few = new FineBuckets(100);
    for (const t of range(50)) few.push(t * 30, t);
    expect(few.coarsen('raw', 0).values.length).toBe(50);
    const many = new FineBuckets(100);
    for (const t of range(100_000)) many.push(t, t);
    expect(many.size).toBeLessThanOrEqual(200);
    expect(many.size).toBeGreaterThanOrEqual(100);
    expect(many.samples).toBe(100_000);
    const points = many.coarsen('raw', 0);
    // Means of a line stay on the line, and every sample is counted once.
    for (let i = 0; i < points.values.length; i++) expect(points.values[i]).toBeCloseTo(points.times[i] as number, 6);
    expect(points.counts.reduce((a, b) => a + b, 0)).toBe(100_000);
  });
  it('gives the same floors from fine buckets as from the samples themselves', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 3000 }), fc.integer({ min: 2, max: 64 }), (ys, capacity) => {
        const fine = new FineBuckets(capacity);
        ys.forEach((y, t) => fine.push(t, y));
        const whole = fine.coarsen('floor', ys.length + 1);
        expect(whole.values[0]).toBe(Math.min(...ys));
        expect(fine.size).toBeLessThanOrEqual(2 * capacity);
      }),
    );
  });
  it('sees through a GC sawtooth to the floor', () => {
    const fine = new FineBuckets(1000);
    // 100 MiB floor, +50 MiB sawtooth every 5 min, sampled every 30 s, for 6 h.
    for (const t of range(720)) fine.push(t * 30, 100 + ((t % 10) / 10) * 50);
    expect(new Set(fine.coarsen('floor', 600).values)).toEqual(new Set([100]));
  });
});

describe('findWarmup', () => {
  it('finds the knee where a cache stops filling', () => {
    const x = range(40);
    const y = x.map((i) => (i < 10 ? 10 * i : 100) + (i % 2));
    const warm = findWarmup(x, y);
    expect(warm.index).toBeGreaterThanOrEqual(9);
    expect(warm.index).toBeLessThanOrEqual(11);
  });
  it('finds none in a steady leak or a leak that starts late', () => {
    const x = range(40);
    expect(findWarmup(x, x.map((i) => 3 * i + (i % 3))).index).toBe(0);
    expect(findWarmup(x, x.map((i) => (i < 20 ? 50 : 50 + 5 * (i - 20)))).index).toBe(0);
  });
});

describe('findStep', () => {
  it('finds a one-off jump between two flat levels', () => {
    const step = findStep(range(20), range(20).map((i) => (i < 12 ? 100 : 160)));
    expect(step?.index).toBe(12);
    expect(step?.after).toBe(160);
    expect(step?.sseRatio).toBeLessThan(0.01);
  });
  it('prefers a line for a steady trend', () => {
    const step = findStep(range(20), range(20).map((i) => 2 * i));
    expect(step?.sseRatio).toBeGreaterThan(1);
  });
});

describe('isRestart', () => {
  it('is a drop below half, or a gap beyond staleness to a lower level', () => {
    expect(isRestart({ time: 30, bytes: 250 }, { time: 60, bytes: 40 }, 300)).toBe(true);
    expect(isRestart({ time: 30, bytes: 250 }, { time: 900, bytes: 240 }, 300)).toBe(true);
    expect(isRestart({ time: 30, bytes: 250 }, { time: 900, bytes: 260 }, 300)).toBe(false);
    expect(isRestart({ time: 30, bytes: 250 }, { time: 60, bytes: 200 }, 300)).toBe(false);
  });
});
