/**
 * Ctrl-C and `kill` while leak-score reads: one line on stderr and the
 * shell's conventional code, 128 + the signal number (130 for SIGINT, 143
 * for SIGTERM), instead of Node's silent death by signal. Files being
 * written are never left half-done: atomic-write.ts removes its temporary
 * file on exit, and the target was never touched.
 *
 * `record` installs its own handlers while a recording runs (it passes the
 * signal on to the recorded command and scores what it has); while any other
 * handler is listening, this one stands aside.
 */

/** 128 + signal number, as shells report a process killed by the signal. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export type ExitSignal = keyof typeof SIGNAL_EXIT_CODES;

const WHAT: Readonly<Record<ExitSignal, string>> = { SIGINT: 'interrupted (SIGINT)', SIGTERM: 'terminated (SIGTERM)' };

export interface SignalEdges {
  on(signal: ExitSignal, listener: () => void): unknown;
  off(signal: ExitSignal, listener: () => void): unknown;
  listenerCount(signal: ExitSignal): number;
  exit(code: number): void;
}

/** Installs the handlers; returns a function that removes them. */
export function exitOnSignals(stderr: { write(text: string): unknown }, proc: SignalEdges = process as unknown as SignalEdges): () => void {
  const handlers = (Object.keys(SIGNAL_EXIT_CODES) as ExitSignal[]).map((signal) => {
    const handler = (): void => {
      // Someone else (a running `record`) handles this signal: its handler decides.
      if (proc.listenerCount(signal) > 1) return;
      stderr.write(`leak-score: ${WHAT[signal]}; stopped without a report\n`);
      proc.exit(SIGNAL_EXIT_CODES[signal]);
    };
    proc.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) proc.off(signal, handler);
  };
}
