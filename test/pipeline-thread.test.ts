/**
 * Both profiles through the streaming pipeline give what analyse() gives on
 * the whole input in memory, on one thread and with scoring on a second
 * thread. The second thread runs the built module (dist/, which `npm test`
 * builds first): a worker cannot load the TypeScript sources.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { analyseSource as AnalyseSource } from '../src/pipeline/index.js';
import { analyse } from '../src/analysis/analyse.js';
import { readInput, type ReadOptions } from '../src/samples/read-input.js';
import { DEFAULT_OPTIONS, type AnalysisOptions } from '../src/options.js';
import { toJson } from '../src/report/json.js';
import { ROBUST_PROFILE } from '../src/analysis/robust/options.js';

const dist = (await import(join(import.meta.dirname, '..', 'dist', 'index.js'))) as { analyseSource: typeof AnalyseSource };
const dir = mkdtempSync(join(tmpdir(), 'leak-score-thread-'));
const fixtures = join(import.meta.dirname, '..', 'fixtures');

const PROFILES: Array<[string, AnalysisOptions]> = [
  ['seed', DEFAULT_OPTIONS],
  ['robust', { ...DEFAULT_OPTIONS, robust: ROBUST_PROFILE }],
  ['--skip auto', { ...DEFAULT_OPTIONS, robust: { ...ROBUST_PROFILE, profile: 'seed', skipAuto: true, seedSkipAuto: true } }],
];

function sawtoothCsv(rows: number, reverse = false): string {
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) lines.push(`${1_700_000_000 + 15 * i},${200 * 1048576 + i * 9000 + (i % 40) * 250_000}`);
  if (reverse) lines.reverse();
  return `timestamp,rss_bytes\n${lines.join('\n')}\n`;
}

/** Every fifth timestamp written twice, the second value different: SPEC §1 keeps the last one read and counts a duplicate. */
function repeatsCsv(rows: number): string {
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const time = 1_700_000_000 + 15 * i;
    lines.push(`${time},${200 * 1048576 + i * 9000}`);
    if (i % 5 === 0) lines.push(`${time},${300 * 1048576 + i * 7000}`);
  }
  return `timestamp,rss_bytes\n${lines.join('\n')}\n`;
}

/** Three pods' rows interleaved (long format): every batch to the scoring thread mixes series. */
function podsCsv(rowsPerPod: number): string {
  const lines: string[] = [];
  for (let i = 0; i < rowsPerPod; i++) {
    for (let pod = 0; pod < 3; pod++) lines.push(`${1_700_000_000 + 15 * i},pod-${pod},${200 * 1048576 + i * pod * 3000 + ((i * (pod + 7)) % 13) * 100_000}`);
  }
  return `timestamp,pod,rss_bytes\n${lines.join('\n')}\n`;
}

/**
 * Three pods in long format, each pod's rows together, 20,000 each: the
 * reading thread has a pod parked once 16,384 rows of others went by
 * (src/pipeline/parking.ts). `halves`: each pod's first 10,000 rows, then
 * each pod's last 10,000, so every pod is parked, then resumed from its log.
 * `repeat` / `earlier`: pod-0 comes back, after the others, with a row at
 * its last row's time (which must replace that row) or before it.
 */
function podsOneAfterAnotherCsv(shape: 'whole' | 'halves' | 'repeat' | 'earlier'): string {
  const row = (pod: number, i: number, bump = 0): string =>
    `${1_700_000_000 + 15 * i},pod-${pod},${(200 + 30 * pod) * 1048576 + i * pod * 4096 + ((i * (pod + 7)) % 13) * 98_304 + bump}`;
  const lines: string[] = [];
  const cuts = shape === 'halves' ? [0, 10_000, 20_000] : [0, 20_000];
  for (let part = 0; part + 1 < cuts.length; part++) {
    for (let pod = 0; pod < 3; pod++) for (let i = cuts[part] as number; i < (cuts[part + 1] as number); i++) lines.push(row(pod, i));
  }
  if (shape === 'repeat') lines.push(row(0, 19_999, 5 * 1048576));
  if (shape === 'earlier') lines.push(row(0, 19_000, 5 * 1048576));
  return `timestamp,pod,rss_bytes\n${lines.join('\n')}\n`;
}

