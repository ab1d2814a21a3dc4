/**
 * The whole-sample fit of SPEC §2 for samples already in arrays: x = seconds,
 * y = MiB, centred (corrected two-pass) sums — OnlineMoments' arithmetic,
 * which reduces blocks of samples exactly this way.
 */
import { OnlineMoments } from './online-moments.js';
import type { Fit } from './window-score.js';

/** Fits samples `from` (inclusive) to `to` (exclusive); times in seconds, values in bytes. */
export function twoPassFit(times: ArrayLike<number>, values: ArrayLike<number>, from = 0, to = times.length): Fit {
  const moments = new OnlineMoments();
  for (let i = from; i < to; i++) moments.push(times[i] as number, values[i] as number);
  const { fit } = moments.result();
  // Its 64 KiB block back to the pool: the robust judge fits a few dozen points this way several times a series.
  moments.release();
  return fit;
}
