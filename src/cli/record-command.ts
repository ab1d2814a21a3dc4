/**
 * `leak-score record [options] -- CMD ARGS…` and `leak-score record --pid N`:
 * record a process's RSS to a file, sample by sample, then score the file
 * exactly as `leak-score FILE` would (runAnalyse) and return the gate's code.
 */
import type { Command } from 'commander';
import { DEFAULT_OPTIONS, parseDuration, parseNumber } from '../options.js';
import { LeakScoreError } from '../errors.js';
import { createMonitor, type AlertTransition, type Monitor } from '../live/monitor.js';
import { DEFAULT_METRICS_HOST, RecordMetrics } from '../live/record-metrics.js';
import { EXIT_COMMAND_FAILED, EXIT_PASS, type CommandFailure } from '../gate.js';
import { renderErrorDocument } from '../report/error-document.js';
import type { OutputFormat } from '../report/render.js';
import {
  commandFailure,
  describeOutcome,
  MIN_INTERVAL_SECONDS,
  startRecording,
  type RecordOutcome,
  type RecordTarget,
  type Recording,
} from '../record/recorder.js';
import { addAnalysisOptions, optionsFromFlags, type AnalysisFlags } from './analysis-flags.js';
import { runAnalyse } from './analyse-command.js';
import type { CliIo } from './io.js';
import { addOutputOptions, type OutputFlags } from './output-flags.js';

export interface RecordFlags extends Omit<AnalysisFlags, 'gate'>, OutputFlags {
  pid?: string;
  includeChildren?: boolean;
  interval: string;
  duration?: string;
  out?: string;
  force?: boolean;
  killAfter: string;
  /** `--gate <alerts>`, or false for `--no-gate`. */
  gate: string | false;
  metricsPort?: string;
  metricsHost: string;
}

const EXAMPLES = `
Examples:
  $ leak-score record --duration 5m -- node server.js       a soak test: 1 s samples, the robust verdict gates
  $ leak-score record -- node server.js                     until it exits or Ctrl-C, then score
  $ leak-score record --duration 30m --out soak.jsonl -- npm start
  $ leak-score record --pid 4242 --interval 10s --duration 2h --out api.csv
  $ leak-score record --include-children --no-gate -- ./run-workers.sh
  $ leak-score record --metrics-port 9464 --duration 1h -- node server.js   Prometheus can scrape it meanwhile

Soak defaults: a sample every second, warm-up found automatically, and the
robust trend verdict (--profile robust) decides the leak gate, with the seed's
alerts printed beside it. Record for at least 90 s (3 min or more to see slow
leaks; docs/soak.md). \`leak-score FILE --profile robust\` gives the same verdict
on the recording. --profile seed gates on the seed's alerts instead.

Signals (SIGINT, SIGTERM, SIGHUP) are passed on to the command, which is
sent SIGKILL if it has not exited after --kill-after. Its standard output goes
to leak-score's standard error, so the report on standard output stays clean.

Exit codes: 0 pass, 1 fail (a gating alert fired), 2 usage or input error,
3 inconclusive (the data could not decide; the report says why),
4 the recorded command failed: it exited non-zero or was killed by a signal
  by itself, before --duration (with --pid: it ended before --duration).
  A command stopped by leak-score (at --duration, or a forwarded Ctrl-C) has
  not failed. 1 takes precedence over 4; --allow-inconclusive does not change 4,
  and --no-gate still exits 4 when the command failed.
Files: --out is never overwritten or appended to unless --force is given. The
default name (leak-score-<time>-<pid>.jsonl) is new each time. When no sample
was taken (the command ended at once) no file is left behind.`;

/** `record`'s default profile; `leak-score FILE` keeps the seed's. */
export const RECORD_PROFILE = 'robust';

