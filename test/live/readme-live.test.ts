/**
 * The README's "Live in your service" example is real code: it runs against
 * the built package (imported as 'leak-score', as a user would), and its
 * /metrics is scraped while it runs.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/prometheus-server.js';
import { parseExposition } from './exposition-parse.js';

const ROOT = join(import.meta.dirname, '..', '..');

function liveExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Live in your service\n');
  expect(start).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  const code = /```js\n([\s\S]*?)```/.exec(readme.slice(start, end === -1 ? undefined : end))?.[1];
  if (code === undefined) throw new Error('no ```js block in "Live in your service"');
  return code;
}

describe('README: Live in your service', () => {
  it('is a five-line example', () => {
    expect(liveExample().trimEnd().split('\n')).toHaveLength(5);
  });

  it('runs, and its /metrics has the three gauges', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--input-type=module', '-e', liveExample()], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const text = await scrape(port, () => child.exitCode, () => stderr);
      const gauges = parseExposition(text);
      expect(Object.keys(gauges).sort()).toEqual(['memory_leak_detection_score', 'process_memory_rss_bytes', 'process_memory_vms_bytes']);
      expect(gauges.process_memory_rss_bytes).toBeGreaterThan(10 * 1048576);
      // One sample so far: too few to fit, so the score is 0 (SPEC §2 step 1).
      expect(gauges.memory_leak_detection_score).toBe(0);
      expect(stderr).toBe('');
    } finally {
      child.kill('SIGTERM');
    }
  });
});

/** Polls until the example answers (it takes a moment to start). */
async function scrape(port: number, exitCode: () => number | null, stderr: () => string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (exitCode() !== null) throw new Error(`the example exited ${exitCode()}: ${stderr()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      if (response.ok) return await response.text();
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the example did not answer on port ${port}: ${stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
