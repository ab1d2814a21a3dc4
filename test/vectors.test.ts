/**
 * Every shared vector (SPEC §2–§5, exact arithmetic) through the library and
 * through the built CLI with exactly the flags the vectors' README names.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../src/analysis/analyse.js';
import { readInput } from '../src/samples/index.js';
import {
  parseCurve,
  parseDuration,
  parseGate,
  parseSize,
  parseWindow,
  type AnalysisOptions,
} from '../src/options.js';
import { toJson } from '../src/report/json.js';
import { firstMismatch, loadVectors, VECTOR_DIR, vectorFlags, type Vector } from './vectors.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'leak-score.js');
const vectors = loadVectors();

function libraryOptions(o: Vector['options']): AnalysisOptions {
  return {
    window: parseWindow(String(o.window)),
    minSamples: Number(o.minSamples),
    curve: parseCurve(String(o.curve)),
    moderateMiBPerHour: Number(o.moderate),
    severeMiBPerHour: Number(o.severe),
    skipSeconds: parseDuration(String(o.skip)),
    leakThreshold: Number(o.leakThreshold),
    leakForSeconds: parseDuration(String(o.leakFor)),
    rssThresholdBytes: parseSize(String(o.rssThreshold)),
    rssForSeconds: parseDuration(String(o.rssFor)),
    stalenessSeconds: parseDuration(String(o.staleness)),
    gate: parseGate(String(o.gate)),
    allowInconclusive: o.allowInconclusive === true,
  };
}

describe('shared vectors', () => {
  it('are all present (the suite must not pass on an empty directory)', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(40);
  });

  describe.each(vectors.map((vector) => [vector.name, vector] as const))('%s', (_name, vector) => {
    it('matches through the library', () => {
      const path = join(VECTOR_DIR, vector.input);
      const read = readInput(readFileSync(path, 'utf8'), { source: path });
      const result = analyse({ source: path, format: read.format, series: read.series }, libraryOptions(vector.options));
      const document = toJson(result) as { exitCode: number; verdict: string; series: unknown[] };
      expect(firstMismatch(vector, document)).toBeNull();
    });

    it('matches through the built CLI with --format json', () => {
      const args = [BIN, join(VECTOR_DIR, vector.input), '--format', 'json', ...vectorFlags(vector.options)];
      const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const document = JSON.parse(run.stdout) as { exitCode: number; verdict: string; series: unknown[] };
      expect(run.status).toBe(vector.expected.exitCode);
      expect(firstMismatch(vector, document)).toBeNull();
    });
  });
});
