/**
 * The whole-series least-squares fit (SPEC §3 "overall") in bounded memory.
 * Samples are gathered in blocks; each full block is reduced with the
 * corrected two-pass formula and merged into the running totals with Chan et
 * al.'s pairwise update, so the error stays near the two-pass fit's while
 * memory stays one block, however long the series.
 */
import { fitFromMoments } from './fit-from-moments.js';
import { giveFloat64, takeFloat64 } from '../float-pool.js';
import type { Fit } from './window-score.js';

const BYTES_PER_MIB = 1048576;
const BLOCK = 4096;
const ONE_TIME = new Float64Array(1);
const ONE_VALUE = new Float64Array(1);
const NO_BLOCK = new Float64Array(0);

export class OnlineMoments {
  // From the thread's pool (float-pool.ts): a fleet makes one of these per series.
  private blockX = takeFloat64(BLOCK);
  private blockY = takeFloat64(BLOCK);
  private blockCount = 0;
  private blockSumX = 0;
  private blockSumY = 0;
  private originT = NaN;
  private originY = NaN;
  /** A double from the start (-0 is not a small integer): n × m below overflows 31 bits, and speculating on small integers there deoptimised flush() hundreds of times per series. */
  private n = -0;
  private meanX = 0;
  private meanY = 0;
  private cxx = 0;
  private cxy = 0;
  private cyy = 0;

  push(time: number, bytes: number): void {
    ONE_TIME[0] = time;
    ONE_VALUE[0] = bytes;
    this.pushEach(ONE_TIME, ONE_VALUE, 1);
  }

  /** `push(times[i], bytes[i])` for each i in [0, count). */
  pushEach(times: Float64Array, bytes: Float64Array, count: number): void {
    if (count === 0) return;
    if (this.blockX.length === 0) throw new Error('OnlineMoments: pushed after release()');
    if (Number.isNaN(this.originT)) {
      this.originT = times[0] as number;
      this.originY = (bytes[0] as number) / BYTES_PER_MIB;
    }
    const { blockX, blockY, originT, originY } = this;
    let filled = this.blockCount;
    // The block's sums are taken as it fills (the first of flush's two passes, in the same order).
    let sumX = this.blockSumX;
    let sumY = this.blockSumY;
    for (let i = 0; i < count; i++) {
      const x = (times[i] as number) - originT;
      const y = (bytes[i] as number) / BYTES_PER_MIB - originY;
      blockX[filled] = x;
      blockY[filled] = y;
      sumX += x;
      sumY += y;
      if (++filled === BLOCK) {
        this.blockCount = filled;
        this.blockSumX = sumX;
        this.blockSumY = sumY;
        this.flush();
        filled = 0;
        sumX = sumY = 0;
      }
    }
    this.blockCount = filled;
    this.blockSumX = sumX;
    this.blockSumY = sumY;
  }

  /** Gives the block back for reuse; push no more after (result() still answers for what came before, once flushed). */
  release(): void {
    this.flush();
    giveFloat64(this.blockX, this.blockY);
    this.blockX = this.blockY = NO_BLOCK;
  }

  /** Samples seen. */
  get count(): number {
    return this.n + this.blockCount;
  }

  /** The fit of every sample pushed so far, and its centroid (seconds, MiB). */
  result(): { fit: Fit; meanTime: number; meanMiB: number } {
    this.flush();
    return {
      fit: fitFromMoments(this.n, this.cxx, this.cxy, this.cyy),
      meanTime: this.originT + this.meanX,
      meanMiB: this.originY + this.meanY,
    };
  }

  private flush(): void {
    const m = this.blockCount;
    if (m === 0) return;
    const xs = this.blockX;
    const ys = this.blockY;
    const sumX = this.blockSumX;
    const sumY = this.blockSumY;
    const mx = sumX / m;
    const my = sumY / m;
    let cxx = 0;
    let cxy = 0;
    let cyy = 0;
    let restX = 0;
    let restY = 0;
    for (let i = 0; i < m; i++) {
      const dx = (xs[i] as number) - mx;
      const dy = (ys[i] as number) - my;
      restX += dx;
      restY += dy;
      cxx += dx * dx;
      cxy += dx * dy;
      cyy += dy * dy;
    }
    // Corrected two-pass: removes what rounding left in the block means.
    cxx -= (restX * restX) / m;
    cxy -= (restX * restY) / m;
    cyy -= (restY * restY) / m;
    const na = this.n;
    const total = na + m;
    const dx = mx - this.meanX;
    const dy = my - this.meanY;
    const weight = (na * m) / total;
    this.cxx += cxx + dx * dx * weight;
    this.cxy += cxy + dx * dy * weight;
    this.cyy += cyy + dy * dy * weight;
    this.meanX += (dx * m) / total;
    this.meanY += (dy * m) / total;
    this.n = total;
    this.blockCount = 0;
    this.blockSumX = this.blockSumY = 0;
  }
}
