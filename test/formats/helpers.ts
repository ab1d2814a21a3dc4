import { LeakScoreError } from '../../src/errors.js';

/** Runs `fn`, which must throw a LeakScoreError, and returns its message. */
export function leakScoreMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof LeakScoreError) return error.message;
    throw new Error(`expected a LeakScoreError, got ${String(error)}`);
  }
  throw new Error('expected a LeakScoreError, nothing was thrown');
}

/** Plain arrays, for readable `toEqual` on Float64Arrays. */
export function arrays(series: { times: Float64Array; values: Float64Array }): { times: number[]; values: number[] } {
  return { times: [...series.times], values: [...series.values] };
}
