/**
 * Issue 11: the robust verdict follows the behaviour, not the clock. The
 * same shape recorded as a 5-minute soak at 1 s and as a 12-hour export at
 * 30 s gets the same verdict, because the floor width, the warm-up and the
 * evidence needed come from the recording's own span and sampling interval.
 */
import { describe, expect, it } from 'vitest';
import { analyseRobust } from '../../../src/analysis/robust/analyse-robust.js';
import { ROBUST_PROFILE } from '../../../src/analysis/robust/options.js';
import { noise } from '../../support/noise.js';

const MIB = 1048576;

/** `shape(u, r)` in MiB over u ∈ [0, 1) of the span, sampled every `interval` s. */
function record(spanSeconds: number, intervalSeconds: number, shape: (u: number, r: number) => number, seed = 7): { times: Float64Array; values: Float64Array } {
  const random = noise(seed);
  const n = Math.round(spanSeconds / intervalSeconds);
  const times = Float64Array.from({ length: n }, (_, i) => 1.7e9 + i * intervalSeconds);
  const values = Float64Array.from({ length: n }, (_, i) => shape(i / n, random()) * MIB);
  return { times, values };
}

const saw = (u: number, cycles: number): number => (u * cycles) % 1;

// Each shape's growth is 60–150 MiB over the span: above the 5 MiB/h budget even over 12 h.
const SHAPES: Array<{ name: string; expected: 'leak' | 'no-leak'; shape: (u: number, r: number) => number }> = [
  { name: 'a steady leak under noise', expected: 'leak', shape: (u, r) => 100 + 120 * u + 3 * r },
  { name: 'a leak under a GC sawtooth', expected: 'leak', shape: (u, r) => 150 + 80 * u + 25 * saw(u, 60) + r },
  { name: 'a flat process', expected: 'no-leak', shape: (_u, r) => 80 + 2 * r },
  { name: 'a GC sawtooth without a leak', expected: 'no-leak', shape: (u, r) => 120 + 40 * saw(u, 60) + r },
  { name: 'a warm-up then flat', expected: 'no-leak', shape: (u, r) => 60 + 90 * (1 - Math.exp(-u / 0.08)) + r },
  { name: 'a warm-up then a leak', expected: 'leak', shape: (u, r) => 60 + 60 * (1 - Math.exp(-u / 0.05)) + 100 * u + r },
  { name: 'a one-off step', expected: 'no-leak', shape: (u, r) => 90 + (u > 0.55 ? 150 : 0) + r },
  { name: 'a leak that starts late', expected: 'leak', shape: (u, r) => 90 + 300 * Math.max(0, u - 0.5) + r },
  { name: 'a big free', expected: 'no-leak', shape: (u, r) => (u < 0.3 ? 300 : 110) + r },
];

describe('the same behaviour at two time scales', () => {
  for (const { name, expected, shape } of SHAPES) {
    it(`${name}: ${expected} as 5 min at 1 s and as 12 h at 30 s`, () => {
      const soak = record(300, 1, shape);
      const export12h = record(12 * 3600, 30, shape);
      const short = analyseRobust(soak.times, soak.values, ROBUST_PROFILE);
      const long = analyseRobust(export12h.times, export12h.values, ROBUST_PROFILE);
      expect(short.verdict, short.explanation).toBe(expected);
      expect(long.verdict, long.explanation).toBe(expected);
      // The floor is the span over targetBuckets in both, so both judge the same number of points.
      expect(short.bucketSeconds / (long.bucketSeconds / 144)).toBeCloseTo(1, 2);
    });
  }

  it('needs the same evidence in samples: 30 samples are too few at either rate', () => {
    const flat = (_u: number, r: number): number => 80 + r;
    for (const interval of [1, 30]) {
      const { times, values } = record(30 * interval, interval, flat);
      const opinion = analyseRobust(times, values, ROBUST_PROFILE);
      expect(opinion.verdict).toBe('inconclusive');
      expect(opinion.needs?.afterWarmupSeconds).toBe(40 * interval);
    }
  });
});
