/**
 * The robust opinion on one normalised series (issue 5): restarts split it
 * into segments; each segment loses its warm-up, is reduced to its post-GC
 * floor, and gets a Theil–Sen slope with a confidence interval, a
 * Mann–Kendall trend test and a step check, beside the OLS slope of the same
 * points. The last judgeable segment (pooled with the ones before it when it
 * alone is too short) decides. Pure: reads `times` (s) and `values` (bytes).
 *
 * Cost: every segment is reduced to at most `maxPoints` points (the bucket is
 * widened to span/maxPoints when needed), and the O(n²) statistics run on
 * those, so a week of 1 s samples costs about what a few hours do.
 */
import { twoPassFit } from '../score/two-pass-fit.js';
import { BucketAccumulator, type Points } from './bucket-accumulator.js';
import { mannKendall, type MannKendall } from './mann-kendall.js';
import { normalUpperTail } from './normal.js';
import type { RobustOptions } from './options.js';
import { isRestart, type SegmentBounds } from './restarts.js';
import { findStep, isClearStep } from './step.js';
import { theilSen } from './theil-sen.js';
import { findWarmup } from './warmup.js';

const MIB = 1048576;
const HOUR = 3600;

export interface RobustSlope {
  slopeMiBPerHour: number | null;
  lowerMiBPerHour: number | null;
  upperMiBPerHour: number | null;
  confidence: number;
}

export interface RobustTrend {
  /** Points the statistics ran on, and their time span. */
  points: number;
  from: number;
  to: number;
  ols: { slopeMiBPerHour: number | null; r2: number | null };
  theilSen: RobustSlope;
  mannKendall: Omit<MannKendall, 'varianceS'>;
}

export type SegmentFinding = 'leak' | 'step' | 'no-trend' | 'too-short' | 'slowing';

export interface RobustSegment {
  cause: SegmentBounds['cause'];
  start: number;
  end: number;
  samples: number;
  /** Warm-up cut from the segment's start (auto or the fixed `--skip`), in seconds. */
  warmupSeconds: number;
  bucketSeconds: number;
  /** The trend over the segment after warm-up. */
  trend: RobustTrend | null;
  /** A one-off step that explains the rise better than a line, if any. */
  step: { time: number; sizeMiB: number } | null;
  /** The part a leak must still be growing in: after the step, or the second half. */
  tail: RobustTrend | null;
  finding: SegmentFinding;
}

export type RobustVerdict = 'leak' | 'no-leak' | 'inconclusive';

export interface RobustSeries {
  verdict: RobustVerdict;
  /** One sentence naming the evidence that decided. */
  explanation: string;
  baseline: RobustOptions['baseline'];
  segments: RobustSegment[];
  /** Indexes of the segments whose pooled evidence decided. */
  decidedBy: number[];
  /** Pooled trend over `decidedBy` when that is more than one segment. */
  pooled: RobustTrend | null;
}

function toTrend(points: Points, from: number, to: number, options: RobustOptions, groups?: Int32Array): RobustTrend {
  const times = points.times.subarray(from, to);
  const mib = Float64Array.from(points.values.subarray(from, to), (v) => v / MIB);
  const ts = theilSen(times, mib, { confidence: options.confidence, groups: groups?.subarray(from, to) });
  const mk = groups === undefined ? mannKendall(mib) : pooledMannKendall(mib, groups.subarray(from, to));
  const ols = twoPassFit(times, points.values.subarray(from, to));
  const perHour = (v: number | null): number | null => (v === null ? null : v * HOUR);
  const { varianceS: _unused, ...test } = mk;
  return {
    points: to - from,
    from: times.length > 0 ? (times[0] as number) : 0,
    to: times.length > 0 ? (times[times.length - 1] as number) : 0,
    ols: { slopeMiBPerHour: perHour(ols.slopeMiBPerSecond), r2: ols.r2 },
    theilSen: {
      slopeMiBPerHour: perHour(ts.slope),
      lowerMiBPerHour: perHour(ts.lower),
      upperMiBPerHour: perHour(ts.upper),
      confidence: ts.confidence,
    },
    mannKendall: test,
  };
}

