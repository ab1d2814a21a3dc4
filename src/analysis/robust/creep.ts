/**
 * Step against trend, point by point (issue 11). A managed runtime's RSS
 * rises in two ways. In jumps: the runtime reserves more at once (V8 grows
 * its young generation or old-space reservation by several MiB, a table is
 * loaded, a worker starts), and that happens in every fresh process, leak or
 * not. And by creep: pages committed one by one as live data grows, which
 * is how a leak's payload arrives, a little on every request. A short soak
 * sees a few heap-sizing jumps of 5–12 MiB where a 20 MiB/h leak adds
 * 1 MiB; a trend fitted through them measures the jumps. So the question
 * "is it still rising?" is asked of the floor with its jumps taken out.
 *
 * Falls are never taken out: a GC drop after a creep says the creep was
 * garbage, and that must count against it.
 */

export interface Creep {
  /** The floor with every upward jump removed: the first value plus the sum of the other increments. */
  values: Float64Array;
  /** Increments counted as jumps, and what they added in all, in the value units. */
  jumps: number;
  jumpTotal: number;
}

/**
 * How far past the typical increment, in robust standard deviations, an
 * increment is a jump. Heap-sizing jumps are 5–12 MiB where the floor's
 * increments between them are under 1 MiB, so the fence can sit high: 6 is
 * the lowest at which setting jumps aside does not make compare call
 * identical runs of jump-free AR(1) noise worse more often than without
 * it (17 against 16 of 1 000 pairs; 27 at a fence of 4).
 */
export const JUMP_FENCE = 6;

/**
 * Removes upward jumps from a floor series: an increment is a jump when it
 * is positive and more than `fence` robust standard deviations above the
 * median increment. The scale is 1.4826 × the MAD of the increments, or,
 * when most increments are equal (a flat floor sampled in whole pages),
 * their mean absolute deviation, with rises no bigger than the largest
 * fall kept as wobble.
 *
 * @example Array.from(destep([0, 1, 1, 50, 50, 51, 51]).values) // [0, 1, 1, 1, 1, 2, 2]
 * @example Array.from(destep([0, 1, 2, 3, 4, 5, 6]).values)     // [0, 1, 2, 3, 4, 5, 6]
 */
export function destep(values: ArrayLike<number>, fence = JUMP_FENCE): Creep {
  const n = values.length;
  const out = new Float64Array(n);
  if (n === 0) return { values: out, jumps: 0, jumpTotal: 0 };
  const increments = new Float64Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) increments[i - 1] = (values[i] as number) - (values[i - 1] as number);
  const middle = median(increments);
  const deviations = increments.map((d) => Math.abs(d - middle));
  const mad = median(deviations);
  let limit = middle + fence * 1.4826 * mad;
  if (!(mad > 0)) {
    // Most increments equal: a flat floor in whole pages. The mean absolute
    // deviation stands in for the scale, and a rise no bigger than the
    // floor's own largest fall is wobble, not a jump (taking out only the
    // rises would bias a flat floor down).
    const mean = deviations.reduce((sum, d) => sum + d, 0) / Math.max(1, deviations.length);
    const largestFall = increments.reduce((most, d) => Math.max(most, -d), 0);
    limit = Math.max(middle + fence * mean, largestFall);
  }
  out[0] = values[0] as number;
  let jumps = 0;
  let jumpTotal = 0;
  for (let i = 1; i < n; i++) {
    const d = increments[i - 1] as number;
    const jump = d > 0 && d > limit;
    if (jump) {
      jumps++;
      jumpTotal += d;
    }
    out[i] = (out[i - 1] as number) + (jump ? 0 : d);
  }
  return { values: out, jumps, jumpTotal };
}

function median(values: Float64Array): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
