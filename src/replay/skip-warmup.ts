/**
 * SPEC §3 `--skip D`: drop samples with t < t_first + D, after sorting and
 * de-duplication, before anything else.
 */
import type { Series } from '../series.js';

export function skipWarmup(series: Series, skipSeconds: number): { series: Series; skipped: number } {
  if (skipSeconds <= 0 || series.times.length === 0) return { series, skipped: 0 };
  const cutoff = (series.times[0] as number) + skipSeconds;
  let first = 0;
  while (first < series.times.length && (series.times[first] as number) < cutoff) first++;
  return {
    series: { ...series, times: series.times.subarray(first), values: series.values.subarray(first) },
    skipped: first,
  };
}
