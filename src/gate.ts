/**
 * SPEC §5: replayed series → verdicts → exit code.
 */
import { type AlertKey, type AnalysisOptions, type Window } from './options.js';
import type { AlertName } from './analysis/seed/alert-rule.js';
import type { SeriesReplay } from './analysis/seed/replay-series.js';

export type Verdict = 'pass' | 'fail' | 'inconclusive';

export const EXIT_PASS = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;
export const EXIT_INCONCLUSIVE = 3;
/** `record`: the recorded command failed (see CommandFailure) and no gating alert fired. */
export const EXIT_COMMAND_FAILED = 4;

/** How a recorded command failed (`record`); src/record/recorder.ts decides when it did. */
export interface CommandFailure {
  /** The command line, or `PID N` when attached. */
  what: string;
  /** The exit code, or null (killed by a signal, or attached so unknown). */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** One sentence: `node -e … exited with code 1 after 4.1s of recording, before --duration 30s`. */
  message: string;
}

export const ALERT_NAMES: Readonly<Record<AlertKey, AlertName>> = {
  leak: 'MemoryLeakDetected',
  rss: 'MemoryHigh',
};

/**
 * Why a series could not have failed, for the reports to put in words.
 * The first two are SPEC §5's rule; the others are configurations under which
 * a gating alert could never have fired whatever the data did, so a pass
 * there would be a false green.
 */
export type InconclusiveReason =
  | { kind: 'too-few-samples'; samples: number; minSamples: number }
  /** `alerts`: the gating alerts whose `for` is the longest (both when equal). */
  | { kind: 'too-short'; durationSeconds: number; longestForSeconds: number; alerts: AlertKey[] }
  /** The leak alert gates but no window ever had `minSamples` samples, so the score was 0 throughout. */
  | { kind: 'never-scored'; window: Window; minSamples: number; largestWindowSamples: number; medianIntervalSeconds: number | null }
  /** Every stretch between gaps over `--staleness` is shorter than a gating alert's `for`. */
  | {
      kind: 'stale-gaps';
      alert: AlertKey;
      forSeconds: number;
      stalenessSeconds: number;
      longestFreshSpanSeconds: number;
      medianIntervalSeconds: number | null;
    };

export interface SeriesGate {
  verdict: Verdict;
  reason: InconclusiveReason | null;
}

export function gateSeries(series: SeriesReplay, options: AnalysisOptions): SeriesGate {
  const gating = new Set(options.gate.map((key) => ALERT_NAMES[key]));
  if (series.episodes.some((episode) => episode.firedAt !== null && gating.has(episode.name))) {
    return { verdict: 'fail', reason: null };
  }
  const reason = inconclusiveReason(series, options);
  return reason === null ? { verdict: 'pass', reason: null } : { verdict: 'inconclusive', reason };
}

function forSeconds(key: AlertKey, options: AnalysisOptions): number {
  return key === 'leak' ? options.leakForSeconds : options.rssForSeconds;
}

/** Why no gating alert could have fired on this series, or null when one could have. */
export function inconclusiveReason(series: SeriesReplay, options: AnalysisOptions): InconclusiveReason | null {
  // SPEC §5: too few samples, or shorter than the longest gating `for` (equal is conclusive).
  if (series.samples < options.minSamples) {
    return { kind: 'too-few-samples', samples: series.samples, minSamples: options.minSamples };
  }
  const longestFor = Math.max(0, ...options.gate.map((key) => forSeconds(key, options)));
  if (series.durationSeconds < longestFor) {
    const alerts = options.gate.filter((key) => forSeconds(key, options) === longestFor);
    return { kind: 'too-short', durationSeconds: series.durationSeconds, longestForSeconds: longestFor, alerts };
  }
  // No window ever scored: MemoryLeakDetected's condition (score > threshold) could never hold.
  if (options.gate.includes('leak') && series.scoredWindows === 0) {
    return {
      kind: 'never-scored',
      window: options.window,
      minSamples: options.minSamples,
      largestWindowSamples: series.largestWindowSamples,
      medianIntervalSeconds: series.medianIntervalSeconds,
    };
  }
  // SPEC §4: a gap over --staleness resets an alert, so it fires only if its `for` fits between gaps.
  const unreachable = options.gate
    .filter((key) => forSeconds(key, options) > 0 && series.longestFreshSpanSeconds < forSeconds(key, options))
    .sort((a, b) => forSeconds(b, options) - forSeconds(a, options))[0];
  if (unreachable !== undefined) {
    return {
      kind: 'stale-gaps',
      alert: unreachable,
      forSeconds: forSeconds(unreachable, options),
      stalenessSeconds: options.stalenessSeconds,
      longestFreshSpanSeconds: series.longestFreshSpanSeconds,
      medianIntervalSeconds: series.medianIntervalSeconds,
    };
  }
  return null;
}

/** Fail beats inconclusive beats pass; `--allow-inconclusive` changes only the exit code. */
export function gateRun(verdicts: readonly Verdict[], options: AnalysisOptions): { verdict: Verdict; exitCode: number } {
  if (verdicts.includes('fail')) return { verdict: 'fail', exitCode: EXIT_FAIL };
  if (verdicts.includes('inconclusive')) {
    return { verdict: 'inconclusive', exitCode: options.allowInconclusive ? EXIT_PASS : EXIT_INCONCLUSIVE };
  }
  return { verdict: 'pass', exitCode: EXIT_PASS };
}

/**
 * `record`: a recorded command that failed fails the run, whatever the
 * samples said — a crashed service must not pass. A fired gating alert keeps
 * exit 1 (it says more: the memory grew); otherwise the exit code is 4, which
 * `--allow-inconclusive` does not change.
 */
export function gateCommand(run: { verdict: Verdict; exitCode: number }, failure: CommandFailure | null): { verdict: Verdict; exitCode: number } {
  if (failure === null || run.verdict === 'fail') return run;
  return { verdict: 'fail', exitCode: EXIT_COMMAND_FAILED };
}
