/**
 * The robust statistics against SciPy 1.17 (`scipy.stats.theilslopes`,
 * `scipy.stats.norm`) and hand-computed Mann–Kendall values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mannKendall, tieTerm } from '../../../src/analysis/robust/mann-kendall.js';
import { normalQuantile, normalUpperTail } from '../../../src/analysis/robust/normal.js';
import { theilSen } from '../../../src/analysis/robust/theil-sen.js';

const X = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const Y = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8];

describe('normal distribution', () => {
  it('upper tail matches scipy.stats.norm.sf', () => {
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 7);
    expect(normalUpperTail(3.5) / 0.00023262907903552502).toBeCloseTo(1, 5);
    expect(normalUpperTail(-1.2)).toBeCloseTo(0.8849303297782918, 6);
  });
  it('quantile matches scipy.stats.norm.ppf', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 7);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe('mannKendall', () => {
  it('counts S and corrects the variance for ties', () => {
    const mk = mannKendall(Y);
    expect(mk.s).toBe(25);
    // n(n−1)(2n+5)/18 = 12·11·29/18 = 212.67; ties: 1 (×2), 3 (×2), 5 (×3) → (2·14·2 + 3·2·11)/18
    expect(mk.varianceS).toBe(207);
    expect(mk.z).toBeCloseTo(1.668115312456598, 12);
    expect(mk.pIncreasing).toBeCloseTo(0.04764641901172832, 6);
    expect(mk.pTwoSided).toBeCloseTo(0.09529283802345664, 6);
  });
  it('finds a monotonic trend and none in a constant', () => {
    const up = mannKendall([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(up.s).toBe(45);
    expect(up.tau).toBe(1);
    expect(up.pIncreasing).toBeLessThan(0.001);
    const flat = mannKendall([5, 5, 5, 5, 5]);
    expect(flat.varianceS).toBe(0);
    expect(flat.pIncreasing).toBe(1);
    expect(mannKendall([10, 9, 8, 7, 6, 5, 4, 3]).pIncreasing).toBeGreaterThan(0.99);
  });
  it('tieTerm sums t(t−1)(2t+5) over runs of equal values', () => {
    expect(tieTerm([1, 2, 3])).toBe(0);
    expect(tieTerm([7, 7, 7, 1])).toBe(3 * 2 * 11);
  });
});

describe('theilSen', () => {
  it('matches scipy.stats.theilslopes with its confidence interval', () => {
    const ts = theilSen(X, Y, { confidence: 0.95 });
    expect(ts.slope).toBeCloseTo(0.3666666666666667, 12);
    expect(ts.lower).toBe(0);
    expect(ts.upper).toBeCloseTo(0.8, 12);
    const ts2 = theilSen([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [10, 12, 11, 15, 14, 18, 17, 21, 20, 24], { confidence: 0.9 });
    expect(ts2.slope).toBe(1.5);
    expect(ts2.lower).toBeCloseTo(1.1666666666666667, 12);
    expect(ts2.upper).toBeCloseTo(1.6, 12);
  });
  it('ignores an outlier that swings least squares', () => {
    expect(theilSen([0, 1, 2, 3, 4], [0, 2, 4, 6, 100]).slope).toBe(2);
  });
  it('pools groups: the drop between two segments does not enter the slope', () => {
    const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const y = [100, 102, 104, 106, 108, 10, 12, 14, 16, 18];
    expect(theilSen(x, y).slope).toBeLessThan(0);
    const pooled = theilSen(x, y, { groups: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1] });
    expect(pooled.slope).toBe(2);
    expect(pooled.pairs).toBe(20);
  });
  it('returns nulls with no usable pair', () => {
    expect(theilSen([1, 1], [2, 3]).slope).toBeNull();
  });
});

describe('theilSen: order statistics by selection (issue 16)', () => {
  it('gives exactly the slope and bounds that sorting every pairwise slope gives', () => {
    /** The ranks by Sen's rule (as in theilSen), read off the sorted slopes. */
    const byMeansOfSorting = (x: number[], y: number[], confidence: number) => {
      const slopes: number[] = [];
      for (let i = 0; i < x.length; i++) {
        for (let j = i + 1; j < x.length; j++) if (x[j] !== x[i]) slopes.push(((y[j] as number) - (y[i] as number)) / ((x[j] as number) - (x[i] as number)));
      }
      const sorted = Float64Array.from(slopes).sort();
      const pairs = sorted.length;
      if (pairs === 0) return null;
      const n = x.length;
      const varianceS = (n * (n - 1) * (2 * n + 5) - tieTerm(Float64Array.from(x)) - tieTerm(Float64Array.from(y))) / 18;
      const spread = normalQuantile(0.5 + confidence / 2) * Math.sqrt(Math.max(0, varianceS));
      const mid = pairs >> 1;
      return {
        slope: pairs % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2,
        lower: sorted[Math.max(Math.round((pairs - spread) / 2) - 1, 0)],
        upper: sorted[Math.min(Math.round((pairs + spread) / 2), pairs - 1)],
      };
    };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: -20, max: 20 })), { minLength: 2, maxLength: 60 }),
        fc.constantFrom(0.8, 0.9, 0.95, 0.99),
        (points, confidence) => {
          const x = points.map(([t]) => t);
          const y = points.map(([, v]) => v);
          const got = theilSen(x, y, { confidence });
          const want = byMeansOfSorting(x, y, confidence);
          if (want === null) expect(got.slope).toBeNull();
          // Equal values only: selection does not order -0 before +0 as a typed-array sort does.
          else expect([got.slope, got.lower, got.upper].map((v) => (v === 0 ? 0 : v))).toEqual([want.slope, want.lower, want.upper].map((v) => (v === 0 ? 0 : v)));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
