/**
 * Sentences every human-facing format says the same way: why the run got
 * its verdict, what the window was, how an alert episode went, and the
 * settings that produced the numbers.
 */
import type { Result, SeriesResult } from '../analysis/analyse.js';
import { ALERT_NAMES, gateRun } from '../gate.js';
import type { AlertEpisode } from '../analysis/seed/alert-rule.js';
import { formatDuration, formatInconclusiveReason, formatMiB, formatTime } from './format.js';

/** `MemoryLeakDetected fired in 1 of 2 series`, `no gating alert fired`, … (and a failed recorded command). */
export function verdictReason(result: Result): string {
  return withCommandReason(result, samplesReason);
}

/**
 * `record`: a failed command comes first in the reason, with what the
 * samples alone said after it; `reason` words the samples' verdict.
 */
export function withCommandReason(result: Result, reason: (result: Result) => string): string {
  const failure = result.commandFailure;
  if (failure === undefined) return reason(result);
  const samples = gateRun(
    result.series.map((one) => one.verdict),
    result.options,
  );
  const base = reason({ ...result, ...samples, commandFailure: undefined });
  if (samples.verdict === 'fail') return `${base}; and the recorded command failed: ${failure.message}`;
  return `the recorded command failed: ${failure.message}; the samples alone: ${base}`;
}

/** The verdict's reason from the samples alone. */
export function samplesReason(result: Result): string {
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
  return why;
}

/** What the values are: `RSS`, or the name given with --value-key/--value-col (`heapUsed`). */
export function valueName(result: Pick<Result, 'valueName'>): string {
  return result.valueName ?? 'RSS';
}

/** `last 120 samples` or `last 1h`. */
export function windowText(result: Result): string {
  const window = result.options.window;
  return window.kind === 'count' ? `last ${window.samples} samples` : `last ${formatDuration(window.seconds)}`;
}

/** `MemoryLeakDetected: pending … → firing … → still active at the end`. */
export function episodeText(episode: AlertEpisode): string {
  const pending = `pending ${formatTime(episode.activeAt)}`;
  const fired = episode.firedAt === null ? 'never fired' : `firing ${formatTime(episode.firedAt)}`;
  const end = episode.resolvedAt === null ? 'still active at the end' : `resolved ${formatTime(episode.resolvedAt)}`;
  return `${episode.name}: ${pending} → ${fired} → ${end}`;
}

/** The settings behind the numbers, one phrase each. */
export function settingsPhrases(result: Result): string[] {
  const o = result.options;
  const curve =
    o.curve === 'piecewise'
      ? `piecewise curve (${o.moderateMiBPerHour} / ${o.severeMiBPerHour} MiB/h)`
      : `linear curve (${o.severeMiBPerHour} MiB/h)`;
  const phrases = [
    `window ${windowText(result)}`,
    curve,
    `MemoryLeakDetected: score > ${o.leakThreshold} for ${formatDuration(o.leakForSeconds)}`,
    `MemoryHigh: ${valueName(result)} > ${formatMiB(o.rssThresholdBytes)} for ${formatDuration(o.rssForSeconds)}`,
    `gate ${o.gate.join(',')}`,
  ];
  if (o.skipSeconds > 0) phrases.push(`skip ${formatDuration(o.skipSeconds)}`);
  return phrases;
}