/** Signals that end a recording; a spawned command receives them. */
const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function configureRecordCommand(command: Command): Command {
  command
    .description(
      'Run a command (or attach to a running process), record its RSS to a file as it goes, ' +
        'then score the recording and exit with the gate\u2019s code.',
    )
    .usage('[options] -- COMMAND [ARGS...] | [options] --pid PID')
    .argument('[command...]', 'the command to run and its arguments (after --); not run through a shell')
    .passThroughOptions()
    .option('--pid <pid>', 'attach to this running process instead of running a command')
    .option('--include-children', 'sum the RSS of the process and all its descendants')
    .option('--interval <duration>', `time between samples (at least ${MIN_INTERVAL_SECONDS * 1000}ms), e.g. 1s or 100ms`, '1s')
    .option('--duration <duration>', 'stop after this long (default: when the process exits, or on Ctrl-C)')
    .option('-o, --out <file>', 'where to write samples: .csv writes CSV, anything else JSON Lines (default: a new leak-score-<time>-<pid>.jsonl)')
    .option('--force', 'replace --out if it exists (otherwise an existing file is refused, never overwritten)')
    .option('--kill-after <duration>', 'after SIGTERM or a forwarded signal, SIGKILL the command if still running', '10s')
    .option('--no-gate', 'only record: do not score; exit 0 once the recording is written (4 if the command failed)')
    // Issue 14: the seed's gauges for the recorded process, live (src/live/record-metrics.ts).
    .option('--metrics-port <port>', 'serve process_memory_rss_bytes, _vms_bytes and memory_leak_detection_score at /metrics on this port while recording (0: any free port)')
    .option('--metrics-host <host>', 'the address --metrics-port listens on (0.0.0.0 for every interface)', DEFAULT_METRICS_HOST);
  addOutputOptions(command);
  addAnalysisOptions(command);
  // Issue 11: a soak test is minutes at 1 s, where the robust verdict is right and the seed's hour-long window is not.
  command.options.find((option) => option.long === '--profile')?.default(RECORD_PROFILE);
  command.setOptionValueWithSource('profile', RECORD_PROFILE, 'default');
  return command.addHelpText('after', EXAMPLES);
}

