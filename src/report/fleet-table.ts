/**
 * The terminal table for a fleet (many series), worst first: which series,
 * its verdict, the final score, slope and R², the peak score and when an
 * alert first fired. It fits the terminal width by shortening the series
 * column, the only one whose width is unbounded. A large fleet lists every
 * series that does not pass and the worst passing ones up to `rows`, then one
 * line for the rest, so 500 healthy pods do not bury the two that leak.
 */
import type { ChalkInstance } from 'chalk';
import type { Verdict } from '../gate.js';
import { ALERT_SHORT_NAMES, type Summary, type SummaryRow } from './facts.js';
import { formatLabels, formatLabelsShort, formatR2, formatRateNumber, formatScore, formatTimeCompact } from './format.js';

interface Column {
  header: string;
  align: 'left' | 'right';
  cell(row: SummaryRow, index: number): string;
}

const MIN_SERIES_WIDTH = 12;

/** Rows of a fleet's table by default (`--fleet-rows`); series that do not pass are always listed. */
export const DEFAULT_FLEET_ROWS = 20;

/** How many of the (worst-first) rows to list: every one that does not pass, and at least `rows`. */
export function fleetRowsShown(summary: Summary, rows: number | 'all'): number {
  if (rows === 'all') return summary.rows.length;
  const notPassing = summary.rows.filter((row) => row.series.verdict !== 'pass').length;
  return Math.min(summary.rows.length, Math.max(rows, notPassing));
}

/** The name a table gives a series: the labels that set it apart, or its position. */
export function rowName(row: SummaryRow, index: number): string {
  const short = formatLabelsShort(row.distinct);
  return short !== '' ? short : `series ${index + 1}`;
}

export function renderFleetTable(
  summary: Summary,
  options: { width: number; paintVerdict: (verdict: Verdict) => string; chalk: ChalkInstance; rows?: number | 'all' },
): string[] {
  const shown = fleetRowsShown(summary, options.rows ?? DEFAULT_FLEET_ROWS);
  const reference = summary.rows[0]?.series.start ?? null;
  const columns: Column[] = [
    { header: 'series', align: 'left', cell: rowName },
    { header: 'verdict', align: 'left', cell: (row) => row.series.verdict.toUpperCase() },
    { header: 'score', align: 'right', cell: (row) => formatScore(row.series.final.score) },
    { header: 'MiB/h', align: 'right', cell: (row) => formatRateNumber(row.series.final.slopeMiBPerHour) },
    { header: 'R²', align: 'right', cell: (row) => formatR2(row.series.final.r2) },
    { header: 'peak', align: 'right', cell: (row) => formatScore(row.series.peak.score) },
    {
      header: 'first firing',
      align: 'left',
      cell: (row) =>
        row.firstFiring === null
          ? '-'
          : `${formatTimeCompact(row.firstFiring.firedAt, reference)} ${ALERT_SHORT_NAMES[row.firstFiring.name]}`,
    },
  ];
  const listed = summary.rows.slice(0, shown);
  const cells = listed.map((row, i) => columns.map((column) => column.cell(row, i)));
  const widths = columns.map((column, c) => Math.max(column.header.length, ...cells.map((line) => (line[c] as string).length)));
  const others = widths.slice(1).reduce((sum, w) => sum + w + 2, 0);
  const seriesWidth = Math.max(MIN_SERIES_WIDTH, Math.min(widths[0] as number, options.width - 2 - others));
  widths[0] = seriesWidth;

  const chalk = options.chalk;
  const pad = (text: string, c: number): string => {
    const width = widths[c] as number;
    // Series names differ most at their ends (pod hashes, instance ports): cut the middle.
    const head = Math.floor((width - 1) / 3);
    const fitted = text.length > width ? `${text.slice(0, head)}…${text.slice(text.length - (width - 1 - head))}` : text;
    return columns[c]?.align === 'right' ? fitted.padStart(width) : fitted.padEnd(width);
  };
  const lines: string[] = [];
  const shared = formatLabels(summary.common);
  const count = summary.rows.length;
  lines.push(`${count} series${shared === '{}' ? '' : ` of ${shared}`}, worst first:`);
  lines.push(chalk.dim(`  ${columns.map((column, c) => pad(column.header, c)).join('  ')}`.trimEnd()));
  listed.forEach((row, i) => {
    const line = (cells[i] as string[]).map((text, c) => {
      const padded = pad(text, c);
      return c === 1 ? padded.replace(text, options.paintVerdict(row.series.verdict)) : padded;
    });
    lines.push(`  ${line.join('  ')}`.trimEnd());
  });
  const rest = summary.rows.slice(shown);
  if (rest.length > 0) {
    const highest = Math.max(...rest.map((row) => row.series.peak.score));
    lines.push(
      chalk.dim(`  … and ${rest.length} more series that pass (peak score ≤ ${formatScore(highest)}); --fleet-rows all lists every one`),
    );
  }
  return lines;
}
