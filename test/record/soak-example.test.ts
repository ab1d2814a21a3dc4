/**
 * The soak recipes in examples/soak/ with no tuning flags beyond the
 * duration (issue 11's Done-when): `leak-score record --duration 90s -- node
 * leak.js` exits 1 and the same for steady.js exits 0; soak.sh fails the
 * leaking HTTP server and passes the fixed one. All four run at once, so the
 * test takes about 90 s of wall time. The recordings are then scored again
 * with `leak-score FILE --profile robust`, which must agree with `record`.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { BIN, ROOT, removeTempDirs, tempDir } from './helpers.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const SOAK = join(ROOT, 'examples', 'soak');
const explain = (r: Run): string => `${r.stdout}\n${r.stderr}`;

afterAll(removeTempDirs);

describe('examples/soak: the soak gate with no tuning flags', () => {
  it('fails the leaks and passes their fixed twins, and FILE --profile robust agrees', { timeout: 240_000 }, async () => {
    const dir = tempDir();
    const out = (name: string): string => join(dir, `${name}.jsonl`);
    const record = (name: string): Promise<Run> =>
      run(process.execPath, [BIN, 'record', '--duration', '90s', '--out', out(name), '--format', 'json', '--', 'node', join(SOAK, `${name}.js`)]);
    const soak = (leak: boolean): Promise<Run> =>
      run('sh', [join(SOAK, 'soak.sh'), '--format', 'json'], {
        LEAK: leak ? '1' : '0',
        LEAK_SCORE: `${process.execPath} ${BIN}`,
        OUT: out(leak ? 'server-leak' : 'server-fixed'),
      });
    const [leak, steady, serverLeak, serverFixed] = await Promise.all([record('leak'), record('steady'), soak(true), soak(false)]);

    for (const [name, result, code] of [
      ['leak', leak, 1],
      ['steady', steady, 0],
      ['server-leak', serverLeak, 1],
      ['server-fixed', serverFixed, 0],
    ] as const) {
      expect(result.code, `${name}: ${explain(result)}`).toBe(code);
      const report = JSON.parse(result.stdout) as { verdict: string; series: Array<{ robust: { profile: string; verdict: string; seedVerdict: string } }> };
      const robust = report.series[0]?.robust;
      // The robust verdict gates; the seed's own verdict is reported beside it.
      expect(robust?.profile).toBe('robust');
      expect(robust?.verdict).toBe(code === 1 ? 'leak' : 'no-leak');
      expect(['pass', 'fail', 'inconclusive']).toContain(robust?.seedVerdict);
      // The same file scored again gives the same verdict.
      const again = await runCli([out(name), '--profile', 'robust', '--format', 'json']);
      expect(again.code).toBe(code);
      expect((JSON.parse(again.stdout) as { verdict: string }).verdict).toBe(report.verdict);
    }
    expect(serverLeak.stderr).toMatch(/soak server: SIGTERM after \d+ requests/);
    // compare.sh's question on the same two recordings: the leaking server is worse than the fixed one.
    const worse = await runCli(['compare', out('server-fixed'), out('server-leak'), '--format', 'json']);
    expect(worse.code, worse.stdout).toBe(1);
    expect((JSON.parse(worse.stdout) as { verdict: string }).verdict).toBe('worse');
  });
});
