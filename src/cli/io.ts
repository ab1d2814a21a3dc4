/**
 * The process edges the CLI talks to; tests pass their own.
 *
 * `processIo` wraps the real stdout and stderr so that a reader going away
 * (`leak-score … | head -1`) is not an error: like ripgrep, the output stops
 * there and the run goes on to exit with its usual code, the verdict's, so a
 * `set -o pipefail` CI step still gates on it. Without this, Node reports the
 * EPIPE as an unhandled 'error' event: a stack trace and exit 1, which a CI
 * gate would read as "leak found". Any other write error (a full disk under
 * `> report.txt`, EIO) is one line on stderr and exit 2.
 */
import { EXIT_USAGE } from '../gate.js';
import { describeWriteError } from './atomic-write.js';
import { escapeControl } from '../report/escape.js';

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
}

/** The reader went away: a closed pipe or socket. Not an error for a command-line filter. */
export function isClosedPipe(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ECONNRESET';
}

interface WritableEdge extends NodeJS.EventEmitter {
  write(text: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

/** A guarded stream: writes after the reader left are dropped; `failure` holds any other write error. */
export interface GuardedOutput {
  write(text: string): boolean;
  readonly isTTY?: boolean;
  readonly columns?: number;
  /** True once the reader has gone (EPIPE); later writes are dropped. */
  readonly closed: boolean;
}

export function guardOutput(stream: WritableEdge, onFailure: (error: NodeJS.ErrnoException) => void): GuardedOutput {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = true;
    if (!isClosedPipe(error)) onFailure(error);
  });
  return {
    write(text: string): boolean {
      if (closed) return true;
      try {
        return stream.write(text);
      } catch (error) {
        // A synchronous failure (a closed descriptor): treated as the asynchronous ones are.
        closed = true;
        if (!isClosedPipe(error)) onFailure(error as NodeJS.ErrnoException);
        return true;
      }
    },
    get isTTY() {
      return stream.isTTY;
    },
    get columns() {
      return stream.columns;
    },
    get closed() {
      return closed;
    },
  };
}

export interface ProcessIo extends CliIo {
  /** The exit code to use instead of the run's when writing the output failed (not a closed pipe); null otherwise. */
  outputFailureCode(): number | null;
}

/** The real process streams, guarded against closed pipes and failed writes. */
export function processIo(proc: NodeJS.Process = process): ProcessIo {
  let failed = false;
  let stderr: GuardedOutput | null = null;
  const fail = (where: string) => (error: NodeJS.ErrnoException) => {
    failed = true;
    // The exit code may already be set by the time an asynchronous write fails.
    proc.exitCode = EXIT_USAGE;
    if (where === 'standard output' && stderr !== null && !stderr.closed) {
      stderr.write(`leak-score: cannot write to ${where}: ${escapeControl(describeWriteError(error))}\n`);
    }
  };
  const stdout = guardOutput(proc.stdout as unknown as WritableEdge, fail('standard output'));
  stderr = guardOutput(proc.stderr as unknown as WritableEdge, fail('standard error'));
  return {
    stdout,
    stderr,
    stdin: proc.stdin,
    env: proc.env,
    outputFailureCode: () => (failed ? EXIT_USAGE : null),
  };
}
