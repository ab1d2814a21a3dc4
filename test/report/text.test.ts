import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const fixture = (name: string): string => join(import.meta.dirname, '..', '..', 'fixtures', name);

/** The source path differs per machine; pin everything else. */
async function text(name: string, args: string[] = [], columns = 80): Promise<string> {
  const run = await runCli([fixture(name), ...args], { columns });
  return run.stdout.replaceAll(fixture(name), `fixtures/${name}`);
}

describe('text report (colours off, 80 columns)', () => {
  it.each(['leaking.csv', 'flat.csv', 'short.csv', 'prometheus-two-series.json', 'gc-sawtooth.csv'])('%s', async (name) => {
    const out = await text(name);
    expect(out).not.toContain('\u001b[');
    await expect(out).toMatchFileSnapshot(`__snapshots__/${name}.txt`);
  });

  it('--chart rss,score adds the score track with the leak threshold', async () => {
    const out = await text('leaking.csv', ['--chart', 'rss,score', '--height', '8']);
    await expect(out).toMatchFileSnapshot('__snapshots__/leaking.csv.score.txt');
    expect(out).toMatch(/^ {6}0\.80 ┤.*┄/m);
  });

  it('--chart all charts every series of a fleet; by default only the failing ones', async () => {
    const failingOnly = await text('prometheus-two-series.json');
    expect(failingOnly.match(/MiB ┤/g)?.length).toBeGreaterThan(0);
    expect(failingOnly).not.toContain('instance="api-2:9100", job="api"}  PASS');
    const all = await text('prometheus-two-series.json', ['--chart', 'all']);
    expect(all).toContain('instance="api-2:9100", job="api"}  PASS');
    expect(all.match(/^ +2024-11-19 07:06:40Z/gm)).toHaveLength(2);
  });

  it('the fleet table lists every series worst first', async () => {
    const out = await text('prometheus-two-series.json', ['--no-chart']);
    const table = out.split('\n').filter((line) => /^ {2}instance=/.test(line));
    expect(table).toHaveLength(2);
    expect(table[0]).toMatch(/api-1:9100.*FAIL.*0\.99.*\+50\.0.*0\.989.*0\.99.*07:35:10Z leak/);
    expect(table[1]).toMatch(/api-2:9100.*PASS/);
  });

  it('--limit says when the final window trend reaches it', async () => {
    const out = await text('leaking.csv', ['--limit', '512MiB', '--no-chart']);
    expect(out).toMatch(/to limit {3}512\.0 MiB in 3h 34m, at 2024-11-19 12:40:\d\dZ, on the final window's trend/);
    const flat = await text('gc-sawtooth.csv', ['--limit', '1GiB', '--no-chart']);
    expect(flat).toMatch(/to limit {3}1024\.0 MiB not reached: the final window is not growing/);
  });

  it('--no-chart and --quiet leave the chart out', async () => {
    expect(await text('leaking.csv', ['--no-chart'])).not.toContain('┤');
    expect((await text('leaking.csv', ['--quiet'])).trimEnd().split('\n')).toHaveLength(1);
  });

  it.each([40, 60, 100, 160])('keeps chart lines within %d columns', async (columns) => {
    const out = await text('leaking.csv', ['--chart', 'rss,score'], columns);
    const chartLines = out.split('\n').filter((line) => /[┤┼░█]/.test(line) || /^ +2024-11-19/.test(line));
    expect(chartLines.length).toBeGreaterThan(10);
    for (const line of chartLines) expect([...line].length).toBeLessThanOrEqual(Math.max(columns, 40));
  });

  it('--height sets the rows of the RSS chart', async () => {
    const out = await text('leaking.csv', ['--height', '5']);
    expect(out.split('\n').filter((line) => / MiB [┤┼]/.test(line))).toHaveLength(5);
  });

  it.each([
    [['--chart', 'cpu'], /--chart "cpu" is not valid/],
    [['--height', '1'], /--height "1" is not valid/],
    [['--limit', 'lots'], /--limit "lots" is not valid/],
    [['--limit', '0'], /--limit "0" is not valid/],
    [['--format', 'xml'], /argument 'xml' is invalid/],
  ])('%j is a usage error', async (args, message) => {
    const run = await runCli([fixture('flat.csv'), ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('fleet table', () => {
  it('shortens long series names in the middle, keeping the part that differs', async () => {
    const result = Array.from({ length: 3 }, (_, k) => ({
      metric: { __name__: 'rss', namespace: 'payments-production', pod: `checkout-api-7f9c8d6b5-${k}xk2lp` },
      values: Array.from({ length: 40 }, (_, i) => [1732000000 + i * 30, String(100e6 + k * i * 1e5)]),
    }));
    const run = await runCli(['-', '--no-chart'], { stdin: JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } }), columns: 60 });
    expect(run.stderr).toBe('');
    const rows = run.stdout.split('\n').filter((line) => line.startsWith('  pod'));
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((row) => row.slice(2, 18))).size).toBe(3);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(60);
  });
});
