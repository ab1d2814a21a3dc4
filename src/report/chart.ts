/**
 * An RSS-over-time chart in MiB that fits the terminal width. Downsampling
 * keeps each column's minimum and maximum (two lines) so peaks survive.
 */
import asciichart from 'asciichart';
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

/** Per-column minimum and maximum of `values` over `columns` equal index buckets. */
export function downsampleMinMax(values: ArrayLike<number>, columns: number): { min: number[]; max: number[] } {
  const n = values.length;
  const count = Math.min(n, Math.max(1, columns));
  const min: number[] = [];
  const max: number[] = [];
  for (let c = 0; c < count; c++) {
    const from = Math.floor((c * n) / count);
    const to = Math.max(from + 1, Math.floor(((c + 1) * n) / count));
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i < to; i++) {
      const v = values[i] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    min.push(lo);
    max.push(hi);
  }
  return { min, max };
}

/** The chart as lines of text, or an empty string when there is nothing to draw. */
export function renderRssChart(times: Float64Array, values: Float64Array, options: ChartOptions): string {
  const finite: number[] = [];
  for (const value of values) if (Number.isFinite(value)) finite.push(value / BYTES_PER_MIB);
  if (finite.length < 2) return '';
  const columns = Math.max(10, options.width - LABEL_COLUMNS);
  const { min, max } = downsampleMinMax(finite, columns);
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
  const startLabel = formatTime(times[0] as number);
  const endLabel = formatTime(times[times.length - 1] as number);
  const indent = ' '.repeat(LABEL_COLUMNS - 1);
  const gap = ' '.repeat(Math.max(1, plotWidth + 1 - startLabel.length - endLabel.length));
  const axis = `${indent}${startLabel}${gap}${endLabel}`;
  const legend = sameLine ? '' : `\n${indent}(upper line: max per column, lower: min)`;
  return `${chart}\n${axis}${legend}`;
}
