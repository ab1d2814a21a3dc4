/**
 * The SPEC §2 regression over a sliding window in O(1) amortised time per
 * sample, independent of the window's size, yet within a few ulps of the
 * two-pass fit. Three things keep it exact enough for 1e-9 agreement:
 *
 * 1. Sums are taken of x = t − t_a and y = MiB − y_a about an anchor sample
 *    (t_a, y_a) inside the window, so epoch-sized times and GiB-sized values
 *    never enter a product (Prometheus' linearRegression does the same).
 * 2. Σx, Σy and Σxy are Neumaier-compensated, so adding and removing
 *    thousands of terms does not accumulate rounding error. Σx² and Σy² are
 *    not; the squares added and removed since the last rebuild are summed
 *    beside them, and a rebuild follows once that rounding bound nears 1e-9.
 * 3. The anchor is re-chosen (samples nearest the window's means) and the sums
 *    rebuilt after four times as many pushes as the window holds — O(1)
 *    amortised — or at once when the window's mean has drifted so far from
 *    the anchor that centring Σx², Σxy, Σy² would cancel more than a few bits
 *    (a window sliding along time drifts there after about 2.3 windows).
 *
 * Slope and R² are translation invariant, so the anchor does not change them.
 * The hot path (push, shift, measure) allocates nothing.
 */
import type { Fit } from './window-score.js';

export const BYTES_PER_MIB = 1048576;

/** Rebuild when |mean − anchor| exceeds this many standard deviations. */
const MAX_MEAN_OFFSET_IN_SD = 8;
const MAX_OFFSET_RATIO = MAX_MEAN_OFFSET_IN_SD * MAX_MEAN_OFFSET_IN_SD;
/**
 * Pushes between periodic rebuilds, in windows. Each rebuild costs three
 * passes over the window; the drift test above, not this period, is what
 * keeps centring exact, and the rounding test below what keeps Σx², Σy² so.
 */
const REBUILD_PERIOD_IN_WINDOWS = 4;
/**
 * Rebuild when the squares summed since the last rebuild exceed the centred
 * Σ(x−x̄)² or Σ(y−ȳ)² by this factor. Between rebuilds Σx² takes K ≤ 2 ·
 * REBUILD_PERIOD_IN_WINDOWS · W additions (a push and a removal each), every
 * partial sum at most that bound, so its rounding relative to the centred sum
 * is about 2⁻⁵³ · 2¹⁵ · √K: below 1e-9 for W ≤ 7200 (K ≤ 57,600). A window in
 * steady state sits near 8–520×, so this fires only after a gap or a spike
 * has left the window.
 */
const MAX_ROUNDING_RATIO = 32768;
/** Fewest pushes between periodic rebuilds (rebuilding tiny windows each push costs more than it saves). */
const MIN_REBUILD_PERIOD = 16;

function nextPowerOfTwo(n: number): number {
  let capacity = 4;
  while (capacity < n) capacity *= 2;
  return capacity;
}

export class SlidingRegression {
  private times: Float64Array;
  private mib: Float64Array;
  private mask: number;
  /** Index of the oldest sample in the ring. */
  private head = 0;
  private count = 0;
  private anchorT = 0;
  private anchorY = 0;
  private pushesSinceRebuild = 0;
  // Neumaier sums (value, compensation) of x, y, x², xy, y² about the anchor.
  private sx = 0;
  private cx = 0;
  private sy = 0;
  private cy = 0;
  private sxx = 0;
  private sxy = 0;
  private cxy = 0;
  private syy = 0;
  // Σx² and Σy² of every term added or removed since the last rebuild: a bound on their rounding.
  private axx = 0;
  private ayy = 0;
  // The terms being added (see accumulate).
  private termX = 0.5;
  private termY = 0.5;
  private termSign = 1;

  /** After `measure()`: slope in MiB/s, or NaN where SPEC §2 says null. */
  slopeMiBPerSecond = NaN;
  /** After `measure()`: R² in [0, 1], or NaN where SPEC §2 says null. */
  r2 = NaN;
  /** After `measure()`: the fitted line passes through (meanTime, meanMiB). */
  meanTime = NaN;
  meanMiB = NaN;

