/**
 * The batch paths (SlidingRegression.slideEach, SeriesReplayer.pushEach and
 * the summaries' pushEach/evaluateAbove) must give bit for bit what the
 * one-sample calls give, however the samples are cut into batches.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SlidingRegression } from '../../../src/analysis/seed/sliding-regression.js';
import { SeriesReplayer } from '../../../src/analysis/seed/series-replayer.js';
import { AlertRule } from '../../../src/analysis/seed/alert-rule.js';
import { BucketTrack } from '../../../src/analysis/seed/bucket-track.js';
import { OnlineMoments } from '../../../src/analysis/seed/online-moments.js';
import { IntervalMedian } from '../../../src/analysis/seed/interval-median.js';
import { DEFAULT_OPTIONS, type AnalysisOptions } from '../../../src/options.js';
import { makeLabels } from '../../../src/series.js';

const MIB = 1048576;

/** Increasing times with gaps (some beyond staleness) and values with ramps, steps and noise. */
const seriesArbitrary = fc
  .array(
    fc.record({
      gap: fc.oneof(fc.constant(1), fc.constant(15), fc.integer({ min: 1, max: 600 }), fc.double({ min: 0.001, max: 5000, noNaN: true })),
      value: fc.oneof(fc.integer({ min: 0, max: 2 ** 40 }), fc.double({ min: 0, max: 1e13, noNaN: true })),
      ramp: fc.boolean(),
    }),
    { minLength: 1, maxLength: 700 },
  )
  .map((rows) => {
    const times = new Float64Array(rows.length);
    const bytes = new Float64Array(rows.length);
    let time = 1_767_225_600;
    rows.forEach((row, i) => {
      time += row.gap;
      times[i] = time;
      bytes[i] = row.ramp ? 200 * MIB + i * 4096 * 37 : row.value;
    });
    return { times, bytes };
  });

/** Cut points: the batches the samples arrive in. */
const cutsArbitrary = fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 8 });

function inBatches(count: number, cuts: number[], each: (from: number, to: number) => void): void {
  for (let from = 0, k = 0; from < count; k++) {
    const to = Math.min(count, from + (cuts[k % cuts.length] as number));
    each(from, to);
    from = to;
  }
}

const windowArbitrary = fc.oneof(
  fc.integer({ min: 2, max: 300 }).map((samples) => ({ kind: 'count' as const, samples })),
  fc.integer({ min: 10, max: 20_000 }).map((seconds) => ({ kind: 'duration' as const, seconds })),
);

describe('SlidingRegression.slideEach', () => {
  it('equals push, shiftToCount, shiftBefore and measure, bit for bit', () => {
    fc.assert(
      fc.property(seriesArbitrary, cutsArbitrary, fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 0, max: 40 }), ({ times, bytes }, cuts, maxCount, seconds, minSamples) => {
        const one = new SlidingRegression(4);
        const batch = new SlidingRegression(4);
        const slopes = new Float64Array(times.length);
        const r2s = new Float64Array(times.length);
        let largest = 0;
        inBatches(times.length, cuts, (from, to) => {
          const got = batch.slideEach(times.subarray(from, to), bytes.subarray(from, to), to - from, { maxCount, seconds, minSamples }, slopes.subarray(from, to), r2s.subarray(from, to));
          largest = Math.max(largest, got);
        });
        let wantLargest = 0;
        for (let i = 0; i < times.length; i++) {
          one.push(times[i] as number, bytes[i] as number);
          one.shiftToCount(maxCount);
          one.shiftBefore((times[i] as number) - seconds);
          one.measure();
          wantLargest = Math.max(wantLargest, one.size);
          const gated = one.size < minSamples;
          expect(Object.is(slopes[i], gated ? NaN : one.slopeMiBPerSecond)).toBe(true);
          expect(Object.is(r2s[i], gated ? NaN : one.r2)).toBe(true);
        }
        expect(largest).toBe(wantLargest);
        for (const field of ['slopeMiBPerSecond', 'r2', 'meanTime', 'meanMiB', 'size'] as const) expect(Object.is(batch[field], one[field])).toBe(true);
        expect(batch.oldestTime()).toBe(one.oldestTime());
      }),
      { numRuns: 300 },
    );
  });
});

