/**
 * One series as it streams past: the sink a reader writes into. SPEC §1
 * normalisation is done on the fly — samples pass on while they arrive in
 * time order, one held back so that equal timestamps keep the last one read
 * — into the seed replay and, with robust options, the robust analyser.
 * A sample earlier than its predecessor marks the series unsorted and
 * stops its analysis: the pipeline then reads the input again into memory
 * and sorts it (normalise.ts), which is the only time it is buffered.
 */
import type { AnalysisOptions } from '../options.js';
import { DropTally } from '../samples/series-builder.js';
import { SampleBuffer } from '../samples/sample-buffer.js';
import type { SeriesSink } from '../samples/sink.js';
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

/** A series' dropped rows as DropTally counts them. */
export interface DropCounts {
  count: number;
  droppedExamples: DroppedRow[];
  droppedReasons: DropReason[];
}

/** Samples gathered for the next passEach; shared by every series (each addBatch passes its own before returning). */
const PASSING = 4096;
const PASSING_TIMES = new Float64Array(PASSING);
const PASSING_VALUES = new Float64Array(PASSING);

export class StreamedSeries implements SeriesSink {
  readonly drops = new DropTally();
  /** Usable samples read, duplicates included (SPEC §5: nothing to score when every series has none). */
  samples = 0;
  /** Samples replaced by a later one with the same timestamp. */
  duplicates = 0;
  /** A sample came before its predecessor: this series must be sorted in memory. */
  unsorted = false;
  private heldTime = NaN;
  private heldBytes = 0;
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

  add(seconds: number, bytes: number): void {
    this.samples++;
    if (this.unsorted) return;
    const held = this.heldTime;
    if (seconds > held || held !== held) {
      if (held === held) this.pass(held, this.heldBytes);
      this.heldTime = seconds;
      this.heldBytes = bytes;
    } else if (seconds === held) {
      this.heldBytes = bytes;
      this.duplicates++;
    } else {
      this.unsorted = true;
      this.replayer = null;
    }
  }

  /** `add` for each sample, with the held sample in locals; the samples that pass go on in batches (the scoring thread's hot loop). */
  addBatch(times: Float64Array, values: Float64Array, count: number): void {
    this.samples += count;
    if (this.unsorted) return;
    let held = this.heldTime;
    let heldBytes = this.heldBytes;
    let passing = 0;
    for (let i = 0; i < count; i++) {
      const seconds = times[i] as number;
      const bytes = values[i] as number;
      if (seconds > held || held !== held) {
        if (held === held) {
          PASSING_TIMES[passing] = held;
          PASSING_VALUES[passing] = heldBytes;
          if (++passing === PASSING) {
            this.passEach(PASSING_TIMES, PASSING_VALUES, passing);
            passing = 0;
          }
        }
        held = seconds;
        heldBytes = bytes;
      } else if (seconds === held) {
        heldBytes = bytes;
        this.duplicates++;
      } else {
        this.unsorted = true;
        this.replayer = null;
        return;
      }
    }
    this.passEach(PASSING_TIMES, PASSING_VALUES, passing);
    this.heldTime = held;
    this.heldBytes = heldBytes;
  }

  drop(line: number, reason: string, kind?: string): void {
    this.drops.drop(line, reason, kind);
  }

  private pass(seconds: number, bytes: number): void {
    PASSING_TIMES[0] = seconds;
    PASSING_VALUES[0] = bytes;
    this.passEach(PASSING_TIMES, PASSING_VALUES, 1);
  }

  private passEach(times: Float64Array, values: Float64Array, count: number): void {
    this.replayer?.pushEach(times, values, count);
    const { robust, waiting } = this;
    if (robust !== null) for (let i = 0; i < count; i++) robust.push(times[i] as number, values[i] as number);
    if (waiting !== null) for (let i = 0; i < count; i++) waiting.push(times[i] as number, values[i] as number);
  }

  /**
   * The replay (and robust opinion) of a sorted series; call once, after the
   * reader's end. `drops` are the series' dropped rows when they were
   * counted elsewhere (the reading thread, when this runs on the scoring one).
   */
  finish(labels: Labels, drops: DropCounts = this.drops): SeriesResultParts {
    if (this.unsorted) throw new Error('StreamedSeries.finish: an unsorted series is analysed from memory');
    if (this.heldTime === this.heldTime) this.pass(this.heldTime, this.heldBytes);
    this.heldTime = NaN;
    const counts = {
      dropped: drops.count,
      droppedExamples: drops.droppedExamples,
      droppedReasons: drops.droppedReasons,
      duplicates: this.duplicates,
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
