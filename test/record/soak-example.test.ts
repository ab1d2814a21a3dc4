/**
 * The CI recipe in examples/soak/ runs both ways, at once: the leaking server
 * must fail the gate (exit 1) and the fixed one pass (exit 0). About 15 s.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from './helpers.js';

interface SoakRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function soak(leak: boolean): Promise<SoakRun> {
  return new Promise((resolve) => {
    const child = spawn('sh', [join(ROOT, 'examples', 'soak', 'soak.sh'), '--format', 'json'], {
      env: { ...process.env, LEAK: leak ? '1' : '0', LEAK_SCORE: `${process.execPath} ${BIN}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('examples/soak: the soak-test gate in CI', () => {
  it('fails the leaking server and passes the fixed one', { timeout: 45_000 }, async () => {
    const [leaking, fixed] = await Promise.all([soak(true), soak(false)]);
    const explain = (run: SoakRun): string => `${run.stdout}\n${run.stderr}`;

    expect(leaking.code, explain(leaking)).toBe(1);
    const failed = JSON.parse(leaking.stdout) as { verdict: string; series: Array<{ alerts: Array<{ name: string }> }> };
    expect(failed.verdict).toBe('fail');
    expect(failed.series[0]?.alerts.map((alert) => alert.name)).toContain('MemoryLeakDetected');
    expect(leaking.stderr).toMatch(/soak server: SIGTERM after \d+ requests/);

    expect(fixed.code, explain(fixed)).toBe(0);
    expect((JSON.parse(fixed.stdout) as { verdict: string }).verdict).toBe('pass');
  });
});