/** The stratified (seasonal) Mann–Kendall: S and Var(S) summed over groups. */
function pooledMannKendall(values: Float64Array, groups: Int32Array): MannKendall {
  let s = 0;
  let varianceS = 0;
  let pairs = 0;
  let from = 0;
  for (let i = 1; i <= values.length; i++) {
    if (i === values.length || groups[i] !== groups[from]) {
      const one = mannKendall(values.subarray(from, i));
      s += one.s;
      varianceS += one.varianceS;
      pairs += ((i - from) * (i - from - 1)) / 2;
      from = i;
    }
  }
  const z = varianceS > 0 && s !== 0 ? (s - Math.sign(s)) / Math.sqrt(varianceS) : 0;
  return {
    n: values.length,
    s,
    varianceS,
    z,
    pIncreasing: varianceS > 0 ? normalUpperTail(z) : 1,
    pTwoSided: varianceS > 0 ? Math.min(1, 2 * normalUpperTail(Math.abs(z))) : 1,
    tau: pairs > 0 ? s / pairs : 0,
  };
}

function isLeak(trend: RobustTrend, options: RobustOptions): boolean {
  const lower = trend.theilSen.lowerMiBPerHour;
  return (
    trend.points >= options.minPoints &&
    trend.mannKendall.pIncreasing < options.alpha &&
    lower !== null &&
    lower > options.minRateMiBPerHour
  );
}

interface SegmentInput {
  cause: SegmentBounds['cause'];
  start: number;
  end: number;
  samples: number;
  /** Time of the first sample kept after a fixed `--skip` (the segment's start otherwise). */
  firstKept: number;
  points: Points;
}

function analyseSegment(input: SegmentInput, options: RobustOptions): { segment: RobustSegment; points: Points } {
  const { start, end } = input;
  let points = input.points;
  let warmupSeconds = input.firstKept - start;
  if (options.skipAuto && points.times.length > 0) {
    const warm = findWarmup(points.times, points.values, { minPoints: Math.max(3, Math.floor(options.minPoints / 2)) });
    if (warm.index > 0) {
      const cut = points.times[warm.index] as number;
      warmupSeconds = cut - start;
      points = {
        times: points.times.subarray(warm.index),
        values: points.values.subarray(warm.index),
        bucketSeconds: points.bucketSeconds,
      };
    }
  }
  const segment: RobustSegment = {
    cause: input.cause,
    start,
    end,
    samples: input.samples,
    warmupSeconds,
    bucketSeconds: points.bucketSeconds,
    trend: null,
    step: null,
    tail: null,
    finding: 'too-short',
  };
  const m = points.times.length;
  if (m < options.minPoints) return { segment, points };
  segment.trend = toTrend(points, 0, m, options);
  // Where a leak must still be growing: after a one-off step when a step
  // explains the rise better than a line, otherwise the second half.
  let tailFrom = Math.floor(m / 2);
  if (options.steps) {
    const step = findStep(points.times, points.values, Math.max(3, Math.floor(options.minPoints / 2)));
    // Worth naming only if bigger than what the slowest leak counted (minRate) adds over the span.
    const spanHours = ((points.times[m - 1] as number) - (points.times[0] as number)) / HOUR;
    if (isClearStep(step) && step.after - step.before > options.minRateMiBPerHour * spanHours * MIB) {
      segment.step = { time: points.times[step.index] as number, sizeMiB: (step.after - step.before) / MIB };
      tailFrom = Math.max(tailFrom, step.index);
    }
  }
  segment.tail = m - tailFrom >= Math.max(3, Math.floor(options.minPoints / 2)) ? toTrend(points, tailFrom, m, options) : null;
  const growing = segment.tail !== null && tailGrowing(segment.tail, options);
  if (segment.step !== null && !growing) {
    // A one-off jump and no growth after it: a step, not a trend.
    segment.finding = 'step';
  } else if (!isLeak(segment.trend, options)) {
    segment.finding = 'no-trend';
  } else {
    // It rose overall; a leak must still be rising in the second half (or after a step).
    segment.finding = growing ? 'leak' : 'slowing';
  }
  return { segment, points };
}