const INPUTS: Array<[string, string, Omit<ReadOptions, 'source'>]> = [
  ['sorted CSV', sawtoothCsv(6000), {}],
  ['unsorted CSV', sawtoothCsv(3000, true), {}],
  ['CSV with repeated timestamps', repeatsCsv(20_000), {}],
  ['Prometheus, two series, --series', readFileSync(join(fixtures, 'prometheus-two-series.json'), 'utf8'), { series: 'instance=~"api-.*"' }],
  ['JSON Lines', readFileSync(join(fixtures, 'leaking.jsonl'), 'utf8'), {}],
  ['three interleaved series (--label-col), more than one batch', podsCsv(4000), { labelColumn: 'pod' }],
  ['three series one after another, long enough to be parked', podsOneAfterAnotherCsv('whole'), { labelColumn: 'pod' }],
  ['three series parked, then coming back', podsOneAfterAnotherCsv('halves'), { labelColumn: 'pod' }],
  ['a parked series coming back at its last time', podsOneAfterAnotherCsv('repeat'), { labelColumn: 'pod' }],
  ['a parked series coming back before its last time', podsOneAfterAnotherCsv('earlier'), { labelColumn: 'pod' }],
];

/** Issue 17's explanations of a memoryUsage() file come from a second pass over the file (src/diagnose/), which analyse() on read series cannot make. */
function withoutExplanation(json: Record<string, unknown>): Record<string, unknown> {
  const series = (json.series as Array<Record<string, unknown>>).map(({ explanation: _explanation, ...rest }) => rest);
  return { ...json, series };
}

describe.each(PROFILES)('the %s profile', (_profile, options) => {
  it.each(INPUTS)('%s: one thread, two threads and in memory agree', async (name, text, read) => {
    const path = join(dir, `${name.replace(/\W+/g, '-')}.txt`);
    writeFileSync(path, text);
    const want = toJson(analyse({ ...readInput(text, { ...read, source: path }), source: path }, options));
    const { analyseSource } = await import('../src/pipeline/index.js');
    expect(withoutExplanation(toJson(await analyseSource({ path, read, scoringThread: false }, options)))).toEqual(want);
    expect(withoutExplanation(toJson(await dist.analyseSource({ path, read, scoringThread: true }, options)))).toEqual(want);
  });
});

describe('the scoring thread', () => {
  it('passes on input errors found after reading, and leaves nothing running', async () => {
    const path = join(dir, 'strict.csv');
    writeFileSync(path, 'timestamp,rss_bytes\n0,100\n30,x\n60,300\n');
    await expect(dist.analyseSource({ path, read: { strict: true }, scoringThread: true }, DEFAULT_OPTIONS)).rejects.toThrow(/--strict/);
  });
});

describe('the bundled CLI (bin → dist/leak-score.mjs)', () => {
  it('scores a file of 8 MiB or more on its thread — the worker loads the bundle — as one thread scores it from stdin', async () => {
    const { runBuilt } = await import('./support/built-cli.js');
    const { SCORING_THREAD_BYTES } = await import('../src/pipeline/index.js');
    const path = join(dir, 'big.csv');
    const text = sawtoothCsv(420_000);
    expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(SCORING_THREAD_BYTES);
    writeFileSync(path, text);
    const threaded = await runBuilt([path, '--format', 'json']);
    const piped = await runBuilt(['-', '--format', 'json'], { stdin: text });
    expect(threaded.stderr).toBe('');
    expect(threaded.code).toBe(piped.code);
    const series = (run: { stdout: string }) => (JSON.parse(run.stdout) as { series: unknown[] }).series;
    expect(series(threaded)).toEqual(series(piped));
    expect((series(threaded)[0] as { samples: number }).samples).toBe(420_000);
  }, 120_000);
});
