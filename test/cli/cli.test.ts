import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const fixture = (name: string): string => join(ROOT, 'fixtures', name);

describe('exit codes on the shipped fixtures (SPEC §5)', () => {
  it.each([
    ['leaking.csv', 1, 'FAIL'],
    ['flat.csv', 0, 'PASS'],
    ['gc-sawtooth.csv', 0, 'PASS'],
    ['leaking.jsonl', 1, 'FAIL'],
    ['prometheus-two-series.json', 1, 'FAIL'],
    ['short.csv', 3, 'INCONCLUSIVE'],
  ])('%s exits %d', async (name, code, word) => {
    const run = await runCli([fixture(name), '--no-chart']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(code);
    expect(run.stdout.startsWith(word)).toBe(true);
  });

  it('--allow-inconclusive turns 3 into 0 but keeps the verdict', async () => {
    const run = await runCli([fixture('short.csv'), '--allow-inconclusive', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ verdict: 'inconclusive', exitCode: 0 });
  });

  it('reports both series of the Prometheus export with their labels', async () => {
    const run = await runCli([fixture('prometheus-two-series.json'), '--format', 'json']);
    const document = JSON.parse(run.stdout) as { series: Array<{ labels: Record<string, string>; verdict: string }> };
    expect(document.series.map((s) => [s.labels.instance, s.verdict])).toEqual([
      ['api-1:9100', 'fail'],
      ['api-2:9100', 'pass'],
    ]);
  });

  it('--gate rss ignores the leak alert but still reports it', async () => {
    const run = await runCli([fixture('leaking.csv'), '--gate', 'rss', '--format', 'json']);
    const document = JSON.parse(run.stdout) as { verdict: string; series: Array<{ alerts: Array<{ name: string }> }> };
    expect(run.code).toBe(0);
    expect(document.verdict).toBe('pass');
    expect(document.series[0]?.alerts.map((a) => a.name)).toEqual(['MemoryLeakDetected']);
  });

  it('--quiet prints only the verdict line', async () => {
    const run = await runCli([fixture('leaking.csv'), '--quiet']);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stdout).toMatch(/^FAIL {2}MemoryLeakDetected fired/);
  });

  it('reads standard input with -', async () => {
    const csv = 'timestamp,rss_bytes\n' + Array.from({ length: 40 }, (_, i) => `${i * 30},${100e6}`).join('\n');
    const run = await runCli(['-', '--format', 'json'], { stdin: csv });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ verdict: 'pass', series: [{ samples: 40 }] });
  });
});

describe('user mistakes exit 2 with one line on stderr and no stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leak-score-cli-'));
  const empty = join(dir, 'empty.csv');
  writeFileSync(empty, '');
  const binary = join(dir, 'core.bin');
  writeFileSync(binary, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)));
  const unusable = join(dir, 'unusable.csv');
  writeFileSync(unusable, 'timestamp,rss\nsoon,lots\nlater,more\n');

  it.each([
    [['missing.csv'], /missing\.csv: no such file/],
    [[empty], /empty\.csv is empty/],
    [[binary], /core\.bin does not look like text/],
    [[unusable], /unusable\.csv: no usable rows \(2 dropped/],
    [[fixture('flat.csv'), '--window', '0'], /--window "0" is not valid/],
    [[fixture('flat.csv'), '--leak-for', 'banana'], /--leak-for "banana" is not valid/],
    [[fixture('flat.csv'), '--rss-threshold', '400 parsecs'], /--rss-threshold .*unknown unit/],
    [[fixture('flat.csv'), '--gate', 'cpu'], /--gate .*"cpu" is not an alert/],
    [[fixture('flat.csv'), '--curve', 'cubic'], /--curve/],
    [[fixture('flat.csv'), '--moderate', '60'], /--severe \(50\) must be above --moderate \(60\)/],
    [[fixture('flat.csv'), '--bogus'], /unknown option '--bogus'/],
    [[], /no input given/],
  ])('%j', async (args, message) => {
    const run = await runCli(args as string[]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the built binary', () => {
  const bin = join(ROOT, 'bin', 'leak-score.js');

  it('prints --version and --help with examples, exit 0', () => {
    const version = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('--leak-threshold');
  });

  it('exits 1 on the leaking fixture and prints the chart without colour when piped', () => {
    const run = spawnSync(process.execPath, [bin, fixture('leaking.csv')], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('MiB ┤');
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('NO_COLOR leaves colour out; --color forces it even on a pipe', () => {
    const forced = spawnSync(process.execPath, [bin, fixture('flat.csv'), '--color', '--no-chart'], { encoding: 'utf8' });
    expect(forced.stdout).toContain('\u001b[');
    const none = spawnSync(process.execPath, [bin, fixture('flat.csv'), '--no-chart'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(none.stdout).not.toContain('\u001b[');
  });
});
