/**
 * Records a process's RSS to a file: spawn a command (or attach to a pid),
 * measure it every interval, write each sample as it is taken, and stop when
 * the process ends, the duration is up, or the caller interrupts.
 *
 * Times come from a monotonic clock anchored to the wall clock at the start,
 * so a clock step (NTP, a suspended VM) can neither reorder samples nor put
 * a false slope into the recording.
 */
import type { ChildProcess, StdioOptions } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { LeakScoreError } from '../errors.js';
import type { CommandFailure } from '../gate.js';
import { describeExit, showCommand, spawnCommand, Watchdog, type ChildExit } from './child.js';
import { checkPlatform, RssProbe } from './rss-probe.js';
import { SampleWriter, type RecordedSample, type RecordingFormat } from './sample-writer.js';

export type { CommandFailure } from '../gate.js';

export type RecordTarget = { command: string; args?: readonly string[] } | { pid: number };

export interface RecordOptions {
  /** A command to spawn (without a shell), or the pid of a running process to attach to. */
  target: RecordTarget;
  /**
   * The file to write: `.csv` writes CSV, anything else JSON Lines. It must
   * not exist unless `overwrite`. Default: a new `leak-score-<time>-<pid>.jsonl`
   * in the current directory.
   */
  out?: string;
  /** Replace `out` if it exists (`--force`); otherwise an existing file is refused. */
  overwrite?: boolean;
  /** Seconds between samples; at least 0.01. */
  intervalSeconds: number;
  /** Stop after this many seconds; otherwise when the process ends or on `interrupt`/`stop`. */
  durationSeconds?: number;
  /** Sum the RSS of the process and all its descendants. */
  includeChildren?: boolean;
  /** After SIGTERM (or a forwarded signal), how long a spawned child gets before SIGKILL. Default 10. */
  killAfterSeconds?: number;
  /** The spawned child's stdio, as for child_process.spawn. Default: inherit all three. */
  stdio?: StdioOptions;
  /** Called after each sample is on disk, with the pid measured (known before `startRecording` resolves). */
  onSample?: (sample: RecordedSample, pid: number) => void;
}

/** Why the recording ended. */
export type StopReason = 'exited' | 'duration' | 'interrupted' | 'stopped';

export interface RecordOutcome {
  file: string;
  /** False when no sample was taken: the empty file was removed rather than left looking like a recording. */
  fileKept: boolean;
  format: RecordingFormat;
  samples: number;
  /** The process recorded. */
  pid: number;
  /** The command line when spawned; null when attached. */
  command: string | null;
  /** Times of the first and last sample (seconds since the epoch), null without samples. */
  start: number | null;
  end: number | null;
  stoppedBy: StopReason;
  /** How a spawned child ended; null when attached. */
  exit: ChildExit | null;
}

export interface Recording {
  readonly pid: number;
  readonly file: string;
  readonly format: RecordingFormat;
  /** The command line when spawned; null when attached. */
  readonly command: string | null;
  /**
   * A signal for the recording: a spawned child receives it (and SIGKILL
   * after `killAfterSeconds` if still running) while sampling continues
   * until it exits; an attached process is left alone and recording stops.
   */
  interrupt(signal: NodeJS.Signals): void;
  /** Stops recording now; a spawned child is sent SIGTERM (SIGKILL after the grace period). */
  stop(): void;
  /** Settles once recording has stopped and a spawned child has exited. */
  readonly done: Promise<RecordOutcome>;
}

export const MIN_INTERVAL_SECONDS = 0.01;
const DEFAULT_KILL_AFTER_SECONDS = 10;

/**
 * Starts recording. Resolves once the first sample is scheduled; rejects
 * with a LeakScoreError when the file cannot be created, the command cannot
 * be started or the pid cannot be measured.
 */
