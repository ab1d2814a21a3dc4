/**
 * Parking the series of a fleet that have gone quiet (issue 12). A reader
 * cannot tell when a series has ended (a long CSV may come back to one at
 * any row), so every series' analysis stayed live until the end of the
 * input: ~250 KiB a series (chart track, whole-run block, robust buckets),
 * 125 MiB for 500. Most fleet inputs hold their series one after another,
 * though (a Prometheus range export, a CSV series by series).
 *
 * The reading thread watches (QuietWatch): once a series has had no sample
 * while `PARK_AFTER_SAMPLES` samples of others were read, it sends on the
 * sample its time order held back and tells the scoring thread to park the
 * series. There, ParkableAnalysis finishes it as if the input had ended,
 * gives its state's arrays back (float-pool.ts) and keeps only the result,
 * with a compact log of its samples (sample-log.ts). Should a sample of it
 * come after all, the series is replayed from that log into fresh state and
 * carries on live, exactly as if it had never been parked; it is not parked
 * again, so no input costs more than one extra replay of each series. (A
 * sample at or before the one sent on cannot be put in order any more: the
 * reading thread then treats the series as unsorted, and the input is
 * analysed in memory, SPEC §1.) A series whose log outgrows
 * `LOG_LIMIT_BYTES` (a long one) stays live.
 */
import { makeLabels, type Labels } from '../series.js';
import { SampleLog } from './sample-log.js';
import type { DropCounts, SeriesAnalysis, SeriesResultParts } from './series-analysis.js';

/** Samples of other series read before a quiet series is parked. */
export const PARK_AFTER_SAMPLES = 16384;
/** A log this large costs about what the state it stands in for does: such a series stays live. */
export const LOG_LIMIT_BYTES = 64 * 1024;

const NO_DROPS: DropCounts = { count: 0, droppedExamples: [], droppedReasons: [], duplicates: 0 };

/** Which series have been quiet while `after` samples of others went by (the reading thread's side). */
export class QuietWatch<S> {
  /** Samples fed so far, to every series. */
  private clock = 0;
  /** The clock at each watched series' last samples, least recently fed first. */
  private readonly lastFed = new Map<S, number>();

  constructor(private readonly after = PARK_AFTER_SAMPLES) {}

  /**
   * `series` took `count` samples (watched from now on if `watch`): returns
   * the series that have now been quiet too long, no longer watched, or null.
   */
  fed(series: S, count: number, watch: boolean): S[] | null {
    this.clock += count;
    this.lastFed.delete(series);
    let quiet: S[] | null = null;
    for (const [other, at] of this.lastFed) {
      if (this.clock - at <= this.after) break;
      this.lastFed.delete(other);
      (quiet ??= []).push(other);
    }
    if (watch) this.lastFed.set(series, this.clock);
    return quiet;
  }
}

/** One series' analysis on the scoring thread: live, or parked as its result and the log of its samples. */
export class ParkableAnalysis {
  private live: SeriesAnalysis | null;
  /** Null once the series may no longer be parked (its log outgrew the limit, or it was resumed). */
  private log: SampleLog | null;
  private parked: SeriesResultParts | null = null;

  constructor(
    private readonly open: () => SeriesAnalysis,
    logLimitBytes = LOG_LIMIT_BYTES,
  ) {
    this.live = open();
    this.log = new SampleLog(logLimitBytes);
  }

  /** Whether the series is parked now. */
  get isParked(): boolean {
    return this.parked !== null;
  }

  /** As SeriesAnalysis.pushEach; a parked series is resumed first. */
  pushEach(times: Float64Array, values: Float64Array, count: number): void {
    if (count === 0) return;
    if (this.live === null) this.resume();
    (this.live as SeriesAnalysis).pushEach(times, values, count);
    if (this.log !== null && !this.log.append(times, values, count)) this.log = null;
  }

  /** Finishes the series now, as if the input ended here, and keeps only the result and the log (not when it may not be parked). */
  park(): void {
    if (this.log === null || this.live === null) return;
    this.parked = this.live.finish(makeLabels(), NO_DROPS);
    this.live.release();
    this.live = null;
  }

  /** Back to live: fresh state, fed the logged samples. */
  private resume(): void {
    const live = this.open();
    (this.log as SampleLog).replay((times, values, count) => live.pushEach(times, values, count));
    this.live = live;
    this.parked = null;
    this.log = null;
  }

  /** As SeriesAnalysis.finish; call once, after the input's end. */
  finish(labels: Labels, drops: DropCounts): SeriesResultParts {
    const parked = this.parked;
    if (parked === null) return (this.live as SeriesAnalysis).finish(labels, drops);
    // Dropped rows and duplicates are only known now (the reading thread counts them): set as SeriesReplayer.finish sets them.
    const replay = {
      ...parked.replay,
      labels,
      dropped: drops.count,
      droppedExamples: drops.droppedExamples,
      droppedReasons: drops.droppedReasons,
      duplicates: drops.duplicates,
    };
    return parked.robust === undefined ? { replay } : { replay, robust: parked.robust };
  }
}