/** The tail must still rise: MK one-sided p < 0.05 and a Theil–Sen slope above the minimum rate. */
function tailGrowing(tail: RobustTrend, options: RobustOptions): boolean {
  const slope = tail.theilSen.slopeMiBPerHour;
  return tail.mannKendall.pIncreasing < Math.max(options.alpha, 0.05) && slope !== null && slope > options.minRateMiBPerHour;
}

/**
 * Collects a series one sample at a time (time order, as replay sees it) in
 * bounded memory: restarts open a new segment, each segment keeps at most
 * 2 × maxPoints bucket points. `skipSeconds` is the fixed `--skip` (applied
 * from the first sample, as SPEC §3 does); `stalenessSeconds` is the gap that
 * counts as a restart when RSS is lower after it.
 */
export class RobustCollector {
  private readonly closed: SegmentInput[] = [];
  private current: (SegmentInput & { accumulator: BucketAccumulator }) | null = null;
  private firstTime: number | null = null;
  private previous: { time: number; bytes: number } | null = null;
  private readonly skipSeconds: number;
  private readonly stalenessSeconds: number;

  constructor(
    private readonly options: RobustOptions,
    { skipSeconds = 0, stalenessSeconds = 300 }: { skipSeconds?: number; stalenessSeconds?: number } = {},
  ) {
    this.skipSeconds = skipSeconds;
    this.stalenessSeconds = stalenessSeconds;
  }

  push(time: number, bytes: number): void {
    if (this.firstTime === null) this.firstTime = time;
    const restart =
      this.options.restarts && this.previous !== null && isRestart(this.previous, { time, bytes }, this.stalenessSeconds);
    if (this.current === null || restart) {
      if (this.current !== null) this.closed.push(this.seal(this.current));
      this.current = {
        cause: this.current === null ? 'start' : bytes < 0.5 * (this.previous as { bytes: number }).bytes ? 'drop' : 'gap',
        start: time,
        end: time,
        samples: 0,
        firstKept: NaN,
        points: { times: new Float64Array(0), values: new Float64Array(0), bucketSeconds: 0 },
        accumulator: new BucketAccumulator(this.options.baseline, this.options.bucketSeconds, this.options.maxPoints),
      };
    }
    const segment = this.current;
    segment.samples++;
    segment.end = time;
    this.previous = { time, bytes };
    // SPEC §3's fixed skip: from the first sample of the series.
    if (time < this.firstTime + this.skipSeconds) return;
    if (Number.isNaN(segment.firstKept)) segment.firstKept = time;
    segment.accumulator.push(time, bytes);
  }

  finish(): RobustSeries {
    const inputs = [...this.closed];
    if (this.current !== null) inputs.push(this.seal(this.current));
    return judge(inputs, this.options);
  }

  private seal(segment: SegmentInput & { accumulator: BucketAccumulator }): SegmentInput {
    const { accumulator, ...rest } = segment;
    return { ...rest, firstKept: Number.isNaN(rest.firstKept) ? rest.end : rest.firstKept, points: accumulator.points() };
  }
}

/** The robust opinion on a whole series in memory. */
export function analyseRobust(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  options: RobustOptions,
  context: { skipSeconds?: number; stalenessSeconds?: number } = {},
): RobustSeries {
  const collector = new RobustCollector(options, context);
  for (let i = 0; i < times.length; i++) collector.push(times[i] as number, values[i] as number);
  return collector.finish();
}

