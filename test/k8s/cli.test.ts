/**
 * The fleet export and the OTLP file through the built binary, as a user
 * runs them (issue 17): no flags, the exit code of the worst pod, each pod
 * explained; gzipped OTLP on standard input detected too.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runBuilt } from '../support/built-cli.js';

describe('leak-score on Kubernetes exports (built CLI)', () => {
  it('the three-pod fleet export: exit 1, each pod in words', async () => {
    const run = await runBuilt(['fixtures/k8s/fleet-three-pods.jsonl', '--no-color', '--no-chart']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/shop\/orders-7d9f8c6b5-x2k4q\/orders {2}FAIL/);
    expect(run.stdout).toMatch(/shop\/catalog-5f6d7b8c9-p8m2n\/catalog {2}PASS\n.*\n {2}Growth is page cache, not a leak/);
    expect(run.stdout).toMatch(/shop\/checkout-6c8d9e7f4-q7w3z\/checkout {2}PASS\n.*\n {2}Restarted 2 times/);
    expect(run.stdout).toContain('working set first');
    expect(run.stderr).toBe('');
  });

  it('gzipped OTLP/JSON on standard input, with no flags, and --format json', async () => {
    const run = await runBuilt(['-', '--format', 'json'], { stdin: gzipSync(readFileSync('fixtures/k8s/otlp-kubeletstats.jsonl')) });
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as { format: string; series: Array<{ verdict: string; explanation?: { hints: string[] } }> };
    expect(json.format).toBe('otlp');
    expect(json.series.map((series) => [series.verdict, series.explanation?.hints])).toEqual([
      ['fail', ['anonymous-growth']],
      ['pass', ['page-cache']],
    ]);
  });

  it('--input-format otlp on a file that is not OTLP says what to give', async () => {
    const run = await runBuilt(['fixtures/leaking.jsonl', '--input-format', 'otlp']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no line is an OTLP metrics request .*Collector's file exporter/);
  });
});
