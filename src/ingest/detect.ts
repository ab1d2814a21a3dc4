/**
 * Input format from content, not from the file name (SPEC §6): a JSON
 * object with `status` and `data` (or an error response with `errorType`)
 * is a Prometheus API response; other input whose first character is `{` is
 * JSON Lines; anything else is CSV. `--input-format` overrides this.
 */
import { LeakScoreError } from '../errors.js';
import type { InputFormat } from '../series.js';
import { isJsonObject } from './json-path.js';
import { stripBom } from './text.js';

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
  if (body[start] !== '{') return { format: 'csv' };
  // A JSON Lines file with two or more objects fails to parse as one document
  // right after its first line, so this costs little.
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    return { format: 'jsonl' };
  }
  if (isPrometheusResponse(document)) return { format: 'prometheus', document };
  return { format: 'jsonl' };
}

function isPrometheusResponse(document: unknown): boolean {
  return (
    isJsonObject(document) &&
    Object.hasOwn(document, 'status') &&
    (Object.hasOwn(document, 'data') || Object.hasOwn(document, 'errorType'))
  );
}

export function emptyInput(source: string): LeakScoreError {
  return new LeakScoreError(`${source} is empty: give a file of samples (CSV, JSON Lines or Prometheus JSON)`);
}
