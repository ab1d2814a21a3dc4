/**
 * OTLP/JSON metrics reader (issue 17): what the OpenTelemetry Collector's
 * `file` exporter writes — JSON Lines, each line one
 * ExportMetricsServiceRequest:
 *
 *   {"resourceMetrics":[{"resource":{"attributes":[{"key":"k8s.pod.name","value":{"stringValue":"api-0"}}]},
 *     "scopeMetrics":[{"scope":{…},"metrics":[{"name":"container.memory.working_set","unit":"By",
 *       "gauge":{"dataPoints":[{"attributes":[…],"timeUnixNano":"1732000000000000000","asInt":"187654321"}]}}]}]}]}
 *
 * Per the OTLP JSON encoding (the protobuf JSON mapping, lowerCamelCase
 * keys), 64-bit integers (`timeUnixNano`, `asInt`, `intValue`) are decimal
 * strings, though numbers are accepted too; `asDouble` is a number or
 * "NaN" / "Infinity" / "-Infinity". Gauges and sums are read alike (a
 * memory metric is a gauge in semantic conventions, an up-down sum in some
 * receivers); histograms and summaries hold no single memory value and are
 * skipped with a note. Each series is one metric name (`__name__`) with its
 * resource attributes and data-point attributes as labels (a data-point
 * attribute wins a clash); the same label set on later lines — the exporter
 * writes one request per export interval — continues the same series.
 *
 * Only memory metrics in bytes are series to score: a name that says memory
 * (`memory`, `rss`, `heap` …) with a unit of `By` (or `KiBy`, `MiBy` …,
 * UCUM) or none. A Collector file holds CPU, network and filesystem metrics
 * too, some in bytes; those are counted in a note, not scored as memory. The exceptions are the restart signals that
 * src/k8s/ reads (`k8s.container.restarts`, `process_start_time_seconds`
 * …), kept with their own values.
 */
import { LeakScoreError } from '../errors.js';
import { makeLabels, type Labels, type ReadResult } from '../series.js';
import { JsonLines } from './json-lines.js';
import { isJsonObject, ownValue, type JsonObject } from './json-path.js';
import { describeJson } from './jsonl.js';
import { DropTally, SeriesBuilder } from '../samples/series-builder.js';
import type { FormatReader, OpenSeries, ReadEnd, SeriesSink } from '../samples/sink.js';
import { quoteInput } from './text.js';
import { BYTES, readByteNumber, type BareUnit, type ByteReading } from './value.js';

export interface OtlpOptions {
  /** The file name (or `standard input`), for messages. */
  source: string;
  /** `--unit`: the unit of byte metrics that state none. */
  unit?: BareUnit;
}

/** True when `document` is an ExportMetricsServiceRequest (a line of the file exporter's metrics output). */
export function isOtlpMetricsRequest(document: unknown): boolean {
  return isJsonObject(document) && Object.hasOwn(document, 'resourceMetrics');
}

