/**
 * The robust opinion's settings (issue 5). Kept apart from the seed's
 * options: none of them changes a seed number.
 */
import type { Baseline } from './bucket-accumulator.js';

export type Profile = 'seed' | 'robust';

export interface RobustOptions {
  /** `robust`: the robust verdict decides the leak gate; `seed`: shown beside, the seed's alerts gate. */
  profile: Profile;
  /** Find the warm-up of every segment (`--skip auto`, and the robust profile unless a fixed `--skip` is given). */
  skipAuto: boolean;
  /** `--skip auto` was given: the seed replay skips the first segment's warm-up too. */
  seedSkipAuto: boolean;
  baseline: Baseline;
  /** Width of a floor bucket. */
  bucketSeconds: number;
  /** Split at restarts (RSS below half the previous sample, or a gap beyond staleness to a lower level). */
  restarts: boolean;
  /** Tell one-off steps from trends. */
  steps: boolean;
  /** Mann–Kendall one-sided significance for "increasing". */
  alpha: number;
  /** The Theil–Sen lower confidence bound must exceed this growth rate for a leak. */
  minRateMiBPerHour: number;
  /** Confidence of the Theil–Sen interval. */
  confidence: number;
  /** Fewest points a segment needs to be judged. */
  minPoints: number;
  /** The cost bound: buckets are widened so no run yields more than this many points. */
  maxPoints: number;
}

/** What `--profile robust` bundles. */
export const ROBUST_PROFILE: Readonly<RobustOptions> = Object.freeze({
  profile: 'robust',
  skipAuto: true,
  seedSkipAuto: false,
  baseline: 'floor',
  bucketSeconds: 600,
  restarts: true,
  steps: true,
  alpha: 0.001,
  minRateMiBPerHour: 2,
  confidence: 0.95,
  minPoints: 8,
  maxPoints: 1000,
});

/**
 * The opinion any other robust flag adds beside the seed's: the same
 * settings (the flags given override them), but the seed's alerts gate.
 */
export const ROBUST_OPINION_ONLY: Readonly<RobustOptions> = Object.freeze({ ...ROBUST_PROFILE, profile: 'seed' });
