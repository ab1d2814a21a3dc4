import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BucketTrack, trackBuffers } from '../../../src/analysis/seed/bucket-track.js';
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
        expect(snap.start).toBe(0);
        expect(snap.end).toBe(values.length - 1);
        // Buckets tile the series in order: bucket b holds samples b·w … b·w + w − 1 (the last one may hold fewer).
        const w = snap.samplesPerBucket;
        expect(snap.length).toBe(Math.ceil(values.length / w));
        for (let b = 0; b < snap.length; b++) {
          const last = Math.min(values.length - 1, b * w + w - 1);
          expect(snap.midBase + (snap.mids[b] as number)).toBe((b * w + last) / 2);
        }
      }),
    );
  });

  /** The buckets as the track defines them, from every sample: bucket b holds samples b·w … b·w + w − 1. */
  function reference(times: number[], bytes: number[], scores: number[], w: number) {
    const buckets: Array<{ mid: number; min: number; max: number; score: number }> = [];
    for (let from = 0; from < times.length; from += w) {
      const to = Math.min(times.length, from + w);
      const slice = (xs: number[]): number[] => xs.slice(from, to);
      buckets.push({
        mid: ((times[from] as number) + (times[to - 1] as number)) / 2,
        min: Math.min(...slice(bytes)),
        max: Math.max(...slice(bytes)),
        score: Math.max(...slice(scores)),
      });
    }
    return buckets;
  }

  const anyDouble = fc.double({ min: 0, max: 1e13, noNaN: true });
  const sampleArbitrary = fc.record({
    gap: fc.oneof(fc.constant(30), fc.integer({ min: 1, max: 600 }), fc.double({ min: 1e-3, max: 5000, noNaN: true })),
    // Page-aligned RSS (exact as a Float32 below 2^36), any integer, any double.
    bytes: fc.oneof(fc.integer({ min: 0, max: 2 ** 24 }).map((pages) => pages * 4096), fc.integer({ min: 0, max: 2 ** 45 }), anyDouble),
    score: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
  });

  it('stores the same numbers in its compact snapshot, each column as Float32 exactly when that is lossless', () => {
    fc.assert(
      fc.property(
        fc.array(sampleArbitrary, { minLength: 1, maxLength: 600 }),
        fc.constantFrom(2, 4, 16, 256),
        fc.oneof(fc.constant(1_767_225_600), fc.constant(0), fc.double({ min: 0, max: 2e9, noNaN: true })),
        (samples, capacity, origin) => {
          const times: number[] = [];
          let time = origin;
          for (const sample of samples) times.push((time += sample.gap));
          const bytes = samples.map((sample) => sample.bytes);
          const scores = samples.map((sample) => sample.score);
          const track = new BucketTrack(capacity);
          times.forEach((t, i) => track.push(t, bytes[i] as number, scores[i] as number));
          const snap = track.snapshot();
          const want = reference(times, bytes, scores, snap.samplesPerBucket);
          expect(snap.length).toBe(want.length);
          expect(snap.start).toBe(times[0]);
          expect(snap.end).toBe(times[times.length - 1]);
          want.forEach((bucket, b) => {
            expect(snap.midBase + (snap.mids[b] as number)).toBe(bucket.mid);
            expect(snap.minBytes[b]).toBe(bucket.min);
            expect(snap.maxBytes[b]).toBe(bucket.max);
            expect(snap.maxScore[b]).toBe(bucket.score);
          });
          const narrow = (values: number[]): boolean => values.every((v) => Math.fround(v) === v);
          expect(snap.minBytes instanceof Float32Array).toBe(narrow(want.map((bucket) => bucket.min)));
          expect(snap.maxBytes instanceof Float32Array).toBe(narrow(want.map((bucket) => bucket.max)));
          expect(snap.maxScore instanceof Float32Array).toBe(narrow(want.map((bucket) => bucket.score)));
          // One buffer holds every column, so a thread can hand a track over whole.
          expect(trackBuffers(snap)).toHaveLength(1);
        },
      ),
    );
  });

  it('keeps a day of 30 s samples of page-aligned RSS in 20 bytes a bucket', () => {
    const track = new BucketTrack();
    for (let i = 0; i < 2880; i++) track.push(1_767_225_600 + 30 * i, (200 * 256 + (i % 97)) * 4096, (i % 13) / 13);
    const snap = track.snapshot();
    expect(snap.length).toBe(1440);
    expect(snap.mids).toBeInstanceOf(Float32Array);
    expect(snap.minBytes).toBeInstanceOf(Float32Array);
    expect(snap.maxBytes).toBeInstanceOf(Float32Array);
    expect(snap.maxScore).toBeInstanceOf(Float64Array);
    expect((trackBuffers(snap)[0] as ArrayBuffer).byteLength).toBe(1440 * 20);
  });

  it('snapshots an empty track', () => {
    const snap = new BucketTrack().snapshot();
    expect(snap.length).toBe(0);
    expect(snap.start).toBeNaN();
    expect(snap.mids).toHaveLength(0);
  });
});
