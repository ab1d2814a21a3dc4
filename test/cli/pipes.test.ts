/**
 * Closed pipes (issue 13): `leak-score … | head -1` must end quietly, as
 * `rg … | head` does, and keep its documented exit code (help 0; a report
 * the verdict's, so `set -o pipefail` still gates). Each case runs the built
 * binary twice:
 *
 * - through a real shell pipe into `head -1`, the user's own command line;
 * - with the reading end closed before the first write, so that every write
 *   meets EPIPE (with `head` the output may fit in the pipe before it closes).
 *
 * The subcommands come from the commander program itself, so a new one is
 * covered the day it is added.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { OUTPUT_FORMATS } from '../../src/report/render.js';
import { BIN, STACK_TRACE } from '../support/built-cli.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');
const leaking = join(fixtures, 'leaking.csv');
const flat = join(fixtures, 'flat.csv');

const quote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

interface PipeRun {
  code: number | null;
  /** Everything the CLI wrote to whichever stream stayed open. */
  other: string;
}

/** `leak-score ARGS | head -N` in bash, with the CLI's own exit code (PIPESTATUS). */
function throughHead(args: readonly string[], lines = 1, stream: 'stdout' | 'stderr' = 'stdout', env: Record<string, string> = {}): Promise<PipeRun & { head: string }> {
  const cli = [process.execPath, BIN, ...args].map(quote).join(' ');
  // For stderr: swap the streams so that head reads the CLI's stderr.
  const line =
    stream === 'stdout'
      ? `${cli} 2>"$ERR" | head -${lines}; echo "\${PIPESTATUS[0]}" >"$CODE"`
      : `{ ${cli} 2>&1 1>"$ERR" | head -${lines}; } ; echo "\${PIPESTATUS[0]}" >"$CODE"`;
  return new Promise((resolve, reject) => {
    const dir = `/tmp/leak-score-pipe-${process.pid}-${Math.random().toString(16).slice(2)}`;
    const child = spawn('bash', ['-c', `mkdir -p ${dir}; ERR=${dir}/err CODE=${dir}/code; ${line}; cat "$ERR" >&2; cat "$CODE" >&2; rm -rf ${dir}`], {
      env: { PATH: process.env.PATH ?? '', ...env },
      // Not a socket on stdin: bash would then read ~/.bashrc, as for rsh.
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let head = '';
    let tail = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (head += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (tail += text));
    child.on('error', reject);
    child.on('close', () => {
      const parts = tail.trimEnd().split('\n');
      const code = Number(parts.pop());
      resolve({ code, head, other: parts.join('\n') });
    });
  });
}

/** The CLI with one of its streams closed before it writes anything: every write there is EPIPE. */
function closedFromStart(args: readonly string[], stream: 'stdout' | 'stderr', env: Record<string, string> = {}): Promise<PipeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    child[stream].destroy();
    const open = stream === 'stdout' ? child.stderr : child.stdout;
    let other = '';
    open.setEncoding('utf8').on('data', (text: string) => (other += text));
    child.stdin.on('error', () => undefined);
    child.stdin.end();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, other }));
  });
}

function commandPaths(): string[][] {
  const io = { stdout: { write: () => true }, stderr: { write: () => true }, stdin: Readable.from([]), env: {} };
  const program = buildProgram(io);
  const paths: string[][] = [[]];
  const walk = (command: typeof program, prefix: string[]): void => {
    for (const sub of command.commands) {
      paths.push([...prefix, sub.name()]);
      walk(sub, [...prefix, sub.name()]);
    }
  };
  walk(program, []);
  return paths;
}

const SUBCOMMANDS = commandPaths();

