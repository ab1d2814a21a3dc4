/**
 * SPEC §7 machine output. Field names are part of the contract: add fields
 * freely, never rename.
 */
import type { Result, SeriesResult } from '../analysis/analyse.js';
import { projectLimit, resolveLimit, type Limit } from './facts.js';
import { formatInconclusiveReason } from './format.js';
import { robustJson } from './robust-section.js';
import { explanationJson } from '../diagnose/text.js';

export const SCHEMA_VERSION = 1;

export interface JsonOptions {
  /** `--limit` in bytes; the MemoryHigh threshold when null or absent. */
  limitBytes?: number | null;
}

/** Time-to-limit (issue 8): when the final window's line reaches the limit, as predict_linear would. */
function limitToJson(series: SeriesResult, limit: Limit): Record<string, unknown> {
  const projection = projectLimit(series, limit.bytes);
  return {
    bytes: limit.bytes,
    source: limit.source,
    status: projection.status,
    reachedAt: projection.status === 'ahead' || projection.status === 'past' ? projection.at : null,
    secondsFromEnd: projection.status === 'ahead' ? projection.inSeconds : null,
  };
}

function seriesToJson(series: SeriesResult, limit: Limit): Record<string, unknown> {
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
    droppedReasons: series.droppedReasons,
    inconclusiveReason: formatInconclusiveReason(series.inconclusiveReason),
    limit: limitToJson(series, limit),
    ...(series.robust === undefined ? {} : { robust: robustJson(series) }),
    ...explanationJson(series),
  };
}

export function toJson(result: Result, options: JsonOptions = {}): Record<string, unknown> {
  const limit = resolveLimit(result, options.limitBytes);
  return {
    schemaVersion: SCHEMA_VERSION,
    verdict: result.verdict,
    exitCode: result.exitCode,
    source: result.source,
    format: result.format,
    // What `rss` and the thresholds measure: RSS unless --value-key/--value-col chose something else.
    valueName: result.valueName ?? 'RSS',
    notes: result.notes,
    selection: result.selection ?? null,
    unattributed: result.unattributed ?? null,
    ...(result.commandFailure === undefined ? {} : { commandFailure: { ...result.commandFailure } }),
    series: result.series.map((series) => seriesToJson(series, limit)),
  };
}

export function renderJson(result: Result, options: JsonOptions = {}): string {
  return `${JSON.stringify(toJson(result, options), null, 2)}\n`;
}
