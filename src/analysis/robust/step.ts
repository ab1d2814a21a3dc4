/**
 * Step changes: a one-off allocation (a table loaded, a pool grown) lifts RSS
 * once and then it stays flat. Least squares across it sees a slope; it is
 * not a trend.
 */
import { PrefixSums } from './warmup.js';

export interface StepFit {
  /** Index of the first point of the new level. */
  index: number;
  /** Mean level before and after, in the value units. */
  before: number;
  after: number;
  /** SSE of the two-level model over SSE of one straight line: below 1 means a step fits better than a trend. */
  sseRatio: number;
  /** Residual standard deviation of the two-level model, in the value units. */
  noise: number;
}

/**
 * A step worth naming: two levels fit at least twice as well as a line, and
 * the jump is more than four residual standard deviations.
 */
export function isClearStep(step: StepFit | null): step is StepFit {
  return step !== null && step.sseRatio < 0.5 && Math.abs(step.after - step.before) > 4 * step.noise;
}

/**
 * The best single mean shift (two flat levels, split at k with at least
 * `minPoints` each side) compared with one straight line. O(n).
 *
 * @example findStep([0,1,2,3,4,5,6,7], [1,1,1,1,9,9,9,9]).index // 4
 */
export function findStep(x: ArrayLike<number>, y: ArrayLike<number>, minPoints = 3): StepFit | null {
  const n = x.length;
  if (n < 2 * minPoints) return null;
  const sums = new PrefixSums(x, y);
  const line = sums.line(0, n).sse;
  let bestK = -1;
  let bestSse = Infinity;
  for (let k = minPoints; k <= n - minPoints; k++) {
    const sse = sums.flat(0, k) + sums.flat(k, n);
    if (sse < bestSse) {
      bestSse = sse;
      bestK = k;
    }
  }
  const mean = (from: number, to: number): number => {
    let s = 0;
    for (let i = from; i < to; i++) s += y[i] as number;
    return s / (to - from);
  };
  return {
    index: bestK,
    before: mean(0, bestK),
    after: mean(bestK, n),
    sseRatio: line > 0 ? bestSse / line : bestSse > 0 ? Infinity : 1,
    noise: Math.sqrt(bestSse / Math.max(1, n - 2)),
  };
}
