/**
 * How many cases each property test runs. The normal test run uses 10^4 per
 * reader (issue 4); for a deeper search run
 *
 *   FUZZ_RUNS=100000 npx vitest run test/formats test/samples
 *
 * (about ten times as long). FUZZ_SEED=<n> replays a run: fast-check prints
 * the seed and path of any failure.
 */
export const FUZZ_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 10_000) || 10_000);

/** For fc.assert: the run count, and the seed when one is given. */
export function fuzzParameters(numRuns = FUZZ_RUNS): { numRuns: number; seed?: number } {
  const seed = process.env.FUZZ_SEED;
  return seed === undefined ? { numRuns } : { numRuns, seed: Number(seed) };
}
