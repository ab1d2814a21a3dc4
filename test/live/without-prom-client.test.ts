/**
 * prom-client is an optional peer dependency (issue 14): the built package,
 * installed beside its dependencies but without prom-client, still scores
 * files, records with --metrics-port and runs the offline library; only
 * startLeakMonitor fails, saying what to install.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
let app: string;

beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), 'leak-score-no-prom-'));
  const installed = join(app, 'node_modules', 'leak-score');
  mkdirSync(installed, { recursive: true });
  for (const part of ['package.json', 'bin', 'dist']) cpSync(join(ROOT, part), join(installed, part), { recursive: true });
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    peerDependenciesMeta: Record<string, { optional: boolean }>;
  };
  expect(manifest.peerDependenciesMeta['prom-client']).toEqual({ optional: true });
  expect(Object.keys(manifest.dependencies)).not.toContain('prom-client');
  // The runtime dependencies, as npm would install them; prom-client is not one.
  for (const name of Object.keys(manifest.dependencies)) {
    symlinkSync(join(ROOT, 'node_modules', name), join(app, 'node_modules', name), 'dir');
  }
  writeFileSync(join(app, 'package.json'), '{"type":"module","private":true}\n');
});

afterAll(() => rmSync(app, { recursive: true, force: true }));

function node(args: string[]) {
  return spawnSync(process.execPath, args, { cwd: app, encoding: 'utf8', timeout: 30_000 });
}

describe('without prom-client installed', () => {
  it('really is missing there', () => {
    const require = createRequire(join(app, 'node_modules', 'leak-score', 'dist', 'index.js'));
    expect(() => require.resolve('prom-client')).toThrow(/Cannot find module 'prom-client'/);
  });

  it('the library scores samples, and startLeakMonitor says to install prom-client', () => {
    const code = [
      "import { analyseSamples, startLeakMonitor, isLeakScoreError } from 'leak-score';",
      'const samples = Array.from({ length: 60 }, (_, i) => ({ time: i * 30, rssBytes: 100e6 + i * 1e6 }));',
      'console.log(analyseSamples(samples).series[0].final.score.toFixed(3));',
      'try { await startLeakMonitor(); console.log("started?"); }',
      'catch (error) { console.log(isLeakScoreError(error), error.message); }',
    ].join('\n');
    const run = node(['--input-type=module', '-e', code]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      '1.000\ntrue startLeakMonitor exports Prometheus gauges through prom-client, which is not installed: run npm install prom-client ' +
        '(an optional peer dependency, so the CLI and the offline library work without it)\n',
    );
  });

  it('the CLI scores a file and records with --metrics-port', () => {
    const bin = join(app, 'node_modules', 'leak-score', 'bin', 'leak-score.js');
    const scored = node([bin, join(ROOT, 'fixtures', 'leaking.csv'), '--quiet']);
    expect(scored.status).toBe(1);
    expect(scored.stdout).toMatch(/^FAIL/);
    const out = join(app, 'rec.jsonl');
    const recorded = node([bin, 'record', '--metrics-port', '0', '--duration', '1s', '--interval', '100ms', '--no-gate', '--out', out, '--', 'node', '-e', 'setTimeout(() => {}, 10000)']);
    expect(recorded.stderr).toMatch(/serving the gauges at http:\/\/127\.0\.0\.1:\d+\/metrics/);
    expect(recorded.status).toBe(0);
  });
});
