/**
 * SPEC §5: replayed series → verdicts → exit code.
 */
import { longestGatingFor, type AlertKey, type AnalysisOptions } from './options.js';
import type { AlertName } from './replay/alert-rule.js';
import type { SeriesReplay } from './replay/replay-series.js';

export type Verdict = 'pass' | 'fail' | 'inconclusive';

export const EXIT_PASS = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;
export const EXIT_INCONCLUSIVE = 3;

export const ALERT_NAMES: Readonly<Record<AlertKey, AlertName>> = {
  leak: 'MemoryLeakDetected',
  rss: 'MemoryHigh',
};

/** Why a series could not have failed (SPEC §5), for the reports to put in words. */
export type InconclusiveReason =
  | { kind: 'too-few-samples'; samples: number; minSamples: number }
  | { kind: 'too-short'; durationSeconds: number; longestForSeconds: number };

export interface SeriesGate {
  verdict: Verdict;
  reason: InconclusiveReason | null;
}

export function gateSeries(series: SeriesReplay, options: AnalysisOptions): SeriesGate {
  const gating = new Set(options.gate.map((key) => ALERT_NAMES[key]));
  if (series.episodes.some((episode) => episode.firedAt !== null && gating.has(episode.name))) {
    return { verdict: 'fail', reason: null };
  }
  if (series.samples < options.minSamples) {
    return {
      verdict: 'inconclusive',
      reason: { kind: 'too-few-samples', samples: series.samples, minSamples: options.minSamples },
    };
  }
  const longestFor = longestGatingFor(options);
  if (series.durationSeconds < longestFor) {
    return {
      verdict: 'inconclusive',
      reason: { kind: 'too-short', durationSeconds: series.durationSeconds, longestForSeconds: longestFor },
    };
  }
  return { verdict: 'pass', reason: null };
}

/** Fail beats inconclusive beats pass; `--allow-inconclusive` changes only the exit code. */
export function gateRun(verdicts: readonly Verdict[], options: AnalysisOptions): { verdict: Verdict; exitCode: number } {
  if (verdicts.includes('fail')) return { verdict: 'fail', exitCode: EXIT_FAIL };
  if (verdicts.includes('inconclusive')) {
    return { verdict: 'inconclusive', exitCode: options.allowInconclusive ? EXIT_PASS : EXIT_INCONCLUSIVE };
  }
  return { verdict: 'pass', exitCode: EXIT_PASS };
}
