/**
 * What charts need of a series, in bounded memory: the samples folded into at
 * most `capacity` consecutive buckets, each keeping its time span, RSS
 * minimum, maximum and last value, and its highest and last score. When the
 * buckets run out, neighbours merge pairwise and each bucket covers twice as
 * many samples, so peaks always survive.
 */

export interface Track {
  /** Buckets in time order; every array has `length` entries. */
  length: number;
  /** Samples each full bucket covers. */
  samplesPerBucket: number;
  firstTime: Float64Array;
  lastTime: Float64Array;
  minBytes: Float64Array;
  maxBytes: Float64Array;
  lastBytes: Float64Array;
  maxScore: Float64Array;
  lastScore: Float64Array;
}

export const DEFAULT_TRACK_BUCKETS = 2048;

/** Buckets allocated at first; the arrays double up to `capacity` (a fleet of short series stays small). */
const FIRST_ALLOCATION = 64;
const ONE_TIME = new Float64Array(1);
const ONE_BYTES = new Float64Array(1);
const ONE_SCORE = new Float64Array(1);

export class BucketTrack {
  private firstTime: Float64Array;
  private lastTime: Float64Array;
  private minBytes: Float64Array;
  private maxBytes: Float64Array;
  private lastBytes: Float64Array;
  private maxScore: Float64Array;
  private lastScore: Float64Array;
  private buckets = 0;
  private inCurrent = 0;
  private width = 1;

  constructor(private readonly capacity = DEFAULT_TRACK_BUCKETS) {
    if (capacity < 2 || capacity % 2 !== 0) throw new RangeError('capacity must be an even number ≥ 2');
    const allocated = Math.min(capacity, FIRST_ALLOCATION);
    this.firstTime = new Float64Array(allocated);
    this.lastTime = new Float64Array(allocated);
    this.minBytes = new Float64Array(allocated);
    this.maxBytes = new Float64Array(allocated);
    this.lastBytes = new Float64Array(allocated);
    this.maxScore = new Float64Array(allocated);
    this.lastScore = new Float64Array(allocated);
  }

  push(time: number, bytes: number, score: number): void {
    ONE_TIME[0] = time;
    ONE_BYTES[0] = bytes;
    ONE_SCORE[0] = score;
    this.pushEach(ONE_TIME, ONE_BYTES, ONE_SCORE, 1);
  }

  /** `push(times[i], bytes[i], scores[i])` for each i in [0, count), a bucket's worth at a time. */
  pushEach(times: Float64Array, bytes: Float64Array, scores: Float64Array, count: number): void {
    let i = 0;
    while (i < count) {
      if (this.buckets === 0 || this.inCurrent === this.width) {
        if (this.buckets === this.capacity) this.halve();
        else if (this.buckets === this.firstTime.length) this.grow();
        const b = this.buckets++;
        this.inCurrent = 0;
        this.firstTime[b] = times[i] as number;
        this.minBytes[b] = bytes[i] as number;
        this.maxBytes[b] = bytes[i] as number;
        this.maxScore[b] = scores[i] as number;
      }
      const b = this.buckets - 1;
      const end = Math.min(count, i + this.width - this.inCurrent);
      let min = this.minBytes[b] as number;
      let max = this.maxBytes[b] as number;
      let maxScore = this.maxScore[b] as number;
      for (let k = i; k < end; k++) {
        const value = bytes[k] as number;
        const score = scores[k] as number;
        if (value < min) min = value;
        if (value > max) max = value;
        if (score > maxScore) maxScore = score;
      }
      this.minBytes[b] = min;
      this.maxBytes[b] = max;
      this.maxScore[b] = maxScore;
      this.lastTime[b] = times[end - 1] as number;
      this.lastBytes[b] = bytes[end - 1] as number;
      this.lastScore[b] = scores[end - 1] as number;
      this.inCurrent += end - i;
      i = end;
    }
  }

  /** A copy of the buckets filled so far. */
  snapshot(): Track {
    const n = this.buckets;
    return {
      length: n,
      samplesPerBucket: this.width,
      firstTime: this.firstTime.slice(0, n),
      lastTime: this.lastTime.slice(0, n),
      minBytes: this.minBytes.slice(0, n),
      maxBytes: this.maxBytes.slice(0, n),
      lastBytes: this.lastBytes.slice(0, n),
      maxScore: this.maxScore.slice(0, n),
      lastScore: this.lastScore.slice(0, n),
    };
  }

  /** Doubles the arrays, up to `capacity`. */
  private grow(): void {
    const length = Math.min(this.capacity, this.firstTime.length * 2);
    const larger = (from: Float64Array): Float64Array => {
      const to = new Float64Array(length);
      to.set(from);
      return to;
    };
    this.firstTime = larger(this.firstTime);
    this.lastTime = larger(this.lastTime);
    this.minBytes = larger(this.minBytes);
    this.maxBytes = larger(this.maxBytes);
    this.lastBytes = larger(this.lastBytes);
    this.maxScore = larger(this.maxScore);
    this.lastScore = larger(this.lastScore);
  }

  /** Merges bucket pairs; the last (possibly partial) bucket ends up full or half full. */
  private halve(): void {
    const half = this.buckets / 2;
    for (let i = 0; i < half; i++) {
      const a = 2 * i;
      const b = a + 1;
      this.firstTime[i] = this.firstTime[a] as number;
      this.lastTime[i] = this.lastTime[b] as number;
      this.minBytes[i] = Math.min(this.minBytes[a] as number, this.minBytes[b] as number);
      this.maxBytes[i] = Math.max(this.maxBytes[a] as number, this.maxBytes[b] as number);
      this.lastBytes[i] = this.lastBytes[b] as number;
      this.maxScore[i] = Math.max(this.maxScore[a] as number, this.maxScore[b] as number);
      this.lastScore[i] = this.lastScore[b] as number;
    }
    this.buckets = half;
    this.width *= 2;
    this.inCurrent = this.width;
  }
}
