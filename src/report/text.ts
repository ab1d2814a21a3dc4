/**
 * The human report: verdict first, then per series the numbers that decided
 * it, the alert timeline and the chart. Renders from a finished Result.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Result, SeriesResult } from '../analysis/analyse.js';
import type { Verdict } from '../gate.js';
import { alertLines, type AlertsMode } from './alert-summary.js';
import { escapeControl } from './escape.js';
import { DEFAULT_CHART_HEIGHT, renderRssChart } from './chart.js';
import { detailPlan, summarise, type Summary, type SummaryRow } from './facts.js';
import { renderFleetTable } from './fleet-table.js';
import {
  formatDuration,
  formatInconclusiveReason,
  formatLabels,
  formatLimit,
  formatMiB,
  formatProjection,
  formatR2,
  formatRate,
  formatScore,
  formatTime,
} from './format.js';
import { robustTextLines, robustVerdictReason } from './robust-section.js';
import { explanationLines } from '../diagnose/text.js';
import { samplesReason, valueName, windowText, withCommandReason } from './words.js';

export interface TextOptions {
  color: boolean;
  chart: boolean;
  quiet: boolean;
  width: number;
  /** Rows of the RSS chart (default 10). */
  height?: number;
  /** Adds the score track under each chart (`--chart rss,score`). */
  chartScore?: boolean;
  /** In a fleet, details and charts for every series, not only the failing ones (`--chart all`). */
  chartAll?: boolean;
  /** `--limit` in bytes for the time-to-limit line; the MemoryHigh threshold when null or absent. */
  limitBytes?: number | null;
  /** `--alerts`: a summary per alert (the default) or every episode. */
  alerts?: AlertsMode;
  /** `--fleet-rows`: passing series listed in a fleet's table (DEFAULT_FLEET_ROWS when absent). */
  fleetRows?: number | 'all';
}


