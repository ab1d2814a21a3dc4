/**
 * SPEC §2 curves: growth rate in MiB/h → a 0–1 severity before R² weighting.
 */
import type { CurveName } from '../../options.js';

export interface CurveParameters {
  curve: CurveName;
  moderateMiBPerHour: number;
  severeMiBPerHour: number;
}

/**
 * `piecewise` (the seed document): linear through (0, 0), (moderate, 0.5),
 * (severe, 1), then 1. `linear` (what the seed shipped): min(1, rate/severe).
 * Rates at or below 0 give 0.
 *
 * @example curveValue(10, { curve: 'piecewise', moderateMiBPerHour: 10, severeMiBPerHour: 50 }) // 0.5
 * @example curveValue(10, { curve: 'linear', moderateMiBPerHour: 10, severeMiBPerHour: 50 })    // 0.2
 */
export function curveValue(rateMiBPerHour: number, parameters: CurveParameters): number {
  const { moderateMiBPerHour: moderate, severeMiBPerHour: severe } = parameters;
  return parameters.curve === 'linear' ? linearCurve(rateMiBPerHour, severe) : piecewiseCurve(rateMiBPerHour, moderate, severe);
}

/** `linear`, for loops that look the curve up once. */
export function linearCurve(rateMiBPerHour: number, severe: number): number {
  if (!(rateMiBPerHour > 0)) return 0;
  return Math.min(1, rateMiBPerHour / severe);
}

/** `piecewise`, for loops that look the curve up once. */
export function piecewiseCurve(rateMiBPerHour: number, moderate: number, severe: number): number {
  if (!(rateMiBPerHour > 0)) return 0;
  if (rateMiBPerHour <= moderate) return (0.5 * rateMiBPerHour) / moderate;
  if (rateMiBPerHour <= severe) return 0.5 + (0.5 * (rateMiBPerHour - moderate)) / (severe - moderate);
  return 1;
}
