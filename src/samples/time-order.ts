/**
 * SPEC §1's sorting and de-duplication, done on the fly for a series read in
 * time order: each sample is held back until the next one shows it is not
 * replaced (equal timestamps: the last one read wins), then passes on. A
 * sample earlier than its predecessor marks the series unsorted; nothing
 * passes after that, and the caller sorts the series in memory instead.
 */
/** Scratch arrays for what passes the time order; shared by every series (each caller hands its samples on before returning). */
let passingTimes = new Float64Array(8192);
let passingValues = new Float64Array(8192);

/** Scratch arrays that hold at least `count` samples, for TimeOrder.take's output. */
export function passing(count: number): { times: Float64Array; values: Float64Array } {
  if (passingTimes.length < count) {
    passingTimes = new Float64Array(count);
    passingValues = new Float64Array(count);
  }
  return { times: passingTimes, values: passingValues };
}

export class TimeOrder {
  /** Usable samples taken, duplicates included. */
  samples = 0;
  /** Samples replaced by a later one with the same timestamp. */
  duplicates = 0;
  /** A sample came before its predecessor. */
  unsorted = false;
  private heldTime = NaN;
  private heldBytes = 0;

  /**
   * Takes samples `0 … count − 1` of times/values; writes the ones that pass
   * to outTimes/outValues (which hold at least `count`) and returns how many.
   */
  take(times: Float64Array, values: Float64Array, count: number, outTimes: Float64Array, outValues: Float64Array): number {
    this.samples += count;
    if (this.unsorted) return 0;
    let held = this.heldTime;
    let heldBytes = this.heldBytes;
    let passed = 0;
    for (let i = 0; i < count; i++) {
      const seconds = times[i] as number;
      const bytes = values[i] as number;
      if (seconds > held || held !== held) {
        if (held === held) {
          outTimes[passed] = held;
          outValues[passed] = heldBytes;
          passed++;
        }
        held = seconds;
        heldBytes = bytes;
      } else if (seconds === held) {
        heldBytes = bytes;
        this.duplicates++;
      } else {
        this.unsorted = true;
        return 0;
      }
    }
    this.heldTime = held;
    this.heldBytes = heldBytes;
    return passed;
  }

  /** The sample still held, after the last one was taken: writes it to out[0] and returns 1 (0 when none, or unsorted). */
  release(outTimes: Float64Array, outValues: Float64Array): number {
    const held = this.heldTime;
    this.heldTime = NaN;
    if (this.unsorted || held !== held) return 0;
    outTimes[0] = held;
    outValues[0] = this.heldBytes;
    return 1;
  }
}
