/**
 * The robust opinion through the CLI: flags, the text and JSON sections, and
 * the exit code under each profile.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run-cli.js';

const trace = (name: string): string => join(import.meta.dirname, '..', '..', '..', 'fixtures', 'corpus', 'traces', `${name}.csv`);

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
  it('says how much longer to record when the data cannot decide', async () => {
    const run = await runCli([join(import.meta.dirname, '..', '..', '..', 'fixtures', 'short.csv'), '--profile', 'robust', '--no-chart']);
    expect(run.code).toBe(3);
    // 10 samples at 30 s: 8 floor points of 5 samples need 20 min.
    expect(run.stdout).toMatch(/^INCONCLUSIVE {2}robust trend: too little data to decide — needs ≥ 20 min after warm-up; this recording has 4 min 30 s/);
  });
  it('takes --budget as a rate or a share, and refuses a bad one', async () => {
    const high = await runCli([trace('py-very-slow-leak'), '--gate', 'leak', '--profile', 'robust', '--budget', '10MiB/h', '-f', 'json']);
    expect(high.code).toBe(0);
    expect((JSON.parse(high.stdout) as { series: Array<{ robust: { explanation: string; budgetMiBPerHour: number } }> }).series[0]?.robust).toMatchObject({
      budgetMiBPerHour: 10,
      explanation: expect.stringMatching(/within the 10 MiB\/h budget/),
    });
    const share = await runCli([trace('py-very-slow-leak'), '--gate', 'leak', '--profile', 'robust', '--budget', '1%/h', '--no-chart']);
    expect(share.code).toBe(1);
    expect(share.stdout).toMatch(/above the 1 %\/h budget \([\d.]+ MiB\/h on the [\d.]+ MiB baseline\), at this rate \+\d+ MiB in 24 h/);
    const bad = await runCli([trace('py-very-slow-leak'), '--budget', '5MiB']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--budget "5MiB" is not valid: give a rate such as 5MiB\/h/);
  });
  it('reports a bad robust flag as a usage error', async () => {
    const run = await runCli([trace('py-one-off-step'), '--baseline', 'median']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--baseline "median" is not valid/);
  });
});
