import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const fixture = (name: string): string => join(import.meta.dirname, '..', '..', 'fixtures', name);
const pin = (text: string, name: string): string => text.replaceAll(fixture(name), `fixtures/${name}`);

describe('--format markdown', () => {
  it.each(['leaking.csv', 'prometheus-two-series.json', 'short.csv', 'flat.csv'])('%s', async (name) => {
    const run = await runCli([fixture(name), '--format', 'markdown']);
    expect(run.stderr).toBe('');
    await expect(pin(run.stdout, name)).toMatchFileSnapshot(`__snapshots__/${name}.md`);
  });

  it('escapes table breakers in labels', async () => {
    const doc = {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: { __name__: 'rss', pod: 'a|b<c>' },
            values: Array.from({ length: 20 }, (_, i) => [1732000000 + i * 30, String(100e6)]),
          },
        ],
      },
    };
    const run = await runCli(['-', '--format', 'markdown'], { stdin: JSON.stringify(doc) });
    const row = run.stdout.split('\n').find((line) => line.startsWith('| <code>')) ?? '';
    expect(row).toContain('a&#124;b&lt;c&gt;');
    expect(row.split(' | ')).toHaveLength(8);
  });
});

describe('--format junit', () => {
  it.each(['leaking.csv', 'prometheus-two-series.json', 'short.csv'])('%s', async (name) => {
    const run = await runCli([fixture(name), '--format', 'junit']);
    await expect(pin(run.stdout, name)).toMatchFileSnapshot(`__snapshots__/${name}.junit.xml`);
  });

  it('has one testcase per series and a failure message with score, slope and alert times', async () => {
    const run = await runCli([fixture('prometheus-two-series.json'), '--format', 'junit']);
    expect(run.code).toBe(1);
    expect(run.stdout.match(/<testcase /g)).toHaveLength(2);
    expect(run.stdout).toMatch(/<testsuites name="leak-score" tests="2" failures="1" errors="0" skipped="0">/);
    const failure = /<failure message="([^"]*)"/.exec(run.stdout)?.[1] ?? '';
    expect(failure).toBe(
      'MemoryLeakDetected fired: score 0.99, slope +50.0 MiB/h, R² 0.989; ' +
        'MemoryLeakDetected pending 2024-11-19 07:20:10Z, firing 2024-11-19 07:35:10Z',
    );
  });

  it('an inconclusive series is skipped with the reason', async () => {
    const run = await runCli([fixture('short.csv'), '--format', 'junit']);
    expect(run.stdout).toMatch(/<skipped message="inconclusive: 4m 30s of data, shorter than/);
  });
});

describe('--format json keeps SPEC §7 and adds the time-to-limit', () => {
  it('every §7 field, plus limit', async () => {
    const run = await runCli([fixture('leaking.csv'), '--format', 'json', '--limit', '512MiB']);
    const doc = JSON.parse(run.stdout) as { series: Array<Record<string, unknown>> } & Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['schemaVersion', 'verdict', 'exitCode', 'series']));
    const series = doc.series[0] as Record<string, unknown>;
    for (const key of [
      'labels', 'verdict', 'samples', 'dropped', 'duplicates', 'start', 'end', 'durationSeconds',
      'medianIntervalSeconds', 'final', 'peak', 'overall', 'rss', 'alerts',
    ]) {
      expect(series).toHaveProperty(key);
    }
    const limit = series.limit as { bytes: number; source: string; status: string; reachedAt: number; secondsFromEnd: number };
    expect(limit).toMatchObject({ bytes: 512 * 1048576, source: 'limit', status: 'ahead' });
    expect(limit.reachedAt - (series.end as number)).toBeCloseTo(limit.secondsFromEnd, 6);
  });
});

describe('GitHub Actions', () => {
  it('one ::error annotation per failing series, on stderr, stdout untouched', async () => {
    const plain = await runCli([fixture('prometheus-two-series.json'), '--format', 'json']);
    const run = await runCli([fixture('prometheus-two-series.json'), '--format', 'json'], { env: { GITHUB_ACTIONS: 'true' } });
    expect(run.stdout).toBe(plain.stdout);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^::error title=leak-score%3A MemoryLeakDetected fired::process_resident_memory_bytes\{instance="api-1%3A9100"|^::error title=leak-score%3A MemoryLeakDetected fired::process_resident_memory_bytes\{instance="api-1:9100"/,
    );
    expect(lines[0]).toContain('score 0.99, slope +50.0 MiB/h');
    expect(lines[0]).toContain('firing 2024-11-19 07:35:10Z');
  });

  it('a warning for an inconclusive series, nothing for a pass', async () => {
    const short = await runCli([fixture('short.csv')], { env: { GITHUB_ACTIONS: 'true' } });
    expect(short.stderr).toMatch(/^::warning title=leak-score%3A inconclusive::series: 4m 30s of data/);
    const flat = await runCli([fixture('flat.csv')], { env: { GITHUB_ACTIONS: 'true' } });
    expect(flat.stderr).toBe('');
  });

  it('appends the Markdown summary to $GITHUB_STEP_SUMMARY when --format is not given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leak-score-summary-'));
    const file = join(dir, 'summary.md');
    writeFileSync(file, '# earlier step\n');
    const run = await runCli([fixture('leaking.csv')], { env: { GITHUB_STEP_SUMMARY: file } });
    expect(run.stdout).toMatch(/^FAIL/);
    const markdown = await runCli([fixture('leaking.csv'), '--format', 'markdown']);
    expect(readFileSync(file, 'utf8')).toBe(`# earlier step\n${markdown.stdout}\n`);
    await runCli([fixture('leaking.csv'), '--format', 'json'], { env: { GITHUB_STEP_SUMMARY: file } });
    expect(readFileSync(file, 'utf8')).toBe(`# earlier step\n${markdown.stdout}\n`);
  });

  it('an unwritable $GITHUB_STEP_SUMMARY is a warning, not a failure', async () => {
    const run = await runCli([fixture('flat.csv'), '--no-chart'], { env: { GITHUB_STEP_SUMMARY: '/nonexistent/dir/summary.md' } });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: cannot append to \$GITHUB_STEP_SUMMARY/);
  });
});
