/**
 * SPEC §3: feed a normalised series to the window scorer in time order, as
 * the live monitor would have seen it, and collect what the verdict and the
 * reports need. Each sample is consumed once.
 */
import type { AnalysisOptions } from '../options.js';
import type { Labels, Series, DroppedRow } from '../series.js';
import { SlidingRegression } from '../score/sliding-regression.js';
import { twoPassFit } from '../score/two-pass-fit.js';
import { scoreFit, type ScoredFit } from '../score/window-score.js';
import { AlertRule, type AlertEpisode } from './alert-rule.js';
import { medianInterval } from './median.js';
import { skipWarmup } from './skip-warmup.js';

export interface RssSummary {
  first: number;
  min: number;
  max: number;
  last: number;
}

/** Everything replay learns about one series; the verdict is the gate's job. */
export interface SeriesReplay {
  labels: Labels;
  /** Samples kept after `--skip`. */
  samples: number;
  skipped: number;
  dropped: number;
  droppedExamples: DroppedRow[];
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
  /** The kept samples and the score after each, for charts. */
  track: { times: Float64Array; values: Float64Array; scores: Float64Array };
}

const NO_FIT: ScoredFit = { slopeMiBPerHour: null, r2: null, score: 0 };

export function replaySeries(input: Series, options: AnalysisOptions): SeriesReplay {
  const { series, skipped } = skipWarmup(input, options.skipSeconds);
  const { times, values } = series;
  const n = times.length;
  const regression = new SlidingRegression(options.window.kind === 'count' ? options.window.samples + 1 : 128);
  const leak = new AlertRule('MemoryLeakDetected', options.leakForSeconds, options.stalenessSeconds);
  const high = new AlertRule('MemoryHigh', options.rssForSeconds, options.stalenessSeconds);
  const scores = new Float64Array(n);
  let final: ScoredFit = NO_FIT;
  let peak: { score: number; time: number | null } = { score: 0, time: n > 0 ? (times[0] as number) : null };
  let min = Infinity;
  let max = -Infinity;

  for (let i = 0; i < n; i++) {
    const time = times[i] as number;
    const bytes = values[i] as number;
    regression.push(time, bytes);
    if (options.window.kind === 'count') {
      while (regression.size > options.window.samples) regression.shift();
    } else {
      // SPEC §2: the samples with t ≥ t_now − D, inclusive.
      const earliest = time - options.window.seconds;
      while ((regression.oldestTime() as number) < earliest) regression.shift();
    }
    final = scoreFit(regression.fit(), options);
    scores[i] = final.score;
    if (final.score > peak.score) peak = { score: final.score, time };
    leak.evaluate(time, final.score > options.leakThreshold);
    high.evaluate(time, bytes > options.rssThresholdBytes);
    if (bytes < min) min = bytes;
    if (bytes > max) max = bytes;
  }

  const start = n > 0 ? (times[0] as number) : null;
  const end = n > 0 ? (times[n - 1] as number) : null;
  return {
    labels: series.labels,
    samples: n,
    skipped,
    dropped: series.dropped,
    droppedExamples: series.droppedExamples,
    duplicates: series.duplicates,
    start,
    end,
    durationSeconds: start === null || end === null ? 0 : end - start,
    medianIntervalSeconds: medianInterval(times),
    final,
    peak,
    overall: n > 0 ? scoreFit(twoPassFit(times, values), options) : NO_FIT,
    rss: n > 0 ? { first: values[0] as number, min, max, last: values[n - 1] as number } : null,
    episodes: [...leak.episodes, ...high.episodes].sort((a, b) => a.activeAt - b.activeAt),
    track: { times, values, scores },
  };
}
