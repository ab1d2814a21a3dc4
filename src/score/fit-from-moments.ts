/**
 * Slope and R² from centred second moments — shared by the two-pass and the
 * sliding regressions so both apply SPEC §2 steps 3–4 identically.
 */
import type { Fit } from './window-score.js';

/**
 * `sxx`, `sxy`, `syy` are Σ(x−x̄)², Σ(x−x̄)(y−ȳ), Σ(y−ȳ)². R² is computed as
 * sxy²/(sxx·syy), which equals 1 − SS_res/SS_tot for a least-squares line
 * but keeps full relative precision near both 0 and 1.
 */
export function fitFromMoments(n: number, sxx: number, sxy: number, syy: number): Fit {
  if (n < 2 || !(sxx > 0)) return { n, slopeMiBPerSecond: null, r2: null };
  const slope = sxy / sxx;
  let r2 = syy > 0 ? (sxy / sxx) * (sxy / syy) : 0;
  if (r2 > 1) r2 = 1;
  else if (!(r2 >= 0)) r2 = 0;
  return { n, slopeMiBPerSecond: slope, r2 };
}
