/**
 * `--since 6h` or `--start/--end` (RFC 3339 or epoch seconds/ms, as SPEC §1
 * reads timestamps) → the range to fetch (issue 6, Fetch).
 */
import { LeakScoreError } from '../errors.js';
import { readTime } from '../formats/time.js';
import { parseDuration } from '../options.js';

export interface TimeRangeFlags {
  /** A duration such as `6h`: the range ends at `--end` (default now). */
  since?: string;
  start?: string;
  end?: string;
}

export interface TimeRange {
  /** Seconds since the epoch, whole milliseconds. */
  start: number;
  end: number;
}

function readFlagTime(text: string, flag: string): number {
  const reading = readTime(text);
  if (!reading.ok) {
    throw new LeakScoreError(
      `${flag} ${JSON.stringify(text)} is not a time (${reading.reason}); give RFC 3339 such as 2024-11-19T07:00:00Z or epoch seconds`,
    );
  }
  return reading.seconds;
}

const toMs = (seconds: number): number => Math.round(seconds * 1000) / 1000;

/** Resolves the flags against `nowSeconds`; exactly one of `since` and `start` is required. */
export function resolveTimeRange(flags: TimeRangeFlags, nowSeconds: number): TimeRange {
  if (flags.since !== undefined && flags.start !== undefined) {
    throw new LeakScoreError('give either --since or --start, not both');
  }
  if (flags.since === undefined && flags.start === undefined) {
    throw new LeakScoreError('say which range to fetch: --since 6h, or --start (and optionally --end)');
  }
  const end = flags.end === undefined ? nowSeconds : readFlagTime(flags.end, '--end');
  let start: number;
  if (flags.since !== undefined) {
    const since = parseDuration(flags.since, '--since');
    if (!(since > 0)) throw new LeakScoreError(`--since ${flags.since} is not valid: give a duration above 0, e.g. 6h`);
    start = end - since;
  } else {
    start = readFlagTime(flags.start as string, '--start');
  }
  if (end < start) throw new LeakScoreError('--end is before --start; give an end after the start');
  return { start: toMs(start), end: toMs(end) };
}
