/**
 * Options for library callers: any subset of AnalysisOptions over the seed's
 * defaults (SPEC §2, §4), checked as the CLI checks its flags.
 */
import { LeakScoreError } from '../errors.js';
import { DEFAULT_OPTIONS, validateOptions, type AnalysisOptions } from '../options.js';

export function resolveOptions(overrides: Partial<AnalysisOptions> = {}): AnalysisOptions {
  const options: AnalysisOptions = { ...DEFAULT_OPTIONS, ...withoutUndefined(overrides) };
  const window = options.window;
  if (window.kind === 'count' ? !(Number.isSafeInteger(window.samples) && window.samples >= 1) : !(window.seconds > 0)) {
    throw new LeakScoreError('window must be a sample count of at least 1 or a duration above 0 (use parseWindow("120") or parseWindow("1h"))');
  }
  if (!(Number.isSafeInteger(options.minSamples) && options.minSamples >= 1)) {
    throw new LeakScoreError(`minSamples must be a whole number of at least 1, not ${options.minSamples}`);
  }
  if (!(options.stalenessSeconds > 0)) {
    throw new LeakScoreError(`stalenessSeconds must be above 0, not ${options.stalenessSeconds}`);
  }
  return validateOptions(options);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
