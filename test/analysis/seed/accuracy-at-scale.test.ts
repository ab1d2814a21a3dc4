/**
 * Issue 3: the O(1) sliding regression stays exact over a long replay. One
 * million samples of epoch-sized times (with millisecond jitter) and
 * GiB-sized values (a leak, GC noise, steps up and down) go through count
 * and duration windows; hundreds of windows along the way are checked against
 * exact rational arithmetic to the vectors' tolerance.
 */
import { describe, expect, it } from 'vitest';
import { SlidingRegression } from '../../../src/analysis/seed/sliding-regression.js';
import { exactFit } from '../../exact-fit.js';

const SAMPLES = 1_000_000;

function recording(): { times: Float64Array; bytes: Float64Array } {
  const times = new Float64Array(SAMPLES);
  const bytes = new Float64Array(SAMPLES);
  let seed = 12345;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < SAMPLES; i++) {
    times[i] = 1_700_000_000 + 30 * i + Math.round(random() * 1000) / 1000;
    const level = i % 200_000 < 100_000 ? 8 * 1024 ** 3 : 24 * 1024 ** 3; // steps of 16 GiB
    bytes[i] = level + i * 64 + Math.round(random() * 4 * 1048576);
  }
  return { times, bytes };
}

function within(got: number, want: number): boolean {
  return Math.abs(got - want) <= Math.max(1e-9 * Math.abs(want), 1e-12);
}

describe('sliding regression accuracy at scale', () => {
  const { times, bytes } = recording();

  it.each([
    ['count window 120', { count: 120 }, 997],
    ['count window 7200', { count: 7200 }, 4999],
    ['duration window 1h', { seconds: 3600 }, 997],
  ])('%s: sampled windows of 10^6 samples agree with exact arithmetic to 1e-9', (_name, window, stride) => {
    const regression = new SlidingRegression(128);
    let checked = 0;
    let worst = 0;
    for (let i = 0; i < SAMPLES; i++) {
      regression.push(times[i] as number, bytes[i] as number);
      if ('count' in window) regression.shiftToCount(window.count);
      else regression.shiftBefore((times[i] as number) - window.seconds);
      // Every stride-th window, and the windows right after each step.
      if (i % stride !== 0 && i % 100_000 > 3) continue;
      regression.measure();
      const from = i + 1 - regression.size;
      const want = exactFit(times.subarray(from, i + 1), bytes.subarray(from, i + 1));
      if (want === null) continue;
      const slope = regression.slopeMiBPerSecond * 3600;
      expect(within(slope, want.slopeMiBPerHour), `slope at ${i}: ${slope} vs ${want.slopeMiBPerHour}`).toBe(true);
      expect(within(regression.r2, want.r2), `R² at ${i}: ${regression.r2} vs ${want.r2}`).toBe(true);
      worst = Math.max(worst, Math.abs(slope - want.slopeMiBPerHour) / Math.abs(want.slopeMiBPerHour));
      checked++;
    }
    expect(checked).toBeGreaterThan(SAMPLES / stride);
    expect(worst).toBeLessThan(1e-9);
  });
});
