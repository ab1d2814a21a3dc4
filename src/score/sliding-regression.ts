/**
 * The SPEC §2 regression over a sliding window in O(1) amortised time per
 * sample, independent of the window's size, yet within a few ulps of the
 * two-pass fit. Three things keep it exact enough for 1e-9 agreement:
 *
 * 1. Sums are taken of x = t − t_a and y = MiB − y_a about an anchor sample
 *    (t_a, y_a) inside the window, so epoch-sized times and GiB-sized values
 *    never enter a product (Prometheus' linearRegression does the same).
 * 2. Every sum is Neumaier-compensated, so adding and removing thousands of
 *    terms does not accumulate rounding error.
 * 3. The anchor is re-chosen (samples nearest the window's means) and the sums rebuilt
 *    after as many pushes as the window holds — O(1) amortised — or at once
 *    when the window's mean has drifted so far from the anchor that centring
 *    Σx², Σxy, Σy² would cancel more than a few bits.
 *
 * Slope and R² are translation invariant, so the anchor does not change them.
 */
import { fitFromMoments } from './fit-from-moments.js';
import type { Fit } from './window-score.js';

export const BYTES_PER_MIB = 1048576;

/** Rebuild when |mean − anchor| exceeds this many standard deviations. */
const MAX_MEAN_OFFSET_IN_SD = 8;
const MAX_OFFSET_RATIO = MAX_MEAN_OFFSET_IN_SD * MAX_MEAN_OFFSET_IN_SD;

// Slots in the sums array: value and compensation for each of the five sums.
const SX = 0;
const SY = 2;
const SXX = 4;
const SXY = 6;
const SYY = 8;

export class SlidingRegression {
  private times: Float64Array;
  private mib: Float64Array;
  /** Index of the oldest sample in the ring. */
  private head = 0;
  private count = 0;
  private anchorT = 0;
  private anchorY = 0;
  private readonly sums = new Float64Array(10);
  private pushesSinceRebuild = 0;

  constructor(initialCapacity = 128) {
    const capacity = Math.max(4, initialCapacity);
    this.times = new Float64Array(capacity);
    this.mib = new Float64Array(capacity);
  }

  /** Samples currently in the window. */
  get size(): number {
    return this.count;
  }

  /** Time of the oldest sample in the window (undefined when empty). */
  oldestTime(): number | undefined {
    return this.count === 0 ? undefined : this.times[this.head];
  }

  /** Adds a sample at the new end of the window; `bytes` is converted to MiB. */
  push(time: number, bytes: number): void {
    if (this.count === this.times.length) this.grow();
    const y = bytes / BYTES_PER_MIB;
    const slot = (this.head + this.count) % this.times.length;
    this.times[slot] = time;
    this.mib[slot] = y;
    this.count++;
    if (this.count === 1) {
      this.anchorT = time;
      this.anchorY = y;
    }
    this.accumulate(time - this.anchorT, y - this.anchorY, 1);
    this.pushesSinceRebuild++;
    if (this.pushesSinceRebuild >= Math.max(this.count, 16)) this.rebuild();
  }

  /** Removes the oldest sample. */
  shift(): void {
    if (this.count === 0) return;
    const slot = this.head;
    this.accumulate((this.times[slot] as number) - this.anchorT, (this.mib[slot] as number) - this.anchorY, -1);
    this.head = (this.head + 1) % this.times.length;
    this.count--;
    if (this.count === 0) this.sums.fill(0);
  }

  /** The least-squares fit of the samples in the window. */
  fit(): Fit {
    let moments = this.centredMoments();
    if (moments.illConditioned) {
      this.rebuild();
      moments = this.centredMoments();
    }
    return fitFromMoments(this.count, moments.sxx, moments.sxy, moments.syy);
  }

  private centredMoments(): { sxx: number; sxy: number; syy: number; illConditioned: boolean } {
    const n = this.count;
    const s = this.sums;
    const sx = (s[SX] as number) + (s[SX + 1] as number);
    const sy = (s[SY] as number) + (s[SY + 1] as number);
    const sxx = (s[SXX] as number) + (s[SXX + 1] as number) - (sx * sx) / n;
    const sxy = (s[SXY] as number) + (s[SXY + 1] as number) - (sx * sy) / n;
    const syy = (s[SYY] as number) + (s[SYY + 1] as number) - (sy * sy) / n;
    // n·mean² > K·Σ(d−mean)² ⇔ |mean| > √K standard deviations from the anchor.
    const illConditioned = (sx * sx) / n > MAX_OFFSET_RATIO * sxx || (sy * sy) / n > MAX_OFFSET_RATIO * syy;
    return { sxx, sxy, syy, illConditioned };
  }

  /**
   * Re-anchors at the sample times and values nearest the window's means and
   * recomputes the sums. Some sample always lies within one standard deviation
   * of the mean, so afterwards |mean − anchor| ≤ 1 SD; anchoring on a sample
   * (not the mean itself) keeps a constant window exactly zero.
   */
  private rebuild(): void {
    this.pushesSinceRebuild = 0;
    this.sums.fill(0);
    if (this.count === 0) return;
    const capacity = this.times.length;
    const first = this.head;
    const roughT = this.times[first] as number;
    const roughY = this.mib[first] as number;
    let sumT = 0;
    let sumY = 0;
    for (let k = 0; k < this.count; k++) {
      const slot = (first + k) % capacity;
      sumT += (this.times[slot] as number) - roughT;
      sumY += (this.mib[slot] as number) - roughY;
    }
    const meanT = roughT + sumT / this.count;
    const meanY = roughY + sumY / this.count;
    let anchorT = roughT;
    let anchorY = roughY;
    for (let k = 1; k < this.count; k++) {
      const slot = (first + k) % capacity;
      const t = this.times[slot] as number;
      const y = this.mib[slot] as number;
      if (Math.abs(t - meanT) < Math.abs(anchorT - meanT)) anchorT = t;
      if (Math.abs(y - meanY) < Math.abs(anchorY - meanY)) anchorY = y;
    }
    this.anchorT = anchorT;
    this.anchorY = anchorY;
    for (let k = 0; k < this.count; k++) {
      const slot = (first + k) % capacity;
      this.accumulate((this.times[slot] as number) - anchorT, (this.mib[slot] as number) - anchorY, 1);
    }
  }

  private accumulate(x: number, y: number, sign: 1 | -1): void {
    this.add(SX, sign * x);
    this.add(SY, sign * y);
    this.add(SXX, sign * x * x);
    this.add(SXY, sign * x * y);
    this.add(SYY, sign * y * y);
  }

  /** Neumaier's compensated addition into slot `at` (value) and `at + 1` (compensation). */
  private add(at: number, term: number): void {
    const s = this.sums;
    const sum = s[at] as number;
    const next = sum + term;
    if (Math.abs(sum) >= Math.abs(term)) s[at + 1] = (s[at + 1] as number) + (sum - next + term);
    else s[at + 1] = (s[at + 1] as number) + (term - next + sum);
    s[at] = next;
  }

  private grow(): void {
    const capacity = this.times.length;
    const times = new Float64Array(capacity * 2);
    const mib = new Float64Array(capacity * 2);
    for (let k = 0; k < this.count; k++) {
      const slot = (this.head + k) % capacity;
      times[k] = this.times[slot] as number;
      mib[k] = this.mib[slot] as number;
    }
    this.times = times;
    this.mib = mib;
    this.head = 0;
  }
}
