/**
 * A run of samples, pushed one at a time, kept as at most `2 × capacity`
 * fine buckets (issue 12): memory does not grow with the number of samples,
 * and since a stream's span is unknown until it ends, the fine width grows
 * with it. At the end `coarsen` groups the fine buckets into the few wide
 * buckets the statistics run on, at a width chosen from the whole span
 * (issue 11).
 */

import { giveFloat64, takeFloat64 } from '../float-pool.js';

export type Baseline = 'raw' | 'floor';

const NO_COLUMN = new Float64Array(0);

export interface Points {
  /** Seconds: the time of the sample a floor point came from, or a raw bucket's mean time. */
  times: Float64Array;
  /** Bytes. */
  values: Float64Array;
  /** Samples behind each point. */
  counts: Float64Array;
  /** The bucket width the points were made at, in seconds (0: every fine bucket is a point). */
  bucketSeconds: number;
}

/**
 * Every sample starts its own bucket until `2 × capacity` buckets are held;
 * then neighbouring pairs merge and the nominal width doubles (the first
 * time it becomes twice the mean spacing so far). A sample joins the newest
 * bucket while it is less than one width after that bucket's start. Each
 * bucket keeps its start, its minimum and when it happened, and the sums a
 * mean needs, so floors and means of any grouping can be made at the end.
 *
 * @example
 * const fine = new FineBuckets(4);
 * for (let t = 0; t < 100; t++) fine.push(t, 100 - t);
 * fine.size <= 8 // true
 */
export class FineBuckets {
  // Typed columns that grow by doubling up to 2 × capacity and are reused by
  // `reset`: a long recording restarts hundreds of times, and number[]
  // columns dropped with each segment were promoted garbage that raised the
  // peak RSS of a 10M-sample robust run by about 50 MiB.
  private starts: Float64Array;
  private minTimes: Float64Array;
  private minValues: Float64Array;
  private sums: Float64Array;
  private sumTimes: Float64Array;
  private counts: Float64Array;
  private held = 0;
  private width = 0;
  private released = false;
  /** The newest sample's time. */
  lastTime = NaN;
  /** Samples pushed. */
  samples = 0;

  constructor(private readonly capacity: number) {
    if (!(capacity >= 2)) throw new RangeError(`FineBuckets capacity ${capacity} must be at least 2`);
    const initial = Math.min(2 * capacity, 64);
    this.starts = takeFloat64(initial);
    this.minTimes = takeFloat64(initial);
    this.minValues = takeFloat64(initial);
    this.sums = takeFloat64(initial);
    this.sumTimes = takeFloat64(initial);
    this.counts = takeFloat64(initial);
  }

  /** Gives the columns back for reuse (float-pool.ts): empty afterwards, and to be used no more. */
  release(): void {
    giveFloat64(this.starts, this.minTimes, this.minValues, this.sums, this.sumTimes, this.counts);
    this.starts = this.minTimes = this.minValues = this.sums = this.sumTimes = this.counts = NO_COLUMN;
    this.reset();
    this.released = true;
  }

  /** Empties the buckets, keeping their storage (a new segment in place of one no longer kept). */
  reset(): void {
    this.held = 0;
    this.width = 0;
    this.lastTime = NaN;
    this.samples = 0;
  }

  /** Buckets held now (never more than 2 × capacity). */
  get size(): number {
    return this.held;
  }

  /** The nominal width of a fine bucket now, in seconds (0 while every sample is its own). */
  get widthSeconds(): number {
    return this.width;
  }

  get firstTime(): number {
    return this.held > 0 ? (this.starts[0] as number) : NaN;
  }

  push(time: number, bytes: number): void {
    if (this.released) throw new Error('FineBuckets: pushed after release()');
    this.samples++;
    this.lastTime = time;
    const last = this.held - 1;
    if (last >= 0 && this.width > 0 && time < (this.starts[last] as number) + this.width) {
      this.counts[last] = (this.counts[last] as number) + 1;
      this.sums[last] = (this.sums[last] as number) + bytes;
      this.sumTimes[last] = (this.sumTimes[last] as number) + time;
      if (bytes < (this.minValues[last] as number)) {
        this.minValues[last] = bytes;
        this.minTimes[last] = time;
      }
      return;
    }
    if (this.held >= 2 * this.capacity) this.fold();
    if (this.held === this.starts.length) this.grow();
    const i = this.held++;
    this.starts[i] = time;
    this.minTimes[i] = time;
    this.minValues[i] = bytes;
    this.sums[i] = bytes;
    this.sumTimes[i] = time;
    this.counts[i] = 1;
  }

