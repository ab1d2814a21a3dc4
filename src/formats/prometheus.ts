/**
 * The rules of a Prometheus HTTP API response (SPEC §6), for the streaming
 * reader (stream-prometheus.ts): the JSON of `/api/v1/query_range`
 * (`resultType: "matrix"`) or `/api/v1/query` (`"vector"` or `"matrix"`).
 * `status` is checked: an error response is an input error quoting
 * `errorType` and `error`. Every result is a series, labelled from its
 * `metric` with `makeLabels` (null prototype, so a `__proto__` label is just
 * a label). Values are strings; `"NaN"`, `"+Inf"`, `"-Inf"` are dropped and
 * counted like bad rows (SPEC §1), a sample's "line" being its 1-based index
 * within its series. `warnings` (and Prometheus 3 `infos`) become notes.
 */
import { LeakScoreError } from '../errors.js';
import { makeLabels, type Labels } from '../series.js';
import { isJsonObject, ownValue } from './json-path.js';
import { describeJson } from './jsonl.js';
import { readEpochNumber, readTime, type TimeReading } from './time.js';
import { readByteNumber, readBytes, type ByteReading } from './value.js';

export { readPrometheus } from './stream-prometheus.js';

/** The parts of a response that decide whether it can be read at all. */
export interface ResponseHead {
  status: unknown;
  errorType: unknown;
  error: unknown;
  resultType: unknown;
  hasResultList: boolean;
}

/** Throws the input error a response deserves: an error status quoted, an unusable result type or shape. */
export function checkResponse(head: ResponseHead, source: string): void {
  if (head.status === 'error') {
    const errorType = head.errorType === undefined ? 'unknown' : messageText(head.errorType);
    const message = head.error === undefined ? 'no message' : messageText(head.error);
    throw new LeakScoreError(
      `${source}: Prometheus returned an error (${errorType}: ${message}); fix the query or time range and fetch again`,
    );
  }
  if (head.status !== 'success') {
    throw new LeakScoreError(`${source}: Prometheus response has status ${quoted(head.status)}, expected "success"`);
  }
  if (head.resultType !== 'matrix' && head.resultType !== 'vector') {
    throw new LeakScoreError(
      `${source}: Prometheus resultType ${quoted(head.resultType)} has no series; query a range (/api/v1/query_range) or an instant vector`,
    );
  }
  if (!head.hasResultList) {
    throw new LeakScoreError(`${source}: Prometheus response has no data.result list`);
  }
}

export function readLabels(metric: unknown): Labels {
  if (!isJsonObject(metric)) return makeLabels();
  const entries: [string, string][] = [];
  for (const name of Object.keys(metric)) {
    const value = ownValue(metric, name);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      entries.push([name, String(value)]);
    }
  }
  return makeLabels(entries);
}

export type SampleReading = { ok: true; seconds: number; bytes: number } | { ok: false; reason: string };

/** `[<unix seconds>, "<value>"]`. */
export function readSample(sample: unknown): SampleReading {
  if (!Array.isArray(sample) || sample.length !== 2) return { ok: false, reason: 'not a [time, "value"] pair' };
  const time = readSampleTime(sample[0]);
  if (!time.ok) return time;
  const value = readSampleValue(sample[1]);
  if (!value.ok) return value;
  return { ok: true, seconds: time.seconds, bytes: value.bytes };
}

function readSampleTime(raw: unknown): TimeReading {
  if (typeof raw === 'number') return readEpochNumber(raw);
  if (typeof raw === 'string') return readTime(raw);
  return { ok: false, reason: 'missing time' };
}

function readSampleValue(raw: unknown): ByteReading {
  if (typeof raw === 'string') return readBytes(raw);
  if (typeof raw === 'number') return readByteNumber(raw);
  return { ok: false, reason: 'missing value' };
}

/** Prometheus `warnings` and `infos` lists → report notes. */
export function notesFrom(warnings: unknown, infos: unknown, source: string): string[] {
  const notes: string[] = [];
  for (const [list, label] of [
    [warnings, 'warning'],
    [infos, 'info'],
  ] as const) {
    if (!Array.isArray(list)) continue;
    for (const message of list) notes.push(`${source}: Prometheus ${label}: ${messageText(message)}`);
  }
  return notes;
}

/** Error messages and notes are one line (errors.ts). */
const MAX_QUOTED = 500;

/**
 * A field of the response as message text: strings on one line and cut
 * short (a 10 MB error must not make a 10 MB message); anything else
 * described in words, never serialised — `String({"toString": 1})` throws and
 * an array nested 100,000 deep overflows the stack.
 */
function messageText(value: unknown): string {
  if (typeof value !== 'string') return `(${describeJson(value)})`;
  const line = oneLine(value.length > MAX_QUOTED * 4 ? value.slice(0, MAX_QUOTED * 4) : value);
  return line.length > MAX_QUOTED ? `${line.slice(0, MAX_QUOTED)}…` : line;
}

/** A field as a quoted string when it is one, else described in words. */
function quoted(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(messageText(value)) : messageText(value);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
