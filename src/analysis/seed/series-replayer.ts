/**
 * SPEC §3 as a push API: feed one series' samples in time order (sorted, one
 * per timestamp) and it scores the window after each, runs the alerts and
 * keeps bounded-memory summaries. Each sample is consumed once; memory does
 * not grow with the series beyond the window itself.
 */
import type { AnalysisOptions } from '../../options.js';
import type { DropReason, DroppedRow, Labels } from '../../series.js';
import { OnlineMoments } from './online-moments.js';
import { SlidingRegression } from './sliding-regression.js';
import { scoreFit, type ScoredFit } from './window-score.js';
import { AlertRule, type AlertEpisode } from './alert-rule.js';
import { BucketTrack, type Track } from './bucket-track.js';
import { IntervalMedian } from './interval-median.js';

export interface RssSummary {
  first: number;
  min: number;
  max: number;
  last: number;
}

/** A fitted line for charts: it passes through (meanTime, meanMiB) over [from, to]. */
export interface FitLine {
  slopeMiBPerSecond: number;
  meanTime: number;
  meanMiB: number;
  from: number;
  to: number;
}

/** Everything replay learns about one series; the verdict is the gate's job. */
export interface SeriesReplay {
  labels: Labels;
  /** Samples kept after `--skip`. */
  samples: number;
  skipped: number;
  dropped: number;
  droppedExamples: DroppedRow[];
  /** Dropped rows by reason, with their first line numbers (empty when none were dropped). */
  droppedReasons: DropReason[];
  duplicates: number;
  start: number | null;
  end: number | null;
  durationSeconds: number;
  medianIntervalSeconds: number | null;
  final: ScoredFit;
  peak: { score: number; time: number | null };
  overall: ScoredFit;
  rss: RssSummary | null;
  /** Every episode of both alerts, pending-only ones included, ordered by activeAt. */
  episodes: AlertEpisode[];
  /** RSS and score folded into buckets, for charts. */
  track: Track;
  /** The final window's and the whole run's fitted lines, where defined. */
  finalLine: FitLine | null;
  overallLine: FitLine | null;
  /**
   * What the gate needs to tell "passed" from "could never have failed":
   * how many windows were scored (had `minSamples` samples and a fit), the
   * most samples any window held, and the longest stretch with no gap over
   * `--staleness` (an alert's `for` must fit inside one).
   */
  scoredWindows: number;
  largestWindowSamples: number;
  longestFreshSpanSeconds: number;
}

/** What the input stage knows of a series that replay cannot see. */
export interface InputCounts {
  dropped: number;
  droppedExamples: DroppedRow[];
  droppedReasons?: DropReason[];
  duplicates: number;
}

export class SeriesReplayer {
  private readonly regression: SlidingRegression;
  private readonly overall = new OnlineMoments();
  private readonly intervals = new IntervalMedian();
  private readonly track = new BucketTrack();
  private readonly leak: AlertRule;
  private readonly high: AlertRule;
  private readonly windowSamples: number;
  private readonly windowSeconds: number;
  private firstSeen = NaN;
  private skipped = 0;
  private samples = 0;
  private start = NaN;
  private end = NaN;
  private firstBytes = NaN;
  private lastBytes = NaN;
  private minBytes = Infinity;
  private maxBytes = -Infinity;
  private peakScore = 0;
  private peakTime = NaN;
  private scoredWindows = 0;
  private largestWindowSamples = 0;
  private freshSince = NaN;
  private longestFreshSpanSeconds = 0;

  /** The two alert rules as replay evaluates them, for callers that watch transitions live. */
  get alertRules(): { readonly leak: AlertRule; readonly rss: AlertRule } {
    return { leak: this.leak, rss: this.high };
  }

  /** After each push: the window's score, slope (MiB/h, NaN when null) and R² (NaN when null). */
  score = 0;
  slopeMiBPerHour = NaN;
  r2 = NaN;