  /**
   * The points at `width` seconds from the first bucket's start: a group is
   * the fine buckets starting in [start + k·width, start + (k+1)·width), its
   * floor the lowest minimum (at that sample's time) or its count-weighted
   * mean. A last group covering less than half a width is dropped (its floor
   * would sit too high) unless it is the only one. Width 0 (or less than the
   * fine width) gives one point per fine bucket.
   */
  coarsen(baseline: Baseline, width: number, from = this.firstTime): Points {
    const times: number[] = [];
    const values: number[] = [];
    const counts: number[] = [];
    const n = this.held;
    let i = 0;
    while (i < n && (this.starts[i] as number) < from) i++;
    const origin = i < n ? (this.starts[i] as number) : from;
    const coarse = width > this.width ? width : 0;
    let groupEnd = -Infinity;
    let groupStart = origin;
    for (; i < n; i++) {
      const start = this.starts[i] as number;
      if (coarse === 0 || start >= groupEnd) {
        groupStart = coarse === 0 ? start : origin + coarse * Math.floor((start - origin) / coarse);
        groupEnd = groupStart + coarse;
        times.push(baseline === 'floor' ? (this.minTimes[i] as number) : (this.sumTimes[i] as number) / (this.counts[i] as number));
        values.push(baseline === 'floor' ? (this.minValues[i] as number) : (this.sums[i] as number) / (this.counts[i] as number));
        counts.push(this.counts[i] as number);
        continue;
      }
      const k = times.length - 1;
      const c = counts[k] as number;
      const ci = this.counts[i] as number;
      if (baseline === 'floor') {
        if ((this.minValues[i] as number) < (values[k] as number)) {
          values[k] = this.minValues[i] as number;
          times[k] = this.minTimes[i] as number;
        }
      } else {
        times[k] = ((times[k] as number) * c + (this.sumTimes[i] as number)) / (c + ci);
        values[k] = ((values[k] as number) * c + (this.sums[i] as number)) / (c + ci);
      }
      counts[k] = c + ci;
    }
    if (coarse > 0 && times.length > 1 && this.lastTime - groupStart < coarse / 2) {
      times.pop();
      values.pop();
      counts.pop();
    }
    return { times: Float64Array.from(times), values: Float64Array.from(values), counts: Float64Array.from(counts), bucketSeconds: coarse };
  }

  private grow(): void {
    const capacity = Math.min(2 * this.capacity, 2 * this.starts.length);
    const larger = (column: Float64Array): Float64Array => {
      const next = takeFloat64(capacity);
      next.set(column);
      giveFloat64(column);
      return next;
    };
    this.starts = larger(this.starts);
    this.minTimes = larger(this.minTimes);
    this.minValues = larger(this.minValues);
    this.sums = larger(this.sums);
    this.sumTimes = larger(this.sumTimes);
    this.counts = larger(this.counts);
  }

  private fold(): void {
    const n = this.held;
    if (this.width === 0) this.width = (2 * ((this.starts[n - 1] as number) - (this.starts[0] as number))) / Math.max(1, n - 1);
    else this.width *= 2;
    let k = 0;
    for (let i = 0; i < n; i += 2, k++) {
      const j = i + 1;
      this.starts[k] = this.starts[i] as number;
      this.minTimes[k] = this.minTimes[i] as number;
      this.minValues[k] = this.minValues[i] as number;
      this.sums[k] = this.sums[i] as number;
      this.sumTimes[k] = this.sumTimes[i] as number;
      this.counts[k] = this.counts[i] as number;
      if (j < n) {
        if ((this.minValues[j] as number) < (this.minValues[k] as number)) {
          this.minValues[k] = this.minValues[j] as number;
          this.minTimes[k] = this.minTimes[j] as number;
        }
        this.sums[k] = (this.sums[k] as number) + (this.sums[j] as number);
        this.sumTimes[k] = (this.sumTimes[k] as number) + (this.sumTimes[j] as number);
        this.counts[k] = (this.counts[k] as number) + (this.counts[j] as number);
      }
    }
    this.held = k;
  }
}