  constructor(initialCapacity = 128) {
    const capacity = nextPowerOfTwo(initialCapacity);
    this.times = new Float64Array(capacity);
    this.mib = new Float64Array(capacity);
    this.mask = capacity - 1;
  }

  /** Samples currently in the window. */
  get size(): number {
    return this.count;
  }

  /** Time of the oldest sample in the window (NaN when empty). */
  oldestTime(): number {
    return this.count === 0 ? NaN : (this.times[this.head] as number);
  }

  /** Adds a sample at the new end of the window; `bytes` is converted to MiB. */
  push(time: number, bytes: number): void {
    if (this.count === this.times.length) this.grow();
    const y = bytes / BYTES_PER_MIB;
    const slot = (this.head + this.count) & this.mask;
    this.times[slot] = time;
    this.mib[slot] = y;
    this.count++;
    if (this.count === 1) {
      this.anchorT = time;
      this.anchorY = y;
    }
    this.accumulate(time - this.anchorT, y - this.anchorY, 1);
    this.pushesSinceRebuild++;
    if (this.pushesSinceRebuild >= REBUILD_PERIOD_IN_WINDOWS * this.count && this.pushesSinceRebuild >= MIN_REBUILD_PERIOD) this.rebuild();
  }

  /**
   * For each sample i of times/bytes[0, count): `push` it, drop what the
   * window no longer holds (`shiftToCount(maxCount)`, then `shiftBefore(time
   * − windowSeconds)`) and `measure` — bit for bit those calls' arithmetic in
   * their order, with the sums kept in locals across the batch: the replay's
   * hot loop. Writes each window's slope (MiB/s) and R² to slopes[i] and
   * r2s[i], NaN where SPEC §2 gives null or where the window holds fewer
   * than `minSamples` samples (step 1). Returns the most samples any of
   * these windows held. Afterwards the fields describe the last window.
   */
  slideEach(
    times: Float64Array,
    bytes: Float64Array,
    count: number,
    window: { maxCount: number; seconds: number; minSamples: number },
    slopes: Float64Array,
    r2s: Float64Array,
  ): number {
    const { maxCount, seconds: windowSeconds, minSamples } = window;
    let ringT = this.times;
    let ringY = this.mib;
    let mask = this.mask;
    let head = this.head;
    let n = this.count;
    let pushes = this.pushesSinceRebuild;
    let anchorT = this.anchorT;
    let anchorY = this.anchorY;
    let sx = this.sx;
    let cx = this.cx;
    let sy = this.sy;
    let cy = this.cy;
    let sxx = this.sxx;
    let sxy = this.sxy;
    let cxy = this.cxy;
    let syy = this.syy;
    let axx = this.axx;
    let ayy = this.ayy;
    // Set for every sample (the loop's first pass sets them before they are read).
    let slope = NaN;
    let r2 = NaN;
    let largest = 0;
    for (let i = 0; i < count; i++) {
      const time = times[i] as number;
      if (n === ringT.length) {
        this.head = head;
        this.count = n;
        this.grow();
        ringT = this.times;
        ringY = this.mib;
        mask = this.mask;
        head = this.head;
      }
      // push
      const y = (bytes[i] as number) / BYTES_PER_MIB;
      const slot = (head + n) & mask;
      ringT[slot] = time;
      ringY[slot] = y;
      n++;
      if (n === 1) {
        anchorT = time;
        anchorY = y;
      }
      let x = time - anchorT;
      let dy = y - anchorY;
      let next = sx + x;
      cx += Math.abs(sx) >= Math.abs(x) ? sx - next + x : x - next + sx;
      sx = next;
      next = sy + dy;
      cy += Math.abs(sy) >= Math.abs(dy) ? sy - next + dy : dy - next + sy;
      sy = next;
      sxx += 1 * x * x;
      syy += 1 * dy * dy;
      axx += x * x;
      ayy += dy * dy;
      let term = 1 * x * dy;
      next = sxy + term;
      cxy += Math.abs(sxy) >= Math.abs(term) ? sxy - next + term : term - next + sxy;
      sxy = next;
      pushes++;
      // Rebuilds are rare (after four windows of pushes, or when centring below fails): they go through the fields.
      if (pushes >= REBUILD_PERIOD_IN_WINDOWS * n && pushes >= MIN_REBUILD_PERIOD) {
        this.head = head;
        this.count = n;
        this.rebuild();
        pushes = 0;
        ({ anchorT, anchorY, sx, cx, sy, cy, sxx, sxy, cxy, syy, axx, ayy } = this);
      }
      // shiftToCount, shiftBefore: the oldest samples' terms out (x and y negated, sign −1).
      const earliest = time - windowSeconds;
      while (n > 0 && (n > maxCount || (ringT[head] as number) < earliest)) {
        x = anchorT - (ringT[head] as number);
        dy = anchorY - (ringY[head] as number);
        next = sx + x;
        cx += Math.abs(sx) >= Math.abs(x) ? sx - next + x : x - next + sx;
        sx = next;
        next = sy + dy;
        cy += Math.abs(sy) >= Math.abs(dy) ? sy - next + dy : dy - next + sy;
        sy = next;
        sxx += -1 * x * x;
        syy += -1 * dy * dy;
        axx += x * x;
        ayy += dy * dy;
        term = -1 * x * dy;
        next = sxy + term;
        cxy += Math.abs(sxy) >= Math.abs(term) ? sxy - next + term : term - next + sxy;
        sxy = next;
        head = (head + 1) & mask;
        n--;
        if (n === 0) sx = cx = sy = cy = sxx = sxy = cxy = syy = axx = ayy = 0;
      }
      // measure: centre(), and where that fails, rebuild() and centre() without its checks (centre() written out).
      for (let attempt = 0; attempt < 2; attempt++) {
        if (attempt > 0) {
          this.head = head;
          this.count = n;
          this.rebuild();
          pushes = 0;
          ({ anchorT, anchorY, sx, cx, sy, cy, sxx, sxy, cxy, syy, axx, ayy } = this);
        }
        if (n === 0) {
          slope = r2 = NaN;
          break;
        }
        const sumX = sx + cx;
        const sumY = sy + cy;
        const centredXX = sxx - (sumX * sumX) / n;
        const centredXY = sxy + cxy - (sumX * sumY) / n;
        const centredYY = syy - (sumY * sumY) / n;
        if (attempt === 0) {
          if ((sumX * sumX) / n > MAX_OFFSET_RATIO * centredXX || (sumY * sumY) / n > MAX_OFFSET_RATIO * centredYY) continue;
          if (axx > MAX_ROUNDING_RATIO * centredXX || ayy > MAX_ROUNDING_RATIO * centredYY) continue;
        }
        if (n < 2 || !(centredXX > 0)) {
          slope = r2 = NaN;
          break;
        }
        slope = centredXY / centredXX;
        const fit = centredYY > 0 ? (centredXY / centredXX) * (centredXY / centredYY) : 0;
        r2 = fit > 1 ? 1 : fit >= 0 ? fit : 0;
        break;
      }
      if (n < minSamples) {
        slopes[i] = NaN;
        r2s[i] = NaN;
      } else {
        slopes[i] = slope;
        r2s[i] = r2;
      }
      if (n > largest) largest = n;
    }
    this.head = head;
    this.count = n;
    this.pushesSinceRebuild = pushes;
    this.anchorT = anchorT;
    this.anchorY = anchorY;
    this.sx = sx;
    this.cx = cx;
    this.sy = sy;
    this.cy = cy;
    this.sxx = sxx;
    this.sxy = sxy;
    this.cxy = cxy;
    this.syy = syy;
    this.axx = axx;
    this.ayy = ayy;
    if (count > 0) {
      this.slopeMiBPerSecond = slope;
      this.r2 = r2;
      this.meanTime = n === 0 ? NaN : anchorT + (sx + cx) / n;
      this.meanMiB = n === 0 ? NaN : anchorY + (sy + cy) / n;
    }
    return largest;
  }

