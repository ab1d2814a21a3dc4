/**
 * Collects one series as a reader sees it: usable samples, plus a count of
 * the rows it dropped and the first few of them as examples (SPEC §1: "the
 * report counts them and names the first few by line number").
 */
import { makeLabels, MAX_DROPPED_EXAMPLES, type DroppedRow, type Labels, type RawSeries } from '../series.js';
import { SampleBuffer } from './sample-buffer.js';

export class SeriesBuilder {
  private readonly samples = new SampleBuffer();
  private dropped = 0;
  private readonly examples: DroppedRow[] = [];

  constructor(private readonly labels: Labels = makeLabels()) {}

  /** Number of usable samples so far. */
  get sampleCount(): number {
    return this.samples.length;
  }

  add(seconds: number, bytes: number): void {
    this.samples.push(seconds, bytes);
  }

  /** Counts a dropped row; `line` is 1-based. */
  drop(line: number, reason: string): void {
    this.dropped += 1;
    if (this.examples.length < MAX_DROPPED_EXAMPLES) this.examples.push({ line, reason });
  }

  build(): RawSeries {
    const { times, values } = this.samples.toArrays();
    return { labels: this.labels, times, values, dropped: this.dropped, droppedExamples: [...this.examples] };
  }
}
