/**
 * Prometheus HTTP API reader (SPEC §6): the JSON of `/api/v1/query_range`
 * (`resultType: "matrix"`) or `/api/v1/query` (`"vector"` or `"matrix"`).
 * `status` is checked: an error response is an input error quoting
 * `errorType` and `error`. Every result is a series, labelled from its
 * `metric` with `makeLabels` (null prototype, so a `__proto__` label is just
 * a label). Values are strings; `"NaN"`, `"+Inf"`, `"-Inf"` are dropped and
 * counted like bad rows (SPEC §1), a sample's "line" being its 1-based index
 * within its series. `warnings` (and Prometheus 3 `infos`) become notes.
 */
import { LeakScoreError } from '../errors.js';
import { makeLabels, type Labels, type RawSeries, type ReadResult } from '../series.js';
import { isJsonObject, ownValue, type JsonObject } from './json-path.js';
import { describeJson } from './jsonl.js';
import { SeriesBuilder } from './series-builder.js';
import { readEpochNumber, readTime, type TimeReading } from './time.js';
import { readByteNumber, readBytes, type ByteReading } from './value.js';

export interface PrometheusOptions {
  /** The file name (or `standard input`), for messages. */
  source: string;
}

export function readPrometheus(text: string, options: PrometheusOptions): ReadResult {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const detail = messageText(error instanceof Error ? error.message : String(error));
    throw new LeakScoreError(
      `${options.source} is not valid JSON (${detail}); save the whole response of /api/v1/query_range, or pass --input-format`,
    );
  }
  return readPrometheusDocument(document, options);
}

/** Same as `readPrometheus`, for a response already parsed (format detection parses it once). */
export function readPrometheusDocument(document: unknown, options: PrometheusOptions): ReadResult {
  const { source } = options;
  if (!isJsonObject(document)) {
    throw new LeakScoreError(`${source} is not a Prometheus API response (expected a JSON object with "status" and "data")`);
  }
  const data = ownValue(document, 'data');
  const resultType = isJsonObject(data) ? ownValue(data, 'resultType') : undefined;
  const result = isJsonObject(data) ? ownValue(data, 'result') : undefined;
  checkResponse(
    {
      status: ownValue(document, 'status'),
      errorType: ownValue(document, 'errorType'),
      error: ownValue(document, 'error'),
      resultType,
      hasResultList: Array.isArray(result),
    },
    source,
  );
  const series = (result as unknown[]).map((item) => readSeries(item, resultType as 'matrix' | 'vector'));
  return { format: 'prometheus', series, notes: collectNotes(document, source) };
}

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

function readSeries(item: unknown, resultType: 'matrix' | 'vector'): RawSeries {
  const entry: JsonObject = isJsonObject(item) ? item : {};
  const builder = new SeriesBuilder(readLabels(ownValue(entry, 'metric')));
  const samples = resultType === 'matrix' ? ownValue(entry, 'values') : [ownValue(entry, 'value')];
  if (Array.isArray(samples)) {
    samples.forEach((sample: unknown, index) => {
      const number = index + 1;
      const reading = readSample(sample);
      if (reading.ok) builder.add(reading.seconds, reading.bytes);
      else builder.drop(number, `sample ${number}: ${reading.reason}`);
    });
  }
  return builder.build();
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

function collectNotes(document: JsonObject, source: string): string[] {
  return notesFrom(ownValue(document, 'warnings'), ownValue(document, 'infos'), source);
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
