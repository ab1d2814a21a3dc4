/**
 * SPEC §7 machine output. Field names are part of the contract: add fields
 * freely, never rename.
 */
import type { Result, SeriesResult } from '../analyse.js';
import { formatInconclusiveReason } from './format.js';
import { robustJson } from './robust-section.js';

export const SCHEMA_VERSION = 1;

function seriesToJson(series: SeriesResult): Record<string, unknown> {
  return {
    labels: { ...series.labels },
    verdict: series.verdict,
    samples: series.samples,
    dropped: series.dropped,
    duplicates: series.duplicates,
    start: series.start,
    end: series.end,
    durationSeconds: series.durationSeconds,
    medianIntervalSeconds: series.medianIntervalSeconds,
    final: series.final,
    peak: series.peak,
    overall: series.overall,
    rss: series.rss,
    alerts: series.episodes
      .filter((episode) => episode.firedAt !== null)
      .map(({ name, activeAt, firedAt, resolvedAt }) => ({ name, activeAt, firedAt, resolvedAt })),
    skippedSamples: series.skipped,
    droppedExamples: series.droppedExamples,
    inconclusiveReason: formatInconclusiveReason(series.inconclusiveReason),
    ...(series.robust === undefined ? {} : { robust: robustJson(series) }),
  };
}

export function toJson(result: Result): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    verdict: result.verdict,
    exitCode: result.exitCode,
    source: result.source,
    format: result.format,
    notes: result.notes,
    series: result.series.map(seriesToJson),
  };
}

export function renderJson(result: Result): string {
  return `${JSON.stringify(toJson(result), null, 2)}\n`;
}