  /** Removes the oldest sample. */
  shift(): void {
    if (this.count === 0) return;
    const slot = this.head;
    this.accumulate(this.anchorT - (this.times[slot] as number), this.anchorY - (this.mib[slot] as number), -1);
    this.head = (this.head + 1) & this.mask;
    this.count--;
    if (this.count === 0) this.clearSums();
  }

  /** Drops samples older than `earliest` (SPEC §2 duration window: keeps t ≥ t_now − D). */
  shiftBefore(earliest: number): void {
    while (this.count > 0 && (this.times[this.head] as number) < earliest) this.shift();
  }

  /** Drops the oldest samples until at most `samples` remain (SPEC §2 count window). */
  shiftToCount(samples: number): void {
    while (this.count > samples) this.shift();
  }

  /** Computes slope, R² and the centroid of the window into the public fields. */
  measure(): void {
    if (!this.centre(true)) {
      this.rebuild();
      // Re-anchored on the window's own samples: these are the best sums there are.
      this.centre(false);
    }
  }

  /** The least-squares fit of the samples in the window (allocates; for callers off the hot path). */
  fit(): Fit {
    this.measure();
    return Number.isNaN(this.slopeMiBPerSecond)
      ? { n: this.count, slopeMiBPerSecond: null, r2: null }
      : { n: this.count, slopeMiBPerSecond: this.slopeMiBPerSecond, r2: this.r2 };
  }