/** The start of an OTLP/JSON metrics file whose first line is too long to parse from the sniffed prefix. */
export function looksLikeOtlp(body: string): boolean {
  return /^\{\s*"resourceMetrics"\s*:/.test(body);
}

/** UCUM byte units as OTel writes them (`By`, `KiBy` …), to bytes per unit. */
const BYTE_UNITS: ReadonlyMap<string, number> = new Map([
  ['By', 1],
  ['kBy', 1e3],
  ['MBy', 1e6],
  ['GBy', 1e9],
  ['KiBy', 1024],
  ['MiBy', 1024 ** 2],
  ['GiBy', 1024 ** 3],
  // Prometheus-style spellings some SDKs put in `unit`.
  ['bytes', 1],
  ['By/1', 1],
]);

/**
 * Non-byte metrics that are kept because they mark restarts (src/k8s/
 * reads them): counters and start times in OTel and in their
 * Prometheus-translated spellings.
 */
const RESTART_SIGNALS: ReadonlySet<string> = new Set([
  'k8s.container.restarts',
  'kube_pod_container_status_restarts_total',
  'k8s_container_restarts',
  'process_start_time_seconds',
  'process.start_time',
  'process.creation.time',
]);

/**
 * Names of memory metrics. A Collector file has other byte-valued metrics
 * too (network I/O, filesystem usage), which are not memory.
 */
const MEMORY_NAME = /memory|rss|resident|heap|working_set/i;

/** The reader's result for a whole text (the text entry point of OtlpReader). */
export function readOtlp(text: string, options: OtlpOptions): ReadResult {
  const reader = new OtlpReader(options, () => new SeriesBuilder());
  reader.feed(Buffer.from(text));
  const end = reader.end();
  return { ...end, series: end.series.map(({ sink, labels }) => sink.build(labels)) };
}

/** A line at a time, so a Collector file of any size streams; each label set's points go to its own sink. */
export class OtlpReader<S extends SeriesSink> implements FormatReader<S> {
  private readonly series = new Map<string, { sink: S; labels: Labels }>();
  private readonly stray = new DropTally();
  private readonly jsonLines = new JsonLines(
    this.stray,
    (parsed, lineNumber) => this.line(parsed, lineNumber),
    (line, lineNumber) => this.invalidLine(line, lineNumber),
  );
  private requests = 0;
  /** Metric names skipped, by why: not bytes, or a histogram/summary. */
  private readonly notBytes = new Map<string, string>();
  private readonly notNumbers = new Map<string, string>();
  private pretty = false;

  constructor(
    private readonly options: OtlpOptions,
    private readonly openSeries: OpenSeries<S>,
  ) {}

  feed(chunk: Buffer): void {
    this.jsonLines.feed(chunk);
  }

  /** `{` alone, or `"resourceMetrics": [`: a pretty-printed request, which the file exporter never writes. */
  private invalidLine(line: string, lineNumber: number): void {
    if (lineNumber <= 2 && (line.trim() === '{' || line.trim().startsWith('"resourceMetrics"'))) this.pretty = true;
  }

  /** One line of the file, parsed, and its 1-based number. */
  private line(parsed: unknown, lineNumber: number): void {
    if (!isOtlpMetricsRequest(parsed)) {
      this.stray.drop(lineNumber, 'not an OTLP metrics request (needs "resourceMetrics")');
      return;
    }
    this.requests += 1;
    const resourceMetrics = ownValue(parsed as JsonObject, 'resourceMetrics');
    if (!Array.isArray(resourceMetrics)) {
      this.stray.drop(lineNumber, '"resourceMetrics" is not an array');
      return;
    }
    for (const resourceMetric of resourceMetrics) {
      if (!isJsonObject(resourceMetric)) continue;
      const resource = ownValue(resourceMetric, 'resource');
      const resourceLabels = isJsonObject(resource) ? readAttributes(ownValue(resource, 'attributes')) : [];
      // `instrumentationLibraryMetrics` is the pre-1.0 name of `scopeMetrics`, still in old Collector files.
      for (const key of ['scopeMetrics', 'instrumentationLibraryMetrics']) {
        const scopes = ownValue(resourceMetric, key);
        if (!Array.isArray(scopes)) continue;
        for (const scope of scopes) {
          if (!isJsonObject(scope)) continue;
          const metrics = ownValue(scope, 'metrics');
          if (!Array.isArray(metrics)) continue;
          for (const metric of metrics) if (isJsonObject(metric)) this.metric(metric, resourceLabels, lineNumber);
        }
      }
    }
  }

  private metric(metric: JsonObject, resourceLabels: ReadonlyArray<[string, string]>, lineNumber: number): void {
    const rawName = ownValue(metric, 'name');
    if (typeof rawName !== 'string' || rawName === '') {
      this.stray.drop(lineNumber, 'a metric without a name');
      return;
    }
    const name = rawName;
    const data = ownValue(metric, 'gauge') ?? ownValue(metric, 'sum');
    if (!isJsonObject(data)) {
      for (const kind of ['histogram', 'exponentialHistogram', 'summary']) {
        if (Object.hasOwn(metric, kind)) {
          if (!this.notNumbers.has(name)) this.notNumbers.set(name, kind);
          return;
        }
      }
      this.stray.drop(lineNumber, `metric ${quoteInput(name)} has no gauge or sum`);
      return;
    }
    const rawUnit = ownValue(metric, 'unit');
    const unitText = typeof rawUnit === 'string' ? rawUnit.trim() : '';
    const unit = this.unitOf(name, unitText);
    if (unit === undefined) {
      if (!this.notBytes.has(name)) this.notBytes.set(name, unitText);
      return;
    }
    const points = ownValue(data, 'dataPoints');
    if (!Array.isArray(points)) return;
    for (let i = 0; i < points.length; i++) {
      const point: unknown = points[i];
      if (!isJsonObject(point)) continue;
      const sink = this.sinkFor(name, resourceLabels, readAttributes(ownValue(point, 'attributes')));
      const where = points.length === 1 ? '' : `point ${i + 1} of ${points.length}: `;
      const flags = ownValue(point, 'flags');
      // FLAG_NO_RECORDED_VALUE (bit 0): the point marks a series that went away, it holds no value.
      if (typeof flags === 'number' && (flags & 1) === 1) {
        sink.drop(lineNumber, `${where}no recorded value (flags 1)`, 'no recorded value');
        continue;
      }
      const seconds = readNanoTime(ownValue(point, 'timeUnixNano'));
      if (typeof seconds === 'string') {
        sink.drop(lineNumber, `${where}${seconds}`);
        continue;
      }
      const value = readPointValue(point, unit);
      if (!value.ok) {
        sink.drop(lineNumber, `${where}${value.reason}`);
        continue;
      }
      sink.add(seconds, value.bytes);
    }
  }

  /** Bytes per unit for a byte metric (or 1 for a kept restart signal); undefined for a metric that is not memory. */
  private unitOf(name: string, unit: string): BareUnit | undefined {
    if (RESTART_SIGNALS.has(name)) return BYTES;
    if (!MEMORY_NAME.test(name)) return undefined;
    const factor = BYTE_UNITS.get(unit);
    if (factor !== undefined) return { name: unit, factor };
    if (unit === '') return this.options.unit ?? BYTES;
    return undefined;
  }

  private sinkFor(name: string, resource: ReadonlyArray<[string, string]>, point: ReadonlyArray<[string, string]>): S {
    const merged = new Map<string, string>(resource);
    for (const [key, value] of point) merged.set(key, value);
    merged.delete('__name__');
    const pairs: Array<[string, string]> = [['__name__', name], ...[...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))];
    const key = JSON.stringify(pairs);
    let series = this.series.get(key);
    if (series === undefined) {
      series = { sink: this.openSeries(), labels: makeLabels(pairs) };
      this.series.set(key, series);
    }
    return series.sink;
  }

  end(): ReadEnd<S> {
    this.jsonLines.end();
    const { options, series } = this;
    if (this.pretty && this.requests === 0) {
      throw new LeakScoreError(
        `${options.source} is pretty-printed OTLP JSON; the Collector's file exporter writes one request a line: compact it first (jq -c . ${'<file>'}) or give the exporter's own output`,
      );
    }
    if (this.requests === 0 && this.jsonLines.lines > 0) {
      throw new LeakScoreError(
        `${options.source}: no line is an OTLP metrics request ({"resourceMetrics":[…]}); give the metrics output of the Collector's file exporter, or pass --input-format`,
      );
    }
    const notes: string[] = [];
    if (series.size === 0 && (this.notBytes.size > 0 || this.notNumbers.size > 0)) {
      throw new LeakScoreError(
        `${options.source}: no metric in bytes to score (${this.skippedText()}); leak-score reads gauges and sums with unit "By", e.g. container.memory.working_set`,
      );
    }
    if (this.notBytes.size > 0 || this.notNumbers.size > 0) notes.push(`${options.source}: ${this.skippedText()}`);
    const unattributed = this.stray.toUnattributed();
    if (unattributed !== undefined) {
      const first = unattributed.droppedExamples[0];
      notes.push(
        `${options.source}: ${unattributed.dropped} ${unattributed.dropped === 1 ? 'line or metric belongs' : 'lines or metrics belong'} to no series` +
          (first === undefined ? '' : ` (line ${first.line}: ${first.reason})`),
      );
    }
    return { format: 'otlp', series: [...series.values()], notes, ...(unattributed === undefined ? {} : { unattributed }) };
  }

  /** `12 metrics not in bytes skipped (e.g. k8s.pod.cpu.time [s]); 1 histogram skipped (http.server.duration)`. */
  private skippedText(): string {
    const parts: string[] = [];
    if (this.notBytes.size > 0) {
      const [name, unit] = this.notBytes.entries().next().value as [string, string];
      const count = this.notBytes.size;
      parts.push(
        `${count} ${count === 1 ? 'metric' : 'metrics'} not of memory in bytes skipped (e.g. ${quoteInput(name, 60)}${unit === '' ? ', no unit' : ` in ${quoteInput(unit, 20)}`})`,
      );
    }
    if (this.notNumbers.size > 0) {
      const [name, kind] = this.notNumbers.entries().next().value as [string, string];
      const count = this.notNumbers.size;
      parts.push(`${count} ${count === 1 ? 'metric' : 'metrics'} with no single value skipped (e.g. ${kind} ${quoteInput(name, 60)})`);
    }
    return parts.join('; ');
  }
}

