/**
 * SPEC §1 normalisation for a stream: samples pass straight through while
 * they arrive in time order, holding back one so that equal timestamps can
 * keep the last one read. A sample earlier than its predecessor throws
 * `UnsortedInput`: only then does the caller buffer the whole series and
 * sort it (normalise.ts).
 */

export class UnsortedInput extends Error {
  constructor() {
    super('samples are not in time order');
  }
}

export interface SampleSink {
  push(time: number, bytes: number): unknown;
}

export class OrderedFeed {
  private heldTime = NaN;
  private heldBytes = 0;
  /** Samples replaced by a later one with the same timestamp. */
  duplicates = 0;

  constructor(private readonly sink: SampleSink) {}

  push(time: number, bytes: number): void {
    const held = this.heldTime;
    if (time > held || Number.isNaN(held)) {
      if (!Number.isNaN(held)) this.sink.push(held, this.heldBytes);
      this.heldTime = time;
      this.heldBytes = bytes;
    } else if (time === held) {
      this.heldBytes = bytes;
      this.duplicates++;
    } else {
      throw new UnsortedInput();
    }
  }

  /** Passes on the held sample; call once at the end. */
  end(): void {
    if (!Number.isNaN(this.heldTime)) this.sink.push(this.heldTime, this.heldBytes);
    this.heldTime = NaN;
  }
}