  /** Centred moments → fields. With `check`, returns false (fields untouched) when the anchor is too far from the means or Σx², Σy² may have rounded too much. */
  private centre(check: boolean): boolean {
    const n = this.count;
    if (n === 0) {
      this.slopeMiBPerSecond = this.r2 = this.meanTime = this.meanMiB = NaN;
      return true;
    }
    const sx = this.sx + this.cx;
    const sy = this.sy + this.cy;
    const sxx = this.sxx - (sx * sx) / n;
    const sxy = this.sxy + this.cxy - (sx * sy) / n;
    const syy = this.syy - (sy * sy) / n;
    // n·mean² > K·Σ(d−mean)² ⇔ |mean| > √K standard deviations from the anchor.
    if (check) {
      if ((sx * sx) / n > MAX_OFFSET_RATIO * sxx || (sy * sy) / n > MAX_OFFSET_RATIO * syy) return false;
      // Σx² and Σy² are not compensated: each addition rounds by up to 2⁻⁵³ of the
      // running sum, which can be far larger than today's window (a sample across
      // a gap, a spike that has left). Rebuild before that rounding nears 1e-9.
      if (this.axx > MAX_ROUNDING_RATIO * sxx || this.ayy > MAX_ROUNDING_RATIO * syy) return false;
    }
    this.meanTime = this.anchorT + sx / n;
    this.meanMiB = this.anchorY + sy / n;
    // slopeFromMoments and r2FromMoments, written out: called, they would box their double arguments.
    if (n < 2 || !(sxx > 0)) {
      this.slopeMiBPerSecond = this.r2 = NaN;
      return true;
    }
    this.slopeMiBPerSecond = sxy / sxx;
    const r2 = syy > 0 ? (sxy / sxx) * (sxy / syy) : 0;
    this.r2 = r2 > 1 ? 1 : r2 >= 0 ? r2 : 0;
    return true;
  }

