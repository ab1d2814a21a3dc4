/**
 * Collects one series as a reader sees it: usable samples, plus a count of
 * the rows it dropped, the first few of them as examples, and a tally by
 * reason (SPEC §1: "the report counts them and names the first few by line
 * number").
 */
import {
  makeLabels,
  MAX_DROPPED_EXAMPLES,
  type DropReason,
  type DroppedRow,
  type Labels,
  type RawSeries,
  type UnattributedDrops,
} from '../series.js';
import { SampleBuffer } from './sample-buffer.js';

/**
 * The kind of a reason, for the tally: the reason without the piece of
 * input it quotes (`value "abc" is not a number` → `value is not a number`).
 * Readers in this folder pass the kind themselves; this is for callers that
 * only have the sentence (`sample 3: value NaN is not finite`).
 */
export function reasonKind(reason: string): string {
  let text = reason;
  // "sample 3: …" (Prometheus) names the sample, which the line number already does.
  if (text.startsWith('sample ')) {
    const colon = text.indexOf(': ');
    if (colon !== -1) text = text.slice(colon + 2);
  }
  for (const field of ['time ', 'value ']) {
    if (!text.startsWith(field) || text === `${field.trim()}`) continue;
    // The quoted input sits between the field and the verb; the verb is the last " is " / " has ".
    const verb = Math.max(text.lastIndexOf(' is '), text.lastIndexOf(' has '));
    if (verb > field.length - 1) return `${field.trim()}${text.slice(verb)}`;
  }
  return text;
}

/** Counts dropped rows, keeping the first few as examples and a tally by kind. */
export class DropTally {
  count = 0;
  private readonly examples: DroppedRow[] = [];
  private readonly byKind = new Map<string, DropReason>();

  /** Counts a dropped row; `line` is 1-based, `kind` defaults to `reasonKind(reason)`. */
  drop(line: number, reason: string, kind = reasonKind(reason)): void {
    this.count += 1;
    if (this.examples.length < MAX_DROPPED_EXAMPLES) this.examples.push({ line, reason });
    let tally = this.byKind.get(kind);
    if (tally === undefined) {
      tally = { reason: kind, count: 0, lines: [] };
      this.byKind.set(kind, tally);
    }
    tally.count += 1;
    if (tally.lines.length < MAX_DROPPED_EXAMPLES) tally.lines.push(line);
  }

  get droppedExamples(): DroppedRow[] {
    return this.examples.map((row) => ({ ...row }));
  }

  get droppedReasons(): DropReason[] {
    return [...this.byKind.values()].map((tally) => ({ ...tally, lines: [...tally.lines] }));
  }

  /** The tally as a ReadResult's `unattributed`, or undefined when nothing was dropped. */
  toUnattributed(): UnattributedDrops | undefined {
    if (this.count === 0) return undefined;
    return { dropped: this.count, droppedExamples: this.droppedExamples, droppedReasons: this.droppedReasons };
  }
}

export class SeriesBuilder {
  private readonly samples = new SampleBuffer();
  private readonly drops = new DropTally();

  constructor(private readonly labels: Labels = makeLabels()) {}

  /** Number of usable samples so far. */
  get sampleCount(): number {
    return this.samples.length;
  }

  /** Number of dropped rows so far. */
  get droppedCount(): number {
    return this.drops.count;
  }

  add(seconds: number, bytes: number): void {
    this.samples.push(seconds, bytes);
  }

  addBatch(times: Float64Array, values: Float64Array, count: number): void {
    for (let i = 0; i < count; i++) this.samples.push(times[i] as number, values[i] as number);
  }

  /** Counts a dropped row; `line` is 1-based. `kind` groups it in the tally (see `reasonKind`). */
  drop(line: number, reason: string, kind?: string): void {
    this.drops.drop(line, reason, kind);
  }

  /** The series; `labels` replaces the ones given at construction (readers that learn them late). */
  build(labels: Labels = this.labels): RawSeries {
    const { times, values } = this.samples.toArrays();
    return {
      labels,
      times,
      values,
      dropped: this.drops.count,
      droppedExamples: this.drops.droppedExamples,
      droppedReasons: this.drops.droppedReasons,
    };
  }
}
