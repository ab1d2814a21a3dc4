/**
 * An RSS-over-time chart in MiB that fits the terminal width. Downsampling
 * keeps each column's minimum and maximum (two lines) so peaks survive.
 */
import asciichart from 'asciichart';
import type { Track } from '../replay/bucket-track.js';
import { formatTime } from './format.js';

const BYTES_PER_MIB = 1048576;
/** Width of an axis label such as `   299.2 MiB`. */
const LABEL_WIDTH = 12;
/** Columns left of the first data point: the label, a space and the axis. */
const LABEL_COLUMNS = LABEL_WIDTH + 2;

export interface ChartOptions {
  width: number;
  height: number;
  color: boolean;
}

/**
 * Folds the track's buckets into at most `columns` columns, keeping each
 * column's lowest minimum and highest maximum (in MiB).
 */
export function columnsMinMax(track: Track, columns: number): { min: number[]; max: number[] } {
  const n = track.length;
  const count = Math.min(n, Math.max(1, columns));
  const min: number[] = [];
  const max: number[] = [];
  for (let c = 0; c < count; c++) {
    const from = Math.floor((c * n) / count);
    const to = Math.max(from + 1, Math.floor(((c + 1) * n) / count));
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i < to; i++) {
      lo = Math.min(lo, track.minBytes[i] as number);
      hi = Math.max(hi, track.maxBytes[i] as number);
    }
    min.push(lo / BYTES_PER_MIB);
    max.push(hi / BYTES_PER_MIB);
  }
  return { min, max };
}

/** The chart as lines of text, or an empty string when there is nothing to draw. */
export function renderRssChart(track: Track, options: ChartOptions): string {
  if (track.length === 0) return '';
  const columns = Math.max(10, options.width - LABEL_COLUMNS);
  const { min, max } = columnsMinMax(track, columns);
  if (min.length < 2 && track.samplesPerBucket === 1) return '';
  if (![...min, ...max].every(Number.isFinite)) return '';
  const lowest = Math.min(...min);
  const highest = Math.max(...max);
  // A flat series gets a little room so asciichart draws one clean line.
  const pad = highest === lowest ? Math.max(1, Math.abs(highest) * 0.01) : 0;
  const sameLine = min.every((value, i) => value === max[i]);
  const lines = sameLine ? [max] : [max, min];
  const chart = asciichart.plot(lines, {
    height: options.height,
    min: lowest - pad,
    max: highest + pad,
    format: (x: number) => `${x.toFixed(1)} MiB`.padStart(LABEL_WIDTH),
    colors: options.color ? [asciichart.cyan, asciichart.blue] : undefined,
  });
  const plotWidth = max.length;
  const startLabel = formatTime(track.firstTime[0] as number);
  const endLabel = formatTime(track.lastTime[track.length - 1] as number);
  const indent = ' '.repeat(LABEL_COLUMNS - 1);
  const gap = ' '.repeat(Math.max(1, plotWidth + 1 - startLabel.length - endLabel.length));
  const axis = `${indent}${startLabel}${gap}${endLabel}`;
  const legend = sameLine ? '' : `\n${indent}(upper line: max per column, lower: min)`;
  return `${chart}\n${axis}${legend}`;
}
