/**
 * VictoriaMetrics `/api/v1/export` reader (SPEC §6): JSON lines of
 *
 *   {"metric":{"__name__":"…","job":"api"},"values":[1.8e8,…],"timestamps":[1732000000000,…]}
 *
 * with timestamps in milliseconds — always, as the format defines them, so
 * the SPEC §1 magnitude rule does not apply (a relative `1000` is 1 s). VictoriaMetrics
 * splits a long series into several lines, so lines with the same label set
 * merge into one series (label order does not matter). A `null` value (VM's
 * NaN), a non-finite or negative one, or a value without a timestamp is a
 * dropped row; its "line" is the line of the file, and the reason names the
 * position in that line's arrays. A line that is not such an object belongs
 * to no series: it is counted in `unattributed`.
 */
import { LeakScoreError } from '../errors.js';
import { makeLabels, type Labels, type ReadResult } from '../series.js';
import { JsonLines } from './json-lines.js';
import { isJsonObject, ownValue } from './json-path.js';
import { describeJson } from './jsonl.js';
import { DropTally, SeriesBuilder } from '../samples/series-builder.js';
import type { FormatReader, OpenSeries, ReadEnd, SeriesSink } from '../samples/sink.js';
import { parseDecimal } from './number.js';
import { quoteInput } from './text.js';
import type { TimeReading } from './time.js';
import { BYTES, readByteNumber, readBytes, type BareUnit, type ByteReading } from './value.js';

export interface VictoriaMetricsOptions {
  /** The file name (or `standard input`), for messages. */
  source: string;
  /** `--unit`: the unit of the values, bytes by default. */
  unit?: BareUnit;
}

/** True when `object` has the keys of an export line. */
export function isVictoriaMetricsLine(object: unknown): boolean {
  return (
    isJsonObject(object) && Object.hasOwn(object, 'metric') && Object.hasOwn(object, 'values') && Object.hasOwn(object, 'timestamps')
  );
}

/** The reader's result for a whole text (the text entry point of VictoriaMetricsReader). */
export function readVictoriaMetrics(text: string, options: VictoriaMetricsOptions): ReadResult {
  const reader = new VictoriaMetricsReader(options, () => new SeriesBuilder());
  reader.feed(Buffer.from(text));
  const end = reader.end();
  return { ...end, series: end.series.map(({ sink, labels }) => sink.build(labels)) };
}

/**
 * The reader one line at a time, so an export of any size streams without
 * ever being one string; each label set's samples go to its own sink.
 */
export class VictoriaMetricsReader<S extends SeriesSink> implements FormatReader<S> {
  private readonly unit: BareUnit;
  private readonly series = new Map<string, { sink: S; labels: Labels }>();
  private readonly stray = new DropTally();
  private readonly jsonLines = new JsonLines(this.stray, (parsed, lineNumber) => this.line(parsed, lineNumber));

  constructor(
    private readonly options: VictoriaMetricsOptions,
    private readonly openSeries: OpenSeries<S>,
  ) {
    this.unit = options.unit ?? BYTES;
  }

  feed(chunk: Buffer): void {
    this.jsonLines.feed(chunk);
  }

  /** One line of the export, parsed, and its 1-based number. */
  private line(parsed: unknown, lineNumber: number): void {
    if (!isVictoriaMetricsLine(parsed)) {
      this.stray.drop(lineNumber, 'not a VictoriaMetrics export line (needs "metric", "values" and "timestamps")');
      return;
    }
    const object = parsed as Record<string, unknown>;
    const labels = readLabels(ownValue(object, 'metric'));
    const key = JSON.stringify(labels);
    let series = this.series.get(key);
    if (series === undefined) {
      series = { sink: this.openSeries(), labels: makeLabels(labels) };
      this.series.set(key, series);
    }
    readSamples(series.sink, ownValue(object, 'values'), ownValue(object, 'timestamps'), lineNumber, this.unit);
  }

  end(): ReadEnd<S> {
    this.jsonLines.end();
    const { options, series } = this;
    const { lines } = this.jsonLines;
    if (series.size === 0 && lines > 0) {
      throw new LeakScoreError(
        `${options.source}: no line is a VictoriaMetrics export line ({"metric":{…},"values":[…],"timestamps":[…]}); save the output of /api/v1/export, or pass --input-format`,
      );
    }
    const unattributed = this.stray.toUnattributed();
    const notes: string[] = [];
    if (unattributed !== undefined) {
      const first = unattributed.droppedExamples[0];
      notes.push(
        `${options.source}: ${unattributed.dropped} ${unattributed.dropped === 1 ? 'line belongs' : 'lines belong'} to no series` +
          (first === undefined ? '' : ` (line ${first.line}: ${first.reason})`),
      );
    }
    return {
      format: 'victoriametrics',
      series: [...series.values()],
      notes,
      ...(unattributed === undefined ? {} : { unattributed }),
    };
  }
}

/** Label pairs sorted by name, so the same set in another order is the same series. */
function readLabels(metric: unknown): Array<[string, string]> {
  if (!isJsonObject(metric)) return [];
  const pairs: Array<[string, string]> = [];
  for (const name of Object.keys(metric)) {
    const value = ownValue(metric, name);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') pairs.push([name, String(value)]);
  }
  return pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function readSamples(builder: SeriesSink, values: unknown, timestamps: unknown, line: number, unit: BareUnit): void {
  if (!Array.isArray(values) || !Array.isArray(timestamps)) {
    builder.drop(line, '"values" and "timestamps" must be arrays', 'values or timestamps not an array');
    return;
  }
  const count = Math.max(values.length, timestamps.length);
  for (let i = 0; i < count; i += 1) {
    const where = `sample ${i + 1} of ${count}`;
    if (i >= timestamps.length) {
      builder.drop(line, `${where}: a value without a timestamp`, 'value without a timestamp');
      continue;
    }
    if (i >= values.length) {
      builder.drop(line, `${where}: a timestamp without a value`, 'timestamp without a value');
      continue;
    }
    const time = readSampleTime(timestamps[i]);
    if (!time.ok) {
      builder.drop(line, `${where}: ${time.reason}`);
      continue;
    }
    const value = readSampleValue(values[i], unit);
    if (!value.ok) {
      builder.drop(line, `${where}: ${value.reason}`);
      continue;
    }
    builder.add(time.seconds, value.bytes);
  }
}

/** Export timestamps are milliseconds by definition (SPEC §6), so small ones are not read as seconds. */
function readSampleTime(raw: unknown): TimeReading {
  const ms = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseDecimal(raw.trim()) : undefined;
  if (ms === undefined) {
    return { ok: false, reason: typeof raw === 'string' ? `time ${quoteInput(raw)} is not a number of milliseconds` : `time is ${describeJson(raw)}` };
  }
  if (!Number.isFinite(ms)) return { ok: false, reason: `time ${ms} is not finite` };
  if (ms < 0) return { ok: false, reason: `time ${ms} is negative` };
  return { ok: true, seconds: ms === 0 ? 0 : ms / 1000, zoneless: false };
}

function readSampleValue(raw: unknown, unit: BareUnit): ByteReading {
  if (typeof raw === 'number') return readByteNumber(raw, undefined, unit);
  if (typeof raw === 'string') return readBytes(raw, unit);
  // VictoriaMetrics writes NaN (a stale or missing point) as null.
  return { ok: false, reason: raw === null ? 'value is null' : `value is ${describeJson(raw)}` };
}
