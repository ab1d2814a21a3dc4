import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SlidingRegression } from '../../../src/analysis/seed/sliding-regression.js';
import { twoPassFit } from '../../../src/analysis/seed/two-pass-fit.js';
import { exactFit } from '../../exact-fit.js';

function relativeError(got: number, want: number): number {
  return Math.abs(got - want) / Math.max(Math.abs(want), 1e-300);
}

/** Replays `times`/`bytes` through a count window and checks every window against the exact fit. */
function worstErrors(times: number[], bytes: number[], window: number): { slope: number; r2: number } {
  const regression = new SlidingRegression(window + 1);
  let slope = 0;
  let r2 = 0;
  for (let i = 0; i < times.length; i++) {
    regression.push(times[i] as number, bytes[i] as number);
    while (regression.size > window) regression.shift();
    const from = Math.max(0, i + 1 - window);
    const want = exactFit(times.slice(from, i + 1), bytes.slice(from, i + 1));
    const got = regression.fit();
    if (want === null) {
      expect(got.slopeMiBPerSecond).toBeNull();
      continue;
    }
    expect(got.slopeMiBPerSecond).not.toBeNull();
    // Tolerances as the vectors' README: relative 1e-9, absolute 1e-12 near zero.
    const gotSlope = (got.slopeMiBPerSecond as number) * 3600;
    if (Math.abs(want.slopeMiBPerHour) > 1e-12) slope = Math.max(slope, relativeError(gotSlope, want.slopeMiBPerHour));
    else expect(Math.abs(gotSlope)).toBeLessThanOrEqual(1e-12);
    if (want.r2 > 1e-3) r2 = Math.max(r2, relativeError(got.r2 as number, want.r2));
    else expect(Math.abs((got.r2 as number) - want.r2)).toBeLessThanOrEqual(1e-12);
  }
  return { slope, r2 };
}

describe('SlidingRegression', () => {
  it('fits a perfect line exactly: 60 MiB/h, R² 1', () => {
    const regression = new SlidingRegression();
    for (let i = 0; i < 60; i++) regression.push(1_700_000_000 + 30 * i, 209715200 + i * 524288);
    const fit = regression.fit();
    expect((fit.slopeMiBPerSecond as number) * 3600).toBeCloseTo(60, 12);
    expect(fit.r2).toBeCloseTo(1, 14);
  });

  it('gives slope 0 and R² 0 for a constant series, even after a step leaves the window', () => {
    const regression = new SlidingRegression();
    for (let i = 0; i < 50; i++) regression.push(1_700_000_000 + 30 * i, i < 10 ? 100 * 1048576 : 1.5e12);
    for (let i = 0; i < 10; i++) regression.shift();
    const fit = regression.fit();
    expect(fit.slopeMiBPerSecond).toBe(0);
    expect(fit.r2).toBe(0);
  });

  it('has null slope and R² when all times are equal (Σ(x−x̄)² = 0)', () => {
    const regression = new SlidingRegression();
    regression.push(5, 1);
    expect(regression.fit()).toEqual({ n: 1, slopeMiBPerSecond: null, r2: null });
  });

  it('agrees with the exact fit on every window of epoch-sized, GiB-sized, noisy data', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 120_000 }), fc.integer({ min: -5_000_000, max: 5_000_000 })), {
          minLength: 2,
          maxLength: 150,
        }),
        fc.constantFrom(0, 1_700_000_000.137, 30),
        fc.constantFrom(0, 8 * 1024 ** 3, 419430400),
        fc.double({ min: -20, max: 20, noNaN: true }),
        (window, steps, t0, base, slopeBytesPerMs) => {
          const times: number[] = [];
          const bytes: number[] = [];
          let t = t0;
          steps.forEach(([gapMs, noise], i) => {
            t += gapMs / 1000;
            times.push(t);
            bytes.push(Math.max(0, Math.round(base + slopeBytesPerMs * i * 1000 + noise)));
          });
          const worst = worstErrors(times, bytes, window);
          expect(worst.slope).toBeLessThanOrEqual(1e-9);
          expect(worst.r2).toBeLessThanOrEqual(1e-9);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
  });

  it('stays exact when a sample far across a gap leaves a window of samples 1 ms apart (CI counterexample)', () => {
    // Removing (44.981 s)² from Σx² left 1e-13 of rounding beside a centred Σ(x−x̄)² of 5e-7.
    const gapsMs = [3200, 80102, 110098, 44981, 1, 1];
    const times: number[] = [];
    let t = 30;
    for (const gap of gapsMs) times.push((t += gap / 1000));
    const bytes = [0, 0, 0, 0, 0, -1].map((noise) => 8 * 1024 ** 3 + noise);
    const worst = worstErrors(times, bytes, 2);
    expect(worst.slope).toBeLessThanOrEqual(1e-9);
    expect(worst.r2).toBeLessThanOrEqual(1e-9);
  });

  it('stays exact over a long replay with a step, a plateau and tiny variation on a huge value', () => {
    const times: number[] = [];
    const bytes: number[] = [];
    for (let i = 0; i < 3000; i++) {
      times.push(1_700_000_000.25 + 15 * i);
      const level = i < 1000 ? 200 * 1048576 + i * 4096 : i < 1500 ? 64 * 1024 ** 3 : 64 * 1024 ** 3 + (i % 7);
      bytes.push(level);
    }
    const worst = worstErrors(times, bytes, 240);
    expect(worst.slope).toBeLessThanOrEqual(1e-9);
    expect(worst.r2).toBeLessThanOrEqual(1e-9);
  });
});

describe('twoPassFit', () => {
  it('matches the exact fit on large values with tiny variation', () => {
    const times = Array.from({ length: 200 }, (_, i) => 1_700_000_000.5 + 30 * i);
    const bytes = times.map((_, i) => 16 * 1024 ** 3 + ((i * 7919) % 13));
    const fit = twoPassFit(times, bytes);
    const want = exactFit(times, bytes) as { slopeMiBPerHour: number; r2: number };
    expect(relativeError((fit.slopeMiBPerSecond as number) * 3600, want.slopeMiBPerHour)).toBeLessThan(1e-12);
    expect(relativeError(fit.r2 as number, want.r2)).toBeLessThan(1e-12);
  });
});
