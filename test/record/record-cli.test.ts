/**
 * `leak-score record` end to end: the built binary records real processes
 * (test/record/children/hold.mjs leaks 1 MiB every 50 ms), is killed and
 * signalled, and its files are scored by the real CLI.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli as runInProcess } from '../cli/run-cli.js';
import {
  HOLD,
  isRunning,
  lines,
  recordedPid,
  ROOT,
  runCli,
  scoreFile,
  startCli,
  removeTempDirs,
  tempDir,
  TREE,
  waitFor,
} from './helpers.js';

/**
 * Scoring scaled to a leak of ~20 MiB/s sampled every 50 ms: it must fail.
 * The first second (Node starting up, slower on a busy machine) is skipped.
 * These test the recorder with the seed's alerts (`--profile seed`); the soak
 * defaults, where the robust verdict gates, are in record-defaults.test.ts.
 */
const LEAK_FLAGS = ['--profile', 'seed', '--skip', '1s', '--window', '20', '--min-samples', '10', '--moderate', '3600', '--severe', '7200', '--leak-for', '0.5s', '--gate', 'leak'];

interface Sample {
  time: number;
  rss_bytes: number;
  processes: number;
}

function samplesIn(path: string): Sample[] {
  return lines(path).map((line) => JSON.parse(line) as Sample);
}

