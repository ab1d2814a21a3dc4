/**
 * The robust opinion's settings (issues 5 and 11). Kept apart from the
 * seed's options: none of them changes a seed number.
 */
import { DEFAULT_BUDGET_TEXT, parseBudget, type Budget } from './budget.js';
import type { Baseline } from './fine-buckets.js';

export type Profile = 'seed' | 'robust';

export interface RobustOptions {
  /** `robust`: the robust verdict decides the leak gate; `seed`: shown beside, the seed's alerts gate. */
  profile: Profile;
  /** Find the warm-up of every segment (`--skip auto`, and the robust profile unless a fixed `--skip` is given). */
  skipAuto: boolean;
  /** `--skip auto` was given: the seed replay skips the first segment's warm-up too. */
  seedSkipAuto: boolean;
  baseline: Baseline;
  /**
   * Width of a floor bucket, or null (the default) to take it from the
   * recording: its span over `targetBuckets`, and at least
   * `minSamplesPerBucket` sampling intervals.
   */
  bucketSeconds: number | null;
  /** Buckets the span is cut into when the width is automatic. */
  targetBuckets: number;
  /** Fewest samples (by the median interval) an automatic bucket spans, so each floor sees a few GC troughs. */
  minSamplesPerBucket: number;
  /** Split at restarts (RSS below half the previous sample, or a gap beyond staleness to a lower level). */
  restarts: boolean;
  /** Tell one-off steps from trends. */
  steps: boolean;
  /** Mann–Kendall one-sided significance for "increasing". */
  alpha: number;
  /** The Theil–Sen lower confidence bound must exceed this growth rate for a leak (`--min-rate`). */
  minRateMiBPerHour: number;
  /** Materiality: the Theil–Sen slope must exceed this for a leak (`--budget`). */
  budget: Budget;
  /** A leak's second half (or the part after a step) must grow at least this share of the whole trend's rate. */
  tailShare: number;
  /** Confidence of the Theil–Sen interval. */
  confidence: number;
  /** Fewest bucket points a segment needs to be judged. */
  minPoints: number;
  /** Fine buckets a segment keeps while streaming (2× this at most): the memory bound. */
  fineBuckets: number;
  /** Segments kept with their buckets; earlier ones are counted, not kept: the memory bound on restarts. */
  maxSegments: number;
}

/** What `--profile robust` bundles (and `leak-score record` uses by default). */
export const ROBUST_PROFILE: Readonly<RobustOptions> = Object.freeze({
  profile: 'robust',
  skipAuto: true,
  seedSkipAuto: false,
  baseline: 'floor',
  bucketSeconds: null,
  targetBuckets: 30,
  minSamplesPerBucket: 5,
  restarts: true,
  steps: true,
  alpha: 0.001,
  minRateMiBPerHour: 0,
  budget: parseBudget(DEFAULT_BUDGET_TEXT),
  tailShare: 0.25,
  confidence: 0.95,
  minPoints: 8,
  fineBuckets: 1024,
  maxSegments: 32,
});

/**
 * The opinion any other robust flag adds beside the seed's: the same
 * settings (the flags given override them), but the seed's alerts gate.
 */
export const ROBUST_OPINION_ONLY: Readonly<RobustOptions> = Object.freeze({ ...ROBUST_PROFILE, profile: 'seed' });
