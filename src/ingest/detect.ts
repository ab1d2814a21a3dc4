/**
 * Input format from content, not from the file name (SPEC §6): a JSON
 * object with `status` and `data` (or an error response with `errorType`)
 * is a Prometheus API response; JSON whose first line is an object with
 * `metric`, `values` and `timestamps` is a VictoriaMetrics export; other
 * input whose first character is `{` is JSON Lines; a `/proc/<pid>/status`
 * sampler log has a `VmRSS:` field near the top; anything else is CSV.
 * `--input-format` overrides this.
 */
import { LeakScoreError } from '../errors.js';
import type { InputFormat } from '../series.js';
import { isJsonObject } from './json-path.js';
import { looksLikeProcLog } from './proc.js';
import { stripBom } from './text.js';
import { isVictoriaMetricsLine } from './victoriametrics.js';

export interface Detection {
  format: InputFormat;
  /** The parsed Prometheus response, so it is not parsed twice. */
  document?: unknown;
}

export function detectFormat(text: string, source = 'input'): InputFormat {
  return sniffFormat(text, source).format;
}

export function sniffFormat(text: string, source = 'input'): Detection {
  const body = stripBom(text);
  const start = body.search(/\S/);
  if (start === -1) throw emptyInput(source);
  if (body[start] !== '{') return { format: looksLikeProcLog(body) ? 'proc' : 'csv' };
  // A JSON Lines file with two or more objects fails to parse as one document
  // right after its first line, so this costs little.
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    return { format: isVictoriaMetricsLine(parseFirstLine(body, start)) ? 'victoriametrics' : 'jsonl' };
  }
  if (isPrometheusResponse(document)) return { format: 'prometheus', document };
  return { format: isVictoriaMetricsLine(document) ? 'victoriametrics' : 'jsonl' };
}

/** The first line from `start` as JSON, or undefined. */
function parseFirstLine(body: string, start: number): unknown {
  const end = body.indexOf('\n', start);
  try {
    return JSON.parse(body.slice(start, end === -1 ? body.length : end));
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
    `${source} is empty: give a file of samples (CSV, JSON Lines, Prometheus or VictoriaMetrics JSON, or a /proc VmRSS log)`,
  );
}