describe('SeriesReplayer.pushEach', () => {
  it('gives the same replay as push, one sample at a time, however the samples are batched', () => {
    fc.assert(
      fc.property(seriesArbitrary, cutsArbitrary, windowArbitrary, fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 30 }), ({ times, bytes }, cuts, window, skipSeconds, minSamples) => {
        const options: AnalysisOptions = { ...DEFAULT_OPTIONS, window, skipSeconds, minSamples, leakForSeconds: 120, rssThresholdBytes: 4 * 2 ** 30 };
        const one = new SeriesReplayer(makeLabels(), options);
        const batch = new SeriesReplayer(makeLabels(), options);
        const kept: boolean[] = [];
        for (let i = 0; i < times.length; i++) kept.push(one.push(times[i] as number, bytes[i] as number));
        let pushed = 0;
        inBatches(times.length, cuts, (from, to) => {
          pushed += batch.pushEach(times.subarray(from, to), bytes.subarray(from, to), to - from);
        });
        expect(pushed).toBe(kept.filter(Boolean).length);
        for (const field of ['score', 'slopeMiBPerHour', 'r2'] as const) expect(Object.is(batch[field], one[field])).toBe(true);
        const counts = { dropped: 0, droppedExamples: [], duplicates: 0 };
        expect(batch.finish(counts)).toStrictEqual(one.finish(counts));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the whole-series summaries the same across the scratch chunk size (4096)', () => {
    const n = 10_000;
    const times = Float64Array.from({ length: n }, (_, i) => 1_767_225_600 + i);
    const bytes = Float64Array.from({ length: n }, (_, i) => 300 * MIB + ((i * 7919) % 1000) * 4096 + i * 1024);
    const one = new SeriesReplayer(makeLabels(), DEFAULT_OPTIONS);
    for (let i = 0; i < n; i++) one.push(times[i] as number, bytes[i] as number);
    const batch = new SeriesReplayer(makeLabels(), DEFAULT_OPTIONS);
    expect(batch.pushEach(times, bytes, n)).toBe(n);
    const counts = { dropped: 0, droppedExamples: [], duplicates: 0 };
    const want = one.finish(counts);
    expect(want.scoredWindows).toBeGreaterThan(0);
    expect(batch.finish(counts)).toStrictEqual(want);
  });
});

describe('the summaries in batches', () => {
  it('AlertRule.evaluateAbove equals evaluate(time, value > threshold)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 400 }), fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 300 }), cutsArbitrary, (steps, cuts) => {
        const times = new Float64Array(steps.length);
        const values = new Float64Array(steps.length);
        let time = 0;
        steps.forEach(([gap, value], i) => {
          time += gap;
          times[i] = time;
          values[i] = value;
        });
        const one = new AlertRule('MemoryLeakDetected', 300, 300);
        const batch = new AlertRule('MemoryLeakDetected', 300, 300);
        for (let i = 0; i < steps.length; i++) one.evaluate(times[i] as number, (values[i] as number) > 0.5);
        inBatches(steps.length, cuts, (from, to) => batch.evaluateAbove(times.subarray(from, to), values.subarray(from, to), to - from, 0.5));
        expect(batch.episodes).toStrictEqual(one.episodes);
        expect(batch.firing).toBe(one.firing);
      }),
    );
  });

  it('BucketTrack and OnlineMoments give the same in batches as one at a time', () => {
    fc.assert(
      fc.property(seriesArbitrary, cutsArbitrary, fc.integer({ min: 1, max: 40 }).map((half) => half * 2), ({ times, bytes }, cuts, capacity) => {
        const scores = bytes.map((value) => (value % 1000) / 1000);
        const oneTrack = new BucketTrack(capacity);
        const batchTrack = new BucketTrack(capacity);
        const oneMoments = new OnlineMoments();
        const batchMoments = new OnlineMoments();
        for (let i = 0; i < times.length; i++) {
          oneTrack.push(times[i] as number, bytes[i] as number, scores[i] as number);
          oneMoments.push(times[i] as number, bytes[i] as number);
        }
        inBatches(times.length, cuts, (from, to) => {
          batchTrack.pushEach(times.subarray(from, to), bytes.subarray(from, to), scores.subarray(from, to), to - from);
          batchMoments.pushEach(times.subarray(from, to), bytes.subarray(from, to), to - from);
        });
        expect(batchTrack.snapshot()).toStrictEqual(oneTrack.snapshot());
        expect(batchMoments.result()).toStrictEqual(oneMoments.result());
      }),
    );
  });

  it('IntervalMedian.pushGaps equals push of each gap, across batches', () => {
    fc.assert(
      fc.property(seriesArbitrary, cutsArbitrary, ({ times }, cuts) => {
        const one = new IntervalMedian();
        for (let i = 1; i < times.length; i++) one.push((times[i] as number) - (times[i - 1] as number));
        const batch = new IntervalMedian();
        inBatches(times.length, cuts, (from, to) => batch.pushGaps(times.subarray(from, to), to - from, from === 0 ? NaN : (times[from - 1] as number)));
        expect(batch.median()).toBe(one.median());
      }),
    );
  });
});
