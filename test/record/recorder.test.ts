/** startRecording, the library form of `leak-score record`, in this process. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { isLeakScoreError } from '../../src/errors.js';
import { startRecording } from '../../src/record/recorder.js';
import type { RecordedSample } from '../../src/record/sample-writer.js';
import { HOLD, isRunning, lines, removeTempDirs, tempDir } from './helpers.js';

describe('startRecording', () => {
  afterAll(removeTempDirs);

  it('spawns, samples to the file, and stop() ends the child', async () => {
    const out = join(tempDir(), 'lib.jsonl');
    const seen: RecordedSample[] = [];
    const recording = await startRecording({
      target: { command: process.execPath, args: [HOLD] },
      out,
      intervalSeconds: 0.05,
      stdio: 'ignore',
      onSample: (sample) => seen.push(sample),
    });
    expect(recording.format).toBe('jsonl');
    await sleep(800);
    recording.stop();
    const outcome = await recording.done;
    expect(outcome).toMatchObject({ file: out, stoppedBy: 'stopped', exit: { code: 0, signal: null }, pid: recording.pid });
    expect(outcome.samples).toBe(seen.length);
    expect(outcome.samples).toBeGreaterThan(5);
    expect(lines(out)).toHaveLength(outcome.samples);
    expect(outcome.start).toBe(seen[0]?.time);
    expect(outcome.end).toBe(seen.at(-1)?.time);
    expect(isRunning(recording.pid)).toBe(false);
  });

  it('attached, interrupt() stops recording and leaves the process alone', async () => {
    const target = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await new Promise((resolve) => target.once('spawn', resolve));
    try {
      const recording = await startRecording({ target: { pid: target.pid as number }, out: join(tempDir(), 'attached.csv'), intervalSeconds: 0.05 });
      expect(recording.command).toBeNull();
      await sleep(300);
      recording.interrupt('SIGINT');
      const outcome = await recording.done;
      expect(outcome).toMatchObject({ stoppedBy: 'interrupted', exit: null, format: 'csv' });
      expect(isRunning(target.pid as number)).toBe(true);
    } finally {
      target.kill('SIGKILL');
    }
  });

  it('ends by itself with the process, and with --duration', async () => {
    const dir = tempDir();
    const exits = await startRecording({ target: { command: process.execPath, args: ['-e', 'setTimeout(() => {}, 300)'] }, out: join(dir, 'a.jsonl'), intervalSeconds: 0.05, stdio: 'ignore' });
    expect(await exits.done).toMatchObject({ stoppedBy: 'exited', exit: { code: 0, signal: null } });
    const timed = await startRecording({ target: { command: process.execPath, args: [HOLD] }, out: join(dir, 'b.jsonl'), intervalSeconds: 0.05, durationSeconds: 0.5, stdio: 'ignore' });
    const outcome = await timed.done;
    expect(outcome.stoppedBy).toBe('duration');
    expect((outcome.end ?? 0) - (outcome.start ?? 0)).toBeLessThan(0.6);
  });

  it('rejects with a LeakScoreError and leaves no file when the command cannot start', async () => {
    const out = join(tempDir(), 'never.jsonl');
    const error = await startRecording({ target: { command: 'leak-score-no-such-command' }, out, intervalSeconds: 1 }).catch((e: unknown) => e);
    expect(isLeakScoreError(error)).toBe(true);
    expect(existsSync(out)).toBe(false);
  });
});
