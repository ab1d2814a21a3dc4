/**
 * How numbers, times, durations and label sets are written for people.
 */
import type { InconclusiveReason } from '../gate.js';
import type { Labels } from '../series.js';

const BYTES_PER_MIB = 1048576;

/** Times before 1973 are relative recordings (0, 30, 60 …): shown as offsets, not dates. */
const EPOCH_CUTOFF_SECONDS = 1e8;

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
  const iso = new Date(seconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z`;
}

/** Prometheus style: `name{a="1", b="2"}`; `{}` for no labels. */
export function formatLabels(labels: Labels): string {
  const names = Object.keys(labels).filter((name) => name !== '__name__');
  const inner = names.map((name) => `${name}=${JSON.stringify(labels[name])}`).join(', ');
  const metric = Object.prototype.hasOwnProperty.call(labels, '__name__') ? (labels['__name__'] as string) : '';
  return `${metric}{${inner}}`;
}

/** SPEC §5's inconclusive rule, in words. */
export function formatInconclusiveReason(reason: InconclusiveReason | null): string | null {
  if (reason === null) return null;
  if (reason.kind === 'too-few-samples') {
    return `${reason.samples} sample${reason.samples === 1 ? '' : 's'}, fewer than --min-samples ${reason.minSamples}`;
  }
  return (
    `${formatDuration(reason.durationSeconds)} of data, shorter than the longest gating ` +
    `alert's for (${formatDuration(reason.longestForSeconds)})`
  );
}