  /**
   * Re-anchors at the sample time and value nearest the window's means and
   * recomputes the sums. Some sample always lies within one standard deviation
   * of the mean, so afterwards |mean − anchor| ≤ 1 SD; anchoring on a sample
   * (not the mean itself) keeps a constant window exactly zero.
   */
  private rebuild(): void {
    this.pushesSinceRebuild = 0;
    this.clearSums();
    if (this.count === 0) return;
    const { times, mib, mask, head, count } = this;
    const roughT = times[head] as number;
    const roughY = mib[head] as number;
    let sumT = 0;
    let sumY = 0;
    for (let k = 0; k < count; k++) {
      const slot = (head + k) & mask;
      sumT += (times[slot] as number) - roughT;
      sumY += (mib[slot] as number) - roughY;
    }
    const meanT = roughT + sumT / count;
    const meanY = roughY + sumY / count;
    let anchorT = roughT;
    let anchorY = roughY;
    for (let k = 1; k < count; k++) {
      const slot = (head + k) & mask;
      const t = times[slot] as number;
      const y = mib[slot] as number;
      if (Math.abs(t - meanT) < Math.abs(anchorT - meanT)) anchorT = t;
      if (Math.abs(y - meanY) < Math.abs(anchorY - meanY)) anchorY = y;
    }
    this.anchorT = anchorT;
    this.anchorY = anchorY;
    // accumulate(x, y, 1) for each sample, written out with the sums in locals (the same operations in the same order).
    let sx = 0;
    let cx = 0;
    let sy = 0;
    let cy = 0;
    let sxx = 0;
    let sxy = 0;
    let cxy = 0;
    let syy = 0;
    for (let k = 0; k < count; k++) {
      const slot = (head + k) & mask;
      const x = (times[slot] as number) - anchorT;
      const y = (mib[slot] as number) - anchorY;
      let next = sx + x;
      cx += Math.abs(sx) >= Math.abs(x) ? sx - next + x : x - next + sx;
      sx = next;
      next = sy + y;
      cy += Math.abs(sy) >= Math.abs(y) ? sy - next + y : y - next + sy;
      sy = next;
      sxx += x * x;
      syy += y * y;
      const term = x * y;
      next = sxy + term;
      cxy += Math.abs(sxy) >= Math.abs(term) ? sxy - next + term : term - next + sxy;
      sxy = next;
    }
    this.sx = sx;
    this.cx = cx;
    this.sy = sy;
    this.cy = cy;
    this.sxx = sxx;
    this.sxy = sxy;
    this.cxy = cxy;
    this.syy = syy;
    // Every term was added once: Σx² and Σy² are their own rounding bound.
    this.axx = sxx;
    this.ayy = syy;
  }

  private clearSums(): void {
    this.sx = this.cx = this.sy = this.cy = 0;
    this.sxx = this.sxy = this.cxy = this.syy = 0;
    this.axx = this.ayy = 0;
  }

  /**
   * Adds (sign 1) or removes (sign −1, with x and y negated by the caller so
   * the products keep their sign) one sample's terms, each with Neumaier's
   * compensated addition. The terms pass through fields rather than
   * arguments: a call that is not inlined boxes every double argument, and
   * this runs twice per sample.
   */
  private accumulate(x: number, y: number, sign: number): void {
    this.termX = x;
    this.termY = y;
    this.termSign = sign;
    this.addTerms();
  }

  private addTerms(): void {
    const x = this.termX;
    const y = this.termY;
    const sign = this.termSign;
    let sum = this.sx;
    let next = sum + x;
    this.cx += Math.abs(sum) >= Math.abs(x) ? sum - next + x : x - next + sum;
    this.sx = next;

    sum = this.sy;
    next = sum + y;
    this.cy += Math.abs(sum) >= Math.abs(y) ? sum - next + y : y - next + sum;
    this.sy = next;

    // Σx² and Σy² are not compensated; axx and ayy bound their rounding, and
    // centre() rebuilds when that bound nears the tolerance.
    this.sxx += sign * x * x;
    this.syy += sign * y * y;
    this.axx += x * x;
    this.ayy += y * y;

    // Σxy does: its centred value is ρ·σx·σy, which for a flat noisy window is
    // tiny beside the products of the offsets.
    const term = sign * x * y;
    sum = this.sxy;
    next = sum + term;
    this.cxy += Math.abs(sum) >= Math.abs(term) ? sum - next + term : term - next + sum;
    this.sxy = next;
  }

  private grow(): void {
    const capacity = this.times.length;
    const times = new Float64Array(capacity * 2);
    const mib = new Float64Array(capacity * 2);
    for (let k = 0; k < this.count; k++) {
      const slot = (this.head + k) & this.mask;
      times[k] = this.times[slot] as number;
      mib[k] = this.mib[slot] as number;
    }
    this.times = times;
    this.mib = mib;
    this.mask = capacity * 2 - 1;
    this.head = 0;
  }
}
