/**
 * SIGINT and SIGTERM in the middle of a read (issue 13): the built binary
 * reads standard input that the test holds open, so it is certainly
 * mid-read when the signal comes: the test waits until the CLI has spooled
 * the first chunk.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SIGNAL_EXIT_CODES, exitOnSignals, type ExitSignal } from '../../src/cli/signals.js';
import { runBuilt, STACK_TRACE } from '../support/built-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'leak-score-signals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


/** The child's own temporary folder: spools of other tests running at the same time never show here. */
const childTmp = join(dir, 'tmp');
mkdirSync(childTmp);

function stdinSpools(): string[] {
  return readdirSync(childTmp).filter((name) => name.startsWith('leak-score-stdin-'));
}

describe('a signal mid-read', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s while reading standard input: exit %i with one line, no report file, no spool left', async (signal, code) => {
    const before = new Set(stdinSpools());
    const html = join(dir, `${signal}.html`);
    const run = await runBuilt(['-', '--html', html], {
      env: { TMPDIR: childTmp },
      started: (child) => {
        child.stdin?.write('timestamp,rss_bytes\n1732000000,188413020\n');
        // The spool exists once the first chunk is read, so the CLI is mid-read: then signal.
        const poll = setInterval(() => {
          if (stdinSpools().some((name) => !before.has(name))) {
            clearInterval(poll);
            child.kill(signal);
          }
        }, 20);
        child.on('close', () => clearInterval(poll));
      },
    });
    expect(run.timedOut).toBe(false);
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(new RegExp(`^leak-score: .*\\(${signal}\\)`));
    expect(existsSync(html)).toBe(false);
    expect(stdinSpools().filter((name) => !before.has(name))).toEqual([]);
  });
});

/** True once some thread of `pid` is blocked opening a named pipe that has no writer (Linux wchan). */
function blockedOnPipeOpen(pid: number): boolean {
  try {
    return readdirSync(`/proc/${pid}/task`).some((task) => readFileSync(`/proc/${pid}/task/${task}/wchan`, 'utf8') === 'wait_for_partner');
  } catch {
    return false;
  }
}

describe('a signal while opening a named pipe that has no writer', () => {
  // Regression: the open blocks a libuv thread and Node's exit waited for it,
  // so the CLI printed its line and then hung until killed.
  it.runIf(process.platform === 'linux')('SIGTERM exits 143 with one line', async () => {
    const fifo = join(dir, 'no-writer.fifo');
    execFileSync('mkfifo', [fifo]);
    const run = await runBuilt([fifo], {
      started: (child) => {
        const poll = setInterval(() => {
          if (child.pid !== undefined && blockedOnPipeOpen(child.pid)) {
            clearInterval(poll);
            child.kill('SIGTERM');
          }
        }, 20);
        child.on('close', () => clearInterval(poll));
      },
    });
    expect(run.timedOut).toBe(false);
    expect(run.code).toBe(143);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('exitOnSignals', () => {
  function fakeProcess() {
    const listeners = new Map<ExitSignal, Array<() => void>>();
    const exits: number[] = [];
    return {
      exits,
      listeners,
      on: (signal: ExitSignal, listener: () => void) => listeners.set(signal, [...(listeners.get(signal) ?? []), listener]),
      off: (signal: ExitSignal, listener: () => void) => listeners.set(signal, (listeners.get(signal) ?? []).filter((one) => one !== listener)),
      listenerCount: (signal: ExitSignal) => listeners.get(signal)?.length ?? 0,
      exit: (code: number) => exits.push(code),
      emit: (signal: ExitSignal) => [...(listeners.get(signal) ?? [])].forEach((listener) => listener()),
    };
  }

  it('exits 128 + the signal number with one line', () => {
    const proc = fakeProcess();
    let err = '';
    exitOnSignals({ write: (text: string) => (err += text) }, proc);
    proc.emit('SIGINT');
    proc.emit('SIGTERM');
    expect(proc.exits).toEqual([SIGNAL_EXIT_CODES.SIGINT, SIGNAL_EXIT_CODES.SIGTERM]);
    expect(proc.exits).toEqual([130, 143]);
    expect(err.trimEnd().split('\n')).toHaveLength(2);
  });

  it('stands aside while another handler (a running record) listens, and can be removed', () => {
    const proc = fakeProcess();
    const remove = exitOnSignals({ write: () => true }, proc);
    let forwarded = 0;
    const record = (): void => {
      forwarded += 1;
    };
    proc.on('SIGINT', record);
    proc.emit('SIGINT');
    expect(proc.exits).toEqual([]);
    expect(forwarded).toBe(1);
    proc.off('SIGINT', record);
    remove();
    expect(proc.listenerCount('SIGINT')).toBe(0);
    expect(proc.listenerCount('SIGTERM')).toBe(0);
  });
});
