/**
 * Input format from content, not from the file name (SPEC §6), judged on
 * the first SNIFF_BYTES: a JSON object with `status` and `data` (or an
 * error response with `errorType`) is a Prometheus API response; JSON whose
 * first line is an object with
 * `metric`, `values` and `timestamps` is a VictoriaMetrics export; other
 * OTLP/JSON metrics (the OpenTelemetry Collector's file exporter) have
 * `resourceMetrics`; other input whose first character is `{` is JSON Lines; a `/proc/<pid>/status`
 * sampler log has a `VmRSS:` field near the top; anything else is CSV.
 * `--input-format` overrides this.
 */
import { LeakScoreError } from '../errors.js';
import type { InputFormat } from '../series.js';
import { isJsonObject } from './json-path.js';
import { isOtlpMetricsRequest, looksLikeOtlp } from './otlp.js';
import { looksLikeProcLog } from './proc.js';
import { stripBom } from './text.js';
import { looksLikePrometheus } from './stream-prometheus.js';
import { isVictoriaMetricsLine } from './victoriametrics.js';

/** How much of the input's start decides its format. */
export const SNIFF_BYTES = 16 * 1024;

export function detectFormat(text: string, source = 'input'): InputFormat {
  const bytes = Buffer.from(stripBom(text));
  return sniffFormat(bytes.subarray(0, SNIFF_BYTES), bytes.length <= SNIFF_BYTES, source);
}

/**
 * The format from the first bytes of the input (`complete` when they are
 * all of it): the first line is parsed as JSON when it is complete, so a
 * one-line response or export is told from JSON Lines by its keys; a
 * pretty-printed or very long response is known by its first key.
 */
export function sniffFormat(prefix: Buffer, complete: boolean, source = 'input'): InputFormat {
  const body = stripBom(prefix.toString('utf8'));
  const start = body.search(/\S/);
  if (start === -1) throw emptyInput(source);
  if (body[start] !== '{') return looksLikeProcLog(body) ? 'proc' : 'csv';
  const newline = body.indexOf('\n', start);
  const first = newline === -1 ? (complete ? body.slice(start) : undefined) : body.slice(start, newline);
  const document = first === undefined ? undefined : parseJson(first);
  if (document !== undefined) {
    if (isPrometheusResponse(document)) return 'prometheus';
    if (isOtlpMetricsRequest(document)) return 'otlp';
    return isVictoriaMetricsLine(document) ? 'victoriametrics' : 'jsonl';
  }
  if (looksLikePrometheus(prefix)) return 'prometheus';
  if (looksLikeOtlp(body.slice(start))) return 'otlp';
  return /^\{\s*"metric"\s*:/.test(body.slice(start)) ? 'victoriametrics' : 'jsonl';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isPrometheusResponse(document: unknown): boolean {
  return (
    isJsonObject(document) &&
    Object.hasOwn(document, 'status') &&
    (Object.hasOwn(document, 'data') || Object.hasOwn(document, 'errorType'))
  );
}

export function emptyInput(source: string): LeakScoreError {
  return new LeakScoreError(
    `${source} is empty: give a file of samples (CSV, JSON Lines, Prometheus or VictoriaMetrics JSON, OTLP/JSON metrics, or a /proc VmRSS log)`,
  );
}