export async function runRecord(words: readonly string[], flags: RecordFlags, io: CliIo): Promise<number> {
  const target = targetFrom(words, flags);
  const gating = flags.gate !== false;
  // Check every scoring flag before anything runs: a typo must not cost a soak test.
  const analysisFlags: AnalysisFlags = { ...flags, gate: gating ? (flags.gate as string) : DEFAULT_OPTIONS.gate.join(',') };
  const options = optionsFromFlags(analysisFlags);
  const intervalSeconds = parseDuration(flags.interval, '--interval');
  if (!(intervalSeconds >= MIN_INTERVAL_SECONDS)) {
    throw new LeakScoreError(`--interval ${JSON.stringify(flags.interval)} is too short: give at least ${MIN_INTERVAL_SECONDS * 1000}ms`);
  }
  const durationSeconds = flags.duration === undefined ? undefined : parseDuration(flags.duration, '--duration');
  if (durationSeconds !== undefined && !(durationSeconds > 0)) {
    throw new LeakScoreError(`--duration ${JSON.stringify(flags.duration)} is not valid: give a duration above 0, e.g. 30m`);
  }
  const killAfterSeconds = parseDuration(flags.killAfter, '--kill-after');
  const metricsPort = flags.metricsPort === undefined ? undefined : parseNumber(flags.metricsPort, '--metrics-port', { min: 0, max: 65535, integer: true });
  if (metricsPort === undefined && flags.metricsHost !== DEFAULT_METRICS_HOST) {
    throw new LeakScoreError(`--metrics-host ${flags.metricsHost} needs --metrics-port too, e.g. --metrics-port 9464`);
  }
  const say = (text: string): void => {
    if (flags.quiet !== true) io.stderr.write(`leak-score: ${text}\n`);
  };

  // The live monitor says on stderr when an alert changes state, as the seed's monitor would have.
  const monitor: Monitor | null =
    gating || metricsPort !== undefined ? createMonitor({ ...options, onAlert: (t) => say(describeTransition(t)) }) : null;
  // Listening first: a busy port must fail before the command starts.
  const metrics =
    metricsPort === undefined
      ? null
      : await RecordMetrics.start({ port: metricsPort, host: flags.metricsHost, includeChildren: flags.includeChildren === true });
  if (metrics !== null) say(`serving the gauges at ${metrics.url}`);
  // Handlers go in first: a Ctrl-C while the command starts must still reach it.
  let recording: Recording | null = null;
  const early: NodeJS.Signals[] = [];
  const onSignal = (signal: NodeJS.Signals): void => {
    if (recording === null) early.push(signal);
    else recording.interrupt(signal);
  };
  for (const signal of FORWARDED) process.on(signal, onSignal);
  let outcome: RecordOutcome;
  try {
    recording = await startRecording({
      target,
      out: flags.out,
      overwrite: flags.force === true,
      intervalSeconds,
      durationSeconds,
      includeChildren: flags.includeChildren === true,
      killAfterSeconds,
      // The command's stdout joins leak-score's stderr: stdout carries the report (and JSON must stay parseable).
      stdio: ['inherit', 2, 'inherit'],
      onSample: (sample, pid) => {
        const update = monitor?.push(sample.time, sample.rssBytes);
        metrics?.observe(sample, pid, update?.score ?? 0);
      },
    });
    const who = recording.command === null ? `PID ${recording.pid}` : `${recording.command} (PID ${recording.pid})`;
    say(`recording ${who} every ${flags.interval} to ${recording.file}`);
    for (const signal of early) recording.interrupt(signal);
    outcome = await recording.done;
  } finally {
    for (const signal of FORWARDED) process.off(signal, onSignal);
    await metrics?.close();
  }
  // How the command ended is always told, --quiet or not: a crash matters even when the gate passes.
  io.stderr.write(`leak-score: ${describeOutcome(outcome)}\n`);
  const failure = commandFailure(outcome, durationSeconds);
  if (outcome.samples === 0) {
    if (failure === null) throw new LeakScoreError(`nothing to score: ${describeOutcome(outcome)}`);
    return reportUnrecorded(failure, flags, io);
  }
  if (!gating) return failure === null ? EXIT_PASS : EXIT_COMMAND_FAILED;
  // The recording is in bytes by construction (--unit B: no "are these KiB?" hint for a small process).
  return runAnalyse(outcome.file, { ...flags, ...analysisFlags, inputFormat: outcome.format, unit: 'B' }, io, failure);
}

/** The command failed before the first sample: nothing to score, but the failure is the verdict (exit 4). */
function reportUnrecorded(failure: CommandFailure, flags: RecordFlags, io: CliIo): number {
  const message = `the recorded command failed: ${failure.message}; nothing was recorded`;
  const document = renderErrorDocument((flags.format ?? 'text') as OutputFormat, {
    message,
    source: flags.out ?? null,
    exitCode: EXIT_COMMAND_FAILED,
    commandFailure: failure,
  });
  io.stdout.write(document ?? `FAIL  ${message}\n`);
  return EXIT_COMMAND_FAILED;
}

function targetFrom(words: readonly string[], flags: RecordFlags): RecordTarget {
  if (flags.pid !== undefined) {
    if (words.length > 0) {
      throw new LeakScoreError(`give either --pid or a command to run, not both (got --pid ${flags.pid} and ${words[0]})`);
    }
    return { pid: parseNumber(flags.pid, '--pid', { min: 1, integer: true }) };
  }
  const [command, ...args] = words;
  if (command === undefined || command === '') {
    throw new LeakScoreError('nothing to record: name a command after -- (leak-score record -- node server.js) or give --pid N');
  }
  return { command, args };
}

function describeTransition(transition: AlertTransition): string {
  const at = new Date(transition.time * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const why =
    transition.alert === 'leak'
      ? `score ${transition.score.toFixed(2)}`
      : `RSS ${(transition.rssBytes / 1048576).toFixed(1)} MiB`;
  return `${transition.name} ${transition.from} → ${transition.to} at ${at} (${why})`;
}
