/**
 * A large fleet's table (issue 13's readable reports, for fleets): every
 * series that does not pass is listed, passing ones up to --fleet-rows, and
 * one line says how many more pass.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

/** A Prometheus matrix of `pods` series, 2 h at 30 s; the pods in `leaking` grow 60 MiB/h. */
function fleet(pods: number, leaking: number[]): string {
  const result = Array.from({ length: pods }, (_, pod) => ({
    metric: { __name__: 'process_resident_memory_bytes', job: 'api', pod: `api-${pod}` },
    values: Array.from({ length: 240 }, (_, i) => [
      1_732_000_000 + 30 * i,
      String(200 * 1048576 + (leaking.includes(pod) ? i * 524288 : ((i * (pod + 3)) % 7) * 4096)),
    ]),
  }));
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
}

async function table(args: string[]): Promise<{ code: number; rows: string[]; rest: string | undefined }> {
  const run = await runCli(['-', '--no-chart', ...args], { stdin: fleet(30, [7, 23]) });
  const lines = run.stdout.split('\n');
  return { code: run.code, rows: lines.filter((line) => /^ {2}pod="api-\d+"/.test(line)), rest: lines.find((line) => line.includes('more series')) };
}

describe('the fleet table of 30 series, 2 of them leaking', () => {
  it('lists 20 rows by default, the two failing first, and counts the rest', async () => {
    const { code, rows, rest } = await table([]);
    expect(code).toBe(1);
    expect(rows).toHaveLength(20);
    expect(rows.slice(0, 2).map((row) => /pod="(api-\d+)"/.exec(row)?.[1]).sort()).toEqual(['api-23', 'api-7']);
    expect(rows.slice(0, 2).every((row) => row.includes('FAIL'))).toBe(true);
    expect(rest).toMatch(/^ {2}… and 10 more series that pass \(peak score ≤ \d\.\d\d\); --fleet-rows all lists every one$/);
  });

  it('never hides a series that does not pass, however few rows are asked for', async () => {
    const { rows, rest } = await table(['--fleet-rows', '1']);
    expect(rows).toHaveLength(2);
    expect(rest).toContain('… and 28 more series that pass');
  });

  it('--fleet-rows all lists every series and no summary line', async () => {
    const { rows, rest } = await table(['--fleet-rows', 'all']);
    expect(rows).toHaveLength(30);
    expect(rest).toBeUndefined();
  });

  it.each(['0', 'some', '2.5'])('refuses --fleet-rows %s with exit 2 and one line', async (value) => {
    const run = await runCli(['-', '--fleet-rows', value], { stdin: fleet(3, []) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^leak-score: --fleet-rows "[^"]*" is not valid: .*\n$/);
  });
});
