/**
 * The robust opinion (issue 5) in the reports: a few text lines per series
 * and a `robust` object in JSON, rendered from the finished Result. Nothing
 * here is computed, only worded.
 */
import type { ChalkInstance } from 'chalk';
import type { Result, SeriesResult } from '../analysis/analyse.js';
import { formatSpan, type RobustTrend } from '../analysis/robust/analyse-robust.js';
import { formatDuration, formatR2, formatRate } from './format.js';

function formatP(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toPrecision(2)}`;
}

/** `OLS +40.1 MiB/h (R² 0.990) · Theil–Sen +39.8 MiB/h, 95 % CI +39.0 to +40.4 · Mann–Kendall τ 0.98, p < 0.001 (33 points)` */
export function trendText(trend: RobustTrend): string {
  const ts = trend.theilSen;
  const mk = trend.mannKendall;
  return (
    `OLS ${formatRate(trend.ols.slopeMiBPerHour)} (R² ${formatR2(trend.ols.r2)}) · ` +
    `Theil–Sen ${formatRate(ts.slopeMiBPerHour)}, ${Math.round(ts.confidence * 100)} % CI ${formatRate(ts.lowerMiBPerHour)} to ${formatRate(ts.upperMiBPerHour)} · ` +
    `Mann–Kendall τ ${mk.tau.toFixed(2)}, ${formatP(mk.pIncreasing)} (${trend.points} points)`
  );
}

/** The text lines for one series; empty without a robust opinion. */
export function robustTextLines(series: SeriesResult, label: (name: string) => string, chalk: ChalkInstance): string[] {
  const robust = series.robust;
  if (robust === undefined) return [];
  const word = robust.verdict === 'leak' ? chalk.bold.red('LEAK') : robust.verdict === 'no-leak' ? chalk.bold.green('NO LEAK') : chalk.bold.yellow('INCONCLUSIVE');
  const lines = [`  ${label('robust')}${word}  ${robust.explanation}`];
  const decisive = robust.pooled ?? robust.segments[robust.decidedBy[robust.decidedBy.length - 1] ?? -1]?.trend ?? null;
  if (decisive !== null) lines.push(`  ${label('trend')}${trendText(decisive)}${robust.baseline === 'floor' ? ' on the floor' : ''}`);
  robust.segments.forEach((segment, k) => {
    const parts = [
      `${formatDuration(segment.end - segment.start)} from ${segment.cause === 'start' ? 'the start' : `a restart (${segment.cause})`}`,
      `${segment.samples} samples`,
    ];
    if (segment.warmupSeconds > 0) parts.push(`warm-up ${formatDuration(segment.warmupSeconds)}`);
    if (segment.step !== null) parts.push(`step ${segment.step.sizeMiB >= 0 ? '+' : ''}${segment.step.sizeMiB.toFixed(1)} MiB`);
    if (segment.trend !== null) parts.push(`Theil–Sen ${formatRate(segment.trend.theilSen.slopeMiBPerHour)}, MK ${formatP(segment.trend.mannKendall.pIncreasing)}`);
    parts.push(segment.finding);
    const decides = robust.decidedBy.includes(k) ? chalk.bold(' ← decides') : '';
    if (robust.segments.length > 1 || segment.warmupSeconds > 0 || segment.step !== null) {
      lines.push(`  ${label(k === 0 ? 'segments' : '')}${k + 1}. ${parts.join(', ')}${decides}`);
    }
  });
  if (robust.segmentsOmitted > 0) {
    lines.push(`  ${label('')}(${robust.segmentsOmitted} earlier segments counted, not kept: only the last ${robust.segments.length} are held)`);
  }
  if (robust.profile === 'robust') {
    lines.push(`  ${label('seed')}${robust.seedVerdict}${robust.seedSkipSeconds > 0 ? ` (after --skip auto: ${formatDuration(robust.seedSkipSeconds)})` : ''}; under --profile robust the robust verdict gates the leak instead`);
  } else if (robust.seedSkipSeconds > 0) {
    lines.push(`  ${label('skip auto')}the seed replay skipped ${formatDuration(robust.seedSkipSeconds)} of warm-up`);
  }
  return lines;
}

/**
 * The verdict line's reason under `--profile robust`, or null to keep the
 * seed's wording (any other profile, or no robust opinion).
 */
export function robustVerdictReason(result: Result): string | null {
  const withRobust = result.series.filter((one) => one.robust?.profile === 'robust');
  if (withRobust.length === 0) return null;
  const total = result.series.length;
  const leaking = withRobust.filter((one) => one.robust?.verdict === 'leak').length;
  const where = total === 1 ? '' : ` in ${leaking} of ${total} series`;
  if (result.verdict === 'fail') {
    const high = result.series.some((one) => one.verdict === 'fail' && one.robust?.verdict !== 'leak');
    return leaking > 0 ? `robust trend: a leak${where}${high ? '; MemoryHigh fired' : ''}` : 'MemoryHigh fired';
  }
  if (result.verdict === 'inconclusive') {
    // Say how much longer to record: the longest need among the undecided series.
    const needs = withRobust.map((one) => one.robust?.needs).filter((n): n is NonNullable<typeof n> => n !== null && n !== undefined);
    const need = needs.sort((a, b) => b.afterWarmupSeconds - a.afterWarmupSeconds)[0];
    const more = need === undefined ? '' : ` — needs ≥ ${formatSpan(need.afterWarmupSeconds)} after warm-up; this recording has ${formatSpan(need.hadSeconds)}`;
    return `robust trend: too little data to decide${more}${result.options.allowInconclusive ? ' (allowed: exit 0)' : ''}`;
  }
  return `robust trend: no leak${total === 1 ? '' : ` in ${total} series`}`;
}

/** The `robust` field of a series in `--format json` (absent without a robust opinion). */
export function robustJson(series: SeriesResult): Record<string, unknown> | undefined {
  const robust = series.robust;
  if (robust === undefined) return undefined;
  return {
    profile: robust.profile,
    verdict: robust.verdict,
    explanation: robust.explanation,
    baseline: robust.baseline,
    bucketSeconds: robust.bucketSeconds,
    intervalSeconds: robust.intervalSeconds,
    budgetMiBPerHour: robust.budgetMiBPerHour,
    projection24hMiB: robust.projection24hMiB,
    needs: robust.needs,
    segmentsOmitted: robust.segmentsOmitted,
    seedVerdict: robust.seedVerdict,
    seedSkipSeconds: robust.seedSkipSeconds,
    decidedBy: robust.decidedBy,
    pooled: robust.pooled,
    segments: robust.segments,
  };
}
