/**
 * A sink that records what a reader hands it, in order: every sample (one
 * event each, whether it came by `add` or in a batch) and every drop, so
 * that two reads can be compared event for event. It also checks what a
 * batch may be: 1 to `maxBatch` samples, never more than its arrays hold.
 */
import { expect } from 'vitest';
import type { SeriesSink } from '../../src/samples/sink.js';

export type SinkEvent = ['sample', number, number] | ['drop', number, string, string | undefined];

export class RecordingSink implements SeriesSink {
  readonly events: SinkEvent[] = [];
  /** Sizes of the batches, in order (`add` counts as 1). */
  readonly batches: number[] = [];

  constructor(private readonly maxBatch = Infinity) {}

  add(seconds: number, bytes: number): void {
    this.events.push(['sample', seconds, bytes]);
    this.batches.push(1);
  }

  addBatch(times: Float64Array, values: Float64Array, count: number): void {
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThanOrEqual(Math.min(times.length, values.length, this.maxBatch));
    for (let i = 0; i < count; i++) this.events.push(['sample', times[i] as number, values[i] as number]);
    this.batches.push(count);
    // The reader reuses the arrays: anything kept must have been copied, so scribble over them.
    times.fill(-1, 0, count);
    values.fill(-1, 0, count);
  }

  drop(line: number, reason: string, kind?: string): void {
    this.events.push(['drop', line, reason, kind]);
  }
}