export async function startRecording(options: RecordOptions): Promise<Recording> {
  checkPlatform();
  if (!(options.intervalSeconds >= MIN_INTERVAL_SECONDS)) {
    throw new LeakScoreError(`--interval must be at least ${MIN_INTERVAL_SECONDS * 1000}ms`);
  }
  if (options.durationSeconds !== undefined && !(options.durationSeconds > 0)) {
    throw new LeakScoreError('--duration must be longer than 0, e.g. 30m');
  }
  const target = options.target;
  const openWriter = (): SampleWriter =>
    options.out === undefined ? SampleWriter.createDefault() : new SampleWriter(options.out, { overwrite: options.overwrite === true });
  if ('pid' in target) {
    const probe = RssProbe.attach(target.pid, options.includeChildren === true);
    return new ActiveRecording(options, probe, null, openWriter());
  }
  const writer = openWriter();
  let child: ChildProcess;
  try {
    child = await spawnCommand(target.command, target.args ?? [], options.stdio ?? 'inherit');
  } catch (error) {
    // Nothing was recorded: do not leave an empty file that looks like a recording.
    writer.discard();
    throw error;
  }
  const probe = new RssProbe(child.pid as number, options.includeChildren === true);
  return new ActiveRecording(options, probe, child, writer);
}

class ActiveRecording implements Recording {
  readonly pid: number;
  readonly file: string;
  readonly format: RecordingFormat;
  readonly command: string | null;
  readonly done: Promise<RecordOutcome>;

  private readonly intervalMs: number;
  private readonly killAfterMs: number;
  private readonly wallStart = Date.now();
  private readonly monoStart = performance.now();
  private readonly watchdog: Watchdog | null = null;
  private tickTimer: NodeJS.Timeout | null = null;
  private durationTimer: NodeJS.Timeout | null = null;
  private killTimer: NodeJS.Timeout | null = null;
  private nextTickMs = 0;
  private sampling = true;
  private reason: StopReason | null = null;
  private failure: unknown = null;
  private exit: ChildExit | null = null;
  private start: number | null = null;
  private end: number | null = null;
  private settle!: { resolve: (outcome: RecordOutcome) => void; reject: (error: unknown) => void };
  private readonly onProcessExit = (): void => {
    // leak-score is ending without having waited for the child: never leave it behind.
    this.child?.kill('SIGTERM');
  };

  constructor(
    private readonly options: RecordOptions,
    private readonly probe: RssProbe,
    private readonly child: ChildProcess | null,
    private readonly writer: SampleWriter,
  ) {
    this.pid = probe.pid;
    this.file = writer.path;
    this.format = writer.format;
    const target = options.target;
    this.command = 'command' in target ? showCommand(target.command, target.args ?? []) : null;
    this.intervalMs = options.intervalSeconds * 1000;
    this.killAfterMs = (options.killAfterSeconds ?? DEFAULT_KILL_AFTER_SECONDS) * 1000;
    this.done = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    if (child !== null) {
      this.watchdog = new Watchdog(this.pid, this.killAfterMs / 1000);
      process.on('exit', this.onProcessExit);
      child.once('exit', (code, signal) => this.childExited({ code, signal }));
    }
    if (options.durationSeconds !== undefined) {
      this.durationTimer = setTimeout(() => this.stopSampling('duration'), options.durationSeconds * 1000);
    }
    this.tick();
  }

  interrupt(signal: NodeJS.Signals): void {
    if (this.child === null) {
      this.stopSampling('interrupted');
      return;
    }
    if (this.exit !== null) return;
    this.reason ??= 'interrupted';
    this.child.kill(signal);
    this.escalate();
  }

  stop(): void {
    this.stopSampling('stopped');
  }

  /** Seconds since the epoch on the monotonic clock, to the millisecond (as written). */
  private now(): number {
    const ms = this.wallStart + (performance.now() - this.monoStart);
    return Math.round(ms) / 1000;
  }

  private tick(): void {
    this.tickTimer = null;
    if (!this.sampling) return;
    let sample: RecordedSample;
    try {
      const time = this.now();
      const measure = this.probe.measure();
      if (measure === null) {
        // Ended (or a zombie waiting for its 'exit' event): nothing more to sample.
        this.stopSampling('exited');
        return;
      }
      sample = { time, rssBytes: measure.rssBytes, processes: measure.processes };
      this.writer.write(sample);
    } catch (error) {
      this.failure = error;
      this.stopSampling('stopped');
      return;
    }
    this.start ??= sample.time;
    this.end = sample.time;
    this.options.onSample?.(sample, this.pid);
    this.schedule();
  }

  /** The next slot on the interval grid; slots missed while the machine was busy are skipped, not bunched. */
  private schedule(): void {
    if (!this.sampling) return;
    const elapsed = performance.now() - this.monoStart;
    this.nextTickMs += this.intervalMs;
    if (this.nextTickMs <= elapsed) this.nextTickMs = (Math.floor(elapsed / this.intervalMs) + 1) * this.intervalMs;
    this.tickTimer = setTimeout(() => this.tick(), this.nextTickMs - elapsed);
  }

