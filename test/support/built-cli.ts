/**
 * Runs the built binary (bin/leak-score.js → dist/) as a user would, in its
 * own process: the edges main() never sees in-process (real pipes, signals,
 * process exit) are tested here. `npm test` builds dist first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'leak-score.js');

export interface BuiltRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the generous timeout ended it (a hang). */
  timedOut: boolean;
}

export interface BuiltOptions {
  stdin?: string | Buffer;
  env?: Record<string, string>;
  /** Kill after this long and report a hang (default 60 s: generous on a loaded 2-core machine). */
  timeoutMs?: number;
  /** Called once the child is running, e.g. to signal it. */
  started?: (child: ChildProcess) => void;
  /**
   * Run without root's power to write anywhere (when the tests run as root, as
   * CI does): setpriv drops CAP_DAC_OVERRIDE from the bounding set, so file
   * permissions apply to the CLI as to any user, and it still reads the repo.
   */
  withoutOverride?: boolean;
}

export function runBuilt(args: readonly string[], options: BuiltOptions = {}): Promise<BuiltRun> {
  return new Promise((resolve, reject) => {
    const drop = options.withoutOverride === true && process.getuid?.() === 0;
    const command = drop ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--', process.execPath] : [process.execPath];
    const child = spawn(command[0] as string, [...command.slice(1), BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.stdin.on('error', () => undefined); // the CLI may exit before reading all of it
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
    options.started?.(child);
    if (options.stdin !== undefined) child.stdin.end(options.stdin);
    else if (options.started === undefined) child.stdin.end();
  });
}

/** A stack trace, or Node's report of an unhandled error: what a user must never see. */
export const STACK_TRACE = /^\s+at .+[(:]\d+|node:internal|Unhandled 'error' event|^\w*Error: |Node\.js v\d+/m;
