/**
 * What is learnt of one series from its samples in time order, one per
 * timestamp (after TimeOrder): the seed replay and, with robust options, the
 * robust opinion, both as the samples pass. Runs wherever the scoring runs
 * (this thread, or the scoring thread).
 */
import type { AnalysisOptions } from '../options.js';
import { SampleBuffer } from '../samples/sample-buffer.js';
import { SeriesReplayer, type SeriesReplay } from '../analysis/seed/series-replayer.js';
import type { RobustSeries } from '../analysis/robust/analyse-robust.js';
import { hasRobust } from '../analysis/robust/attach.js';
import { makeLabels, type DropReason, type DroppedRow, type Labels } from '../series.js';
import { createRobustAnalyser, type RobustAnalyser } from '../analysis/robust/streaming-analyser.js';

/** What resultFromReplays needs of a robust series besides its replay. */
export interface RobustParts {
  opinion: RobustSeries;
  seedSkipSeconds: number;
}

export interface SeriesResultParts {
  replay: SeriesReplay;
  robust?: RobustParts;
}

/** A series' dropped rows as DropTally counts them, and its duplicates (TimeOrder). */
export interface DropCounts {
  count: number;
  droppedExamples: DroppedRow[];
  droppedReasons: DropReason[];
  duplicates: number;
}

export class SeriesAnalysis {
  private replayer: SeriesReplayer | null = null;
  private readonly robust: RobustAnalyser | null = null;
  /** `--skip auto`: the seed replay skips the robust warm-up, known only at the end, so it waits for it. */
  private readonly waiting: SampleBuffer | null = null;

  constructor(private readonly options: AnalysisOptions) {
    if (hasRobust(options)) {
      this.robust = createRobustAnalyser(options.robust, { skipSeconds: options.skipSeconds, stalenessSeconds: options.stalenessSeconds });
      if (options.robust.seedSkipAuto) this.waiting = new SampleBuffer();
    }
    if (this.waiting === null) this.replayer = new SeriesReplayer(makeLabels(), options);
  }

  /** Samples `0 … count − 1`, in time order after those before, one per timestamp. */
  pushEach(times: Float64Array, values: Float64Array, count: number): void {
    this.replayer?.pushEach(times, values, count);
    const { robust, waiting } = this;
    if (robust !== null) for (let i = 0; i < count; i++) robust.push(times[i] as number, values[i] as number);
    if (waiting !== null) for (let i = 0; i < count; i++) waiting.push(times[i] as number, values[i] as number);
  }

  /** Gives the state's arrays back for reuse (float-pool.ts) once finished: push no more. */
  release(): void {
    this.replayer?.release();
    this.robust?.release();
    this.replayer = null;
  }

  /** The replay (and robust opinion), once every sample was pushed. */
  finish(labels: Labels, drops: DropCounts): SeriesResultParts {
    const counts = {
      dropped: drops.count,
      droppedExamples: drops.droppedExamples,
      droppedReasons: drops.droppedReasons,
      duplicates: drops.duplicates,
    };
    if (this.robust === null) return { replay: { ...(this.replayer as SeriesReplayer).finish(counts), labels } };
    const opinion = this.robust.finish();
    const options = this.options as AnalysisOptions & { robust: NonNullable<unknown> };
    const first = opinion.segments[0];
    let seedSkipSeconds = 0;
    if (this.waiting !== null) {
      // As robustOpinion (attach.ts): an explicit `--skip auto` skips the first segment's warm-up in the seed replay too.
      seedSkipSeconds = first === undefined ? 0 : first.warmupSeconds;
      const replayer = new SeriesReplayer(labels, seedSkipSeconds > 0 ? { ...options, skipSeconds: seedSkipSeconds } : options);
      const { times, values } = this.waiting.toArrays();
      replayer.pushEach(times, values, times.length);
      this.replayer = replayer;
    }
    return { replay: { ...(this.replayer as SeriesReplayer).finish(counts), labels }, robust: { opinion, seedSkipSeconds } };
  }
}
