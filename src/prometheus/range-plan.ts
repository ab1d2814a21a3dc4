/**
 * Splits a `query_range` into requests that each stay within Prometheus'
 * limit of 11,000 points per series (issue 6, Fetch). Prometheus evaluates
 * at `start, start + step, …` up to `end`; pieces continue that same grid,
 * so merging them gives exactly the points one unlimited request would.
 *
 * Times are whole milliseconds, as Prometheus evaluates them.
 */
import { LeakScoreError } from '../errors.js';

/**
 * Prometheus refuses `(end − start) / step > 11000`, i.e. more than 11,001
 * points; staying at 11,000 keeps a margin and matches the documented limit.
 */
export const MAX_POINTS_PER_SERIES = 11_000;

/** More pieces than this is almost certainly a too-small `--step`. */
export const MAX_REQUESTS = 1_000;

export interface RangePiece {
  /** First evaluation time, ms since the epoch. */
  startMs: number;
  /** Last evaluation time (inclusive), ms since the epoch. */
  endMs: number;
  /** Evaluation points in this piece. */
  points: number;
}

export interface RangePlanInput {
  /** Seconds since the epoch. */
  start: number;
  end: number;
  stepSeconds: number;
  maxPoints?: number;
  maxRequests?: number;
}

function wholeMs(seconds: number, flag: string): number {
  const ms = Math.round(seconds * 1000);
  if (!Number.isFinite(seconds) || Math.abs(seconds * 1000 - ms) > 1e-3) {
    throw new LeakScoreError(`${flag} ${seconds} is not a whole number of milliseconds`);
  }
  return ms;
}

/** Plans the requests for `[start, end]` at `step`; throws `LeakScoreError` for an impossible range. */
export function planRange(input: RangePlanInput): RangePiece[] {
  const maxPoints = input.maxPoints ?? MAX_POINTS_PER_SERIES;
  const maxRequests = input.maxRequests ?? MAX_REQUESTS;
  if (!Number.isInteger(maxPoints) || maxPoints < 1) throw new Error(`maxPoints ${maxPoints} must be a positive integer`);
  const stepMs = wholeMs(input.stepSeconds, '--step');
  if (stepMs < 1) throw new LeakScoreError(`--step ${input.stepSeconds}s is not valid: give a step above 0, e.g. 30s`);
  const startMs = wholeMs(input.start, '--start');
  const endMs = wholeMs(input.end, '--end');
  if (startMs < 0) throw new LeakScoreError('--start is before 1970; give a later start or a shorter --since');
  if (endMs < startMs) {
    throw new LeakScoreError('--end is before --start; give an end after the start, or use --since 6h');
  }
  const points = Math.floor((endMs - startMs) / stepMs) + 1;
  const requests = Math.ceil(points / maxPoints);
  if (requests > maxRequests) {
    throw new LeakScoreError(
      `the range needs ${points} points per series at --step ${input.stepSeconds}s (${requests} requests of ${maxPoints}); use a larger --step or a shorter range`,
    );
  }
  const pieces: RangePiece[] = [];
  for (let first = 0; first < points; first += maxPoints) {
    const count = Math.min(maxPoints, points - first);
    const pieceStart = startMs + first * stepMs;
    pieces.push({ startMs: pieceStart, endMs: pieceStart + (count - 1) * stepMs, points: count });
  }
  return pieces;
}

/** Milliseconds → the decimal seconds Prometheus accepts, without float noise (`1700000000.5`). */
export function formatSeconds(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  const whole = Math.floor(abs / 1000);
  const fraction = abs % 1000;
  if (fraction === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(fraction).padStart(3, '0').replace(/0+$/, '')}`;
}
