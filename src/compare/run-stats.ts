/**
 * One series of one run, as compare needs it. The robust analysis
 * (src/robust/) finds restarts and the warm-up; compare then works on the
 * post-GC floor of the last life after warm-up, and on its second half:
 * the Theil–Sen slope there (with Sen's interval) and the floor's points.
 *
 * Why the second half: warm-up that the knee search misses (a V8 heap
 * still expanding for minutes, a cache filling slowly) stops, a leak does
 * not. On short soaks the knee is often not found, and the whole-run slope
 * of a fixed server then looks like a leak; the second half is where a leak
 * must still be growing (the robust verdict asks the same of its tail).
 */
import { analyseRobust } from '../robust/analyse-robust.js';
import { BucketAccumulator } from '../robust/bucket-accumulator.js';
import { ROBUST_PROFILE, type RobustOptions } from '../robust/options.js';
import { theilSen } from '../robust/theil-sen.js';
import type { Labels, Series } from '../series.js';
import { autocorrelationInflation, residualAutocorrelation } from './level.js';
import type { Estimate } from './mover.js';

export interface RunSeriesStats {
  labels: Labels;
  samples: number;
  startTime: number;
  endTime: number;
  durationSeconds: number;
  /** The floor bucket the robust analysis ran with. */
  bucketSeconds: number;
  /** Segments after restarts (1 without one). */
  segments: number;
  /** Start of the last segment (the life whose level is compared), epoch seconds. */
  lifeStart: number;
  /** Warm-up cut from the start of that life, seconds. */
  warmupSeconds: number;
  /**
   * Theil–Sen slope and interval, MiB/h; null when there is too little data
   * after warm-up. The interval is Sen's, widened by the floor's
   * autocorrelation (`inflation`).
   */
  slopeMiBPerHour: Estimate | null;
  /** Lag-1 autocorrelation of the floor about its line, and the factor Sen's interval was widened by. */
  autocorrelation: number;
  inflation: number;
  /** Floor points of the second half of the last life after warm-up: seconds since `lifeStart`, bytes. */
  floorOffsets: Float64Array;
  floorBytes: Float64Array;
  /** Where that second half starts, seconds since `lifeStart`. */
  tailFromSeconds: number;
  /** The robust analysis' own sentence (why there is no slope, when there is none). */
  explanation: string;
  /** Samples of the whole series, for the chart: seconds since `startTime`, bytes. */
  offsets: Float64Array;
  bytes: Float64Array;
}

export interface RunStatsOptions {
  /** Two-sided confidence of every interval. */
  confidence: number;
  /** A fixed warm-up to skip from the first sample; null finds it (the robust `--skip auto`). */
  skipSeconds: number | null;
  stalenessSeconds: number;
  /** Floor bucket; null picks one from the run's span and sampling interval. */
  bucketSeconds: number | null;
}

/**
 * Floor points to aim for over a run: enough for Theil–Sen and the level's
 * noise estimate on a 3-minute soak sampled every second, and the robust
 * profile's 10 min for recordings of hours or more.
 */
const TARGET_FLOOR_POINTS = 40;
const MIB = 1048576;
const HOUR = 3600;
const MAX_BUCKET_SECONDS = ROBUST_PROFILE.bucketSeconds;
/** A bucket must hold a few samples, or its minimum is just a sample. */
const MIN_SAMPLES_PER_BUCKET = 3;

/** The bucket a run gets when none is given. */
export function bucketFor(spanSeconds: number, intervalSeconds: number): number {
  const wanted = spanSeconds / TARGET_FLOOR_POINTS;
  return Math.min(MAX_BUCKET_SECONDS, Math.max(wanted, MIN_SAMPLES_PER_BUCKET * intervalSeconds));
}

export function medianInterval(times: ArrayLike<number>): number {
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) gaps.push((times[i] as number) - (times[i - 1] as number));
  if (gaps.length === 0) return 0;
  gaps.sort((a, b) => a - b);
  return gaps[gaps.length >> 1] as number;
}

