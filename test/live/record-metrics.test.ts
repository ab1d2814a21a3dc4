/**
 * `leak-score record --metrics-port` (issue 14): the built binary records a
 * leaking child and serves the seed's three gauges for it while it records;
 * a scrape is checked against the file it writes and against the library's
 * replay of that file (the score is the same float, SPEC §2).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { HOLD, lines, recordedPid, removeTempDirs, runCli, startCli, tempDir, waitFor } from '../record/helpers.js';
import { prometheusAvailability } from '../support/prometheus-server.js';
import { replayFinal, type Samples } from '../support/replay-at.js';
import { parseExposition } from './exposition-parse.js';

function fileSamples(path: string): Samples {
  return lines(path).map((line) => {
    const { time, rss_bytes } = JSON.parse(line) as { time: number; rss_bytes: number };
    return [time, rss_bytes];
  });
}

describe('leak-score record --metrics-port', () => {
  afterAll(removeTempDirs);

  it('serves RSS, VMS and the score of the recorded process while it records', async () => {
    const out = join(tempDir(), 'live.jsonl');
    const run = startCli(['record', '--metrics-port', '0', '--interval', '100ms', '--duration', '4s', '--gate', 'leak', '--leak-for', '0.5s', '--out', out, '--', 'node', HOLD]);
    const url = await waitFor('the metrics URL', () => /serving the gauges at (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(run.stderr())?.[1]);
    await waitFor('15 samples', () => lines(out).length >= 15);
    const response = await fetch(url);
    const text = await response.text();
    const written = fileSamples(out);
    console.log(`record --metrics-port ${url}:\n${text}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const gauges = parseExposition(text);
    expect(Object.keys(gauges).sort()).toEqual(['memory_leak_detection_score', 'process_memory_rss_bytes', 'process_memory_vms_bytes']);

    // The scrape saw one of the samples already on disk (each is written before the gauges move).
    const seen = written.map(([, rss], index) => ({ rss, index })).filter(({ rss }) => rss === gauges.process_memory_rss_bytes);
    expect(seen.length).toBeGreaterThan(0);
    // …and its score is the library's replay of the file up to that sample, exactly.
    const options = { ...DEFAULT_OPTIONS, leakForSeconds: 0.5 };
    expect(seen.map(({ index }) => replayFinal(written, index, options).score)).toContain(gauges.memory_leak_detection_score);
    // 1 MiB every 50 ms: past minSamples the slope is positive, so the score is too (how high depends on the machine's jitter).
    expect(gauges.memory_leak_detection_score).toBeGreaterThan(0);
    expect(gauges.process_memory_vms_bytes).toBeGreaterThan(gauges.process_memory_rss_bytes as number);

    // Prometheus' own linter reads it as valid exposition.
    if (process.env.CI || prometheusAvailability().available) {
      const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect(lint.stderr + lint.stdout).toBe('');
      expect(lint.status).toBe(0);
    }
    const other = await fetch(url.replace('/metrics', '/nope'));
    expect(other.status).toBe(404);
    expect(await other.text()).toContain('/metrics');

    const finished = await run.finished;
    // A leaking child never passes. Whether 4 s under load gave the robust
    // verdict enough evidence (1) or not (3) depends on the machine, so the
    // code is checked against the file's own verdict, which must be the same.
    expect([1, 3]).toContain(finished.code);
    const again = await runCli([out, '--profile', 'robust', '--gate', 'leak', '--leak-for', '0.5s']);
    expect(finished.code).toBe(again.code);
    expect(recordedPid(finished.stderr)).toBeGreaterThan(0);
    // The endpoint goes when the recording ends.
    await expect(fetch(url)).rejects.toThrow();
  });

  it('refuses a busy port before the command starts, and leaves no file', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const { port } = blocker.address() as { port: number };
    try {
      const out = join(tempDir(), 'never.jsonl');
      const run = await runCli(['record', '--metrics-port', String(port), '--duration', '2s', '--out', out, '--', 'node', HOLD]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `leak-score: cannot serve metrics on 127.0.0.1:${port}: the port is in use; choose another --metrics-port (0 picks a free one)\n`,
      );
      expect(existsSync(out)).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it.each([
    [['--metrics-port', '65536'], /--metrics-port "65536" is not valid: give a whole number at least 0 and at most 65535/],
    [['--metrics-port', 'http'], /--metrics-port "http" is not valid/],
    [['--metrics-host', '0.0.0.0'], /--metrics-host 0.0.0.0 needs --metrics-port too, e.g. --metrics-port 9464/],
    [['--metrics-port', '0', '--metrics-host', '203.0.113.9'], /203\.0\.113\.9 is not an address of this machine; give --metrics-host 127\.0\.0\.1 or 0\.0\.0\.0/],
  ])('exits 2 with a message for %j', async (flags, message) => {
    const out = join(tempDir(), 'bad.jsonl');
    const run = await runCli(['record', ...flags, '--duration', '1s', '--out', out, '--', 'node', HOLD]);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.split('\n').filter((line) => line !== '').length).toBe(1);
    expect(run.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});
