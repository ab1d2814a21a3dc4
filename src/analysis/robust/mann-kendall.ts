/**
 * The Mann–Kendall trend test: is there a monotonic trend in a sequence,
 * without assuming it is linear or the noise normal? Ties (equal values, common
 * in RSS sampled in whole pages) are corrected for in the variance.
 */
import { normalUpperTail } from './normal.js';

export interface MannKendall {
  /** Points tested. */
  n: number;
  /** S = Σ_{i<j} sign(y_j − y_i). */
  s: number;
  /** Var(S) with the tie correction: [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18. */
  varianceS: number;
  /** The continuity-corrected normal score (S ∓ 1)/√Var(S); 0 when S = 0. */
  z: number;
  /** One-sided p-value for an increasing trend: P(Z ≥ z). */
  pIncreasing: number;
  /** Two-sided p-value. */
  pTwoSided: number;
  /** Kendall's τ-a = S / (n(n−1)/2), in [−1, 1]. */
  tau: number;
}

/**
 * Mann–Kendall test over `values` in time order (ties within `values` are
 * corrected for; the sequence order is the time order). O(n²): callers pass
 * bucketed series of at most a few thousand points.
 *
 * @example mannKendall([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).s // 45
 * @example mannKendall([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).pIncreasing < 0.001 // true
 */
export function mannKendall(values: ArrayLike<number>): MannKendall {
  const n = values.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const yi = values[i] as number;
    for (let j = i + 1; j < n; j++) {
      const d = (values[j] as number) - yi;
      if (d > 0) s++;
      else if (d < 0) s--;
    }
  }
  const varianceS = (n * (n - 1) * (2 * n + 5) - tieTerm(values)) / 18;
  let z = 0;
  if (varianceS > 0) {
    if (s > 0) z = (s - 1) / Math.sqrt(varianceS);
    else if (s < 0) z = (s + 1) / Math.sqrt(varianceS);
  }
  const pairs = (n * (n - 1)) / 2;
  return {
    n,
    s,
    varianceS,
    z,
    pIncreasing: varianceS > 0 ? normalUpperTail(z) : 1,
    pTwoSided: varianceS > 0 ? Math.min(1, 2 * normalUpperTail(Math.abs(z))) : 1,
    tau: pairs > 0 ? s / pairs : 0,
  };
}

/** Σ t(t−1)(2t+5) over groups of t equal values. */
export function tieTerm(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  let term = 0;
  let run = 1;
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && sorted[i] === sorted[i - 1]) {
      run++;
    } else {
      term += run * (run - 1) * (2 * run + 5);
      run = 1;
    }
  }
  return term;
}
