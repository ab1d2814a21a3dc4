/**
 * One series of one run, as compare needs it. The robust analysis
 * (src/analysis/robust/) finds restarts and the warm-up; compare then works on the
 * post-GC floor of the last life after warm-up, and on its second half:
 * the Theil–Sen slope there (with Sen's interval) and the floor's points.
 *
 * Why the second half: warm-up that the knee search misses (a V8 heap
 * still expanding for minutes, a cache filling slowly) stops, a leak does
 * not. On short soaks the knee is often not found, and the whole-run slope
 * of a fixed server then looks like a leak; the second half is where a leak
 * must still be growing (the robust verdict asks the same of its tail).
 */
import { analyseRobust } from '../analysis/robust/analyse-robust.js';
import { ROBUST_PROFILE, type RobustOptions } from '../analysis/robust/options.js';
import { theilSen } from '../analysis/robust/theil-sen.js';
import { destep } from '../analysis/robust/creep.js';
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
   * Theil–Sen slope and interval of the floor's creep (the second half
   * after warm-up, its upward jumps set aside), MiB/h; null when there is
   * too little data after warm-up. The interval is Sen's, widened by the
   * floor's autocorrelation (`inflation`).
   */
  slopeMiBPerHour: Estimate | null;
  /** Upward jumps of that floor set aside as heap-sizing steps (src/analysis/robust/creep.ts), and what they added, MiB. */
  jumps: number;
  jumpMiB: number;
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

const MIB = 1048576;
const HOUR = 3600;

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
  // The robust analysis picks the floor bucket from the span (or takes --bucket).
  const robustOptions: RobustOptions = {
    ...ROBUST_PROFILE,
    skipAuto: options.skipSeconds === null,
    bucketSeconds: options.bucketSeconds,
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
  const bucketSeconds = robust.bucketSeconds > 0 ? robust.bucketSeconds : Math.max(1, medianInterval(times));
  const floor = floorPoints(times, values, lifeStart + tailFromSeconds, lifeEnd, bucketSeconds);
  const enough = floor.times.length >= robustOptions.minPoints;
  // Growth is the floor's creep: its upward jumps (heap sizing) set aside.
  const creep = destep(floor.values);
  const sen = enough ? senSlope(floor.times, creep.values, options.confidence) : null;
  const rho = sen === null ? 0 : residualAutocorrelation(floor.times, creep.values, (sen.value * MIB) / HOUR);
  const inflation = autocorrelationInflation(rho);
  const explanation = enough
    ? robust.explanation
    : `${floor.times.length} floor points of ${formatSeconds(bucketSeconds)} in the second half after warm-up, ${robustOptions.minPoints} needed`;
  return {
    labels: series.labels,
    samples: n,
    startTime,
    endTime,
    durationSeconds: endTime - startTime,
    bucketSeconds,
    segments: robust.segments.length,
    lifeStart,
    warmupSeconds,
    slopeMiBPerHour: sen === null ? null : widen(sen, inflation),
    jumps: creep.jumps,
    jumpMiB: creep.jumpTotal / MIB,
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

/**
 * The post-GC floor of the samples in [from, to]: the minimum of each
 * bucket of `width` seconds from `from`, at that sample's time, as the
 * robust analysis makes it. A last bucket covering less than half a width
 * is left out: with fewer samples its minimum sits too high.
 */
export function floorPoints(times: Float64Array, values: Float64Array, from: number, to: number, width: number): { times: Float64Array; values: Float64Array } {
  const outTimes: number[] = [];
  const outValues: number[] = [];
  let bucket = -1;
  let lastInBucket = from;
  for (let i = 0; i < times.length; i++) {
    const t = times[i] as number;
    if (t < from || t > to) continue;
    const k = Math.floor((t - from) / width);
    const v = values[i] as number;
    if (k !== bucket) {
      bucket = k;
      outTimes.push(t);
      outValues.push(v);
    } else if (v < (outValues[outValues.length - 1] as number)) {
      outTimes[outTimes.length - 1] = t;
      outValues[outValues.length - 1] = v;
    }
    lastInBucket = t;
  }
  if (bucket >= 0 && lastInBucket - (from + bucket * width) < width / 2 && outTimes.length > 1) {
    outTimes.pop();
    outValues.pop();
  }
  return { times: Float64Array.from(outTimes), values: Float64Array.from(outValues) };
}
