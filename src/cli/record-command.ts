/**
 * `leak-score record [options] -- CMD ARGS…` and `leak-score record --pid N`:
 * record a process's RSS to a file, sample by sample, then score the file
 * exactly as `leak-score FILE` would (runAnalyse) and return the gate's code.
 */
import type { Command } from 'commander';
import { DEFAULT_OPTIONS, parseDuration, parseNumber } from '../options.js';
import { LeakScoreError } from '../errors.js';
import { createMonitor, type AlertTransition, type Monitor } from '../live/monitor.js';
import {
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
  killAfter: string;
  /** `--gate <alerts>`, or false for `--no-gate`. */
  gate: string | false;
}

const EXAMPLES = `
Examples:
  $ leak-score record --duration 5m -- node server.js       a soak test: 1 s samples, the robust verdict gates
  $ leak-score record -- node server.js                     until it exits or Ctrl-C, then score
  $ leak-score record --duration 30m --out soak.jsonl -- npm start
  $ leak-score record --pid 4242 --interval 10s --duration 2h --out api.csv
  $ leak-score record --include-children --no-gate -- ./run-workers.sh

Soak defaults: a sample every second, warm-up found automatically, and the
robust trend verdict (--profile robust) decides the leak gate, with the seed's
alerts printed beside it. Record for at least 90 s (3 min or more to see slow
leaks; docs/soak.md). \`leak-score FILE --profile robust\` gives the same verdict
on the recording. --profile seed gates on the seed's alerts instead.

Signals (SIGINT, SIGTERM, SIGHUP) are passed on to the command, which is
sent SIGKILL if it has not exited after --kill-after. Its standard output goes
to leak-score's standard error, so the report on standard output stays clean.`;

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
    .option('-o, --out <file>', 'where to write samples: .csv writes CSV, anything else JSON Lines (default: leak-score-<time>.jsonl)')
    .option('--kill-after <duration>', 'after SIGTERM or a forwarded signal, SIGKILL the command if still running', '10s')
    .option('--no-gate', 'only record: do not score, exit 0 once the recording is written');
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
  const out = flags.out ?? defaultOutPath();
  const say = (text: string): void => {
    if (flags.quiet !== true) io.stderr.write(`leak-score: ${text}\n`);
  };

  // The live monitor says on stderr when an alert changes state, as the seed's monitor would have.
  const monitor: Monitor | null = gating ? createMonitor({ ...options, onAlert: (t) => say(describeTransition(t)) }) : null;
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
      out,
      intervalSeconds,
      durationSeconds,
      includeChildren: flags.includeChildren === true,
      killAfterSeconds,
      // The command's stdout joins leak-score's stderr: stdout carries the report (and JSON must stay parseable).
      stdio: ['inherit', 2, 'inherit'],
      onSample: (sample) => monitor?.push(sample.time, sample.rssBytes),
    });
    const who = recording.command === null ? `PID ${recording.pid}` : `${recording.command} (PID ${recording.pid})`;
    say(`recording ${who} every ${flags.interval} to ${recording.file}`);
    for (const signal of early) recording.interrupt(signal);
    outcome = await recording.done;
  } finally {
    for (const signal of FORWARDED) process.off(signal, onSignal);
  }
  // How the command ended is always told, --quiet or not: a crash matters even when the gate passes.
  io.stderr.write(`leak-score: ${describeOutcome(outcome)}\n`);
  if (outcome.samples === 0) {
    throw new LeakScoreError(`nothing to score: ${describeOutcome(outcome)}; it ended before the first sample`);
  }
  if (!gating) return 0;
  return runAnalyse(outcome.file, { ...flags, ...analysisFlags, inputFormat: outcome.format }, io);
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

/** leak-score-20241119T070640Z.jsonl: sorts by time and never overwrites an earlier recording. */
function defaultOutPath(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `leak-score-${stamp}.jsonl`;
}

function describeTransition(transition: AlertTransition): string {
  const at = new Date(transition.time * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const why =
    transition.alert === 'leak'
      ? `score ${transition.score.toFixed(2)}`
      : `RSS ${(transition.rssBytes / 1048576).toFixed(1)} MiB`;
  return `${transition.name} ${transition.from} → ${transition.to} at ${at} (${why})`;
}
