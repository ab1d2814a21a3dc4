/**
 * Starting the command to record — directly, never through a shell, so its
 * arguments reach it exactly as given — and making sure it never outlives
 * leak-score.
 *
 * While leak-score runs it forwards signals and terminates the child itself
 * (see recorder.ts). A `process.on('exit')` hook covers leak-score ending on
 * an error. What no handler can cover is leak-score being killed with
 * SIGKILL, so a watchdog covers that: a tiny `sh` that holds the read end of
 * a pipe from leak-score. When leak-score dies for any reason the kernel
 * closes the pipe, `read` sees end of file, and the watchdog sends the child
 * SIGTERM, then SIGKILL after the grace period. When the child has ended,
 * leak-score writes `done` first and the watchdog exits quietly.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import type { Socket } from 'node:net';
import { LeakScoreError } from '../errors.js';
import { errorCode } from './proc.js';

export interface ChildExit {
  /** The exit code, or null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** "exited with code 0", "was killed by SIGTERM". */
export function describeExit(exit: ChildExit): string {
  if (exit.signal !== null) return `was killed by ${exit.signal}`;
  return `exited with code ${exit.code ?? 'unknown'}`;
}

/** The command line for messages: arguments with spaces or quotes are quoted. */
export function showCommand(command: string, args: readonly string[]): string {
  return [command, ...args].map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : JSON.stringify(word))).join(' ');
}

/** Spawns `command` and resolves once it runs; a LeakScoreError says why it could not start. */
export function spawnCommand(command: string, args: readonly string[], stdio: StdioOptions): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio, shell: false });
    const onError = (error: Error): void => {
      child.off('spawn', onSpawn);
      reject(spawnError(command, error));
    };
    const onSpawn = (): void => {
      child.off('error', onError);
      resolve(child);
    };
    child.once('error', onError);
    child.once('spawn', onSpawn);
  });
}

function spawnError(command: string, error: Error): LeakScoreError {
  switch (errorCode(error)) {
    case 'ENOENT':
      return new LeakScoreError(
        `command not found: ${command}; check the name and PATH (it is run without a shell, so aliases and shell built-ins do not work)`,
      );
    case 'EACCES':
    case 'EPERM':
      return new LeakScoreError(
        `permission denied running ${command}; make it executable (chmod +x ${command}) or name its interpreter (-- sh ${command}, -- node ${command})`,
      );
    default:
      return new LeakScoreError(`cannot run ${command} (${error.message})`);
  }
}

const WATCHDOG = `
trap '' INT TERM HUP
IFS= read -r line
[ "$line" = done ] && exit 0
kill -TERM "$1" 2>/dev/null || exit 0
n=0
while kill -0 "$1" 2>/dev/null; do
  n=$((n + 1))
  if [ "$n" -gt "$2" ]; then kill -KILL "$1" 2>/dev/null; exit 0; fi
  sleep 0.1
done
`;

/** The watchdog for one child; `release()` once the child has ended. */
export class Watchdog {
  private readonly process: ChildProcess | null;
  private released = false;

  constructor(childPid: number, graceSeconds: number) {
    let watchdog: ChildProcess | null = null;
    try {
      const tenths = String(Math.max(1, Math.ceil(graceSeconds * 10)));
      watchdog = spawn('/bin/sh', ['-c', WATCHDOG, 'leak-score-watchdog', String(childPid), tenths], {
        stdio: ['pipe', 'ignore', 'ignore'],
      });
      // Neither the watchdog nor its pipe may keep leak-score alive.
      watchdog.on('error', () => undefined);
      watchdog.stdin?.on('error', () => undefined);
      watchdog.unref();
      (watchdog.stdin as Socket | null)?.unref();
    } catch {
      // Without /bin/sh the exit hook and signal forwarding still protect the child.
      watchdog = null;
    }
    this.process = watchdog;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.process?.stdin?.end('done\n');
  }
}
