/**
 * The terminal chart: RSS in MiB over a uniform time axis that fits the
 * terminal width, with the whole run's and the final window's fitted lines,
 * a lane per alert marking where it went pending (░) and fired (█), and
 * optionally the score track under it.
 *
 * asciichart draws the data lines; everything else is laid onto its output
 * afterwards. To know which line drew each cell, the lines are drawn with
 * colour codes and parsed back into cells; colour is applied (or not) only
 * when the grid is written out.
 */
import asciichart from 'asciichart';
import { Chalk, type ChalkInstance } from 'chalk';
import type { AlertEpisode, AlertName } from '../analysis/seed/alert-rule.js';
import type { Track } from '../analysis/seed/bucket-track.js';
import type { FitLine } from '../analysis/seed/replay-series.js';
import { columnAt, columnTime, foldColumns, type Columns } from './columns.js';
import { lineMiBAt } from './facts.js';
import { formatTime } from './format.js';

export interface ChartOptions {
  /** Terminal columns the chart may use. */
  width: number;
  /** Rows of the RSS panel. */
  height: number;
  color: boolean;
  finalLine?: FitLine | null;
  overallLine?: FitLine | null;
  /** Alert episodes to draw as lanes (pending-only ones included). */
  episodes?: readonly AlertEpisode[];
  /** Adds the score track (0–1) under the RSS panel. */
  score?: boolean;
  /** Drawn across the score track. */
  leakThreshold?: number;
  /** What the values are, for the legend (default RSS). */
  valueName?: string;
}

type Kind = 'blank' | 'label' | 'axis' | 'max' | 'min' | 'overall' | 'final' | 'score' | 'threshold' | 'pending' | 'firing';

interface Cell {
  ch: string;
  kind: Kind;
}

type Row = Cell[];

/** Rows of the RSS panel unless `--height` says otherwise. */
export const DEFAULT_CHART_HEIGHT = 10;
const MIN_PLOT_COLUMNS = 10;
const SCORE_ROWS = 6;
const LANES: ReadonlyArray<{ name: AlertName; label: string }> = [
  { name: 'MemoryLeakDetected', label: 'leak alert' },
  { name: 'MemoryHigh', label: 'rss alert' },
];
const GLYPH = { overall: '·', final: '•', pending: '░', firing: '█', threshold: '┄' } as const;

/** The codes asciichart is told to colour each line with, and the kind each stands for. */
const LINE_CODES: Readonly<Record<string, Kind>> = {
  [asciichart.cyan]: 'max',
  [asciichart.blue]: 'min',
  [asciichart.magenta]: 'score',
};

/** The chart as lines of text; a one-line note when there is nothing to draw. */
export function renderRssChart(track: Track, options: ChartOptions): string {
  if (track.length === 0) return '';
  const episodes = options.episodes ?? [];
  const lanes = LANES.filter((lane) => episodes.some((episode) => episode.name === lane.name));
  const height = Math.max(2, Math.round(options.height));

  // The label width depends on the value range, and the column count on the
  // label width: fold once at a generous width to learn the range.
  const probe = foldColumns(track, Math.max(MIN_PLOT_COLUMNS, options.width));
  if (probe === null) return '  (one sample: nothing to chart)';
  const firstRange = valueRange(probe, options);
  const firstLabels = mibLabeller(firstRange.lowest, firstRange.highest, height);
  const labelWidth = Math.max(firstLabels.width, ...lanes.map((lane) => lane.label.length), options.score ? 4 : 0);
  const plotColumns = Math.max(MIN_PLOT_COLUMNS, Math.floor(options.width) - labelWidth - 2);
  const columns = foldColumns(track, plotColumns) as Columns;
  const { lowest, highest } = valueRange(columns, options);
  const labeller = mibLabeller(lowest, highest, height);

  const sameLine = columns.minMiB.every((value, c) => value === columns.maxMiB[c]);
  const panel = plotPanel(sameLine ? [columns.maxMiB] : [columns.maxMiB, columns.minMiB], {
    lowest,
    highest,
    height,
    labelWidth,
    format: labeller.format,
    codes: [asciichart.cyan, asciichart.blue],
  });
  if (options.overallLine) drawLine(panel, columns, options.overallLine, 'overall');
  if (options.finalLine) drawLine(panel, columns, options.finalLine, 'final');
  // The final line overwrites the whole-run line where they meet (they are one when the window holds every sample).
  const shows = (kind: Kind): boolean => panel.rows.some((row) => row.some((cell) => cell.kind === kind));
  const hasOverall = shows('overall');
  const hasFinal = shows('final');

  const rows: Row[] = [...panel.rows];
  let hasThreshold = false;
  if (options.score === true) {
    // Six rows put the labels at 0.2 steps, so the default 0.8 threshold has a row of its own.
    const scoreHeight = SCORE_ROWS;
    const scorePanel = plotPanel([columns.maxScore], {
      lowest: 0,
      highest: 1,
      height: scoreHeight,
      labelWidth,
      format: (x) => x.toFixed(2),
      codes: [asciichart.magenta],
    });
    const threshold = options.leakThreshold;
    if (threshold !== undefined && threshold > 0 && threshold < 1) {
      hasThreshold = fillRow(scorePanel, scorePanel.rowOf(threshold), 'threshold');
    }
    rows.push(...scorePanel.rows);
  }
  for (const lane of lanes) {
    rows.push(laneRow(lane.label, episodes.filter((episode) => episode.name === lane.name), columns, labelWidth));
  }

  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const lines = rows.map((row) => paint(row, chalk));
  lines.push(timeAxis(columns, labelWidth));
  const what = options.valueName ?? 'RSS';
  const legend: string[] = [sameLine ? `─ ${what}` : `─ ${what}, max and min per column`];
  if (hasOverall) legend.push(`${GLYPH.overall} whole-run fit`);
  if (hasFinal) legend.push(`${GLYPH.final} final-window fit`);
  if (options.score === true) legend.push(`lower panel: score${hasThreshold ? ` (${GLYPH.threshold} leak threshold)` : ''}`);
  if (lanes.length > 0) legend.push(`${GLYPH.pending} pending`, `${GLYPH.firing} firing`);
  lines.push(...wrap(legend, ' '.repeat(labelWidth + 1), Math.max(options.width, 40)));
  return lines.join('\n');
}

