/**
 * `--skip auto`: where warm-up ends. Caches fill, pools grow and code is
 * compiled in the first minutes; that growth stops, a leak does not.
 */

export interface WarmupFit {
  /** Index of the first point after warm-up (0 when none was found). */
  index: number;
  /** Slopes of the two lines (value units per second), null when no warm-up was found. */
  slopeBefore: number | null;
  slopeAfter: number | null;
  /** SSE of the two-line fit over the SSE of one line (1 when no warm-up was found). */
  sseRatio: number;
}

interface LineSse {
  sse: number;
  slope: number;
  /** 1 − SSE/SS_tot (0 for a constant run). */
  r2: number;
}

/** Prefix sums of centred x and y so the SSE of a line over any run is O(1). */
class PrefixSums {
  readonly sx: Float64Array;
  readonly sy: Float64Array;
  readonly sxx: Float64Array;
  readonly sxy: Float64Array;
  readonly syy: Float64Array;
  constructor(x: ArrayLike<number>, y: ArrayLike<number>) {
    const n = x.length;
    const x0 = n > 0 ? (x[0] as number) : 0;
    const y0 = n > 0 ? (y[0] as number) : 0;
    this.sx = new Float64Array(n + 1);
    this.sy = new Float64Array(n + 1);
    this.sxx = new Float64Array(n + 1);
    this.sxy = new Float64Array(n + 1);
    this.syy = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      const dx = (x[i] as number) - x0;
      const dy = (y[i] as number) - y0;
      this.sx[i + 1] = (this.sx[i] as number) + dx;
      this.sy[i + 1] = (this.sy[i] as number) + dy;
      this.sxx[i + 1] = (this.sxx[i] as number) + dx * dx;
      this.sxy[i + 1] = (this.sxy[i] as number) + dx * dy;
      this.syy[i + 1] = (this.syy[i] as number) + dy * dy;
    }
  }
  /** Least-squares line over points [from, to). */
  line(from: number, to: number): LineSse {
    const n = to - from;
    const d = (a: Float64Array): number => (a[to] as number) - (a[from] as number);
    const sx = d(this.sx);
    const sy = d(this.sy);
    const cxx = d(this.sxx) - (sx * sx) / n;
    const cxy = d(this.sxy) - (sx * sy) / n;
    const cyy = d(this.syy) - (sy * sy) / n;
    if (!(cxx > 0)) return { sse: Math.max(0, cyy), slope: 0, r2: 0 };
    const sse = Math.max(0, cyy - (cxy * cxy) / cxx);
    return { sse, slope: cxy / cxx, r2: cyy > 0 ? 1 - sse / cyy : 0 };
  }
  /** Sum of squared deviations from the mean over [from, to). */
  flat(from: number, to: number): number {
    const n = to - from;
    const sy = (this.sy[to] as number) - (this.sy[from] as number);
    return Math.max(0, (this.syy[to] as number) - (this.syy[from] as number) - (sy * sy) / n);
  }
}

export { PrefixSums };

/**
 * Segmented least squares with one break: the break k minimising
 * SSE(line on points < k) + SSE(line on points ≥ k), searched over the first
 * `maxFraction` of the points with at least `minPoints` on each side. It is
 * warm-up only if the early line is rising, at least `slopeFactor` times as
 * steep as the late one, fits its points (R² ≥ 0.7: a gradual fill, not a
 * flat stretch ending in a jump, which is a step), and the break removes at
 * least half the one-line SSE — a steady leak has no such knee, a leak
 * starting late bends the other way. O(n) after the prefix sums.
 *
 * @example findWarmup([0,1,2,3,4,5,6,7,8,9,10,11], [0,10,20,30,40,50,50,50,50,50,50,50]).index // 5 or 6
 */
export function findWarmup(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  { minPoints = 3, maxFraction = 2 / 3, slopeFactor = 3 }: { minPoints?: number; maxFraction?: number; slopeFactor?: number } = {},
): WarmupFit {
  const n = x.length;
  const none: WarmupFit = { index: 0, slopeBefore: null, slopeAfter: null, sseRatio: 1 };
  if (n < 2 * minPoints + 1) return none;
  const sums = new PrefixSums(x, y);
  const whole = sums.line(0, n).sse;
  let best: { k: number; sse: number; before: LineSse; after: LineSse } | null = null;
  const last = Math.min(n - minPoints, Math.floor(n * maxFraction));
  for (let k = minPoints; k <= last; k++) {
    const before = sums.line(0, k);
    const after = sums.line(k, n);
    const sse = before.sse + after.sse;
    if (best === null || sse < best.sse) best = { k, sse, before, after };
  }
  if (best === null) return none;
  const ratio = whole > 0 ? best.sse / whole : 1;
  const rising =
    best.before.slope > 0 && best.before.slope > slopeFactor * Math.max(0, best.after.slope) && best.before.r2 >= 0.7;
  if (!rising || ratio > 0.5) return { ...none, sseRatio: ratio };
  return { index: best.k, slopeBefore: best.before.slope, slopeAfter: best.after.slope, sseRatio: ratio };
}
