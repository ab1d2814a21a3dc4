/**
 * SPEC §3 as a push API: feed one series' samples in time order (sorted, one
 * per timestamp) and it scores the window after each, runs the alerts and
 * keeps bounded-memory summaries. Each sample is consumed once; memory does
 * not grow with the series beyond the window itself.
 */
import type { AnalysisOptions } from '../../options.js';
import type { DropReason, DroppedRow, Labels } from '../../series.js';
import { curveValue } from './curves.js';
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
    const options = this.options;
    if (Number.isNaN(this.firstSeen)) this.firstSeen = time;
    // SPEC §3: --skip drops t < t_first + D before anything else.
    if (time < this.firstSeen + options.skipSeconds) {
      this.skipped++;
      return false;
    }
    const regression = this.regression;
    // push, shiftToCount (count window) or shiftBefore (duration window), measure.
    regression.slide(time, bytes, this.windowSamples, time - this.windowSeconds);
    this.scoreWindow(regression);
    if (regression.size > this.largestWindowSamples) this.largestWindowSamples = regression.size;

    if (this.samples === 0) {
      this.start = time;
      this.firstBytes = bytes;
      this.peakTime = time;
      this.freshSince = time;
    } else {
      this.intervals.push(time - this.end);
      // SPEC §4: a gap over --staleness resets the alerts, so a `for` must fit between such gaps.
      if (time - this.end > options.stalenessSeconds) this.freshSince = time;
    }
    if (time - this.freshSince > this.longestFreshSpanSeconds) this.longestFreshSpanSeconds = time - this.freshSince;
    this.samples++;
    this.end = time;
    this.lastBytes = bytes;
    if (bytes < this.minBytes) this.minBytes = bytes;
    if (bytes > this.maxBytes) this.maxBytes = bytes;
    if (this.score > this.peakScore) {
      this.peakScore = this.score;
      this.peakTime = time;
    }
    this.leak.evaluate(time, this.score > options.leakThreshold);
    this.high.evaluate(time, bytes > options.rssThresholdBytes);
    this.overall.push(time, bytes);
    this.track.push(time, bytes, this.score);
    return true;
  }

  /** SPEC §2 steps 1 and 5–7 without allocating (scoreFit is the readable twin). */
  private scoreWindow(regression: SlidingRegression): void {
    const slope = regression.slopeMiBPerSecond;
    if (regression.size < this.options.minSamples || Number.isNaN(slope)) {
      this.score = 0;
      this.slopeMiBPerHour = NaN;
      this.r2 = NaN;
      return;
    }
    this.scoredWindows++;
    this.slopeMiBPerHour = slope * 3600;
    this.r2 = regression.r2;
    this.score = slope > 0 ? Math.min(1, curveValue(this.slopeMiBPerHour, this.options) * this.r2) : 0;
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