function paintVerdict(chalk: ChalkInstance, verdict: Verdict): string {
  const word = verdict.toUpperCase();
  if (verdict === 'fail') return chalk.bold.red(word);
  if (verdict === 'pass') return chalk.bold.green(word);
  return chalk.bold.yellow(word);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function verdictLine(result: Result, chalk: ChalkInstance): string {
  return `${paintVerdict(chalk, result.verdict)}  ${withCommandReason(result, (r) => robustVerdictReason(r) ?? samplesReason(r))}  ${chalk.dim(`(${escapeControl(result.source)})`)}`;
}

function seriesBlock(
  result: Result,
  row: SummaryRow,
  summary: Summary,
  options: TextOptions & { withChart: boolean },
  chalk: ChalkInstance,
): string[] {
  const series = row.series;
  // A name of 11 characters or more (`working set`) still needs a space before its value.
  const label = (name: string): string => chalk.dim(name.length >= 11 ? `${name} ` : name.padEnd(11));
  const lines: string[] = [];
  const heading = Object.keys(series.labels).length > 0 ? formatLabels(series.labels) : 'series';
  lines.push(`${chalk.bold(heading)}  ${paintVerdict(chalk, series.verdict)}`);
  if (series.samples === 0) {
    lines.push(`  ${label('samples')}none left to score${series.skipped > 0 ? ` after skipping ${series.skipped}` : ''}`);
    return lines;
  }
  const why = formatInconclusiveReason(series.inconclusiveReason);
  if (why !== null) lines.push(`  ${label('why')}${why}`);
  const scoreLine = (fit: SeriesResult['final']): string =>
    `score ${chalk.bold(formatScore(fit.score))}  slope ${formatRate(fit.slopeMiBPerHour)}  R² ${formatR2(fit.r2)}`;
  lines.push(`  ${label('final')}${scoreLine(series.final)}  ${chalk.dim(`(${windowText(result)})`)}`);
  lines.push(`  ${label('peak')}score ${formatScore(series.peak.score)} at ${formatTime(series.peak.time)}`);
  lines.push(`  ${label('whole run')}${scoreLine(series.overall)}`);
  lines.push(...robustTextLines(series, label, chalk));
  const interval =
    series.medianIntervalSeconds === null ? '' : `, median interval ${formatDuration(series.medianIntervalSeconds)}`;
  lines.push(
    `  ${label('samples')}${series.samples} from ${formatTime(series.start)} to ${formatTime(series.end)} ` +
      `(${formatDuration(series.durationSeconds)}${interval})`,
  );
  const hygiene: string[] = [];
  if (series.skipped > 0) hygiene.push(`${series.skipped} skipped as warm-up`);
  if (series.dropped > 0) hygiene.push(droppedText(series));
  if (series.duplicates > 0) hygiene.push(`${plural(series.duplicates, 'duplicate timestamp')} (last one kept)`);
  if (hygiene.length > 0) lines.push(`  ${label('input')}${hygiene.join(', ')}`);
  const rss = series.rss;
  if (rss !== null) {
    lines.push(
      `  ${label(valueName(result))}first ${formatMiB(rss.first)}  min ${formatMiB(rss.min)}  max ${formatMiB(rss.max)}  last ${formatMiB(rss.last)}`,
    );
  }
  lines.push(`  ${label('to limit')}${formatLimit(summary.limit)} ${formatProjection(row.projection)}`);
  if (series.episodes.length === 0) {
    lines.push(`  ${label('alerts')}none went pending`);
  } else {
    alertLines(series, options.alerts).forEach((line, i) => {
      const text = line.nested ? `  ${line.text}` : line.text;
      lines.push(`  ${label(i === 0 ? 'alerts' : '')}${line.fired ? chalk.red(text) : text}`);
    });
  }
  if (options.withChart) {
    const chart = renderRssChart(series.track, {
      width: options.width,
      height: options.height ?? DEFAULT_CHART_HEIGHT,
      color: options.color,
      finalLine: series.finalLine,
      overallLine: series.overallLine,
      episodes: series.episodes,
      score: options.chartScore === true,
      leakThreshold: result.options.leakThreshold,
      valueName: valueName(result),
    });
    if (chart !== '') lines.push('', chart);
  }
  return lines;
}

export function renderText(result: Result, options: TextOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [verdictLine(result, chalk)];
  if (!options.quiet) {
    for (const note of result.notes) out.push(chalk.yellow(`note: ${escapeControl(note)}`));
    const summary = summarise(result, options.limitBytes);
    const fleet = summary.rows.length > 1;
    if (fleet) {
      out.push('', ...renderFleetTable(summary, { width: options.width, chalk, paintVerdict: (v) => paintVerdict(chalk, v), rows: options.fleetRows }));
    }
    out.push(...explanationLines(result, (v) => paintVerdict(chalk, v), (text) => chalk.bold(text)));
    for (const row of summary.rows) {
      const plan = detailPlan(row, fleet, options);
      if (plan.details) out.push('', ...seriesBlock(result, row, summary, { ...options, withChart: plan.chart }, chalk));
    }
  }
  return `${out.join('\n')}\n`;
}

/** `12 dropped: 7 × value is not a number (lines 4, 9, …); 5 × missing time (lines 3, 8)`. */
function droppedText(series: SeriesResult): string {
  if (series.droppedReasons.length === 0) {
    const examples = series.droppedExamples.map((row) => `line ${row.line}: ${escapeControl(row.reason)}`).join('; ');
    return `${series.dropped} dropped (${examples})`;
  }
  const reasons = series.droppedReasons.map((tally) => {
    const more = tally.count > tally.lines.length ? ', …' : '';
    const lines = `line${tally.lines.length === 1 ? '' : 's'} ${tally.lines.join(', ')}${more}`;
    return `${tally.count} × ${escapeControl(tally.reason)} (${lines})`;
  });
  return `${series.dropped} dropped: ${reasons.join('; ')}`;
}