export function runSeriesStats(series: Series, options: RunStatsOptions): RunSeriesStats {
  const { times, values } = series;
  const n = times.length;
  const startTime = n > 0 ? (times[0] as number) : 0;
  const endTime = n > 0 ? (times[n - 1] as number) : 0;
  const bucketSeconds = options.bucketSeconds ?? bucketFor(endTime - startTime, medianInterval(times));
  const robustOptions: RobustOptions = {
    ...ROBUST_PROFILE,
    skipAuto: options.skipSeconds === null,
    bucketSeconds: bucketSeconds > 0 ? bucketSeconds : 1,
    confidence: options.confidence,
  };
  const robust = analyseRobust(times, values, robustOptions, {
    skipSeconds: options.skipSeconds ?? 0,
    stalenessSeconds: options.stalenessSeconds,
  });
  const last = robust.segments[robust.segments.length - 1];
  const lifeStart = last?.start ?? startTime;
  const lifeEnd = last?.end ?? endTime;
  const warmupSeconds = last?.warmupSeconds ?? 0;
  const tailFromSeconds = warmupSeconds + (lifeEnd - lifeStart - warmupSeconds) / 2;
  const floor = floorAfter(times, values, lifeStart + tailFromSeconds, lifeEnd, robustOptions);
  const enough = floor.times.length >= robustOptions.minPoints;
  const sen = enough ? senSlope(floor.times, floor.values, options.confidence) : null;
  const rho = sen === null ? 0 : residualAutocorrelation(floor.times, floor.values, (sen.value * MIB) / HOUR);
  const inflation = autocorrelationInflation(rho);
  const explanation = enough
    ? robust.explanation
    : `${floor.times.length} floor points of ${formatSeconds(robustOptions.bucketSeconds)} in the second half after warm-up, ${robustOptions.minPoints} needed`;
  return {
    labels: series.labels,
    samples: n,
    startTime,
    endTime,
    durationSeconds: endTime - startTime,
    bucketSeconds: robustOptions.bucketSeconds,
    segments: robust.segments.length,
    lifeStart,
    warmupSeconds,
    slopeMiBPerHour: sen === null ? null : widen(sen, inflation),
    autocorrelation: rho,
    inflation,
    floorOffsets: floor.times.map((t) => t - lifeStart),
    floorBytes: floor.values,
    tailFromSeconds,
    explanation,
    offsets: times.map((t) => t - startTime),
    bytes: values,
  };
}

/** Theil–Sen in MiB/h with Sen's interval, on floor points (s, bytes). */
function senSlope(times: Float64Array, bytes: Float64Array, confidence: number): Estimate | null {
  const fit = theilSen(times, Float64Array.from(bytes, (b) => b / MIB), { confidence });
  if (fit.slope === null || fit.lower === null || fit.upper === null) return null;
  return { value: fit.slope * HOUR, lower: fit.lower * HOUR, upper: fit.upper * HOUR };
}

function formatSeconds(seconds: number): string {
  return seconds >= 60 ? `${+(seconds / 60).toFixed(1)} min` : `${+seconds.toFixed(1)} s`;
}

function widen(e: Estimate, factor: number): Estimate {
  return { value: e.value, lower: e.value - (e.value - e.lower) * factor, upper: e.value + (e.upper - e.value) * factor };
}

function floorAfter(
  times: Float64Array,
  values: Float64Array,
  from: number,
  to: number,
  options: RobustOptions,
): { times: Float64Array; values: Float64Array } {
  const accumulator = new BucketAccumulator('floor', options.bucketSeconds, options.maxPoints);
  for (let i = 0; i < times.length; i++) {
    const t = times[i] as number;
    if (t >= from && t <= to) accumulator.push(t, values[i] as number);
  }
  const points = accumulator.points();
  return { times: points.times, values: points.values };
}
