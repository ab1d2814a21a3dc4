/**
 * Measures one process — or, with `includeChildren`, it and all its
 * descendants — by reading /proc. Linux only: elsewhere `checkPlatform`
 * says so (see README, "Record a soak test").
 */
import { LeakScoreError } from '../errors.js';
import { descendants, LINUX_PROC, readRss, readStat, type ProcFs } from './proc.js';

export interface RssMeasure {
  /** Resident set size in bytes, summed over the processes measured. */
  rssBytes: number;
  /** How many processes the sum covers (1 without `includeChildren`). */
  processes: number;
}

export function checkPlatform(platform: NodeJS.Platform = process.platform): void {
  if (platform !== 'linux') {
    throw new LeakScoreError(
      `leak-score record reads /proc and runs on Linux only (this is ${platform}); ` +
        'record RSS with another tool (ps, Prometheus) and score the file with leak-score FILE',
    );
  }
}

export class RssProbe {
  private readonly startTicks: number | undefined;

  /** A probe for `pid`; `measure()` returns null if it has already ended. */
  constructor(
    readonly pid: number,
    private readonly includeChildren: boolean,
    private readonly fs: ProcFs = LINUX_PROC,
  ) {
    this.startTicks = readStat(pid, fs)?.startTicks;
  }

  /**
   * A probe for a running process given by the user (`--pid`): throws a
   * LeakScoreError saying why it cannot be measured (no such process,
   * permission denied, no memory of its own).
   */
  static attach(pid: number, includeChildren: boolean, fs: ProcFs = LINUX_PROC): RssProbe {
    const first = readRss(pid, fs);
    if (!first.ok) {
      switch (first.failure) {
        case 'gone':
          throw new LeakScoreError(`no such process: PID ${pid}; check the number with ps or pgrep NAME`);
        case 'denied':
          throw new LeakScoreError(
            `permission denied reading ${first.detail}; run leak-score as the user that owns PID ${pid}, or as root`,
          );
        case 'no-memory':
          throw new LeakScoreError(`PID ${pid} has no memory of its own to sample (a kernel thread, or a process that has exited)`);
      }
    }
    return new RssProbe(pid, includeChildren, fs);
  }

  /**
   * One measurement, or null once the process has ended (or exited and is
   * waiting to be reaped, or its pid now names a different process).
   */
  measure(): RssMeasure | null {
    const root = readRss(this.pid, this.fs);
    if (!root.ok) {
      if (root.failure === 'denied') {
        throw new LeakScoreError(`permission denied reading ${root.detail} while recording`);
      }
      return null;
    }
    // A pid is reused only after its process ended; the start time tells them apart.
    if (this.startTicks !== undefined && readStat(this.pid, this.fs)?.startTicks !== this.startTicks) return null;
    if (!this.includeChildren) return { rssBytes: root.bytes, processes: 1 };
    let rssBytes = root.bytes;
    let processes = 1;
    for (const pid of descendants(this.pid, this.fs)) {
      const reading = readRss(pid, this.fs);
      // A child that just ended, or a zombie, holds no memory: leave it out.
      if (!reading.ok) continue;
      rssBytes += reading.bytes;
      processes++;
    }
    return { rssBytes, processes };
  }
}