interface Range {
  lowest: number;
  highest: number;
}

/** The MiB range to plot: the data and the fitted lines, padded when flat. */
function valueRange(columns: Columns, options: ChartOptions): Range {
  let lowest = Math.min(...columns.minMiB);
  let highest = Math.max(...columns.maxMiB);
  for (const line of [options.finalLine, options.overallLine]) {
    if (!line) continue;
    for (const t of [line.from, line.to]) {
      const value = lineMiBAt(line, t);
      if (Number.isFinite(value)) {
        lowest = Math.min(lowest, value);
        highest = Math.max(highest, value);
      }
    }
  }
  if (highest === lowest) {
    // A flat series draws as one line on a middle row labelled with its value,
    // the rows around it a round step apart.
    const steps = Math.max(1, Math.round(options.height) - 1);
    const below = Math.floor(steps / 2);
    const step = roundStep(Math.max(0.1, Math.abs(highest) * 0.005));
    return { lowest: lowest - below * step, highest: highest + (steps - below) * step };
  }
  return { lowest, highest };
}

/** The 1-2-5 step at or above `x`. */
function roundStep(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= x) ?? 10 * power;
}

/** Axis labels in MiB with enough decimals that neighbouring rows differ. */
function mibLabeller(lowest: number, highest: number, height: number): { width: number; format: (x: number) => string } {
  const step = (highest - lowest) / Math.max(1, height - 1);
  const decimals = Math.min(6, Math.max(1, Math.ceil(-Math.log10(step)) + 1));
  const format = (x: number): string => `${x.toFixed(decimals)} MiB`;
  return { width: Math.max(format(lowest).length, format(highest).length), format };
}

interface Panel {
  rows: Row[];
  labelWidth: number;
  /** The row index a value falls on, as asciichart rounds it. */
  rowOf(value: number): number;
}

interface PanelOptions {
  lowest: number;
  highest: number;
  height: number;
  labelWidth: number;
  format: (x: number) => string;
  codes: string[];
}

/** asciichart's plot, parsed into cells. Column c of the data sits at cell labelWidth + 1 + c. */
function plotPanel(series: number[][], options: PanelOptions): Panel {
  const { lowest, highest, labelWidth } = options;
  // asciichart draws rows + 1 lines for a range of `rows`; ask for height − 1.
  const steps = Math.max(1, options.height - 1);
  const text = asciichart.plot(series, {
    height: steps,
    min: lowest,
    max: highest,
    format: (x: number) => options.format(x).padStart(labelWidth),
    colors: options.codes,
  });
  // The same arithmetic asciichart uses to place a value on a row.
  const range = Math.abs(highest - lowest);
  const ratio = range !== 0 ? steps / range : 1;
  const min2 = Math.round(lowest * ratio);
  const rowCount = Math.abs(Math.round(highest * ratio) - min2);
  const rows = text.split('\n').map((line) => parseLine(line, labelWidth));
  const width = labelWidth + 1 + (series[0]?.length ?? 0);
  for (const row of rows) row.length = Math.min(row.length, width);
  return { rows, labelWidth, rowOf: (value) => rowCount - (Math.round(value * ratio) - min2) };
}

