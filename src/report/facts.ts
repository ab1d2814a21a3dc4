/**
 * Facts every reporter shows the same way, read off a finished Result: the
 * worst-first order, the first firing, the labels that tell series apart and
 * the time-to-limit projection. Nothing here re-scores: the projection only
 * extends the final window's fitted line, which replay already computed.
 */
import type { Result, SeriesResult } from '../analysis/analyse.js';
import type { Verdict } from '../gate.js';
import type { AlertEpisode } from '../analysis/seed/alert-rule.js';
import { makeLabels, type Labels } from '../series.js';

const BYTES_PER_MIB = 1048576;

const VERDICT_RANK: Readonly<Record<Verdict, number>> = { fail: 0, inconclusive: 1, pass: 2 };

/**
 * Worst first: failing, then inconclusive, then passing; within each, the
 * higher final score, then the higher peak, then the steeper final slope.
 * Stable, so equal series keep their input order.
 */
export function worstFirst(series: readonly SeriesResult[]): SeriesResult[] {
  return [...series].sort(
    (a, b) =>
      VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] ||
      b.final.score - a.final.score ||
      b.peak.score - a.peak.score ||
      (b.final.slopeMiBPerHour ?? -Infinity) - (a.final.slopeMiBPerHour ?? -Infinity),
  );
}

/** The episode that fired first, of any alert; null when none fired. */
export function firstFiring(series: SeriesResult): AlertEpisode | null {
  let first: AlertEpisode | null = null;
  for (const episode of series.episodes) {
    if (episode.firedAt !== null && (first === null || episode.firedAt < (first.firedAt as number))) first = episode;
  }
  return first;
}

/** Labels with the same value in every series (empty for a single series). */
export function commonLabels(series: readonly SeriesResult[]): Labels {
  if (series.length < 2) return makeLabels();
  const [head, ...rest] = series as [SeriesResult, ...SeriesResult[]];
  const shared: Array<[string, string]> = [];
  for (const name of Object.keys(head.labels)) {
    const value = head.labels[name] as string;
    if (rest.every((one) => Object.prototype.hasOwnProperty.call(one.labels, name) && one.labels[name] === value)) {
      shared.push([name, value]);
    }
  }
  return makeLabels(shared);
}

/** A series' labels without the ones it shares with every other series. */
export function distinctLabels(labels: Labels, common: Labels): Labels {
  return makeLabels(
    Object.keys(labels)
      .filter((name) => !Object.prototype.hasOwnProperty.call(common, name))
      .map((name) => [name, labels[name] as string] as const),
  );
}

/** What the limit is and where it came from. */
export interface Limit {
  bytes: number;
  /** `--limit`, or the MemoryHigh threshold when none was given. */
  source: 'limit' | 'rss-threshold';
}

export function resolveLimit(result: Result, limitBytes: number | null | undefined): Limit {
  return limitBytes === null || limitBytes === undefined
    ? { bytes: result.options.rssThresholdBytes, source: 'rss-threshold' }
    : { bytes: limitBytes, source: 'limit' };
}

/**
 * When the current trend reaches the limit, as Prometheus' `predict_linear`
 * would say: the final window's least-squares line, extended.
 *
 * - `ahead`: the line reaches the limit `inSeconds` after the last sample;
 * - `past`: the line was already at or above the limit by the last sample
 *   (`at` is when it crossed, which may be before the data began);
 * - `not-growing`: the final slope is zero or negative;
 * - `no-trend`: the final window has no fit (too few samples, one timestamp).
 */
export type LimitProjection =
  | { status: 'ahead'; at: number; inSeconds: number; slopeMiBPerHour: number }
  | { status: 'past'; at: number; slopeMiBPerHour: number }
  | { status: 'not-growing'; slopeMiBPerHour: number }
  | { status: 'no-trend' };

export function projectLimit(series: SeriesResult, limitBytes: number): LimitProjection {
  const line = series.finalLine;
  const slopeMiBPerHour = series.final.slopeMiBPerHour;
  if (line === null || slopeMiBPerHour === null || series.end === null) return { status: 'no-trend' };
  if (!(line.slopeMiBPerSecond > 0)) return { status: 'not-growing', slopeMiBPerHour };
  const at = line.meanTime + (limitBytes / BYTES_PER_MIB - line.meanMiB) / line.slopeMiBPerSecond;
  if (!Number.isFinite(at)) return { status: 'no-trend' };
  if (at <= series.end) return { status: 'past', at, slopeMiBPerHour };
  return { status: 'ahead', at, inSeconds: at - series.end, slopeMiBPerHour };
}

/** The value of a fitted line at time `t`, in MiB. */
export function lineMiBAt(line: { slopeMiBPerSecond: number; meanTime: number; meanMiB: number }, t: number): number {
  return line.meanMiB + line.slopeMiBPerSecond * (t - line.meanTime);
}

/** One line of a fleet table: everything the text, Markdown, JUnit and HTML tables show. */
export interface SummaryRow {
  series: SeriesResult;
  /** The labels that tell this series apart from the others (all labels for a single series). */
  distinct: Labels;
  firstFiring: AlertEpisode | null;
  projection: LimitProjection;
}

export interface Summary {
  /** Worst first. */
  rows: SummaryRow[];
  common: Labels;
  limit: Limit;
}

export function summarise(result: Result, limitBytes?: number | null): Summary {
  const common = commonLabels(result.series);
  const limit = resolveLimit(result, limitBytes);
  const rows = worstFirst(result.series).map((series) => ({
    series,
    distinct: distinctLabels(series.labels, common),
    firstFiring: firstFiring(series),
    projection: projectLimit(series, limit.bytes),
  }));
  return { rows, common, limit };
}

/** The short alert names used in tables and lanes (the `--gate` keys). */
export const ALERT_SHORT_NAMES: Readonly<Record<AlertEpisode['name'], string>> = {
  MemoryLeakDetected: 'leak',
  MemoryHigh: 'rss',
};

/**
 * Which series get a detail block and which a chart. A single series always
 * gets both. In a fleet the table tells the passing ones, so details follow
 * for the others and charts for the failing ones, unless `--chart all`.
 */
export function detailPlan(
  row: SummaryRow,
  fleet: boolean,
  options: { chart: boolean; chartAll?: boolean },
): { details: boolean; chart: boolean } {
  const all = !fleet || options.chartAll === true;
  const details = all || row.series.verdict !== 'pass';
  return { details, chart: details && options.chart && (all || row.series.verdict === 'fail') };
}
