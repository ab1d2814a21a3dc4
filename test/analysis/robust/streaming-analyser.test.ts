/**
 * The streaming robust analyser (issue 12): the same verdict however the
 * input is cut, and memory that does not grow with the number of samples.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseRobust } from '../../../src/analysis/robust/analyse-robust.js';
import { ROBUST_PROFILE } from '../../../src/analysis/robust/options.js';
import { createRobustAnalyser } from '../../../src/analysis/robust/streaming-analyser.js';
import { noise } from '../../support/noise.js';

const MIB = 1048576;
const CONTEXT = { skipSeconds: 0, stalenessSeconds: 300 };

/** A soak-like series: warm-up, optional leak, a GC sawtooth, and maybe a restart. */
function soak(n: number, leakMiBPerHour: number, seed: number, restartAt = -1): { times: Float64Array; values: Float64Array } {
  const random = noise(seed);
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  let base = 0;
  for (let i = 0; i < n; i++) {
    if (i === restartAt) base = i;
    const t = i - base;
    times[i] = 1.7e9 + i;
    values[i] = (40 + 30 * (1 - Math.exp(-t / 20)) + (leakMiBPerHour * t) / 3600 + 8 * ((t % 7) / 7) + random()) * MIB;
  }
  return { times, values };
}

describe('createRobustAnalyser', () => {
  it('gives the whole-array verdict whatever the chunking, finishing as often as asked', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 30, max: 900 }),
        fc.constantFrom(0, 2, 200),
        fc.integer({ min: 1, max: 1000 }),
        fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        (n, leak, seed, cuts, restart) => {
          const { times, values } = soak(n, leak, seed, restart ? Math.floor(n / 2) : -1);
          const whole = analyseRobust(times, values, ROBUST_PROFILE, CONTEXT);
          const analyser = createRobustAnalyser(ROBUST_PROFILE, CONTEXT);
          let i = 0;
          let c = 0;
          while (i < n) {
            const end = Math.min(n, i + (cuts[c++ % cuts.length] as number));
            for (; i < end; i++) analyser.push(times[i] as number, values[i] as number);
            analyser.finish(); // a look in the middle changes nothing
          }
          expect(analyser.finish()).toEqual(whole);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps bounded arrays over 10 million samples', () => {
    const analyser = createRobustAnalyser(ROBUST_PROFILE, CONTEXT);
    const sizes: number[] = [];
    const n = 10_000_000;
    for (let i = 0; i < n; i++) {
      // 200 MiB, a 10 MiB/h leak (twice the budget), a 6 MiB sawtooth.
      analyser.push(i, (200 + (10 * i) / 3600 + ((i % 13) / 13) * 6) * MIB);
      if (i % 1_000_000 === 999_999) sizes.push(analyser.retained().fineBuckets);
    }
    const retained = analyser.retained();
    expect(retained.segments).toBe(1);
    expect(retained.fineBuckets).toBeLessThanOrEqual(2 * ROBUST_PROFILE.fineBuckets);
    expect(retained.intervalSamples).toBeLessThanOrEqual(255);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2 * ROBUST_PROFILE.fineBuckets);
    const opinion = analyser.finish();
    expect(opinion.verdict).toBe('leak');
    expect(opinion.segments[0]?.samples).toBe(n);
    expect(opinion.segments[0]?.trend?.points).toBeLessThanOrEqual(ROBUST_PROFILE.targetBuckets);
  });

  it('keeps at most maxSegments segments through endless restarts, and counts the rest', () => {
    const options = { ...ROBUST_PROFILE, maxSegments: 4 };
    const analyser = createRobustAnalyser(options, CONTEXT);
    // 1000 lives of 100 s each, every one leaking fast and dying.
    for (let life = 0; life < 1000; life++) {
      for (let t = 0; t < 100; t++) analyser.push(life * 100 + t, (50 + t) * MIB);
    }
    expect(analyser.retained().segments).toBe(4);
    const opinion = analyser.finish();
    expect(opinion.segmentsOmitted).toBe(996);
    expect(opinion.segments.length).toBeLessThanOrEqual(4);
    expect(opinion.verdict).toBe('leak');
  });
});
