/**
 * SPEC §1 normalisation shared by every reader: samples sorted by time
 * (stable) and one sample per timestamp, the last one read winning.
 */
import type { RawSeries, Series } from '../series.js';

function isSorted(times: Float64Array): boolean {
  for (let i = 1; i < times.length; i++) {
    if ((times[i] as number) < (times[i - 1] as number)) return false;
  }
  return true;
}

/** Read order → time order. Only unsorted input pays for a sort. */
function sortStable(raw: RawSeries): { times: Float64Array; values: Float64Array } {
  if (isSorted(raw.times)) return { times: raw.times, values: raw.values };
  const order = Array.from({ length: raw.times.length }, (_, i) => i);
  order.sort((a, b) => (raw.times[a] as number) - (raw.times[b] as number) || a - b);
  const times = new Float64Array(order.length);
  const values = new Float64Array(order.length);
  order.forEach((from, to) => {
    times[to] = raw.times[from] as number;
    values[to] = raw.values[from] as number;
  });
  return { times, values };
}

export function normaliseSeries(raw: RawSeries): Series {
  const sorted = sortStable(raw);
  const length = sorted.times.length;
  let kept = 0;
  const times = new Float64Array(length);
  const values = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const time = sorted.times[i] as number;
    // Equal timestamps are adjacent after the stable sort; the later read overwrites.
    if (kept > 0 && times[kept - 1] === time) {
      values[kept - 1] = sorted.values[i] as number;
      continue;
    }
    times[kept] = time;
    values[kept] = sorted.values[i] as number;
    kept++;
  }
  return {
    labels: raw.labels,
    times: times.subarray(0, kept),
    values: values.subarray(0, kept),
    dropped: raw.dropped,
    droppedExamples: raw.droppedExamples,
    droppedReasons: raw.droppedReasons,
    duplicates: length - kept,
    ...(raw.restarts === undefined ? {} : { restarts: raw.restarts }),
  };
}
