/**
 * A one-line progress indicator on stderr for inputs that take a while.
 * It stays silent unless the stream is a terminal, and for the first second
 * (quick inputs never show it); it redraws at most ten times a second and
 * erases itself when reading ends, so the report starts on a clean line.
 *
 * @example
 * const progress = createProgress(process.stderr, { label: 'soak.csv', totalBytes: size });
 * try {
 *   for await (const chunk of stream) { feed(chunk); progress.update(bytesSoFar, samplesSoFar); }
 * } finally {
 *   progress.done();
 * }
 */
import { escapeControl } from './escape.js';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** What is being read, e.g. the file name or `standard input`. */
  label: string;
  /** The input's size when known (a file), for a percentage; null or absent for a pipe. */
  totalBytes?: number | null;
  /** Nothing shows before this much time has passed (default 1000 ms). */
  delayMs?: number;
  /** Redraws at most this often (default 100 ms). */
  intervalMs?: number;
  /** Overrides the terminal check (default: `stream.isTTY === true`). */
  enabled?: boolean;
  /** The clock, in milliseconds (tests pass their own). */
  now?: () => number;
}

export interface ProgressReporter {
  /** Reports bytes read so far and, when known, samples so far. Cheap to call per chunk or per row. */
  update(bytesRead: number, samples?: number): void;
  /** Erases the line if one was drawn. Call once when reading ends, also on error. */
  done(): void;
}

/** A reporter that does nothing, for library callers and non-terminals. */
export const NO_PROGRESS: ProgressReporter = Object.freeze({ update: () => undefined, done: () => undefined });

const CLEAR_LINE = '\r\u001b[2K';

export function createProgress(stream: ProgressStream, options: ProgressOptions): ProgressReporter {
  const enabled = options.enabled ?? stream.isTTY === true;
  if (!enabled) return NO_PROGRESS;
  const now = options.now ?? Date.now;
  const delayMs = options.delayMs ?? 1000;
  const intervalMs = options.intervalMs ?? 100;
  const started = now();
  let lastDraw = -Infinity;
  let drawn = false;
  let finished = false;
  return {
    update(bytesRead: number, samples?: number): void {
      if (finished) return;
      const t = now();
      if (t - started < delayMs || t - lastDraw < intervalMs) return;
      lastDraw = t;
      drawn = true;
      const line = progressLine(options.label, bytesRead, options.totalBytes ?? null, samples, (t - started) / 1000);
      const width = Math.max(20, (stream.columns || 80) - 1); // a pty without a size reports 0
      stream.write(`${CLEAR_LINE}${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
    },
    done(): void {
      if (finished) return;
      finished = true;
      if (drawn) stream.write(CLEAR_LINE);
    },
  };
}

/** `leak-score: reading soak.csv  45%  123.4 of 274.0 MiB  1,234,567 samples  8.2 s` */
export function progressLine(
  label: string,
  bytesRead: number,
  totalBytes: number | null,
  samples: number | undefined,
  seconds: number,
): string {
  const mib = (bytes: number): string => (bytes / 1048576).toFixed(1);
  const parts = [`leak-score: reading ${escapeControl(label)}`];
  if (totalBytes !== null && totalBytes > 0) {
    parts.push(`${Math.min(100, Math.floor((bytesRead / totalBytes) * 100))}%`, `${mib(bytesRead)} of ${mib(totalBytes)} MiB`);
  } else {
    parts.push(`${mib(bytesRead)} MiB`);
  }
  if (samples !== undefined) parts.push(`${samples.toLocaleString('en-US')} samples`);
  parts.push(`${seconds.toFixed(1)} s`);
  return parts.join('  ');
}
