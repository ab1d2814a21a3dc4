/**
 * GitHub Actions workflow commands: one `::error` annotation per failing
 * series (and a `::warning` per inconclusive one), so the verdict shows on
 * the run's summary page and the pull request without opening the log.
 *
 * The CLI writes them to stderr: stdout carries the chosen format, which is
 * often redirected to a file (`--format junit > report.xml`) that a stray
 * annotation line would corrupt, and the runner reads workflow commands
 * from both streams.
 */
import type { Result } from '../analysis/analyse.js';
import { ALERT_NAMES } from '../gate.js';
import { firedPhrases } from './alert-summary.js';
import { escapeControlKeepLines } from './escape.js';
import { summarise } from './facts.js';
import {
  formatInconclusiveReason,
  formatProjection,
  formatR2,
  formatRate,
  formatScore,
  formatSeriesName,
} from './format.js';

/** Message data: `%`, CR and LF are encoded (the runner decodes them). */
export function escapeData(text: string): string {
  // Control characters are written out first: the runner's log is a terminal too.
  return escapeControlKeepLines(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also encode `:` and `,`, which end a property. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface AnnotationOptions {
  limitBytes?: number | null;
}

/** The annotation lines (each ending in a newline); '' when every series passed. */
export function renderAnnotations(result: Result, options: AnnotationOptions = {}): string {
  const summary = summarise(result, options.limitBytes);
  const gating = new Set(result.options.gate.map((key) => ALERT_NAMES[key]));
  const lines: string[] = [];
  if (result.commandFailure !== undefined) {
    lines.push(`::error title=${escapeProperty('leak-score: the recorded command failed')}::${escapeData(result.commandFailure.message)}`);
  }
  for (const row of summary.rows) {
    const s = row.series;
    const name = formatSeriesName(s.labels);
    if (s.verdict === 'fail') {
      const fired = s.episodes.filter((episode) => episode.firedAt !== null && gating.has(episode.name));
      const alerts = [...new Set(fired.map((episode) => episode.name))].join(' and ');
      // One phrase per alert, however many times it fired: an annotation is read at a glance.
      const times = firedPhrases(s, gating);
      const message =
        `${name}: score ${formatScore(s.final.score)}, slope ${formatRate(s.final.slopeMiBPerHour)}, R² ${formatR2(s.final.r2)}. ` +
        `${times.join('; ')}. Limit ${formatProjection(row.projection)}.`;
      lines.push(`::error title=${escapeProperty(`leak-score: ${alerts} fired`)}::${escapeData(message)}`);
    } else if (s.verdict === 'inconclusive') {
      const why = formatInconclusiveReason(s.inconclusiveReason) ?? 'the data cannot decide';
      lines.push(`::warning title=${escapeProperty('leak-score: inconclusive')}::${escapeData(`${name}: ${why}`)}`);
    }
  }
  return lines.map((line) => `${line}\n`).join('');
}
