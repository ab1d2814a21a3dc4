/**
 * The robust flags (`--profile`, `--skip auto`, `--baseline`, `--bucket`,
 * `--restarts`, `--steps`, `--trend-alpha`, `--min-rate`) → RobustOptions, or
 * undefined when none is given, so the default run is exactly the seed's.
 */
import { LeakScoreError } from '../../errors.js';
import { parseDuration, parseNumber } from '../../options.js';
import { parseBudget } from './budget.js';
import { ROBUST_OPINION_ONLY, ROBUST_PROFILE, type RobustOptions } from './options.js';

export interface RobustFlags {
  profile?: string;
  skip?: string;
  baseline?: string;
  bucket?: string;
  restarts?: string;
  steps?: string;
  trendAlpha?: string;
  minRate?: string;
  budget?: string;
}

function onOff(text: string, flag: string): boolean {
  if (text === 'on') return true;
  if (text === 'off') return false;
  throw new LeakScoreError(`${flag} ${JSON.stringify(text)} is not valid: give on or off`);
}

/** True when `--skip` asks for the automatic warm-up cut. */
export function isSkipAuto(skip: string | undefined): boolean {
  return skip?.trim() === 'auto';
}

export function robustOptionsFromFlags(flags: RobustFlags): RobustOptions | undefined {
  const profile = flags.profile ?? 'seed';
  if (profile !== 'seed' && profile !== 'robust') {
    throw new LeakScoreError(`--profile ${JSON.stringify(profile)} is not valid: give seed (the seed's numbers and alerts) or robust`);
  }
  const anyRobustFlag =
    isSkipAuto(flags.skip) ||
    [flags.baseline, flags.bucket, flags.restarts, flags.steps, flags.trendAlpha, flags.minRate, flags.budget].some((f) => f !== undefined);
  if (profile === 'seed' && !anyRobustFlag) return undefined;
  const base = profile === 'robust' ? ROBUST_PROFILE : ROBUST_OPINION_ONLY;
  // The warm-up is found automatically unless a fixed --skip is given.
  const fixedSkip = flags.skip !== undefined && !isSkipAuto(flags.skip) && parseDuration(flags.skip, '--skip') > 0;
  const options: RobustOptions = {
    ...base,
    skipAuto: isSkipAuto(flags.skip) || !fixedSkip,
    // Only an explicit --skip auto changes the seed replay; the profile alone leaves the seed's numbers as they are.
    seedSkipAuto: isSkipAuto(flags.skip),
  };
  if (flags.baseline !== undefined) {
    if (flags.baseline !== 'raw' && flags.baseline !== 'floor') {
      throw new LeakScoreError(`--baseline ${JSON.stringify(flags.baseline)} is not valid: give raw (every sample) or floor (per-bucket minima)`);
    }
    options.baseline = flags.baseline;
  }
  if (flags.bucket !== undefined && flags.bucket.trim() !== 'auto') {
    const bucketSeconds = parseDuration(flags.bucket, '--bucket');
    options.bucketSeconds = bucketSeconds;
    if (!(bucketSeconds > 0)) throw new LeakScoreError(`--bucket ${JSON.stringify(flags.bucket)} is not valid: give a duration above 0, e.g. 10m`);
  }
  if (flags.restarts !== undefined) options.restarts = onOff(flags.restarts, '--restarts');
  if (flags.steps !== undefined) options.steps = onOff(flags.steps, '--steps');
  if (flags.trendAlpha !== undefined) options.alpha = parseNumber(flags.trendAlpha, '--trend-alpha', { min: 0, max: 1, minExclusive: true });
  if (flags.budget !== undefined) options.budget = parseBudget(flags.budget, '--budget');
  if (flags.minRate !== undefined) options.minRateMiBPerHour = parseNumber(flags.minRate, '--min-rate', { min: 0 });
  return options;
}