  constructor(
    readonly labels: Labels,
    private readonly options: AnalysisOptions,
  ) {
    const window = options.window;
    this.windowSamples = window.kind === 'count' ? window.samples : Infinity;
    this.windowSeconds = window.kind === 'duration' ? window.seconds : Infinity;
    this.regression = new SlidingRegression(window.kind === 'count' ? window.samples + 1 : 128);
    this.leak = new AlertRule('MemoryLeakDetected', options.leakForSeconds, options.stalenessSeconds);
    this.high = new AlertRule('MemoryHigh', options.rssForSeconds, options.stalenessSeconds);
  }

  /** Feeds the next sample; returns false when `--skip` dropped it. */
  push(time: number, bytes: number): boolean {
    ONE_TIME[0] = time;
    ONE_VALUE[0] = bytes;
    return this.pushEach(ONE_TIME, ONE_VALUE, 1) === 1;
  }

  /**
   * Feeds times/bytes[0, count), in time order after what came before;
   * returns how many `--skip` did not drop. Each step below is one pass over
   * the samples with its state in locals, in chunks whose window scores sit
   * in shared scratch arrays: the same numbers as one sample at a time, at
   * a fraction of the cost.
   */
  pushEach(times: Float64Array, bytes: Float64Array, count: number): number {
    if (count === 0) return 0;
    const options = this.options;
    if (Number.isNaN(this.firstSeen)) this.firstSeen = times[0] as number;
    // SPEC §3: --skip drops t < t_first + D before anything else (in time order, a prefix).
    const cutoff = this.firstSeen + options.skipSeconds;
    let from = 0;
    while (from < count && (times[from] as number) < cutoff) from++;
    this.skipped += from;
    for (let start = from; start < count; start += CHUNK) {
      const end = Math.min(count, start + CHUNK);
      this.pushChunk(times.subarray(start, end), bytes.subarray(start, end), end - start);
    }
    return count - from;
  }

  private pushChunk(times: Float64Array, bytes: Float64Array, count: number): void {
    const options = this.options;
    const window = { maxCount: this.windowSamples, seconds: this.windowSeconds, minSamples: options.minSamples };
    const largest = this.regression.slideEach(times, bytes, count, window, SLOPES, R2S);
    if (largest > this.largestWindowSamples) this.largestWindowSamples = largest;
    this.scoreWindows(times, count);
    this.summarise(times, bytes, count);
    this.leak.evaluateAbove(times, SCORES, count, options.leakThreshold);
    this.high.evaluateAbove(times, bytes, count, options.rssThresholdBytes);
    this.overall.pushEach(times, bytes, count);
    this.track.pushEach(times, bytes, SCORES, count);
  }

  /** SPEC §2 steps 5–7 for each window slideEach measured: SLOPES, R2S → SCORES, the peak and the last window's fields. */
  private scoreWindows(times: Float64Array, count: number): void {
    const options = this.options;
    const linear = options.curve === 'linear';
    const { moderateMiBPerHour: moderate, severeMiBPerHour: severe } = options;
    let scored = 0;
    let peakScore = this.peakScore;
    let peakTime = this.samples === 0 ? (times[0] as number) : this.peakTime;
    let score = 0;
    for (let i = 0; i < count; i++) {
      const slope = SLOPES[i] as number;
      score = 0;
      if (slope === slope) {
        scored++;
        if (slope > 0) {
          // piecewiseCurve and linearCurve (curves.ts), written out: called per sample they are not always inlined.
          const rate = slope * 3600;
          const curve = linear
            ? Math.min(1, rate / severe)
            : rate <= moderate
              ? (0.5 * rate) / moderate
              : rate <= severe
                ? 0.5 + (0.5 * (rate - moderate)) / (severe - moderate)
                : 1;
          score = Math.min(1, curve * (R2S[i] as number));
        }
      }
      SCORES[i] = score;
      if (score > peakScore) {
        peakScore = score;
        peakTime = times[i] as number;
      }
    }
    this.scoredWindows += scored;
    this.peakScore = peakScore;
    this.peakTime = peakTime;
    const last = SLOPES[count - 1] as number;
    this.score = score;
    this.slopeMiBPerHour = last === last ? last * 3600 : NaN;
    this.r2 = last === last ? (R2S[count - 1] as number) : NaN;
  }

