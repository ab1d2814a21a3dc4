/**
 * Slope and R² from centred second moments — shared by the two-pass and the
 * sliding regressions so both apply SPEC §2 steps 3–4 identically.
 * `sxx`, `sxy`, `syy` are Σ(x−x̄)², Σ(x−x̄)(y−ȳ), Σ(y−ȳ)².
 */
import type { Fit } from './window-score.js';

/** Slope, or NaN when Σ(x−x̄)² = 0 (SPEC §2 step 3: null). */
export function slopeFromMoments(n: number, sxx: number, sxy: number): number {
  return n < 2 || !(sxx > 0) ? NaN : sxy / sxx;
}

/**
 * R² as sxy²/(sxx·syy), which equals 1 − SS_res/SS_tot for a least-squares
 * line but keeps full relative precision near both 0 and 1; 0 when
 * SS_tot = 0, clamped to [0, 1] (SPEC §2 step 4). NaN when the slope is null.
 */
export function r2FromMoments(n: number, sxx: number, sxy: number, syy: number): number {
  if (n < 2 || !(sxx > 0)) return NaN;
  const r2 = syy > 0 ? (sxy / sxx) * (sxy / syy) : 0;
  if (r2 > 1) return 1;
  return r2 >= 0 ? r2 : 0;
}

export function fitFromMoments(n: number, sxx: number, sxy: number, syy: number): Fit {
  const slope = slopeFromMoments(n, sxx, sxy);
  if (Number.isNaN(slope)) return { n, slopeMiBPerSecond: null, r2: null };
  return { n, slopeMiBPerSecond: slope, r2: r2FromMoments(n, sxx, sxy, syy) };
}
