/**
 * The CLI as a process: the real streams (guarded against closed pipes, see
 * io.ts), exits on SIGINT/SIGTERM (signals.ts), and the exit code. The bin
 * calls this; `main` itself never touches the process, so tests run it
 * in-process with their own streams.
 */
import { main } from '../cli.js';
import { processIo } from './io.js';
import { exitOnSignals } from './signals.js';

export async function runProcess(argv: readonly string[]): Promise<number> {
  const io = processIo();
  exitOnSignals(io.stderr);
  const code = await main(argv, io);
  return io.outputFailureCode() ?? code;
}
