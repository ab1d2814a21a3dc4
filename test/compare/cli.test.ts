/** `leak-score compare` through the CLI: exit codes, every format, the GitHub outputs, user errors. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const traces = join(import.meta.dirname, '..', '..', 'fixtures', 'corpus', 'traces');
const main = join(traces, 'node-steady-noleak.csv');
const branch = join(traces, 'node-steady-leak.csv');
const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');

describe('leak-score compare', () => {
  it('exits 1 with WORSE, the numbers of both runs and a chart of both, for a leaking branch', async () => {
    const run = await runCli(['compare', main, branch]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^WORSE {2}HEAD grows faster .* than BASE, beyond the budget/);
    expect(run.stdout).toMatch(/growth {3}BASE [+−]?\d.* MiB\/h \(.* to .*\) {3}HEAD \+\d+(\.\d+)? MiB\/h/);
    expect(run.stdout).toContain('HEAD − BASE');
    expect(run.stdout).toContain('── BASE  ━━ HEAD');
    // HEAD's heavy line is drawn: the chart is of both runs.
    expect(run.stdout).toMatch(/[┏┛]/);
  });

  it('exits 0 with SAME for a run against itself, and --quiet prints only the verdict', async () => {
    const run = await runCli(['compare', main, main, '--quiet']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toMatch(/^SAME/);
  });

  it('exits 3 and says what is missing when a run is too short', async () => {
    const run = await runCli(['compare', main, join(fixtures, 'short.csv')]);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^INCONCLUSIVE {2}cannot tell: growth cannot be compared — HEAD: .*record longer/);
  });

  it('--format json gives every number, versioned', async () => {
    const run = await runCli(['compare', main, branch, '--format', 'json']);
    const json = JSON.parse(run.stdout) as Record<string, any>;
    expect(json.schemaVersion).toBe(1);
    expect(json.verdict).toBe('worse');
    expect(json.exitCode).toBe(1);
    const pair = json.pairs[0];
    expect(pair.growth.verdict).toBe('worse');
    expect(pair.growth.difference.lower).toBeGreaterThan(pair.growth.budget);
    expect(pair.growth.head.lower).toBeLessThanOrEqual(pair.growth.head.value);
    expect(pair.level.base.mib.value).toBeGreaterThan(0);
    expect(pair.base.samples).toBe(800);
    expect(json.options.budget).toBe('5MiB/h');
  });

  it('--format markdown is a table of both runs, and junit a failure per worse measure', async () => {
    const md = await runCli(['compare', main, branch, '--format', 'markdown']);
    expect(md.stdout).toContain('### leak-score compare: ❌ worse');
    expect(md.stdout).toContain('| series | measure | BASE | HEAD | HEAD − BASE | budget | verdict |');
    const junit = await runCli(['compare', main, branch, '--format', 'junit']);
    expect(junit.code).toBe(1);
    expect(junit.stdout).toMatch(/<testsuites name="leak-score compare" tests="2" failures="\d" errors="0" skipped="0">/);
    expect(junit.stdout).toContain('<failure message="HEAD grows');
  });

  it('pairs a fleet by labels: the two-series Prometheus export against itself is same for both', async () => {
    const file = join(fixtures, 'prometheus-two-series.json');
    const run = await runCli(['compare', file, file, '--format', 'json']);
    const json = JSON.parse(run.stdout) as { verdict: string; tests: number; pairs: Array<{ labels: Record<string, string>; verdict: string }> };
    expect(json.verdict).toBe('same');
    expect(json.tests).toBe(4);
    expect(json.pairs.map((p) => p.labels.instance).sort()).toEqual(['api-1:9100', 'api-2:9100']);
  });

  it('under GitHub Actions writes annotations to stderr and the Markdown summary to $GITHUB_STEP_SUMMARY', async () => {
    const summary = join(mkdtempSync(join(tmpdir(), 'compare-summary-')), 'summary.md');
    writeFileSync(summary, '');
    const run = await runCli(['compare', main, branch], { env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(run.stderr).toMatch(/^::error title=leak-score compare%3A worse than BASE::series: HEAD grows/);
    expect(readFileSync(summary, 'utf8')).toContain('### leak-score compare: ❌ worse');
    expect(run.stdout).toMatch(/^WORSE/);
  });

  it('refuses bad flags and two standard inputs with a message that says what to do (exit 2)', async () => {
    for (const [args, message] of [
      [['--budget', '5MiB'], /--budget "5MiB" is not valid/],
      [['--level-budget', 'big'], /--level-budget "big" is not valid: give a size, e.g. 20MiB/],
      [['--tolerance', '0.3'], /--tolerance "0.3" is not valid: give a percentage/],
      [['--alpha', '2'], /--alpha/],
    ] as const) {
      const run = await runCli(['compare', main, branch, ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toContain('    at ');
    }
    const both = await runCli(['compare', '-', '-']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('cannot both be standard input');
    const missing = await runCli(['compare', main]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('leak-score compare --help');
    const nofile = await runCli(['compare', main, 'no-such.csv']);
    expect(nofile.code).toBe(2);
    expect(nofile.stderr).toContain('no-such.csv: no such file');
  });

  it('--help shows examples and the exit codes', async () => {
    const run = await runCli(['compare', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('leak-score compare main.jsonl branch.jsonl');
    expect(run.stdout).toContain('Exit codes: 0 same, 1 worse, 2 usage or input error, 3 inconclusive');
  });

  it('reads HEAD from standard input', async () => {
    const run = await runCli(['compare', main, '-', '--quiet'], { stdin: readFileSync(main) });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('standard input');
  });
});

describe('leak-score compare --unresolved', () => {
  it('says same when not shown worse, and with --unresolved inconclusive exits 3 until the interval is inside the budget', async () => {
    // A run flat after its warm-up, with a floor that wobbles, cannot bound the
    // difference to 0.001 MiB/h. (node-steady-noleak's floor is two flat
    // levels 50 KiB apart: its creep is exactly 0, and so is its interval.)
    const wobbly = join(traces, 'py-cache-saturating.csv');
    const loose = await runCli(['compare', wobbly, wobbly, '--budget', '0.001MiB/h', '--format', 'json']);
    const json = JSON.parse(loose.stdout) as { verdict: string; pairs: Array<{ growth: { resolved: boolean } }> };
    expect(json.pairs[0]!.growth.resolved).toBe(false);
    expect(json.verdict).toBe('same');
    const strict = await runCli(['compare', wobbly, wobbly, '--budget', '0.001MiB/h', '--unresolved', 'inconclusive']);
    expect(strict.code).toBe(3);
    expect(strict.stdout).toMatch(/^INCONCLUSIVE .*a longer run would tell more/);
    const bad = await runCli(['compare', main, main, '--unresolved', 'maybe']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--unresolved "maybe" is not valid');
  });
});