// eslint-disable-next-line no-control-regex
const TOKEN = /\u001b\[(\d+)m(.)\u001b\[0m|(.)/gsu;

function parseLine(line: string, labelWidth: number): Row {
  const row: Row = [];
  for (const match of line.matchAll(TOKEN)) {
    if (match[2] !== undefined) {
      row.push({ ch: match[2], kind: LINE_CODES[`\u001b[${match[1]}m`] ?? 'max' });
      continue;
    }
    const ch = match[3] as string;
    const kind: Kind = row.length < labelWidth ? 'label' : ch === ' ' ? 'blank' : row.length === labelWidth + 1 ? 'axis' : 'max';
    // asciichart marks the row of the value 0 with ┼ (the top row when a panel starts at 0): plain ticks read better.
    row.push({ ch: kind === 'axis' ? '┤' : ch, kind });
  }
  return row;
}

/** Lays a fitted line over the cells it crosses. */
function drawLine(panel: Panel, columns: Columns, line: FitLine, kind: 'overall' | 'final'): void {
  const first = columnAt(line.from, columns.start, columns.step, columns.count);
  const last = columnAt(line.to, columns.start, columns.step, columns.count);
  for (let c = first; c <= last; c++) {
    const t = Math.min(line.to, Math.max(line.from, columnTime(columns, c)));
    const value = lineMiBAt(line, t);
    if (!Number.isFinite(value)) continue;
    const cell = panel.rows[panel.rowOf(value)]?.[panel.labelWidth + 1 + c];
    // Over blanks and the data's straight runs, never its corners, so the data keeps its shape.
    if (cell !== undefined && (cell.kind === 'blank' || cell.ch === '─' || cell.ch === '│' || cell.kind === 'overall')) {
      cell.ch = GLYPH[kind];
      cell.kind = kind;
    }
  }
}

/** Fills the blank plot cells of one row (a threshold); true when the row exists. */
function fillRow(panel: Panel, index: number, kind: 'threshold'): boolean {
  const row = panel.rows[index];
  if (row === undefined) return false;
  for (let i = panel.labelWidth + 1; i < row.length; i++) {
    const cell = row[i] as Cell;
    if (cell.kind === 'blank') {
      cell.ch = GLYPH[kind];
      cell.kind = kind;
    }
  }
  return true;
}

/** One alert's lane: ░ from pending to firing, █ from firing to resolved (or the end). */
function laneRow(label: string, episodes: readonly AlertEpisode[], columns: Columns, labelWidth: number): Row {
  const row: Row = [...label.padStart(labelWidth), ' '].map((ch) => ({ ch, kind: 'label' as Kind }));
  const cells: Cell[] = Array.from({ length: columns.count }, () => ({ ch: ' ', kind: 'blank' as Kind }));
  const at = (t: number): number => columnAt(t, columns.start, columns.step, columns.count);
  const mark = (from: number, to: number, kind: 'pending' | 'firing'): void => {
    for (let c = from; c <= to; c++) cells[c] = { ch: GLYPH[kind], kind };
  };
  for (const episode of episodes) {
    const end = at(episode.resolvedAt ?? columns.end);
    if (episode.firedAt === null) {
      mark(at(episode.activeAt), end, 'pending');
    } else {
      mark(at(episode.activeAt), at(episode.firedAt), 'pending');
      mark(at(episode.firedAt), end, 'firing');
    }
  }
  return [...row, ...cells];
}

/** Start and end times under the first and last column, and the middle when it fits. */
function timeAxis(columns: Columns, labelWidth: number): string {
  const start = formatTime(columns.start);
  const end = formatTime(columns.end);
  const width = columns.count;
  const axis = new Array<string>(width).fill(' ');
  const put = (text: string, at: number): void => {
    for (let i = 0; i < text.length; i++) if (at + i >= 0 && at + i < width) axis[at + i] = text[i] as string;
  };
  const middleColumn = Math.floor(width / 2);
  let middle = formatTime(columnTime(columns, middleColumn));
  if (middle.slice(0, 10) === start.slice(0, 10) && middle.endsWith('Z')) middle = middle.slice(11);
  const middleAt = middleColumn - Math.floor(middle.length / 2);
  if (start.length + end.length + 1 > width) {
    // Too narrow for two full times: the times of day, or as much as fits.
    const short = (t: string): string => (t.endsWith('Z') ? t.slice(11) : t);
    return `${' '.repeat(labelWidth + 1)}${`${short(start)} → ${short(end)}`.slice(0, width)}`;
  }
  put(start, 0);
  put(end, width - end.length);
  if (middleAt > start.length + 2 && middleAt + middle.length < width - end.length - 2) put(middle, middleAt);
  return `${' '.repeat(labelWidth + 1)}${axis.join('').trimEnd()}`;
}

function paint(row: Row, chalk: ChalkInstance): string {
  const style: Record<Kind, (text: string) => string> = {
    blank: (text) => text,
    label: (text) => text,
    axis: (text) => text,
    max: chalk.cyan,
    min: chalk.blue,
    overall: chalk.magenta,
    final: chalk.yellow,
    score: chalk.green,
    threshold: chalk.red,
    pending: chalk.yellow,
    firing: chalk.red,
  };
  let out = '';
  let run = '';
  let kind: Kind | null = null;
  for (const cell of row) {
    if (cell.kind !== kind && kind !== null) {
      out += style[kind](run);
      run = '';
    }
    kind = cell.kind;
    run += cell.ch;
  }
  if (kind !== null) out += style[kind](run);
  return out.trimEnd();
}

/** Joins legend items with two spaces, wrapping under the plot. */
function wrap(items: readonly string[], indent: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    if (line !== '' && indent.length + line.length + 2 + item.length > width) {
      lines.push(indent + line);
      line = '';
    }
    line = line === '' ? item : `${line}  ${item}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}
