/**
 * Where the robust opinion meets the seed's pipeline (issue 5): computed on
 * the normalised series before replay, optionally lending its warm-up to the
 * seed replay (`--skip auto`), and, under `--profile robust`, deciding the
 * leak gate instead of the replayed MemoryLeakDetected alert.
 */
import { ALERT_NAMES, type InconclusiveReason, type SeriesGate, type Verdict } from '../../gate.js';
import type { AnalysisOptions } from '../../options.js';
import type { SeriesReplay } from '../seed/replay-series.js';
import type { Series } from '../../series.js';
import { analyseRobust, type RobustSeries } from './analyse-robust.js';
import type { RobustOptions } from './options.js';

export interface RobustResult extends RobustSeries {
  profile: RobustOptions['profile'];
  /** The seed's own verdict for this series (SPEC §5), whether or not it gates. */
  seedVerdict: Verdict;
  seedInconclusiveReason: InconclusiveReason | null;
  /** Warm-up the seed replay skipped because of `--skip auto`, in seconds (0 otherwise). */
  seedSkipSeconds: number;
}

/** The robust opinion and the options the seed replay should run with. */
export function robustOpinion(
  series: Series,
  options: AnalysisOptions & { robust: RobustOptions },
): { opinion: RobustSeries; replayOptions: AnalysisOptions; seedSkipSeconds: number } {
  const opinion = analyseRobust(series.times, series.values, options.robust, {
    skipSeconds: options.skipSeconds,
    stalenessSeconds: options.stalenessSeconds,
    ...(series.restarts === undefined ? {} : { restartTimes: series.restarts }),
  });
  const first = opinion.segments[0];
  // An explicit `--skip auto` applies to the seed replay too: the warm-up of
  // the first segment (SPEC §3 skips from the first sample). `--profile
  // robust` alone leaves the seed replay as the seed would have run.
  const seedSkipSeconds = options.robust.seedSkipAuto && first !== undefined ? first.warmupSeconds : 0;
  const replayOptions = seedSkipSeconds > 0 ? { ...options, skipSeconds: seedSkipSeconds } : options;
  return { opinion, replayOptions, seedSkipSeconds };
}

/**
 * Under `--profile robust` a series fails when (a) `leak` gates and the robust
 * verdict is `leak`, or (b) `rss` gates and the replayed MemoryHigh alert
 * fired. Otherwise it is inconclusive when `leak` gates and the robust
 * opinion had too little data, or when only `rss` gates and the seed gate is
 * inconclusive; else it passes. The replayed MemoryLeakDetected alert is still
 * reported but does not gate. Under `--profile seed` the seed gate stands.
 */
export function robustGate(replay: SeriesReplay, seed: SeriesGate, opinion: RobustSeries, options: AnalysisOptions & { robust: RobustOptions }): SeriesGate {
  if (options.robust.profile !== 'robust') return seed;
  const leakGates = options.gate.includes('leak');
  const rssGates = options.gate.includes('rss');
  const rssFired = replay.episodes.some((e) => e.name === ALERT_NAMES.rss && e.firedAt !== null);
  if ((leakGates && opinion.verdict === 'leak') || (rssGates && rssFired)) return { verdict: 'fail', reason: null };
  if (leakGates) return { verdict: opinion.verdict === 'inconclusive' ? 'inconclusive' : 'pass', reason: null };
  return seed;
}

export function hasRobust(options: AnalysisOptions): options is AnalysisOptions & { robust: RobustOptions } {
  return (options as { robust?: RobustOptions }).robust !== undefined;
}
