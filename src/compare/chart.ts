/**
 * The two runs on one chart, aligned at their first sample, so "HEAD sits
 * higher" and "HEAD climbs faster" can be seen. Each column shows a run's
 * floor (the lowest sample that fell in it), the quantity compare judges.
 *
 * asciichart draws each run alone on the same scale; the two are then laid
 * over each other cell by cell, HEAD on top. Without colour HEAD's line is
 * drawn in heavy box characters, so the runs stay apart in a log too.
 */
import asciichart from 'asciichart';
import { Chalk } from 'chalk';
import { formatDuration } from '../report/format.js';

const MIB = 1048576;
const HEAVY: Readonly<Record<string, string>> = { '─': '━', '│': '┃', '╭': '┏', '╮': '┓', '╰': '┗', '╯': '┛' };

export interface RunLine {
  /** Seconds since the run's first sample. */
  offsets: ArrayLike<number>;
  bytes: ArrayLike<number>;
}

export interface CompareChartOptions {
  width: number;
  height: number;
  color: boolean;
}

/** Per-column floor over [0, span], carried across columns with no sample; the array ends where the run does. */
function columnsOf(run: RunLine, columns: number, step: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < run.offsets.length; i++) {
    const c = Math.min(columns - 1, Math.floor((run.offsets[i] as number) / step));
    const v = (run.bytes[i] as number) / MIB;
    while (out.length <= c) out.push(Number.NaN);
    if (!(v >= (out[c] as number))) out[c] = v;
  }
  for (let c = 0; c < out.length; c++) if (Number.isNaN(out[c])) out[c] = c > 0 ? (out[c - 1] as number) : Number.NaN;
  const first = out.find((v) => !Number.isNaN(v));
  return out.map((v) => (Number.isNaN(v) ? (first as number) : v));
}

export function renderCompareChart(base: RunLine, head: RunLine, options: CompareChartOptions): string {
  if (base.offsets.length < 2 || head.offsets.length < 2) return '';
  const span = Math.max(base.offsets[base.offsets.length - 1] as number, head.offsets[head.offsets.length - 1] as number);
  if (!(span > 0)) return '';
  const all = [...Array.from(base.bytes), ...Array.from(head.bytes)].map((b) => b / MIB);
  let min = Infinity;
  let max = -Infinity;
  for (const v of all) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const digits = max - min >= 20 ? 0 : 1;
  const labelWidth = Math.max(max.toFixed(digits).length, min.toFixed(digits).length) + 4;
  const plotColumns = Math.max(10, Math.floor(options.width) - labelWidth - 2);
  const step = span / plotColumns;
  const format = (x: number): string => `${x.toFixed(digits)} MiB`.padStart(labelWidth);
  const config = { height: Math.max(2, options.height - 1), min, max: max > min ? max : min + 1, format, offset: 2 };
  const baseRows = asciichart.plot(columnsOf(base, plotColumns, step), config).split('\n');
  const headRows = asciichart.plot(columnsOf(head, plotColumns, step), config).split('\n');
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const rows = baseRows.map((row, r) => overlay(Array.from(row), Array.from(headRows[r] ?? ''), options.color, chalk));
  const axis = `${' '.repeat(labelWidth + 1)}0${formatDuration(span).padStart(plotColumns)}`;
  const legend = `${' '.repeat(labelWidth + 2)}${options.color ? `${chalk.blue('──')} BASE  ${chalk.red('──')} HEAD` : '── BASE  ━━ HEAD'}  (floor per column, aligned at the first sample)`;
  return [...rows, axis, legend].join('\n');
}

function overlay(base: string[], head: string[], color: boolean, chalk: InstanceType<typeof Chalk>): string {
  // The axis ends at the first ┤ or ┼; both plots share it.
  const axisEnd = base.findIndex((ch) => ch === '┤' || ch === '┼');
  const out: string[] = [];
  const width = Math.max(base.length, head.length);
  for (let i = 0; i < width; i++) {
    const b = base[i] ?? ' ';
    const h = head[i] ?? ' ';
    if (i <= axisEnd) out.push(b);
    else if (h !== ' ') out.push(color ? chalk.red(h) : (HEAVY[h] ?? h));
    else out.push(b !== ' ' && color ? chalk.blue(b) : b);
  }
  return out.join('').trimEnd();
}