/** Attributes (`[{"key":…,"value":{"stringValue":…}}]`) as label pairs; values that are arrays, maps or bytes are left out. */
function readAttributes(raw: unknown): Array<[string, string]> {
  if (!Array.isArray(raw)) return [];
  const pairs: Array<[string, string]> = [];
  for (const attribute of raw) {
    if (!isJsonObject(attribute)) continue;
    const key = ownValue(attribute, 'key');
    const value = ownValue(attribute, 'value');
    if (typeof key !== 'string' || key === '' || !isJsonObject(value)) continue;
    const text = attributeText(value);
    if (text !== undefined) pairs.push([key, text]);
  }
  return pairs;
}

function attributeText(value: JsonObject): string | undefined {
  const string = ownValue(value, 'stringValue');
  if (typeof string === 'string') return string;
  const int = ownValue(value, 'intValue');
  if (typeof int === 'string' || typeof int === 'number') return String(int);
  const double = ownValue(value, 'doubleValue');
  if (typeof double === 'number' || typeof double === 'string') return String(double);
  const bool = ownValue(value, 'boolValue');
  if (typeof bool === 'boolean') return String(bool);
  return undefined;
}

/** `timeUnixNano` (a decimal string, or a number) → seconds, or the reason it cannot be used. */
function readNanoTime(raw: unknown): number | string {
  if (raw === undefined) return 'missing time (no timeUnixNano)';
  let nanos: number;
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (!/^\d{1,30}$/.test(text)) return `time ${quoteInput(raw)} is not a whole number of nanoseconds`;
    nanos = Number(text);
  } else if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return `time ${raw} is not finite`;
    if (raw < 0) return `time ${raw} is negative`;
    nanos = raw;
  } else {
    return `time is ${describeJson(raw)}`;
  }
  // 0 is the field's default: an exporter that did not set it.
  if (nanos === 0) return 'time is 0 (timeUnixNano not set)';
  const seconds = nanos / 1e9;
  return Number.isFinite(seconds) ? seconds : `time ${quoteInput(String(raw))} is not finite`;
}

/** `asInt` (decimal string or number) or `asDouble` (number, or "NaN" / "Infinity" / "-Infinity"). */
function readPointValue(point: JsonObject, unit: BareUnit): ByteReading {
  const int = ownValue(point, 'asInt');
  if (int !== undefined) {
    if (typeof int === 'number') return readByteNumber(int, String(int), unit);
    if (typeof int === 'string' && /^-?\d{1,30}$/.test(int.trim())) return readByteNumber(Number(int.trim()), int.trim(), unit);
    return { ok: false, reason: typeof int === 'string' ? `value ${quoteInput(int)} is not an integer` : `value is ${describeJson(int)}` };
  }
  const double = ownValue(point, 'asDouble');
  if (double !== undefined) {
    if (typeof double === 'number') return readByteNumber(double, String(double), unit);
    if (double === 'NaN' || double === 'Infinity' || double === '-Infinity') return { ok: false, reason: `value ${double} is not finite` };
    return { ok: false, reason: typeof double === 'string' ? `value ${quoteInput(double)} is not a number` : `value is ${describeJson(double)}` };
  }
  return { ok: false, reason: 'no value (neither asInt nor asDouble)' };
}
