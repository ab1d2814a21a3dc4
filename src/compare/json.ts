/** `compare --format json`: the CompareResult without the sample arrays, versioned like the gate's JSON. */
import { formatLabels } from '../report/format.js';
import type { CompareResult, PairResult } from './compare.js';
import type { RunSeriesStats } from './run-stats.js';

export const COMPARE_SCHEMA_VERSION = 1;

function run(stats: RunSeriesStats | null): Record<string, unknown> | null {
  if (stats === null) return null;
  return {
    labels: { ...stats.labels },
    samples: stats.samples,
    startTime: stats.startTime,
    endTime: stats.endTime,
    durationSeconds: stats.durationSeconds,
    warmupSeconds: stats.warmupSeconds,
    bucketSeconds: stats.bucketSeconds,
    segments: stats.segments,
    floorPoints: stats.floorBytes.length,
    slopeMiBPerHour: stats.slopeMiBPerHour,
    explanation: stats.explanation,
  };
}

function pair(p: PairResult): Record<string, unknown> {
  return {
    name: formatLabels(p.key),
    labels: { ...p.key },
    verdict: p.verdict,
    reasons: p.reasons,
    growth: p.growth,
    level: p.level,
    base: run(p.base),
    head: run(p.head),
  };
}

export function toCompareJson(result: CompareResult): Record<string, unknown> {
  const { budget, levelBudget, ...rest } = result.options;
  return {
    schemaVersion: COMPARE_SCHEMA_VERSION,
    command: 'compare',
    verdict: result.verdict,
    exitCode: result.exitCode,
    base: result.base,
    head: result.head,
    confidence: result.confidence,
    tests: result.tests,
    options: { ...rest, budget: budget.text, levelBudget },
    notes: result.notes,
    pairs: result.pairs.map(pair),
  };
}

export function renderCompareJson(result: CompareResult): string {
  return `${JSON.stringify(toCompareJson(result), null, 2)}\n`;
}
