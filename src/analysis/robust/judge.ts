/**
 * The robust verdict from the segments a stream was cut into (issue 5, made
 * time-scale-aware in issue 11). Each segment loses its warm-up, is reduced
 * to its floor at a bucket width taken from the whole recording (its span
 * over `targetBuckets`, at least `minSamplesPerBucket` sampling intervals),
 * and gets a Theil–Sen slope with a confidence interval, a Mann–Kendall
 * trend test and a step check, beside the OLS slope of the same points. A
 * leak is a significant trend after warm-up, still rising in its last part,
 * whose rate exceeds the budget. The last judgeable segment decides; when
 * the segments after the last judgeable one (or all of them) are too short,
 * only those short ones are pooled.
 *
 * Because the width follows the span, a 5-minute soak at 1 s and a 12-hour
 * export at 30 s of the same behaviour give the statistics the same number
 * of points of the same shape, so the same verdict.
 */
import { twoPassFit } from '../seed/two-pass-fit.js';
import { budgetMiBPerHour, describeBudget } from './budget.js';
import type { FineBuckets, Points } from './fine-buckets.js';
import { mannKendall, type MannKendall } from './mann-kendall.js';
import { normalUpperTail } from './normal.js';
import type { RobustOptions } from './options.js';
import type { SegmentBounds } from './restarts.js';
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
  /** Where the Theil–Sen line starts (at `from`), in MiB: the baseline a `%/h` budget is a share of. */
  baselineMiB: number | null;
}

export type SegmentFinding = 'leak' | 'step' | 'no-trend' | 'within-budget' | 'too-short' | 'slowing';

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
  /** The floor bucket width in use, and the median sampling interval it came from, in seconds. */
  bucketSeconds: number;
  intervalSeconds: number;
  /** The budget, in MiB/h, a leak's rate had to exceed (a `%/h` budget resolved on the deciding baseline). */
  budgetMiBPerHour: number;
  /** Theil–Sen growth of the deciding trend projected over 24 h, in MiB (null without a trend). */
  projection24hMiB: number | null;
  /** Inconclusive only: how long after warm-up the data needed, and how long it had, in seconds. */
  needs: { afterWarmupSeconds: number; hadSeconds: number } | null;
  segments: RobustSegment[];
  /** Segments before `segments[0]` that were counted but not kept (the memory bound on restarts). */
  segmentsOmitted: number;
  /** Indexes of the segments whose pooled evidence decided. */
  decidedBy: number[];
  /** Pooled trend over `decidedBy` when that is more than one segment. */
  pooled: RobustTrend | null;
}

/** One segment as the streaming analyser hands it over. */
export interface SegmentInput {
  cause: SegmentBounds['cause'];
  start: number;
  end: number;
  samples: number;
  /** Time of the first sample kept after a fixed `--skip` (NaN when none was kept). */
  firstKept: number;
  fine: FineBuckets;
}

export interface StreamFacts {
  /** Median spacing of the first samples, in seconds (0 when fewer than two). */
  intervalSeconds: number;
  /** Segments dropped from the front to bound memory. */
  segmentsOmitted: number;
}

function toTrend(points: Points, from: number, to: number, options: RobustOptions, groups?: Int32Array): RobustTrend {
  const times = points.times.subarray(from, to);
  const mib = Float64Array.from(points.values.subarray(from, to), (v) => v / MIB);
  const ts = theilSen(times, mib, { confidence: options.confidence, groups: groups?.subarray(from, to) });
  const mk = groups === undefined ? mannKendall(mib) : pooledMannKendall(mib, groups.subarray(from, to));
  const ols = twoPassFit(times, points.values.subarray(from, to));
  const perHour = (v: number | null): number | null => (v === null ? null : v * HOUR);
  const { varianceS: _unused, ...test } = mk;
  const start = times.length > 0 ? (times[0] as number) : 0;
  return {
    points: to - from,
    from: start,
    to: times.length > 0 ? (times[times.length - 1] as number) : 0,
    ols: { slopeMiBPerHour: perHour(ols.slopeMiBPerSecond), r2: ols.r2 },
    theilSen: {
      slopeMiBPerHour: perHour(ts.slope),
      lowerMiBPerHour: perHour(ts.lower),
      upperMiBPerHour: perHour(ts.upper),
      confidence: ts.confidence,
    },
    mannKendall: test,
    baselineMiB: mib.length === 0 ? null : medianOf(Float64Array.from(mib, (y, i) => y - (ts.slope ?? 0) * ((times[i] as number) - start))),
  };
}

