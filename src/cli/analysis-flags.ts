/**
 * The scoring, alert and gate flags (SPEC §2–§5), shared by every command
 * that scores, and their conversion to validated AnalysisOptions.
 */
import type { Command } from 'commander';
import { LeakScoreError } from '../errors.js';
import {
  DEFAULT_OPTIONS,
  parseCurve,
  parseDuration,
  parseGate,
  parseNumber,
  parseSize,
  parseWindow,
  validateOptions,
  type AnalysisOptions,
} from '../options.js';
import { DEFAULT_BUDGET_TEXT } from '../analysis/robust/budget.js';
import { isSkipAuto, robustOptionsFromFlags, type RobustFlags } from '../analysis/robust/flags.js';

export interface AnalysisFlags extends RobustFlags {
  window: string;
  minSamples: string;
  curve: string;
  moderate: string;
  severe: string;
  leakThreshold: string;
  leakFor: string;
  /** Undefined when not given: the value policy (value-name.ts) must know whether it was. */
  rssThreshold?: string;
  rssFor: string;
  staleness: string;
  gate: string;
  allowInconclusive?: boolean;
}

export function addAnalysisOptions(command: Command): Command {
  const d = DEFAULT_OPTIONS;
  return command
    .option('-w, --window <n|duration>', 'what each score is fitted over: the last N samples (120) or the last stretch of time (1h)', '120')
    .option('--min-samples <n>', 'a window with fewer samples than this is not scored (its score stays 0)', String(d.minSamples))
    .option('--curve <curve>', 'how a growth rate becomes a 0–1 score: piecewise (--moderate scores 0.5, --severe 1) or linear (rate ÷ --severe)', d.curve)
    .option('--moderate <MiB/h>', 'growth rate that scores 0.5 on the piecewise curve', String(d.moderateMiBPerHour))
    .option('--severe <MiB/h>', 'growth rate that scores 1 (the score is then multiplied by R², how straight the growth is)', String(d.severeMiBPerHour))
    .option('--skip <duration|auto>', 'ignore this much warm-up at the start; auto finds where warm-up ends', '0s')
    .option('--leak-threshold <score>', 'MemoryLeakDetected fires when the 0–1 score stays above this for --leak-for', String(d.leakThreshold))
    .option('--leak-for <duration>', 'how long the score must stay above --leak-threshold before MemoryLeakDetected fires', '15m')
    .option('--rss-threshold <size>', 'MemoryHigh fires when RSS stays above this for --rss-for (default: 400MiB)')
    .option('--rss-for <duration>', 'how long RSS must stay above --rss-threshold before MemoryHigh fires', '10m')
    .option('--staleness <duration>', 'a gap between samples longer than this resets the alerts (as Prometheus forgets a series)', '5m')
    .option('--gate <alerts>', 'alerts that decide the exit code: leak,rss | leak | rss', 'leak,rss')
    .option('--allow-inconclusive', 'exit 0 instead of 3 when the data cannot decide (too short, too few samples, no window scored)')
    // Issue 5: the robust opinion (src/analysis/robust/); none of these changes a seed number.
    .option('--profile <seed|robust>', 'seed: the sliding-window score and its two alerts decide; robust: a trend test on the post-GC floor decides the leak', 'seed')
    .option('--baseline <raw|floor>', 'robust trend on every sample (raw) or on per-bucket minima, the post-GC floor (default floor)')
    .option('--bucket <duration|auto>', 'floor bucket width (default auto: the span over 40, at least 5 samples)')
    .option('--budget <rate>', `growth a leak must exceed: 5MiB/h, 100MB/d, or 2%/h of the baseline (default ${DEFAULT_BUDGET_TEXT})`)
    .option('--restarts <on|off>', 'split at restarts: RSS halves, or a gap beyond --staleness to a lower level')
    .option('--steps <on|off>', 'report a one-off step with a flat level after it as a step, not a trend')
    .option('--trend-alpha <p>', 'Mann–Kendall significance a leak needs (default 0.001)')
    .option('--min-rate <MiB/h>', 'the Theil–Sen lower bound a leak needs (default 0)');
}

function positive(value: number, flag: string, text: string): number {
  if (!(value > 0)) throw new LeakScoreError(`${flag} ${JSON.stringify(text)} is not valid: give a duration above 0, e.g. 5m`);
  return value;
}

/** Flags → the validated options of the core. */
export function optionsFromFlags(flags: AnalysisFlags): AnalysisOptions {
  return validateOptions({
    window: parseWindow(flags.window, '--window'),
    minSamples: parseNumber(flags.minSamples, '--min-samples', { min: 1, integer: true }),
    curve: parseCurve(flags.curve, '--curve'),
    moderateMiBPerHour: parseNumber(flags.moderate, '--moderate', { min: 0, minExclusive: true }),
    severeMiBPerHour: parseNumber(flags.severe, '--severe', { min: 0, minExclusive: true }),
    skipSeconds: flags.skip === undefined || isSkipAuto(flags.skip) ? 0 : parseDuration(flags.skip, '--skip'),
    leakThreshold: parseNumber(flags.leakThreshold, '--leak-threshold', { min: 0, max: 1 }),
    leakForSeconds: parseDuration(flags.leakFor, '--leak-for'),
    rssThresholdBytes: parseSize(flags.rssThreshold ?? '400MiB', '--rss-threshold'),
    rssForSeconds: parseDuration(flags.rssFor, '--rss-for'),
    stalenessSeconds: positive(parseDuration(flags.staleness, '--staleness'), '--staleness', flags.staleness),
    gate: parseGate(flags.gate, '--gate'),
    allowInconclusive: flags.allowInconclusive === true,
    ...optionalRobust(flags),
  });
}

function optionalRobust(flags: AnalysisFlags): Pick<AnalysisOptions, 'robust'> {
  const robust = robustOptionsFromFlags(flags);
  return robust === undefined ? {} : { robust };
}
