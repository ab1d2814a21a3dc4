/** The built binary as a real process, for tests that send it signals. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'leak-score.js');
export const HOLD = join(import.meta.dirname, 'children', 'hold.mjs');
export const TREE = join(import.meta.dirname, 'children', 'tree.mjs');

const made: string[] = [];

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'leak-score-record-'));
  made.push(dir);
  return dir;
}

/** Removes the directories `tempDir` made (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  finished: Promise<Finished>;
}

/** Starts `leak-score ARGS` with captured output; `env` adds to this process's environment. */
export function startCli(args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const finished = new Promise<Finished>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { process: child, stdout: () => stdout, stderr: () => stderr, finished };
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<Finished> {
  return startCli(args, env).finished;
}

/** Runs `leak-score ARGS` to the end, synchronously (for quick checks on files). */
export function scoreFile(args: string[]): Finished {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}

/** Waits until `check()` is truthy (polling), or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** Complete lines in a file (those ending in a newline). */
export function lines(path: string): string[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const whole = text.slice(0, text.lastIndexOf('\n') + 1);
  return whole === '' ? [] : whole.trimEnd().split('\n');
}

/** The pid the recorder says it records ("recording … (PID 123) …"). */
export function recordedPid(stderr: string): number | undefined {
  const match = /\(PID (\d+)\)/.exec(stderr);
  return match === null ? undefined : Number(match[1]);
}

/** True while `pid` runs; a zombie (ended, not yet reaped) counts as ended. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
