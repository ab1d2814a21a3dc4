/**
 * Reduces a run of samples, pushed one at a time, to a bounded number of
 * points, so the O(n²) robust statistics cost the same on a week of 1 s
 * samples as on an hour of 30 s scrapes, and memory stays flat when the
 * input is streamed.
 */

export type Baseline = 'raw' | 'floor';

export interface Points {
  /** Seconds: the time of the sample a floor point came from, or a raw bucket's mean time. */
  times: Float64Array;
  /** Bytes. */
  values: Float64Array;
  /** The bucket width in use at the end, in seconds (0 while raw samples are kept as they are). */
  bucketSeconds: number;
}

/**
 * `floor`: the minimum of each bucket of `bucketSeconds`, placed at that
 * sample's time — the post-GC floor, where a leak shows and a collector's
 * sawtooth does not. A last bucket covering less than half a width is
 * dropped: with fewer samples its minimum sits too high.
 *
 * `raw`: every sample is a point.
 *
 * Either way, when `2 × maxPoints` points have accumulated, neighbouring
 * pairs are merged (floor: the lower; raw: the count-weighted mean) and the
 * width doubles, so at most 2 × maxPoints points are ever held.
 *
 * @example
 * const acc = new BucketAccumulator('floor', 20, 1000);
 * [[0, 5], [10, 3], [20, 6], [30, 2], [40, 7], [50, 4]].forEach(([t, v]) => acc.push(t, v));
 * acc.points().values // Float64Array [3, 2, 4]
 */
export class BucketAccumulator {
  private times: number[] = [];
  private values: number[] = [];
  private counts: number[] = [];
  private width: number;
  private open = false;
  private openStart = 0;
  private openTime = 0;
  private openValue = 0;
  private openSum = 0;
  private openSumTime = 0;
  private openCount = 0;
  private lastTime = 0;

  constructor(
    private readonly baseline: Baseline,
    bucketSeconds: number,
    private readonly maxPoints: number,
  ) {
    this.width = baseline === 'floor' ? bucketSeconds : 0;
  }

  push(time: number, bytes: number): void {
    if (this.open && (this.width === 0 || time >= this.openStart + this.width)) {
      this.close();
      this.openStart = this.width === 0 ? time : this.openStart + this.width * Math.floor((time - this.openStart) / this.width);
    } else if (!this.open) {
      this.openStart = time;
    }
    if (!this.open) {
      this.open = true;
      this.openValue = Infinity;
      this.openSum = 0;
      this.openSumTime = 0;
      this.openCount = 0;
    }
    this.openCount++;
    this.openSum += bytes;
    this.openSumTime += time;
    if (bytes < this.openValue) {
      this.openValue = bytes;
      this.openTime = time;
    }
    this.lastTime = time;
  }

  /** The points so far (the open bucket included if it covers at least half a width). */
  points(): Points {
    const times = [...this.times];
    const values = [...this.values];
    if (this.open && (this.width === 0 || this.lastTime - this.openStart >= this.width / 2 || times.length === 0)) {
      times.push(this.baseline === 'floor' ? this.openTime : this.openSumTime / this.openCount);
      values.push(this.baseline === 'floor' ? this.openValue : this.openSum / this.openCount);
    }
    return { times: Float64Array.from(times), values: Float64Array.from(values), bucketSeconds: this.width };
  }

  private close(): void {
    this.open = false;
    this.times.push(this.baseline === 'floor' ? this.openTime : this.openSumTime / this.openCount);
    this.values.push(this.baseline === 'floor' ? this.openValue : this.openSum / this.openCount);
    this.counts.push(this.openCount);
    if (this.times.length >= 2 * this.maxPoints) this.fold();
  }

  private fold(): void {
    const n = this.times.length;
    if (this.width === 0) this.width = (2 * ((this.times[n - 1] as number) - (this.times[0] as number))) / (n - 1);
    else this.width *= 2;
    const times: number[] = [];
    const values: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i + 1 < n; i += 2) {
      const ta = this.times[i] as number;
      const tb = this.times[i + 1] as number;
      const va = this.values[i] as number;
      const vb = this.values[i + 1] as number;
      const ca = this.counts[i] as number;
      const cb = this.counts[i + 1] as number;
      if (this.baseline === 'floor') {
        times.push(vb < va ? tb : ta);
        values.push(Math.min(va, vb));
      } else {
        times.push((ta * ca + tb * cb) / (ca + cb));
        values.push((va * ca + vb * cb) / (ca + cb));
      }
      counts.push(ca + cb);
    }
    if (n % 2 === 1) {
      times.push(this.times[n - 1] as number);
      values.push(this.values[n - 1] as number);
      counts.push(this.counts[n - 1] as number);
    }
    this.times = times;
    this.values = values;
    this.counts = counts;
  }
}
