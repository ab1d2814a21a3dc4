/**
 * A bucket track folded onto a uniform time axis of `count` columns, for the
 * terminal and HTML charts. Each bucket's minimum, maximum and highest score
 * land in exactly one column, so peaks survive any downsampling; columns that
 * no bucket reaches (fewer samples than columns, or a gap in the recording)
 * are interpolated between their neighbours.
 */
import type { Track } from '../analysis/seed/bucket-track.js';

const BYTES_PER_MIB = 1048576;

export interface Columns {
  count: number;
  /** The time axis: column `c` covers [start + c·step, start + (c+1)·step). */
  start: number;
  end: number;
  step: number;
  minMiB: number[];
  maxMiB: number[];
  maxScore: number[];
  /** False where the column was interpolated rather than measured. */
  measured: boolean[];
}

/** Null when the track holds fewer than two distinct times or non-finite numbers. */
export function foldColumns(track: Track, count: number): Columns | null {
  const n = track.length;
  if (n === 0 || count < 1) return null;
  const { start, end, midBase } = track;
  if (!(end > start) || !Number.isFinite(start) || !Number.isFinite(end)) return null;
  const step = (end - start) / count;
  const minMiB = new Array<number>(count).fill(Infinity);
  const maxMiB = new Array<number>(count).fill(-Infinity);
  const maxScore = new Array<number>(count).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const lo = track.minBytes[i] as number;
    const hi = track.maxBytes[i] as number;
    const score = track.maxScore[i] as number;
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
    const mid = midBase + (track.mids[i] as number);
    const c = columnAt(mid, start, step, count);
    if (lo / BYTES_PER_MIB < (minMiB[c] as number)) minMiB[c] = lo / BYTES_PER_MIB;
    if (hi / BYTES_PER_MIB > (maxMiB[c] as number)) maxMiB[c] = hi / BYTES_PER_MIB;
    if (Number.isFinite(score) && score > (maxScore[c] as number)) maxScore[c] = score;
  }
  const measured = minMiB.map((value) => value !== Infinity);
  interpolate(minMiB, measured);
  interpolate(maxMiB, measured);
  for (let c = 0; c < count; c++) if (measured[c] && maxScore[c] === -Infinity) maxScore[c] = 0;
  interpolate(maxScore, measured);
  return { count, start, end, step, minMiB, maxMiB, maxScore, measured };
}

/** The column holding time `t`, clamped to the axis. */
export function columnAt(t: number, start: number, step: number, count: number): number {
  const c = Math.floor((t - start) / step);
  return Number.isFinite(c) ? Math.min(count - 1, Math.max(0, c)) : 0;
}

/** The middle of column `c`, in seconds. */
export function columnTime(columns: Columns, c: number): number {
  return columns.start + (c + 0.5) * columns.step;
}

/** Fills unmeasured entries linearly between measured neighbours (held flat at the ends). */
function interpolate(values: number[], measured: readonly boolean[]): void {
  let previous = -1;
  for (let c = 0; c <= values.length; c++) {
    if (c < values.length && !measured[c]) continue;
    const from = previous;
    const to = c;
    for (let k = from + 1; k < to; k++) {
      if (from < 0) values[k] = values[to] as number;
      else if (to >= values.length) values[k] = values[from] as number;
      else {
        const f = (k - from) / (to - from);
        values[k] = (values[from] as number) + f * ((values[to] as number) - (values[from] as number));
      }
    }
    previous = c;
  }
}
