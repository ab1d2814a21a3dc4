/**
 * One series as it streams past: the sink a reader writes into. SPEC §1
 * normalisation is done on the fly (TimeOrder: samples pass on while they
 * arrive in time order, one held back so that equal timestamps keep the last
 * one read) into the series' analysis. A sample earlier than its predecessor
 * marks the series unsorted and stops its analysis: the pipeline then reads
 * the input again into memory and sorts it (normalise.ts), which is the only
 * time it is buffered.
 */
import type { AnalysisOptions } from '../options.js';
import { DropTally } from '../samples/series-builder.js';
import { addOne, type SeriesSink } from '../samples/sink.js';
import { passing, TimeOrder } from '../samples/time-order.js';
import type { Labels } from '../series.js';
import { SeriesAnalysis, type DropCounts, type SeriesResultParts } from './series-analysis.js';

export type { DropCounts, RobustParts, SeriesResultParts } from './series-analysis.js';

export class StreamedSeries implements SeriesSink {
  readonly drops = new DropTally();
  private readonly order = new TimeOrder();
  private analysis: SeriesAnalysis | null;

  constructor(options: AnalysisOptions) {
    this.analysis = new SeriesAnalysis(options);
  }

  /** Usable samples read, duplicates included (SPEC §5: nothing to score when every series has none). */
  get samples(): number {
    return this.order.samples;
  }

  /** A sample came before its predecessor: this series must be sorted in memory. */
  get unsorted(): boolean {
    return this.order.unsorted;
  }

  add(seconds: number, bytes: number): void {
    addOne(this, seconds, bytes);
  }

  addBatch(times: Float64Array, values: Float64Array, count: number): void {
    const out = passing(count);
    const passed = this.order.take(times, values, count, out.times, out.values);
    if (this.order.unsorted) this.analysis = null;
    else this.analysis?.pushEach(out.times, out.values, passed);
  }

  drop(line: number, reason: string, kind?: string): void {
    this.drops.drop(line, reason, kind);
  }

  /** The analysis of a sorted series; call once, after the reader's end. */
  finish(labels: Labels): SeriesResultParts {
    if (this.analysis === null) throw new Error('StreamedSeries.finish: an unsorted series is analysed from memory');
    const out = passing(1);
    this.analysis.pushEach(out.times, out.values, this.order.release(out.times, out.values));
    return this.analysis.finish(labels, counts(this.drops, this.order.duplicates));
  }
}

/** A series' dropped rows and duplicates, as SeriesAnalysis.finish takes them. */
export function counts(drops: DropTally, duplicates: number): DropCounts {
  return { count: drops.count, droppedExamples: drops.droppedExamples, droppedReasons: drops.droppedReasons, duplicates };
}