  private stopSampling(reason: StopReason): void {
    this.reason ??= reason;
    if (!this.sampling) return;
    this.sampling = false;
    if (this.tickTimer !== null) clearTimeout(this.tickTimer);
    if (this.durationTimer !== null) clearTimeout(this.durationTimer);
    this.tickTimer = this.durationTimer = null;
    if (this.child === null) {
      this.finish();
      return;
    }
    if (this.exit !== null) {
      this.finish();
      return;
    }
    if (reason !== 'exited') {
      this.child.kill('SIGTERM');
      this.escalate();
    }
  }

  private escalate(): void {
    if (this.killTimer !== null || this.child === null) return;
    const child = this.child;
    this.killTimer = setTimeout(() => {
      if (this.exit === null) child.kill('SIGKILL');
    }, this.killAfterMs);
  }

  private childExited(exit: ChildExit): void {
    this.exit = exit;
    this.watchdog?.release();
    process.off('exit', this.onProcessExit);
    if (this.killTimer !== null) clearTimeout(this.killTimer);
    if (this.sampling) this.stopSampling('exited');
    else this.finish();
  }

  private finish(): void {
    const fileKept = this.writer.samples > 0 || this.failure !== null;
    // No sample (`record -- false`): an empty file (or a bare CSV header) must not look like a recording.
    if (fileKept) this.writer.close();
    else this.writer.discard();
    if (this.failure !== null) {
      this.settle.reject(this.failure);
      return;
    }
    this.settle.resolve({
      file: this.file,
      fileKept,
      format: this.format,
      samples: this.writer.samples,
      pid: this.pid,
      command: this.command,
      start: this.start,
      end: this.end,
      stoppedBy: this.reason ?? 'exited',
      exit: this.exit,
    });
  }
}

/** One line for people: what was recorded and how it ended. */
export function describeOutcome(outcome: RecordOutcome): string {
  const what = outcome.command === null ? `PID ${outcome.pid}` : outcome.command;
  const span =
    outcome.start !== null && outcome.end !== null ? ` over ${(outcome.end - outcome.start).toFixed(1)}s` : '';
  const samples = outcome.fileKept
    ? `${outcome.samples} sample${outcome.samples === 1 ? '' : 's'}${span} in ${outcome.file}`
    : `no sample taken, so no file was left at ${outcome.file}`;
  const stopped: Record<StopReason, string> = {
    exited: '',
    duration: 'stopped at --duration; ',
    interrupted: 'interrupted; ',
    stopped: 'stopped; ',
  };
  if (outcome.exit !== null) return `${what} ${describeExit(outcome.exit)} (${stopped[outcome.stoppedBy]}${samples})`;
  const ended = outcome.stoppedBy === 'exited' ? 'ended' : 'left running';
  return `${what} ${ended} (${stopped[outcome.stoppedBy]}${samples})`;
}

/**
 * The recorded command failed when it ended by itself — not stopped at
 * `--duration` and not interrupted — with a non-zero code or a signal. An
 * attached process (`--pid`) has no exit status leak-score can see; it failed
 * when it ended before a `--duration` it was meant to run for. A command
 * stopped by leak-score (SIGTERM at `--duration`, a forwarded Ctrl-C) did not
 * fail, whatever status that gave it.
 */
export function commandFailure(outcome: RecordOutcome, durationSeconds: number | undefined): CommandFailure | null {
  if (outcome.stoppedBy !== 'exited') return null;
  const span = outcome.start !== null && outcome.end !== null ? ` after ${(outcome.end - outcome.start).toFixed(1)}s of recording` : ' before the first sample';
  const beforeDuration = durationSeconds === undefined ? '' : `, before --duration ${durationSeconds}s`;
  if (outcome.exit === null) {
    if (durationSeconds === undefined) return null;
    const what = `PID ${outcome.pid}`;
    return {
      what,
      exitCode: null,
      signal: null,
      message: `${what} ended${span}${beforeDuration} (attached with --pid, so its exit status is unknown)`,
    };
  }
  const { code, signal } = outcome.exit;
  if (code === 0 && signal === null) return null;
  const what = outcome.command ?? `PID ${outcome.pid}`;
  return { what, exitCode: code, signal, message: `${what} ${describeExit(outcome.exit)}${span}${beforeDuration}` };
}
