/**
 * Samples a reader has parsed and not yet handed on. Readers hand samples to
 * a series' sink in batches — when the batch is full, before a drop (so the
 * sink sees samples and drops in input order) and at the end — because one
 * call per sample costs more than the parsing. A reader's hot loop writes
 * `times`, `values` and `count` itself, bounded by `capacity`, and calls
 * `flush()` when the batch is full; elsewhere `push` does both.
 */
export type HandOn = (times: Float64Array, values: Float64Array, count: number) => void;

/** Samples per batch, unless a test asks for another size. */
export const SAMPLES_PER_BATCH = 8192;

export class SampleBatch {
  readonly times: Float64Array;
  readonly values: Float64Array;
  /** Samples 0 … count − 1 are waiting to be handed on. */
  count = 0;

  /** `capacity` other than the default is for tests that put batch ends anywhere. */
  constructor(
    private readonly handOn: HandOn,
    readonly capacity = SAMPLES_PER_BATCH,
  ) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) throw new RangeError(`batch must be a positive integer, not ${capacity}`);
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  /** A sample into the batch; a full batch is handed on. */
  push(seconds: number, bytes: number): void {
    const n = this.count;
    this.times[n] = seconds;
    this.values[n] = bytes;
    this.count = n + 1;
    if (n + 1 === this.capacity) this.flush();
  }

  /** Hands on the samples waiting (none: nothing is called). */
  flush(): void {
    const count = this.count;
    if (count === 0) return;
    this.count = 0;
    this.handOn(this.times, this.values, count);
  }
}