function medianOf(values: Float64Array): number {
  const sorted = values.sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
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

/** Pairs of points that share a group (a life): what a pooled test can compare. */
function withinGroupPairs(groups: Int32Array): number {
  let pairs = 0;
  let run = 0;
  for (let i = 0; i < groups.length; i++) {
    run = i > 0 && groups[i] === groups[i - 1] ? run + 1 : 1;
    pairs += run - 1;
  }
  return pairs;
}

/** A sustained, significant rise: enough points, Mann–Kendall below alpha, the CI's lower bound above `--min-rate`. */
function isSignificant(trend: RobustTrend, options: RobustOptions): boolean {
  const lower = trend.theilSen.lowerMiBPerHour;
  return trend.points >= options.minPoints && trend.mannKendall.pIncreasing < options.alpha && lower !== null && lower > options.minRateMiBPerHour;
}

/** Materiality: the Theil–Sen rate is above the budget. */
function overBudget(trend: RobustTrend, options: RobustOptions): boolean {
  const slope = trend.theilSen.slopeMiBPerHour;
  return slope !== null && slope > budgetOf(trend, options);
}

function budgetOf(trend: RobustTrend, options: RobustOptions): number {
  return budgetMiBPerHour(options.budget, (trend.baselineMiB ?? 0) * MIB);
}

/**
 * The tail must still rise, and at a rate like the whole trend's: MK
 * one-sided p < 0.05, and a Theil–Sen slope above half the budget and above
 * `tailShare` (a quarter) of the whole trend's slope. A leak keeps its rate;
 * a heap or cache that is settling rose fast and now creeps: Node's heap
 * sizing under load rises ~30 MiB in its first minutes, then a few MiB/h
 * (soak corpus http-fixed: 217 MiB/h overall, 14 MiB/h in the second half;
 * every leak in both corpora keeps at least 40 % of its rate). Half and a
 * quarter, not all, because the tail's estimate, on half the points, is
 * noisy.
 */
function tailGrowing(tail: RobustTrend, trend: RobustTrend, options: RobustOptions): boolean {
  const slope = tail.theilSen.slopeMiBPerHour;
  const floor = Math.max(options.minRateMiBPerHour, budgetOf(trend, options) / 2, (trend.theilSen.slopeMiBPerHour ?? 0) * options.tailShare);
  return tail.mannKendall.pIncreasing < Math.max(options.alpha, 0.05) && slope !== null && slope > floor;
}


interface Analysed {
  segment: RobustSegment;
  points: Points;
  /** Time the trend starts (after warm-up), for how long it had. */
  trendFrom: number;
}

function analyseSegment(input: SegmentInput, width: number, options: RobustOptions): Analysed {
  const { start, end } = input;
  const firstKept = Number.isNaN(input.firstKept) ? end : input.firstKept;
  let points = input.fine.coarsen(options.baseline, width, firstKept);
  let warmupSeconds = firstKept - start;
  let trendFrom = firstKept;
  const half = Math.max(3, Math.floor(options.minPoints / 2));
  if (options.skipAuto && points.times.length > 0) {
    const warm = findWarmup(points.times, points.values, { minPoints: half });
    if (warm.index > 0) {
      trendFrom = points.times[warm.index] as number;
      warmupSeconds = trendFrom - start;
      points = {
        times: points.times.subarray(warm.index),
        values: points.values.subarray(warm.index),
        counts: points.counts.subarray(warm.index),
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
    bucketSeconds: points.bucketSeconds > 0 ? points.bucketSeconds : input.fine.widthSeconds,
    trend: null,
    step: null,
    tail: null,
    finding: 'too-short',
  };
  const m = points.times.length;
  if (m < options.minPoints) return { segment, points, trendFrom };
  segment.trend = toTrend(points, 0, m, options);
  // Where a leak must still be growing: after a one-off step when a step
  // explains the rise better than a line, otherwise the second half.
  let tailFrom = Math.floor(m / 2);
  if (options.steps) {
    const step = findStep(points.times, points.values, half);
    // Worth naming only if bigger than what a leak at the budget adds over the span.
    const spanHours = ((points.times[m - 1] as number) - (points.times[0] as number)) / HOUR;
    if (isClearStep(step) && step.after - step.before > budgetOf(segment.trend, options) * spanHours * MIB) {
      segment.step = { time: points.times[step.index] as number, sizeMiB: (step.after - step.before) / MIB };
      tailFrom = Math.max(tailFrom, step.index);
    }
  }
  segment.tail = m - tailFrom >= half ? toTrend(points, tailFrom, m, options) : null;
  const growing = segment.tail !== null && tailGrowing(segment.tail, segment.trend, options);
  if (segment.step !== null && !growing) {
    // A one-off jump and no growth after it: a step, not a trend.
    segment.finding = 'step';
  } else if (!isSignificant(segment.trend, options)) {
    segment.finding = 'no-trend';
  } else if (!growing) {
    // It rose overall; a leak must still be rising in the second half (or after a step).
    segment.finding = 'slowing';
  } else {
    segment.finding = overBudget(segment.trend, options) ? 'leak' : 'within-budget';
  }
  return { segment, points, trendFrom };
}

/**
 * The automatic bucket width: the span of the kept data over
 * `targetBuckets`, but at least `minSamplesPerBucket` median intervals, so
 * each floor sees a few samples whatever the rate.
 */
export function bucketWidth(spanSeconds: number, intervalSeconds: number, options: RobustOptions): number {
  if (options.bucketSeconds !== null) return options.bucketSeconds;
  return Math.max(spanSeconds / options.targetBuckets, options.minSamplesPerBucket * intervalSeconds);
}

export function judge(all: SegmentInput[], facts: StreamFacts, options: RobustOptions): RobustSeries {
  const kept = all.filter((input) => !Number.isNaN(input.firstKept));
  const first = kept.length > 0 ? Math.min(...kept.map((s) => s.firstKept)) : NaN;
  const last = all.length > 0 ? (all[all.length - 1] as SegmentInput).end : NaN;
  const span = kept.length > 0 ? last - first : 0;
  const width = bucketWidth(span, facts.intervalSeconds, options);
  // A "segment" shorter than one bucket before another restart is start-up noise
  // (an exec replacing the forked parent, an interpreter settling), not a life.
  const inputs = all.filter((input, k) => k === all.length - 1 || input.end - input.start >= width);
  const analysed = inputs.map((input) => analyseSegment(input, width, options));
  const segments = analysed.map((a) => a.segment);
  const base = {
    baseline: options.baseline,
    bucketSeconds: width,
    intervalSeconds: facts.intervalSeconds,
    budgetMiBPerHour: budgetMiBPerHour(options.budget, 0),
    projection24hMiB: null,
    needs: null,
    segments,
    segmentsOmitted: facts.segmentsOmitted,
    pooled: null,
  };
  if (segments.length === 0) {
    return { ...base, verdict: 'inconclusive', explanation: 'no samples to judge', decidedBy: [] };
  }
  const lastIndex = segments.length - 1;
  const lastSegment = segments[lastIndex] as RobustSegment;
  if (lastSegment.trend !== null) {
    const trend = lastSegment.trend;
    return {
      ...base,
      budgetMiBPerHour: budgetOf(trend, options),
      projection24hMiB: projection(trend),
      verdict: lastSegment.finding === 'leak' ? 'leak' : 'no-leak',
      explanation: explainSegment(lastSegment, segments.length, options),
      decidedBy: [lastIndex],
    };
  }
  // The last segment is too short to judge alone: pool it with the short
  // ones before it (a process restarted too often for any one life to
  // show a trend). A life long enough to be judged on its own stops the
  // pooling and decides: the short lives after it add too little to
  // overturn it, and pooling them with it would let one rise inside a
  // short life (a batch being built after a GC drop that looked like a
  // restart: soak corpus node-batch-sawtooth) outvote the judged life's
  // own finding without its tail and step checks.
  const decidedBy: number[] = [];
  let total = 0;
  let had = 0;
  for (let k = lastIndex; k >= 0 && total < options.minPoints; k--) {
    const judged = segments[k] as RobustSegment;
    if (judged.trend !== null) {
      const trend = judged.trend;
      return {
        ...base,
        budgetMiBPerHour: budgetOf(trend, options),
        projection24hMiB: projection(trend),
        verdict: judged.finding === 'leak' ? 'leak' : 'no-leak',
        explanation: explainSegment(judged, segments.length, options, segments.length - 1 - k),
        decidedBy: [k],
      };
    }
    decidedBy.unshift(k);
    const one = analysed[k] as Analysed;
    total += one.points.times.length;
    had += Math.max(0, one.segment.end - one.trendFrom);
  }
  if (total < options.minPoints) {
    const needs = { afterWarmupSeconds: neededAfterWarmup(span - had, width, facts.intervalSeconds, options), hadSeconds: had };
    return {
      ...base,
      verdict: 'inconclusive',
      needs,
      explanation:
        `too little data after warm-up: needs ≥ ${formatSpan(needs.afterWarmupSeconds)} after warm-up; this recording has ${formatSpan(had)} ` +
        `(${total} of the ${options.minPoints} floor points of ${formatSpan(width)} a trend needs)`,
      decidedBy,
    };
  }
  const pool = (share: number): { points: Points; groups: Int32Array } => {
    const times2: number[] = [];
    const values2: number[] = [];
    const groups: number[] = [];
    for (const k of decidedBy) {
      const p = (analysed[k] as Analysed).points;
      for (let i = Math.floor(p.times.length * share); i < p.times.length; i++) {
        times2.push(p.times[i] as number);
        values2.push(p.values[i] as number);
        groups.push(k);
      }
    }
    const points: Points = { times: Float64Array.from(times2), values: Float64Array.from(values2), counts: new Float64Array(times2.length), bucketSeconds: width };
    return { points, groups: Int32Array.from(groups) };
  };
  const whole = pool(0);
  const pooled = toTrend(whole.points, 0, whole.points.times.length, options, whole.groups);
  const significant = isSignificant(pooled, options);
  // As in one life, a leak must still be rising in the second half of each
  // life, pooled within lives: a process whose every start fills a cache
  // and then sits flat rises in each life and stops (fixtures/corpus
  // node-restart-noleak), a leak that kills it keeps rising to the end.
  // Lives of one or two points have no second half to judge: then the
  // pooled trend stands alone, as before.
  const secondHalves = pool(0.5);
  const judgeable = withinGroupPairs(secondHalves.groups) > 0 && secondHalves.points.times.length >= Math.max(3, Math.floor(options.minPoints / 2));
  const tail = judgeable ? toTrend(secondHalves.points, 0, secondHalves.points.times.length, options, secondHalves.groups) : null;
  const stops = significant && tail !== null && !tailGrowing(tail, pooled, options);
  const leak = significant && !stops && overBudget(pooled, options);
  const budgetText = describeBudget(options.budget, (pooled.baselineMiB ?? 0) * MIB);
  return {
    ...base,
    pooled,
    budgetMiBPerHour: budgetOf(pooled, options),
    projection24hMiB: projection(pooled),
    verdict: leak ? 'leak' : 'no-leak',
    explanation:
      `${leak ? 'leak' : 'no leak'}: ${trendEvidence(pooled)} over the last ${decidedBy.length} segments (pooled within segments)` +
      (leak
        ? `, above the ${budgetText}; ${projectionWords(pooled)}`
        : stops
          ? `, but the rise stops within each: the second halves of the segments grow too little (${tail === null ? 'too few points' : trendEvidence(tail)})`
          : significant
            ? `, within the ${budgetText}`
            : ''),
    decidedBy,
  };
}

/**
 * How long after warm-up the data must run for `minPoints` floor points: at
 * least `minPoints × minSamplesPerBucket` intervals, and — since the width
 * grows with the span — long enough that the warm-up is not more than
 * (targetBuckets − minPoints)/minPoints of it.
 */
function neededAfterWarmup(warmupSeconds: number, width: number, intervalSeconds: number, options: RobustOptions): number {
  if (options.bucketSeconds !== null) return options.minPoints * width;
  const bySamples = options.minPoints * options.minSamplesPerBucket * intervalSeconds;
  const byShare = (options.minPoints * Math.max(0, warmupSeconds)) / Math.max(1, options.targetBuckets - options.minPoints);
  return Math.max(bySamples, byShare);
}

function projection(trend: RobustTrend): number | null {
  const slope = trend.theilSen.slopeMiBPerHour;
  return slope === null ? null : slope * 24;
}

/** "at this rate +1.1 GiB in 24 h" */
export function projectionWords(trend: RobustTrend): string {
  const mib = projection(trend);
  if (mib === null) return 'no rate to project';
  const sign = mib >= 0 ? '+' : '−';
  const size = Math.abs(mib) >= 1024 ? `${+(Math.abs(mib) / 1024).toPrecision(2)} GiB` : `${+Math.abs(mib).toPrecision(2)} MiB`;
  return `at this rate ${sign}${size} in 24 h`;
}

function stepTime(seg: RobustSegment): string {
  return `+${formatSpan((seg.step?.time ?? seg.start) - seg.start)}`;
}

/** "1 min 40 s", "4 min", "2.5 h", "12 s". */
export function formatSpan(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const s = Math.max(0, seconds);
  if (s >= 3 * 3600) return `${+(s / 3600).toFixed(1)} h`;
  if (s >= 3600) {
    const minutes = Math.round(s / 60);
    return `${Math.floor(minutes / 60)} h${minutes % 60 > 0 ? ` ${minutes % 60} min` : ''}`;
  }
  if (s >= 60) {
    // Past 5 min, to 10 s: "9 min 59 s" says more than it knows.
    const whole = s >= 300 ? 10 * Math.round(s / 10) : Math.round(s);
    return `${Math.floor(whole / 60)} min${whole % 60 > 0 ? ` ${whole % 60} s` : ''}`;
  }
  return `${+s.toFixed(s < 10 ? 1 : 0)} s`;
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

function explainSegment(seg: RobustSegment, count: number, options: RobustOptions, shortAfter = 0): string {
  const where =
    count <= 1
      ? ''
      : shortAfter > 0
        ? ` in the last judgeable of ${count} segments (restarts split the series; the ${shortAfter === 1 ? 'one' : `${shortAfter}`} after it ${shortAfter === 1 ? 'is' : 'are'} too short to judge)`
        : ` in the last of ${count} segments (restarts split the series)`;
  const warm = seg.warmupSeconds > 0 ? `, after skipping ${formatSpan(seg.warmupSeconds)} of warm-up` : '';
  const floor = options.baseline === 'floor' ? ` on the ${formatSpan(seg.bucketSeconds)} floor` : '';
  const trend = seg.trend as RobustTrend;
  const budget = describeBudget(options.budget, (trend.baselineMiB ?? 0) * MIB);
  switch (seg.finding) {
    case 'leak':
      return `leak: ${trendEvidence(trend)}${floor}${where}${warm}; still rising in the last part (${formatRate(seg.tail?.theilSen.slopeMiBPerHour ?? null)}); above the ${budget}, ${projectionWords(trend)}`;
    case 'within-budget':
      return `no leak: a significant rise within the ${budget} — ${trendEvidence(trend)}${floor}${where}${warm}; ${projectionWords(trend)}`;
    case 'step':
      return `no leak: a one-off step of ${(seg.step?.sizeMiB ?? 0).toFixed(0)} MiB at ${stepTime(seg)} explains the rise; no significant growth after it (${seg.tail === null ? 'too few points to see a trend' : trendEvidence(seg.tail)})${floor}${where}${warm}`;
    case 'slowing':
      return `no leak: the rise stops — ${trendEvidence(trend)} overall, but ${seg.tail === null ? 'too few points after it' : `the second half grows too little to be the same trend (${trendEvidence(seg.tail)})`}${floor}${where}${warm}`;
    default:
      return `no leak: no significant growth — ${trendEvidence(trend)}${floor}${where}${warm} (a leak needs Mann–Kendall p < ${options.alpha}${options.minRateMiBPerHour > 0 ? ` and the CI above ${options.minRateMiBPerHour} MiB/h` : ''})`;
  }
}
