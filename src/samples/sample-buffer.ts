/**
 * A growable pair of Float64Arrays, so a reader can append samples one at a
 * time (and later stream) without building arrays of boxed numbers.
 * Samples stay in read order: sorting and de-duplication belong to the
 * normalise step (SPEC §1), not to readers.
 */
export class SampleBuffer {
  private times: Float64Array;
  private values: Float64Array;
  private count = 0;

  constructor(initialCapacity = 256) {
    const capacity = Math.max(1, Math.floor(initialCapacity));
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  /** Number of samples appended so far. */
  get length(): number {
    return this.count;
  }

  /** Appends one sample: `seconds` since the epoch, `bytes` of RSS. */
  push(seconds: number, bytes: number): void {
    if (this.count === this.times.length) this.grow();
    this.times[this.count] = seconds;
    this.values[this.count] = bytes;
    this.count += 1;
  }

  /** Copies of the samples so far, trimmed to length. */
  toArrays(): { times: Float64Array; values: Float64Array } {
    return { times: this.times.slice(0, this.count), values: this.values.slice(0, this.count) };
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    const values = new Float64Array(capacity);
    times.set(this.times);
    values.set(this.values);
    this.times = times;
    this.values = values;
  }
}