describe('closed pipes end the output quietly', () => {
  it('finds the subcommands in the program (record and rules at least)', () => {
    expect(SUBCOMMANDS.map((path) => path.join(' '))).toEqual(expect.arrayContaining(['', 'record', 'rules']));
  });

  // Regression: both died with `Error: write EPIPE` and a Node stack trace before issue 13.
  it('leak-score --help | head -1', async () => {
    const run = await throughHead(['--help'], 1);
    expect(run.head).toBe('Usage: leak-score [options] [command] [file]\n');
    expect(run.other).not.toMatch(STACK_TRACE);
    expect(run.other).toBe('');
    expect(run.code).toBe(0);
  });

  it('leak-score rules --help | head -2', async () => {
    const run = await throughHead(['rules', '--help'], 2);
    expect(run.head.split('\n')[0]).toBe('Usage: leak-score rules [options]');
    expect(run.other).toBe('');
    expect(run.code).toBe(0);
  });

  it.each(SUBCOMMANDS.map((path) => [path.join(' ') || '(root)', path] as const))('%s --help, through head -1 and closed from the start: exit 0', async (_name, path) => {
    for (const run of [await throughHead([...path, '--help']), await closedFromStart([...path, '--help'], 'stdout')]) {
      expect(run.other).not.toMatch(STACK_TRACE);
      expect(run.other).toBe('');
      expect(run.code).toBe(0);
    }
  });

  // Every --format, the quiet verdict line, and the HTML report sent to stdout; a failing and a passing run.
  const REPORTS: Array<[string, string[], number]> = [
    ...OUTPUT_FORMATS.map((format): [string, string[], number] => [`--format ${format}`, [leaking, '--format', format], 1]),
    ['--quiet', [flat, '--quiet'], 0],
    ['text, passing', [flat], 0],
    ['--alerts all', [leaking, '--alerts', 'all'], 1],
  ];

  it.each(REPORTS)('%s: quiet, with the verdict\u2019s exit code', async (_name, args, code) => {
    for (const run of [await throughHead(args), await closedFromStart(args, 'stdout')]) {
      expect(run.other).not.toMatch(STACK_TRACE);
      expect(run.other).toBe('');
      expect(run.code).toBe(code);
    }
  });

  // Only through head: /dev/stdout cannot be opened when stdout is the test's socket (ENXIO).
  it('--html /dev/stdout | head -1: the report goes to the pipe, quietly, exit 1', async () => {
    const run = await throughHead([leaking, '--quiet', '--html', '/dev/stdout']);
    expect(run.head).toBe('<!DOCTYPE html>\n');
    expect(run.other).toBe('');
    expect(run.code).toBe(1);
  });

  it('rules output through head -1: exit 0', async () => {
    const args = ['rules', '--selector', 'process_resident_memory_bytes{job="api"}'];
    for (const run of [await throughHead(args), await closedFromStart(args, 'stdout')]) {
      expect(run.other).not.toMatch(STACK_TRACE);
      expect(run.code).toBe(0);
    }
  });

  it('a closed stderr: errors, annotations and record messages are dropped, the code stays', async () => {
    // A usage error is exit 2 even when its one line has nowhere to go.
    const usage = await closedFromStart(['--window', 'nope', leaking], 'stderr');
    expect(usage.code).toBe(2);
    expect(usage.other).toBe('');
    // GitHub annotations go to stderr.
    const annotated = await closedFromStart([leaking, '--quiet'], 'stderr', { GITHUB_ACTIONS: 'true' });
    expect(annotated.code).toBe(1);
    expect(annotated.other).toMatch(/^FAIL /);
    const headed = await throughHead(['--window', 'nope', leaking], 1, 'stderr');
    expect(headed.head).toMatch(/^leak-score: /);
    expect(headed.code).toBe(2);
  });

  it('record with stdout and stderr closed: records, scores and exits with the gate\u2019s code', async () => {
    for (const stream of ['stdout', 'stderr'] as const) {
      const out = join(tmpdir(), `leak-score-pipe-record-${process.pid}-${stream}.jsonl`);
      rmSync(out, { force: true });
      const args = ['record', '--interval', '100ms', '--duration', '1s', '--out', out, '--', process.execPath, '-e', 'setTimeout(() => {}, 5000)'];
      const run = await closedFromStart(args, stream);
      rmSync(out, { force: true });
      expect(run.other).not.toMatch(STACK_TRACE);
      // One second of samples is inconclusive (shorter than the 15m for): exit 3, as documented.
      expect(run.code).toBe(3);
    }
  });
});
