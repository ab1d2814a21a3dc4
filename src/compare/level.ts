/**
 * The steady-state level of a run: where its post-GC floor sits after
 * warm-up, with a noise estimate, so two runs' levels can be told apart
 * from the wobble of one run.
 *
 * Location: where the floor (per-bucket minima) sits at one moment `at` —
 * the median of the points moved along the run's own Theil–Sen line to that
 * moment, so a run that keeps growing is compared where it settled, not
 * wherever the middle of its recording happens to be (growth is compared
 * on its own). For a flat run it is the median floor. Noise: the floor's
 * residuals about that line (so a rising floor is not mistaken for noise),
 * scaled by the MAD (σ ≈ 1.4826·MAD). Floor points are not independent — a slow
 * sawtooth keeps neighbours alike — so the count is discounted by the
 * lag-1 autocorrelation of the residuals (n_eff = n(1−ρ)/(1+ρ), the AR(1)
 * rule), and the median's standard error is √(π/2)·σ/√n_eff; moving the
 * points to `at` adds the slope's own error times the distance moved.
 */

export interface Level {
  /** Median floor, bytes. */
  bytes: number;
  /** Standard error of `bytes`. */
  standardErrorBytes: number;
  /** Robust spread of the floor about its trend line (σ), bytes. */
  noiseBytes: number;
  /** Floor points used, and what they are worth once autocorrelation is counted. */
  points: number;
  effectivePoints: number;
}

/** Median of a copy (the input is left alone). */
export function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface Slope {
  bytesPerSecond: number;
  /** Its standard error. */
  standardError: number;
}

/**
 * The level at time `at` of floor points `(times, values)` given the run's
 * slope — null with fewer than 3 points, which cannot give a spread.
 *
 * @example floorLevel([0, 1, 2, 3, 4], [10, 11, 10, 11, 10], { bytesPerSecond: 0, standardError: 0 }, 0)?.bytes // 10
 */
export function floorLevel(times: ArrayLike<number>, values: ArrayLike<number>, slope: Slope, at: number): Level | null {
  const n = values.length;
  if (n < 3) return null;
  const moved = Float64Array.from({ length: n }, (_, i) => (values[i] as number) - slope.bytesPerSecond * ((times[i] as number) - at));
  const location = median(moved);
  const residuals = moved.map((v) => v - location);
  let meanTime = 0;
  for (let i = 0; i < n; i++) meanTime += (times[i] as number) / n;
  const mad = median(residuals.map(Math.abs));
  const noiseBytes = 1.4826 * mad;
  const rho = Math.min(0.95, Math.max(0, lessBiased(lagOneAutocorrelation(residuals), n)));
  const effectivePoints = Math.max(1, (n * (1 - rho)) / (1 + rho));
  const ofMedian = (Math.sqrt(Math.PI / 2) * noiseBytes) / Math.sqrt(effectivePoints);
  const ofMove = slope.standardError * Math.abs(meanTime - at);
  return {
    bytes: location,
    standardErrorBytes: Math.hypot(ofMedian, ofMove),
    noiseBytes,
    points: n,
    effectivePoints,
  };
}

/**
 * Lag-1 autocorrelation of the residuals of `(times, values)` about a line
 * of slope `bytesPerSecond`, clamped to [0, 0.95]: how alike neighbouring
 * floor points are once the trend is taken out.
 */
export function residualAutocorrelation(times: ArrayLike<number>, values: ArrayLike<number>, bytesPerSecond: number): number {
  const n = values.length;
  if (n < 3) return 0;
  const detrended = Float64Array.from({ length: n }, (_, i) => (values[i] as number) - bytesPerSecond * (times[i] as number));
  return Math.min(0.95, Math.max(0, lessBiased(lagOneAutocorrelation(detrended), n)));
}

/** The lag-1 estimate is biased low on short runs by about (1 + 4ρ)/n (Kendall 1954); put it back. */
function lessBiased(rho: number, n: number): number {
  return rho + (1 + 4 * rho) / n;
}

/**
 * How much wider an interval must be when neighbouring points move
 * together: √((1+ρ)/(1−ρ)), the AR(1) variance inflation. Sen's interval
 * counts every pair of points as independent evidence; a floor that
 * wanders slowly is worth fewer points than it has.
 */
export function autocorrelationInflation(rho: number): number {
  return Math.sqrt((1 + rho) / (1 - rho));
}

function lagOneAutocorrelation(values: Float64Array): number {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) - mean;
    den += d * d;
    if (i > 0) num += d * ((values[i - 1] as number) - mean);
  }
  return den > 0 ? num / den : 0;
}
