/**
 * How numbers, times, durations and label sets are written for people.
 */
import type { InconclusiveReason } from '../gate.js';
import type { Labels } from '../series.js';
import { escapeControl } from './escape.js';
import type { Limit, LimitProjection } from './facts.js';

const BYTES_PER_MIB = 1048576;

/** Times before 1973 are relative recordings (0, 30, 60 …): shown as offsets, not dates. */
const EPOCH_CUTOFF_SECONDS = 1e8;
const MAX_DATE_SECONDS = 8.64e12;

export function formatMiB(bytes: number): string {
  return `${(bytes / BYTES_PER_MIB).toFixed(1)} MiB`;
}

export function formatRate(slopeMiBPerHour: number | null): string {
  if (slopeMiBPerHour === null) return 'n/a';
  const sign = slopeMiBPerHour > 0 ? '+' : '';
  return `${sign}${slopeMiBPerHour.toFixed(Math.abs(slopeMiBPerHour) < 10 ? 2 : 1)} MiB/h`;
}

export function formatR2(r2: number | null): string {
  return r2 === null ? 'n/a' : r2.toFixed(3);
}

export function formatScore(score: number): string {
  return score.toFixed(2);
}

/** `1h 59m 30s`, `45s`, `0s`; sub-second remainders are rounded to 0.1 s. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  let rest = Math.round(Math.abs(seconds) * 10) / 10;
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest -= Math.floor(rest / size) * size;
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${Number(rest.toFixed(1))}s`);
  return (seconds < 0 ? '-' : '') + parts.join(' ');
}

/** UTC ISO time to the second (`2024-11-19 07:33:40Z`), or `t+270s` for relative recordings. */
export function formatTime(seconds: number | null): string {
  if (seconds === null) return 'n/a';
  if (Math.abs(seconds) < EPOCH_CUTOFF_SECONDS) return `t+${formatDuration(seconds)}`;
  // Date cannot hold times past ±8.64e15 ms (a far projection, a corrupt input).
  if (!(Math.abs(seconds) <= MAX_DATE_SECONDS)) return `${seconds} s since the epoch`;
  const iso = new Date(seconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z`;
}

/**
 * Prometheus style: `name{a="1", b="2"}`; `{}` for no labels. Names and
 * values come from the input, so control characters are written out
 * (escape.ts): every human format shows a label through here.
 */
export function formatLabels(labels: Labels): string {
  const names = Object.keys(labels).filter((name) => name !== '__name__');
  const inner = names.map((name) => `${escapeControl(name)}=${escapeControl(JSON.stringify(labels[name]))}`).join(', ');
  const metric = Object.prototype.hasOwnProperty.call(labels, '__name__') ? escapeControl(labels['__name__'] as string) : '';
  return `${metric}{${inner}}`;
}

const ALERT_WORDS = { leak: 'MemoryLeakDetected', rss: 'MemoryHigh' } as const;
const FOR_FLAG_WORDS = { leak: '--leak-for', rss: '--rss-for' } as const;

function samplesText(count: number): string {
  return `${count} sample${count === 1 ? '' : 's'}`;
}

/** Why the data could not decide, in words that name the flag to change. */
export function formatInconclusiveReason(reason: InconclusiveReason | null): string | null {
  if (reason === null) return null;
  switch (reason.kind) {
    case 'too-few-samples':
      return `${samplesText(reason.samples)}, fewer than --min-samples ${reason.minSamples} (the samples a window needs before it is scored)`;
    case 'too-short': {
      const flags = reason.alerts.map((key) => FOR_FLAG_WORDS[key]).join(' and ');
      const names = reason.alerts.map((key) => ALERT_WORDS[key]).join(' and ');
      return (
        `${formatDuration(reason.durationSeconds)} of data, shorter than ${flags} ${formatDuration(reason.longestForSeconds)} ` +
        `(how long ${names} must hold before it fires)`
      );
    }
    case 'never-scored': {
      const needed = `fewer than --min-samples ${reason.minSamples}, so the leak score was 0 throughout`;
      if (reason.window.kind === 'count') {
        return `no window was scored: --window ${reason.window.samples} holds at most ${samplesText(reason.window.samples)}, ${needed}; give --window ${reason.minSamples} or more, or a lower --min-samples`;
      }
      const interval = reason.medianIntervalSeconds;
      const spacing = interval === null ? '' : ` (samples ${formatDuration(interval)} apart)`;
      const advice =
        interval === null || !(interval > 0)
          ? 'a longer --window'
          : `--window ${formatDuration((reason.minSamples - 1) * interval).replace(/ /g, '')} or longer`;
      return (
        `no window was scored: a --window ${formatDuration(reason.window.seconds).replace(/ /g, '')} window held at most ` +
        `${samplesText(reason.largestWindowSamples)}${spacing}, ${needed}; give ${advice}, or a lower --min-samples`
      );
    }
    case 'stale-gaps': {
      const spacing = reason.medianIntervalSeconds === null ? 'gaps' : `samples ${formatDuration(reason.medianIntervalSeconds)} apart (median)`;
      return (
        `${spacing} and gaps over --staleness ${formatDuration(reason.stalenessSeconds)} reset the alerts; the longest stretch ` +
        `without such a gap, ${formatDuration(reason.longestFreshSpanSeconds)}, is shorter than ${FOR_FLAG_WORDS[reason.alert]} ` +
        `${formatDuration(reason.forSeconds)}, so ${ALERT_WORDS[reason.alert]} could never fire; sample more often ` +
        '(a smaller --step), or give a longer --staleness'
      );
    }
  }
}

/**
 * A time for tables, shortened to `07:35:10Z` when it falls on the same UTC
 * day as `reference` (relative recordings keep their `t+…` form).
 */
export function formatTimeCompact(seconds: number | null, reference: number | null): string {
  const full = formatTime(seconds);
  if (seconds === null || reference === null || full.startsWith('t+') || !full.endsWith('Z')) return full;
  const day = formatTime(reference).slice(0, 10);
  return full.slice(0, 10) === day ? full.slice(11) : full;
}

/** How far ahead a projection lands, rounded to what matters at that distance. */
export function formatHorizon(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  if (seconds >= 365 * 86400) return 'more than a year';
  if (seconds >= 86400) return formatDuration(Math.round(seconds / 3600) * 3600);
  if (seconds >= 3600) return formatDuration(Math.round(seconds / 60) * 60);
  return formatDuration(Math.round(seconds));
}

/** `400.0 MiB (--rss-threshold)`: the limit and where it came from. */
export function formatLimit(limit: Limit): string {
  return `${formatMiB(limit.bytes)}${limit.source === 'rss-threshold' ? ' (--rss-threshold)' : ''}`;
}

/** The time-to-limit sentence: `in 2h 31m, at 2024-11-19 11:37:10Z, on the final window's trend`. */
export function formatProjection(projection: LimitProjection): string {
  switch (projection.status) {
    case 'ahead':
      return projection.inSeconds >= 365 * 86400
        ? `not within a year on the final window's trend (${formatRate(projection.slopeMiBPerHour)})`
        : `in ${formatHorizon(projection.inSeconds)}, at ${formatTime(projection.at)}, on the final window's trend`;
    case 'past':
      return `already reached on the final window's trend (crossed at ${formatTime(projection.at)})`;
    case 'not-growing':
      return `not reached: the final window is not growing (${formatRate(projection.slopeMiBPerHour)})`;
    case 'no-trend':
      return 'unknown: the final window has no trend line';
  }
}

/** The same, for a table cell: `in 2h 31m`, `reached`, `never`, `n/a`. */
export function formatProjectionShort(projection: LimitProjection): string {
  switch (projection.status) {
    case 'ahead':
      return projection.inSeconds >= 365 * 86400 ? '> 1 year' : `in ${formatHorizon(projection.inSeconds)}`;
    case 'past':
      return 'reached';
    case 'not-growing':
      return 'never';
    case 'no-trend':
      return 'n/a';
  }
}

/** Labels without braces when there is no metric name: `instance="api-1:9100"`; '' for none. */
export function formatLabelsShort(labels: Labels): string {
  if (Object.keys(labels).length === 0) return '';
  const text = formatLabels(labels);
  return text.startsWith('{') ? text.slice(1, -1) : text;
}

/** A rate as a bare signed number for tables whose header carries the unit. */
export function formatRateNumber(slopeMiBPerHour: number | null): string {
  return formatRate(slopeMiBPerHour).replace(' MiB/h', '');
}

/** A series' full name for headings and messages: its labels, or `series` when it has none. */
export function formatSeriesName(labels: Labels): string {
  return Object.keys(labels).length === 0 ? 'series' : formatLabels(labels);
}
