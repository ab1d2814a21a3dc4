/**
 * The interval of a difference of two independently estimated quantities
 * from their own intervals: MOVER (the method of variance estimates
 * recovery; Zou & Donner 2008, "Construction of confidence limits about
 * effect measures", Stat. Med. 27). Each run's interval says how far its
 * estimate can be off on each side; the difference can be off by the
 * root-sum-square of the sides that move it the same way. It keeps the
 * asymmetry of Sen's Theil–Sen intervals, and for symmetric normal
 * intervals it is exactly est ± z·√(se₁² + se₂²).
 */

export interface Estimate {
  value: number;
  lower: number;
  upper: number;
}

/**
 * head − base with an interval at the confidence both inputs were made at.
 *
 * @example differenceInterval({ value: 10, lower: 8, upper: 13 }, { value: 4, lower: 3, upper: 5 })
 * // { value: 6, lower: 6 − √(2² + 1²), upper: 6 + √(3² + 1²) }
 */
export function differenceInterval(head: Estimate, base: Estimate): Estimate {
  const value = head.value - base.value;
  const headDown = head.value - head.lower;
  const headUp = head.upper - head.value;
  const baseDown = base.value - base.lower;
  const baseUp = base.upper - base.value;
  return {
    value,
    // The difference is low when head is low and base is high.
    lower: value - Math.hypot(headDown, baseUp),
    upper: value + Math.hypot(headUp, baseDown),
  };
}
