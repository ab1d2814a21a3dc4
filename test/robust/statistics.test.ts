/**
 * The robust statistics against SciPy 1.17 (`scipy.stats.theilslopes`,
 * `scipy.stats.norm`) and hand-computed Mann–Kendall values.
 */
import { describe, expect, it } from 'vitest';
import { mannKendall, tieTerm } from '../../src/robust/mann-kendall.js';
import { normalQuantile, normalUpperTail } from '../../src/robust/normal.js';
import { theilSen } from '../../src/robust/theil-sen.js';

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
