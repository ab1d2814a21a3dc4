/**
 * What charts need of a series, in bounded memory: the samples folded into at
 * most `capacity` consecutive buckets, each keeping its time span, RSS
 * minimum and maximum, and its highest score. When the buckets run out,
 * neighbours merge pairwise and each bucket covers twice as many samples, so
 * peaks always survive.
 */
import { giveFloat64, takeFloat64 } from '../float-pool.js';

/** A track's column: Float32 when every value in it is exactly a Float32, else Float64. */
export type TrackColumn = Float32Array | Float64Array;

/**
 * A finished track, as the reports fold it (src/report/columns.ts): per
 * bucket its middle time, RSS minimum and maximum and highest score. A fleet
 * keeps one per series until the report is written, so the columns are
 * stored in one buffer, each as Float32 where that is exact (times as
 * offsets from `midBase`): the same numbers in about a third of the bytes.
 */
export interface Track {
  /** Buckets in time order; every column has `length` entries. */
  length: number;
  /** Samples each full bucket covers. */
  samplesPerBucket: number;
  /** The first bucket's first time and the last bucket's last time (NaN when there are no buckets). */
  start: number;
  end: number;
  /** Bucket b's middle time, (its first time + its last time) / 2, is exactly `midBase + mids[b]`. */
  midBase: number;
  mids: TrackColumn;
  minBytes: TrackColumn;
  maxBytes: TrackColumn;
  maxScore: TrackColumn;
}

/** The buffers behind a track's columns (one, unless the track was built by hand), e.g. to transfer it to another thread. */
export function trackBuffers(track: Track): ArrayBuffer[] {
  const columns = [track.mids, track.minBytes, track.maxBytes, track.maxScore];
  return [...new Set(columns.map((column) => column.buffer as ArrayBuffer))];
}

export const DEFAULT_TRACK_BUCKETS = 2048;

/** Buckets allocated at first; the arrays double up to `capacity` (a fleet of short series stays small). */
const FIRST_ALLOCATION = 64;
const ONE_TIME = new Float64Array(1);
const ONE_BYTES = new Float64Array(1);
const ONE_SCORE = new Float64Array(1);
const NO_BUCKETS = new Float64Array(0);

export class BucketTrack {
  private firstTime: Float64Array;
  private lastTime: Float64Array;
  private minBytes: Float64Array;
  private maxBytes: Float64Array;
  private maxScore: Float64Array;
  private buckets = 0;
  private inCurrent = 0;
  private width = 1;
  private released = false;

  constructor(private readonly capacity = DEFAULT_TRACK_BUCKETS) {
    if (capacity < 2 || capacity % 2 !== 0) throw new RangeError('capacity must be an even number ≥ 2');
    const allocated = Math.min(capacity, FIRST_ALLOCATION);
    this.firstTime = takeFloat64(allocated);
    this.lastTime = takeFloat64(allocated);
    this.minBytes = takeFloat64(allocated);
    this.maxBytes = takeFloat64(allocated);
    this.maxScore = takeFloat64(allocated);
  }

  /** Gives the arrays back for reuse (float-pool.ts): the track is empty and its capacity 0 afterwards, so use it no more. */
  release(): void {
    giveFloat64(this.firstTime, this.lastTime, this.minBytes, this.maxBytes, this.maxScore);
    this.firstTime = this.lastTime = this.minBytes = this.maxBytes = this.maxScore = NO_BUCKETS;
    this.buckets = 0;
    this.released = true;
  }

  push(time: number, bytes: number, score: number): void {
    ONE_TIME[0] = time;
    ONE_BYTES[0] = bytes;
    ONE_SCORE[0] = score;
    this.pushEach(ONE_TIME, ONE_BYTES, ONE_SCORE, 1);
  }

  /** `push(times[i], bytes[i], scores[i])` for each i in [0, count), a bucket's worth at a time. */
  pushEach(times: Float64Array, bytes: Float64Array, scores: Float64Array, count: number): void {
    if (this.released) throw new Error('BucketTrack: pushed after release()');
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
      this.inCurrent += end - i;
      i = end;
    }
  }

  /** The buckets filled so far, as a Track of their own (a copy). */
  snapshot(): Track {
    const n = this.buckets;
    const start = n > 0 ? (this.firstTime[0] as number) : NaN;
    const end = n > 0 ? (this.lastTime[n - 1] as number) : NaN;
    const mids = takeFloat64(n);
    for (let b = 0; b < n; b++) mids[b] = ((this.firstTime[b] as number) + (this.lastTime[b] as number)) / 2;
    // Offsets from the start fit a Float32 when times are whole (or half) seconds over less than ~97 days.
    let midBase = start;
    let offsetsExact = n > 0;
    for (let b = 0; b < n && offsetsExact; b++) {
      const offset = (mids[b] as number) - midBase;
      offsetsExact = Math.fround(offset) === offset && midBase + offset === mids[b];
    }
    if (offsetsExact) for (let b = 0; b < n; b++) mids[b] = (mids[b] as number) - midBase;
    else midBase = 0;
    const columns = packColumns(n, [mids, this.minBytes, this.maxBytes, this.maxScore]);
    giveFloat64(mids);
    return {
      length: n,
      samplesPerBucket: this.width,
      start,
      end,
      midBase,
      mids: columns[0] as TrackColumn,
      minBytes: columns[1] as TrackColumn,
      maxBytes: columns[2] as TrackColumn,
      maxScore: columns[3] as TrackColumn,
    };
  }

  /** Doubles the arrays, up to `capacity`. */
  private grow(): void {
    const length = Math.min(this.capacity, this.firstTime.length * 2);
    const larger = (from: Float64Array): Float64Array => {
      const to = takeFloat64(length);
      to.set(from);
      giveFloat64(from);
      return to;
    };
    this.firstTime = larger(this.firstTime);
    this.lastTime = larger(this.lastTime);
    this.minBytes = larger(this.minBytes);
    this.maxBytes = larger(this.maxBytes);
    this.maxScore = larger(this.maxScore);
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
      this.maxScore[i] = Math.max(this.maxScore[a] as number, this.maxScore[b] as number);
    }
    this.buckets = half;
    this.width *= 2;
    this.inCurrent = this.width;
  }
}

/** Whether every one of values[0, n) is exactly a Float32 (NaN is not). */
function fitsFloat32(values: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const value = values[i] as number;
    if (Math.fround(value) !== value) return false;
  }
  return true;
}

/** Copies of values[0, n) of each array, in one buffer: Float64 columns first (8-byte aligned), then Float32 ones. */
function packColumns(n: number, arrays: readonly Float64Array[]): TrackColumn[] {
  const narrow = arrays.map((values) => fitsFloat32(values, n));
  const wideCount = narrow.filter((fits) => !fits).length;
  const buffer = new ArrayBuffer(8 * n * wideCount + 4 * n * (arrays.length - wideCount));
  let wideOffset = 0;
  let narrowOffset = 8 * n * wideCount;
  return arrays.map((values, k) => {
    const source = values.subarray(0, n);
    let column: TrackColumn;
    if (narrow[k] === true) {
      column = new Float32Array(buffer, narrowOffset, n);
      narrowOffset += 4 * n;
    } else {
      column = new Float64Array(buffer, wideOffset, n);
      wideOffset += 8 * n;
    }
    column.set(source);
    return column;
  });
}
