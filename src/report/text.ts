/**
 * The human report: verdict first, then per series the numbers that decided
 * it, the alert timeline and the chart. Renders from a finished Result.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Result, SeriesResult } from '../analyse.js';
import type { Verdict } from '../gate.js';
import { ALERT_NAMES } from '../gate.js';
import type { AlertEpisode } from '../replay/alert-rule.js';
import { renderRssChart } from './chart.js';
import { robustTextLines, robustVerdictReason } from './robust-section.js';
import {
  formatDuration,
  formatInconclusiveReason,
  formatLabels,
  formatMiB,
  formatR2,
  formatRate,
  formatScore,
  formatTime,
} from './format.js';

export interface TextOptions {
  color: boolean;
  chart: boolean;
  quiet: boolean;
  width: number;
  height?: number;
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
  const total = result.series.length;
  const failing = result.series.filter((one) => one.verdict === 'fail');
  const inconclusive = result.series.filter((one) => one.verdict === 'inconclusive');
  const where = total === 1 ? '' : ` in ${failing.length} of ${total} series`;
  let why: string;
  if (result.verdict === 'fail') {
    const fired = new Set<string>();
    const gating = new Set(result.options.gate.map((key) => ALERT_NAMES[key]));
    for (const one of failing) {
      for (const episode of one.episodes) if (episode.firedAt !== null && gating.has(episode.name)) fired.add(episode.name);
    }
    why = `${[...fired].join(' and ')} fired${where}`;
  } else if (result.verdict === 'inconclusive') {
    const first = inconclusive[0] as SeriesResult;
    why =
      total === 1
        ? `the data cannot decide: ${formatInconclusiveReason(first.inconclusiveReason) ?? ''}`
        : `the data cannot decide for ${inconclusive.length} of ${total} series`;
    if (result.options.allowInconclusive) why += ' (allowed: exit 0)';
  } else {
    why = `no gating alert fired${total === 1 ? '' : ` in ${total} series`}`;
  }
  return `${paintVerdict(chalk, result.verdict)}  ${robustVerdictReason(result) ?? why}  ${chalk.dim(`(${result.source})`)}`;
}

function windowText(result: Result): string {
  const window = result.options.window;
  return window.kind === 'count' ? `last ${window.samples} samples` : `last ${formatDuration(window.seconds)}`;
}

function episodeText(episode: AlertEpisode): string {
  const pending = `pending ${formatTime(episode.activeAt)}`;
  const fired = episode.firedAt === null ? 'never fired' : `firing ${formatTime(episode.firedAt)}`;
  const end = episode.resolvedAt === null ? 'still active at the end' : `resolved ${formatTime(episode.resolvedAt)}`;
  return `${episode.name}: ${pending} → ${fired} → ${end}`;
}

function seriesBlock(result: Result, series: SeriesResult, options: TextOptions, chalk: ChalkInstance): string[] {
  const label = (name: string): string => chalk.dim(name.padEnd(11));
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
  if (series.dropped > 0) {
    const examples = series.droppedExamples.map((row) => `line ${row.line}: ${row.reason}`).join('; ');
    hygiene.push(`${series.dropped} dropped (${examples})`);
  }
  if (series.duplicates > 0) hygiene.push(`${plural(series.duplicates, 'duplicate timestamp')} (last one kept)`);
  if (hygiene.length > 0) lines.push(`  ${label('input')}${hygiene.join(', ')}`);
  const rss = series.rss;
  if (rss !== null) {
    lines.push(
      `  ${label('RSS')}first ${formatMiB(rss.first)}  min ${formatMiB(rss.min)}  max ${formatMiB(rss.max)}  last ${formatMiB(rss.last)}`,
    );
  }
  if (series.episodes.length === 0) {
    lines.push(`  ${label('alerts')}none went pending`);
  } else {
    series.episodes.forEach((episode, i) => {
      const text = episodeText(episode);
      lines.push(`  ${label(i === 0 ? 'alerts' : '')}${episode.firedAt === null ? text : chalk.red(text)}`);
    });
  }
  if (options.chart) {
    const chart = renderRssChart(series.track, {
      width: options.width,
      height: options.height ?? 10,
      color: options.color,
    });
    if (chart !== '') lines.push('', chart);
  }
  return lines;
}

export function renderText(result: Result, options: TextOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [verdictLine(result, chalk)];
  if (!options.quiet) {
    for (const note of result.notes) out.push(chalk.yellow(`note: ${note}`));
    for (const series of result.series) out.push('', ...seriesBlock(result, series, options, chalk));
  }
  return `${out.join('\n')}\n`;
}