describe('leak-score record', () => {
  afterAll(removeTempDirs);

  it('records a leaking child, scores the file and exits 1; stdout is only the report', async () => {
    const out = join(tempDir(), 'leak.jsonl');
    const run = await runCli(['record', '--interval', '50ms', '--duration', '3s', '--out', out, '--format', 'json', ...LEAK_FLAGS, '--', 'node', HOLD]);
    expect(run.code).toBe(1);
    // The child's own stdout went to stderr, so the JSON on stdout parses.
    const report = JSON.parse(run.stdout) as {
      verdict: string;
      series: Array<{ samples: number; skippedSamples: number; alerts: Array<{ name: string }> }>;
    };
    expect(report.verdict).toBe('fail');
    expect(report.series[0]?.alerts.map((alert) => alert.name)).toEqual(['MemoryLeakDetected']);
    expect(run.stderr).toContain('hold: pid');
    expect(run.stderr).toMatch(/exited with code 0 \(stopped at --duration; \d+ samples over [\d.]+s in /);
    expect(run.stderr).toMatch(/MemoryLeakDetected inactive → pending/);
    const samples = samplesIn(out);
    expect(samples.length).toBe((report.series[0]?.samples ?? 0) + (report.series[0]?.skippedSamples ?? 0));
    expect(samples.length).toBeGreaterThanOrEqual(20);
    for (let i = 1; i < samples.length; i++) expect((samples[i] as Sample).time).toBeGreaterThan((samples[i - 1] as Sample).time);
    expect((samples.at(-1) as Sample).rss_bytes - (samples[0] as Sample).rss_bytes).toBeGreaterThan(10 * 1048576);
    expect(samples.every((sample) => sample.processes === 1)).toBe(true);
  });

  it('killed with SIGKILL mid-run, it leaves a complete, scoreable file and no orphan', async () => {
    const out = join(tempDir(), 'killed.jsonl');
    const recorder = startCli(['record', '--interval', '50ms', '--out', out, '--', 'node', HOLD]);
    const child = await waitFor('the child pid', () => recordedPid(recorder.stderr()));
    await waitFor('60 samples', () => lines(out).length >= 60);
    recorder.process.kill('SIGKILL');
    const ended = await recorder.finished;
    expect(ended.signal).toBe('SIGKILL');
    // The watchdog ends the child (SIGTERM, which hold.mjs answers by exiting).
    await waitFor('the child to end', () => !isRunning(child), 5000);

    const text = readFileSync(out, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const samples = samplesIn(out);
    expect(samples.length).toBeGreaterThanOrEqual(60);
    const scored = scoreFile([out, '--format', 'json', ...LEAK_FLAGS]);
    expect(scored.stderr).toBe('');
    expect(scored.code).toBe(1);
    const series = (JSON.parse(scored.stdout) as { series: Array<{ samples: number; skippedSamples: number; dropped: number }> }).series[0];
    expect(series && series.samples + series.skippedSamples).toBe(samples.length);
    expect(series?.dropped).toBe(0);
  });

  it('a last line cut short by a crash is dropped and counted; every earlier sample is scored', async () => {
    const out = join(tempDir(), 'cut.jsonl');
    await runCli(['record', '--interval', '50ms', '--duration', '1s', '--no-gate', '--out', out, '--', 'node', HOLD]);
    const whole = lines(out);
    writeFileSync(out, `${whole.join('\n')}\n${(whole[0] as string).slice(0, 25)}`);
    const scored = scoreFile([out, '--format', 'json', '--allow-inconclusive']);
    expect(scored.code).not.toBe(2);
    expect(JSON.parse(scored.stdout)).toMatchObject({ series: [{ samples: whole.length, dropped: 1 }] });
  });

  it('--pid attaches to a running process, records it and leaves it running', async () => {
    const target = spawn(process.execPath, [HOLD], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      // Attach once it runs its own code (it says so), past Node's start-up.
      await new Promise((resolve) => target.stdout.once('data', resolve));
      const out = join(tempDir(), 'attached.csv');
      const run = await runCli(['record', '--pid', String(target.pid), '--interval', '50ms', '--duration', '2.5s', '--out', out, '--quiet', ...LEAK_FLAGS]);
      expect(run.stdout).toMatch(/^FAIL {2}MemoryLeakDetected fired/);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^leak-score: PID ${target.pid} left running \\(stopped at --duration; \\d+ samples`, 'm'));
      expect(isRunning(target.pid as number)).toBe(true);
      const csv = lines(out);
      expect(csv[0]).toBe('timestamp,rss_bytes,processes');
      expect(csv.length).toBeGreaterThan(20);
    } finally {
      target.kill('SIGKILL');
    }
  });

  it('--include-children sums the whole process tree', async () => {
    const out = join(tempDir(), 'tree.jsonl');
    const run = await runCli(['record', '--include-children', '--interval', '50ms', '--duration', '2.5s', '--no-gate', '--out', out, '--', 'node', TREE], {
      CHILDREN: '2',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const samples = samplesIn(out);
    expect(Math.max(...samples.map((sample) => sample.processes))).toBe(3);
    // Each holder has grown by then; the parent alone holds far less than the sum.
    expect((samples.at(-1) as Sample).rss_bytes).toBeGreaterThan(3 * 30 * 1048576);
  });

  it('forwards SIGTERM to the child, reports how it ended, scores, and leaves nothing running', async () => {
    const out = join(tempDir(), 'term.jsonl');
    const recorder = startCli(['record', '--interval', '50ms', '--out', out, '--quiet', ...LEAK_FLAGS, '--', 'node', HOLD], { TERM_EXIT: '5' });
    const child = await waitFor('the child pid', () => recordedHoldPid(recorder.stderr()));
    await waitFor('60 samples', () => lines(out).length >= 60);
    recorder.process.kill('SIGTERM');
    const run = await recorder.finished;
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('hold: got SIGTERM');
    expect(run.stderr).toMatch(/exited with code 5 \(interrupted; \d+ samples/);
    expect(isRunning(child)).toBe(false);
  });

  it('sends SIGKILL after --kill-after when the child ignores the forwarded signal', async () => {
    const out = join(tempDir(), 'stubborn.jsonl');
    const recorder = startCli(['record', '--interval', '50ms', '--kill-after', '0.5s', '--no-gate', '--out', out, '--', 'node', HOLD], {
      IGNORE_SIGNALS: '1',
    });
    // hold.mjs prints its pid once its handlers are in place; a signal before that would simply kill it.
    await waitFor('the child to be ready', () => recordedHoldPid(recorder.stderr()));
    await waitFor('10 samples', () => lines(out).length >= 10);
    recorder.process.kill('SIGINT');
    const run = await recorder.finished;
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('hold: ignoring SIGINT');
    expect(run.stderr).toMatch(/was killed by SIGKILL \(interrupted; /);
  });

  it('reports the exit status of a command that exits or crashes by itself, and exits 4 (issue 18)', async () => {
    const dir = tempDir();
    const exits = await runCli(['record', '--interval', '50ms', '--no-gate', '--out', join(dir, 'a.jsonl'), '--', 'node', '-e', 'setTimeout(() => process.exit(7), 400)']);
    expect(exits.code).toBe(4);
    expect(exits.stderr).toMatch(/node -e "setTimeout\(\(\) => process.exit\(7\), 400\)" exited with code 7 \(\d+ samples/);
    const crashes = await runCli([
      'record', '--interval', '50ms', '--allow-inconclusive', '--quiet', '--out', join(dir, 'b.jsonl'),
      '--', 'node', '-e', "setTimeout(() => process.kill(process.pid, 'SIGKILL'), 400)",
    ]);
    // --allow-inconclusive does not hide a crash.
    expect(crashes.code).toBe(4);
    expect(crashes.stdout).toMatch(/^FAIL {2}the recorded command failed: node -e .* was killed by SIGKILL after [\d.]+s of recording; the samples alone: the data cannot decide/);
    expect(crashes.stderr).toMatch(/was killed by SIGKILL \(\d+ samples/);
  });

  it.each([
    [['record', '--pid', '999999999'], /^leak-score: no such process: PID 999999999; check the number with ps/],
    [['record', '--', 'leak-score-no-such-command', '--flag'], /^leak-score: command not found: leak-score-no-such-command; check the name and PATH/],
    [['record', '--', '{{script}}'], /^leak-score: permission denied running .*not-executable\.sh; make it executable/],
    [['record'], /^leak-score: nothing to record: name a command after --/],
    [['record', '--pid', '1', '--', 'node'], /give either --pid or a command to run, not both/],
    [['record', '--interval', '1ms', '--', 'node'], /--interval "1ms" is too short/],
    [['record', '--window', '0', '--', 'node'], /--window "0" is not valid/],
    [['record', '--out', '/nonexistent/dir/x.jsonl', '--', 'node'], /cannot create \/nonexistent\/dir\/x\.jsonl: no such directory/],
  ])('%j exits 2 with one line saying what to do', async (args, message) => {
    const dir = tempDir();
    const script = join(dir, 'not-executable.sh');
    writeFileSync(script, '#!/bin/sh\necho never\n');
    chmodSync(script, 0o644);
    const out = join(dir, 'never.jsonl');
    const argv = args.map((arg) => arg.replace('{{script}}', script));
    const withOut = argv.includes('--out') ? argv : [argv[0] as string, '--out', out, ...argv.slice(1)];
    // In-process (test/cli/run-cli.ts): nothing is recorded, so no signals need a process of their own.
    const run = await runInProcess(withOut);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    // Nothing ran, so nothing that looks like a recording is left behind.
    expect(existsSync(out)).toBe(false);
  });

  it('leaves the root command as it was: a file and its options, before or after it', async () => {
    const leaking = join(ROOT, 'fixtures', 'leaking.csv');
    const after = await runCli([leaking, '--quiet']);
    expect(after.code).toBe(1);
    expect(after.stdout).toMatch(/^FAIL/);
    const before = await runCli(['--format', 'json', leaking]);
    expect(before.code).toBe(1);
    expect(JSON.parse(before.stdout)).toMatchObject({ verdict: 'fail' });
    const help = await runCli(['--help']);
    expect(help.stdout).toMatch(/record \[options\] \[command\.\.\.\]/);
  });
});

/** hold.mjs prints its own pid first thing. */
function recordedHoldPid(stderr: string): number | undefined {
  const match = /hold: pid (\d+)/.exec(stderr);
  return match === null ? undefined : Number(match[1]);
}