function judge(all: SegmentInput[], options: RobustOptions): RobustSeries {
  // A "segment" shorter than one bucket before another restart is start-up noise
  // (an exec replacing the forked parent, an interpreter settling), not a life.
  const inputs = all.filter((input, k) => k === all.length - 1 || input.end - input.start >= options.bucketSeconds);
  const analysed = inputs.map((input) => analyseSegment(input, options));
  const segments = analysed.map((a) => a.segment);
  const base = { baseline: options.baseline, segments, pooled: null };
  if (segments.length === 0) {
    return { ...base, verdict: 'inconclusive', explanation: 'no samples to judge', decidedBy: [] };
  }
  const last = segments.length - 1;
  if ((segments[last] as RobustSegment).trend !== null) {
    const seg = segments[last] as RobustSegment;
    return { ...base, verdict: seg.finding === 'leak' ? 'leak' : 'no-leak', explanation: explainSegment(seg, segments.length, options), decidedBy: [last] };
  }
  // The last segment is too short to judge alone: pool it with the ones before it.
  const decidedBy: number[] = [];
  let total = 0;
  for (let k = last; k >= 0 && total < options.minPoints; k--) {
    decidedBy.unshift(k);
    total += (analysed[k] as { points: Points }).points.times.length;
  }
  if (total < options.minPoints) {
    return {
      ...base,
      verdict: 'inconclusive',
      explanation: `too little data after warm-up: ${total} points of ${formatBucket(options.bucketSeconds)}, ${options.minPoints} needed`,
      decidedBy,
    };
  }
  const times2: number[] = [];
  const values2: number[] = [];
  const groups: number[] = [];
  for (const k of decidedBy) {
    const p = (analysed[k] as { points: Points }).points;
    for (let i = 0; i < p.times.length; i++) {
      times2.push(p.times[i] as number);
      values2.push(p.values[i] as number);
      groups.push(k);
    }
  }
  const pooledPoints: Points = { times: Float64Array.from(times2), values: Float64Array.from(values2), bucketSeconds: 0 };
  const pooled = toTrend(pooledPoints, 0, times2.length, options, Int32Array.from(groups));
  const leak = isLeak(pooled, options);
  return {
    ...base,
    pooled,
    verdict: leak ? 'leak' : 'no-leak',
    explanation: `${leak ? 'leak' : 'no leak'}: ${trendEvidence(pooled)} over the last ${decidedBy.length} segments (pooled within segments)`,
    decidedBy,
  };
}

function stepTime(seg: RobustSegment): string {
  return `+${formatBucket((seg.step?.time ?? seg.start) - seg.start)}`;
}

function formatBucket(seconds: number): string {
  return seconds >= 3600 ? `${+(seconds / 3600).toFixed(1)} h` : seconds >= 60 ? `${+(seconds / 60).toFixed(1)} min` : `${+seconds.toFixed(1)} s`;
}

function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p.toPrecision(2)}`;
}

function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${rate.toFixed(Math.abs(rate) < 10 ? 1 : 0)} MiB/h`;
}

/** "slope 31 MiB/h (95 % CI 28 to 34), MK p < 0.001" */
export function trendEvidence(trend: RobustTrend): string {
  const ts = trend.theilSen;
  return (
    `Theil–Sen slope ${formatRate(ts.slopeMiBPerHour)} (${Math.round(ts.confidence * 100)} % CI ${formatRate(ts.lowerMiBPerHour)} to ${formatRate(ts.upperMiBPerHour)}), ` +
    `Mann–Kendall ${formatP(trend.mannKendall.pIncreasing)}`
  );
}

function explainSegment(seg: RobustSegment, count: number, options: RobustOptions): string {
  const where = count > 1 ? ` in the last of ${count} segments (restarts split the series)` : '';
  const warm = seg.warmupSeconds > 0 ? `, after skipping ${formatBucket(seg.warmupSeconds)} of warm-up` : '';
  const floor = options.baseline === 'floor' ? ` on the ${formatBucket(seg.bucketSeconds)} floor` : '';
  const trend = seg.trend as RobustTrend;
  switch (seg.finding) {
    case 'leak':
      return `leak: ${trendEvidence(trend)}${floor}${where}${warm}; still rising in the last part (${formatRate(seg.tail?.theilSen.slopeMiBPerHour ?? null)})`;
    case 'step':
      return `no leak: a one-off step of ${(seg.step?.sizeMiB ?? 0).toFixed(0)} MiB at ${stepTime(seg)} explains the rise; no significant growth after it (${seg.tail === null ? 'too few points to see a trend' : trendEvidence(seg.tail)})${floor}${where}${warm}`;
    case 'slowing':
      return `no leak: the rise stops — ${trendEvidence(trend)} overall, but no significant growth in the second half (${seg.tail === null ? 'too short' : trendEvidence(seg.tail)})${floor}${where}${warm}`;
    default:
      return `no leak: no significant growth — ${trendEvidence(trend)}${floor}${where}${warm} (a leak needs Mann–Kendall p < ${options.alpha} and the CI above ${options.minRateMiBPerHour} MiB/h)`;
  }
}
