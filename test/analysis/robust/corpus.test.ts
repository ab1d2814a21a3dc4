/**
 * The labelled corpus of real recordings (fixtures/corpus/) through the
 * library, as `npm run eval` does: pins how the seed and the robust profile
 * classify each trace, so a change that loses a correct call shows here.
 * The two traces the robust profile gets wrong are listed with the reason
 * (fixtures/corpus/README.md explains them).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/analyse.js';
import { readInput } from '../../../src/samples/index.js';
import { DEFAULT_OPTIONS, type AnalysisOptions } from '../../../src/options.js';
import { ROBUST_PROFILE } from '../../../src/analysis/robust/options.js';

const corpus = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'corpus');
const labels = readFileSync(join(corpus, 'labels.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [name, label] = line.split(',');
    return { name: name as string, label: label as string };
  });

/** Known robust misclassifications, with why (see the corpus README). */
const ROBUST_KNOWN_WRONG: Record<string, string> = {
  'node-leak-sawtooth': 'miss: V8 major GCs ~1–2 scaled hours apart; the 10 min floor sees ramps, the second half is not significant',
  'node-restart-noleak': 'false alarm: each short life creeps ~9 MiB/h (old-space growth before the first major GC), like a slow leak',
};

/** The seed's calls (exit code 1 = leak) on the same traces. */
const SEED_LEAK = new Set([
  'node-steady-leak', 'node-sawtooth', 'node-cache-warmup', 'node-leak-halfway', 'node-step-ramp', 'node-buffer-leak',
  'node-leak-restart', 'node-leak-sawtooth', 'node-restart-noleak', 'py-steady-leak', 'py-sawtooth-slow',
  'py-slow-leak-sawtooth', 'py-cache-saturating',
]);

function exitCode(name: string, options: AnalysisOptions): number {
  const file = join(corpus, 'traces', `${name}.csv`);
  const read = readInput(readFileSync(file, 'utf8'), { source: file });
  return analyse({ source: file, format: read.format, series: read.series }, options).exitCode;
}

describe('labelled corpus', () => {
  it('has at least 12 traces, leaks and non-leaks', () => {
    expect(labels.length).toBeGreaterThanOrEqual(12);
    expect(new Set(labels.map((l) => l.label))).toEqual(new Set(['leak', 'no-leak']));
  });
  const seed: AnalysisOptions = { ...DEFAULT_OPTIONS, gate: ['leak'] };
  const robust: AnalysisOptions = { ...seed, robust: ROBUST_PROFILE };
  it.each(labels)('$name ($label)', ({ name, label }) => {
    expect(exitCode(name, seed) === 1).toBe(SEED_LEAK.has(name));
    const robustSaysLeak = exitCode(name, robust) === 1;
    const right = robustSaysLeak === (label === 'leak');
    expect(right, ROBUST_KNOWN_WRONG[name] ?? 'robust should be right').toBe(ROBUST_KNOWN_WRONG[name] === undefined);
  });
});
