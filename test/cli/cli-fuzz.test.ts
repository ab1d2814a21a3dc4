/**
 * CLI-level fuzz (issue 13): random bytes and mutated fixtures through the
 * built binary, on standard input and as a file. Every run must end on its
 * own (no hang within a generous timeout), with an exit code in {0,1,2,3}
 * and no stack trace. The default count is small (each run is a process);
 * CLI_FUZZ_RUNS=500 for a deeper search. FUZZ_SEED replays a run.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuilt, STACK_TRACE } from '../support/built-cli.js';

const RUNS = Math.max(1, Number(process.env.CLI_FUZZ_RUNS ?? 12) || 12);
const seed = process.env.FUZZ_SEED === undefined ? {} : { seed: Number(process.env.FUZZ_SEED) };
const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');
const SEEDS = ['leaking.csv', 'prometheus-two-series.json', 'leaking.jsonl', 'formats/victoriametrics-export.jsonl', 'hostile-labels.json'].map((name) =>
  readFileSync(join(fixtures, name)),
);

/** A fixture with a few bytes flipped, cut, or repeated. */
const mutated = fc
  .tuple(fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'cut', 'dup')), { maxLength: 8 }))
  .map(([base, edits]) => {
    let bytes = Buffer.from(base);
    for (const [at, value, kind] of edits) {
      const i = at % Math.max(1, bytes.length);
      if (kind === 'flip') bytes[i] = value;
      else if (kind === 'cut') bytes = bytes.subarray(0, i);
      else bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i, i + value), bytes.subarray(i)]);
    }
    return bytes;
  });
const input = fc.oneof(fc.uint8Array({ maxLength: 4096 }).map((a) => Buffer.from(a)), mutated);
const FORMATS = [[], ['--format', 'json'], ['--format', 'markdown'], ['--format', 'junit'], ['--quiet']];

describe('the built CLI on random and mutated input', () => {
  it(`${RUNS} inputs: exit 0-3, no stack trace, no hang`, async () => {
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(input, fc.constantFrom(...FORMATS), async (bytes, format) => {
        tried += 1;
        const run = await runBuilt(['-', ...format], { stdin: bytes, timeoutMs: 60_000 });
        expect(run.timedOut).toBe(false);
        expect([0, 1, 2, 3]).toContain(run.code);
        expect(run.stderr).not.toMatch(STACK_TRACE);
        if (run.code === 2 && format[1] !== 'json' && format[1] !== 'junit') expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      }),
      { numRuns: RUNS, ...seed },
    );
    expect(tried).toBeGreaterThanOrEqual(RUNS);
  }, 600_000);
});
