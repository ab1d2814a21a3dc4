/**
 * The straightforward, numerically careful fit of SPEC §2: x = seconds from
 * the first sample, y = MiB, centred (two-pass) sums. Used for the
 * whole-series fit and as the reference the sliding regression is tested
 * against.
 */
import { fitFromMoments } from './fit-from-moments.js';
import type { Fit } from './window-score.js';

const BYTES_PER_MIB = 1048576;

/** Fits samples `from` (inclusive) to `to` (exclusive); times in seconds, values in bytes. */
export function twoPassFit(times: ArrayLike<number>, values: ArrayLike<number>, from = 0, to = times.length): Fit {
  const n = to - from;
  if (n < 1) return { n: 0, slopeMiBPerSecond: null, r2: null };
  const t0 = times[from] as number;
  const y0 = (values[from] as number) / BYTES_PER_MIB;
  let sumX = 0;
  let sumY = 0;
  for (let i = from; i < to; i++) {
    sumX += (times[i] as number) - t0;
    sumY += (values[i] as number) / BYTES_PER_MIB - y0;
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  let residualX = 0;
  let residualY = 0;
  for (let i = from; i < to; i++) {
    const dx = (times[i] as number) - t0 - meanX;
    const dy = (values[i] as number) / BYTES_PER_MIB - y0 - meanY;
    residualX += dx;
    residualY += dy;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  // The corrected two-pass form: removes what rounding left in the means.
  sxx -= (residualX * residualX) / n;
  sxy -= (residualX * residualY) / n;
  syy -= (residualY * residualY) / n;
  return fitFromMoments(n, sxx, sxy, syy);
}