  /** The run's span, intervals, fresh stretches and RSS summary. */
  private summarise(times: Float64Array, bytes: Float64Array, count: number): void {
    const staleness = this.options.stalenessSeconds;
    this.intervals.pushGaps(times, count, this.samples === 0 ? NaN : this.end);
    let k = 0;
    if (this.samples === 0) {
      this.start = this.end = this.freshSince = times[0] as number;
      this.firstBytes = bytes[0] as number;
      k = 1;
    }
    let end = this.end;
    let freshSince = this.freshSince;
    let longest = this.longestFreshSpanSeconds;
    for (; k < count; k++) {
      const time = times[k] as number;
      // SPEC §4: a gap over --staleness resets the alerts, so a `for` must fit between such gaps.
      if (time - end > staleness) freshSince = time;
      if (time - freshSince > longest) longest = time - freshSince;
      end = time;
    }
    let min = this.minBytes;
    let max = this.maxBytes;
    for (let i = 0; i < count; i++) {
      const value = bytes[i] as number;
      if (value < min) min = value;
      if (value > max) max = value;
    }
    this.end = end;
    this.freshSince = freshSince;
    this.longestFreshSpanSeconds = longest;
    this.minBytes = min;
    this.maxBytes = max;
    this.lastBytes = bytes[count - 1] as number;
    this.samples += count;
  }

  /** Gives the chart track's and whole-run block's arrays back for reuse (float-pool.ts), once the last finish() is taken: push no more. */
  release(): void {
    this.track.release();
    this.overall.release();
  }

  finish(counts: InputCounts): SeriesReplay {
    const n = this.samples;
    const overall = this.overall.result();
    const overallScored = n > 0 ? scoreFit(overall.fit, this.options) : NO_FIT;
    const regression = this.regression;
    const final: ScoredFit =
      n === 0 || Number.isNaN(this.slopeMiBPerHour)
        ? { slopeMiBPerHour: null, r2: null, score: 0 }
        : { slopeMiBPerHour: this.slopeMiBPerHour, r2: this.r2, score: this.score };
    return {
      labels: this.labels,
      samples: n,
      skipped: this.skipped,
      dropped: counts.dropped,
      droppedExamples: counts.droppedExamples,
      droppedReasons: counts.droppedReasons ?? [],
      duplicates: counts.duplicates,
      start: n > 0 ? this.start : null,
      end: n > 0 ? this.end : null,
      durationSeconds: n > 0 ? this.end - this.start : 0,
      medianIntervalSeconds: this.intervals.median(),
      final,
      peak: { score: this.peakScore, time: n > 0 ? this.peakTime : null },
      overall: overallScored,
      rss: n > 0 ? { first: this.firstBytes, min: this.minBytes, max: this.maxBytes, last: this.lastBytes } : null,
      episodes: [...this.leak.episodes, ...this.high.episodes].sort((a, b) => a.activeAt - b.activeAt),
      track: this.track.snapshot(),
      finalLine:
        n > 0 && !Number.isNaN(regression.slopeMiBPerSecond)
          ? {
              slopeMiBPerSecond: regression.slopeMiBPerSecond,
              meanTime: regression.meanTime,
              meanMiB: regression.meanMiB,
              from: regression.oldestTime(),
              to: this.end,
            }
          : null,
      overallLine:
        overall.fit.slopeMiBPerSecond !== null
          ? {
              slopeMiBPerSecond: overall.fit.slopeMiBPerSecond,
              meanTime: overall.meanTime,
              meanMiB: overall.meanMiB,
              from: this.start,
              to: this.end,
            }
          : null,
      scoredWindows: this.scoredWindows,
      largestWindowSamples: this.largestWindowSamples,
      longestFreshSpanSeconds: n > 0 ? this.longestFreshSpanSeconds : 0,
    };
  }
}

const NO_FIT: ScoredFit = { slopeMiBPerHour: null, r2: null, score: 0 };

/** Samples per pass; the scratch arrays below are shared by every replayer (each pass finishes before another starts). */
const CHUNK = 4096;
const SLOPES = new Float64Array(CHUNK);
const R2S = new Float64Array(CHUNK);
const SCORES = new Float64Array(CHUNK);
const ONE_TIME = new Float64Array(1);
const ONE_VALUE = new Float64Array(1);
