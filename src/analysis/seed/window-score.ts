/**
 * SPEC §2 steps 1 and 5–7: from a least-squares fit to the window's score.
 */
import { curveValue, type CurveParameters } from './curves.js';

/** An OLS fit of MiB against seconds; `null` where SPEC §2 says slope and R² are undefined. */
export interface Fit {
  /** Samples in the fit. */
  n: number;
  /** MiB per second, or null when Σ(x−x̄)² = 0. */
  slopeMiBPerSecond: number | null;
  /** In [0, 1], or null when Σ(x−x̄)² = 0. */
  r2: number | null;
}

export interface ScoredFit {
  slopeMiBPerHour: number | null;
  r2: number | null;
  score: number;
}

export interface ScoreParameters extends CurveParameters {
  minSamples: number;
}

/** Applies `minSamples`, the slope ≤ 0 rule and R² weighting (SPEC §2). */
export function scoreFit(fit: Fit, parameters: ScoreParameters): ScoredFit {
  if (fit.n < parameters.minSamples || fit.slopeMiBPerSecond === null || fit.r2 === null) {
    return { slopeMiBPerHour: null, r2: null, score: 0 };
  }
  const slopeMiBPerHour = fit.slopeMiBPerSecond * 3600;
  const score = fit.slopeMiBPerSecond > 0 ? Math.min(1, curveValue(slopeMiBPerHour, parameters) * fit.r2) : 0;
  return { slopeMiBPerHour, r2: fit.r2, score };
}
