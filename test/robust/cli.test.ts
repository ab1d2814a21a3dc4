/**
 * The robust opinion through the CLI: flags, the text and JSON sections, and
 * the exit code under each profile.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const trace = (name: string): string => join(import.meta.dirname, '..', '..', 'fixtures', 'corpus', 'traces', `${name}.csv`);

describe('leak-score --profile robust', () => {
  it('passes a cache warm-up the seed fails, and says why', async () => {
    const seed = await runCli([trace('node-cache-warmup'), '--gate', 'leak', '--no-chart']);
    expect(seed.code).toBe(1);
    const robust = await runCli([trace('node-cache-warmup'), '--gate', 'leak', '--no-chart', '--profile', 'robust']);
    expect(robust.code).toBe(0);
    expect(robust.stdout).toMatch(/^PASS {2}robust trend: no leak/);
    expect(robust.stdout).toMatch(/robust {5}NO LEAK {2}no leak: /);
    expect(robust.stdout).toMatch(/trend {6}OLS .* · Theil–Sen .* 95 % CI .* · Mann–Kendall τ/);
    expect(robust.stdout).toMatch(/seed {7}fail; under --profile robust the robust verdict gates the leak instead/);
  });
  it('fails a slow leak under a sawtooth, with segments and evidence in JSON', async () => {
    const run = await runCli([trace('node-leak-restart'), '--gate', 'leak', '--profile', 'robust', '-f', 'json']);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as { verdict: string; series: Array<{ robust: Record<string, unknown> & { segments: Array<Record<string, unknown>> } }> };
    expect(json.verdict).toBe('fail');
    const robust = json.series[0]?.robust;
    expect(robust?.verdict).toBe('leak');
    expect(robust?.segments.map((s) => s.cause)).toEqual(['start', 'drop']);
    expect(robust?.decidedBy).toEqual([1]);
    expect(robust?.explanation).toMatch(/Mann–Kendall p < 0\.001 .* in the last of 2 segments .*; above the 5 MiB\/h budget, at this rate \+[\d.]+ GiB in 24 h/);
    expect(robust?.segments[1]?.trend).toMatchObject({ theilSen: { confidence: 0.95 }, mannKendall: { tau: expect.any(Number) } });
  });
  it('adds no robust field and changes nothing without robust flags', async () => {
    const plain = await runCli([trace('py-one-off-step'), '-f', 'json']);
    expect(plain.stdout).not.toMatch(/"robust"/);
    const beside = await runCli([trace('py-one-off-step'), '-f', 'json', '--baseline', 'floor']);
    const a = JSON.parse(plain.stdout) as { exitCode: number; series: Array<Record<string, unknown>> };
    const b = JSON.parse(beside.stdout) as { exitCode: number; series: Array<Record<string, unknown>> };
    expect(b.exitCode).toBe(a.exitCode);
    expect(b.series[0]?.final).toEqual(a.series[0]?.final);
    expect((b.series[0]?.robust as { profile: string }).profile).toBe('seed');
  });
  it('reports a bad robust flag as a usage error', async () => {
    const run = await runCli([trace('py-one-off-step'), '--baseline', 'median']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--baseline "median" is not valid/);
  });
});
