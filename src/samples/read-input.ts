/**
 * The whole of ingest for one input: detect the format from its start (or
 * take `--input-format`), open that format's one reader, read, refuse
 * input that leaves nothing to score (SPEC §5: exit 2 when nothing could be
 * scored), then apply `--series` and `--strict` (src/samples/select/).
 */
import { LeakScoreError } from '../errors.js';
import { selectSeries } from './select/select.js';
import type { InputFormat, RawSeries, ReadResult } from '../series.js';
import { CsvReader } from '../formats/csv.js';
import { emptyInput, SNIFF_BYTES, sniffFormat } from '../formats/detect.js';
import { JsonLinesReader } from '../formats/jsonl.js';
import { OtlpReader } from '../formats/otlp.js';
import { ProcReader } from '../formats/proc.js';
import { SeriesBuilder } from './series-builder.js';
import type { FormatReader, OpenSeries, SeriesSink } from './sink.js';
import { PrometheusReader } from '../formats/stream-prometheus.js';
import { stripBom } from '../formats/text.js';
import { parseUnit } from '../formats/value.js';
import { VictoriaMetricsReader } from '../formats/victoriametrics.js';

export interface ReadOptions {
  /** The file name (or `standard input`), for messages. */
  source: string;
  /** `--input-format`; detected from the content when absent. */
  inputFormat?: InputFormat;
  /** `--time-col` (CSV). */
  timeColumn?: string;
  /** `--value-col` (CSV). */
  valueColumn?: string;
  /** `--time-key` (JSON Lines). */
  timeKey?: string;
  /** `--value-key` (JSON Lines). */
  valueKey?: string;
  /** `--label-col` (CSV): one series per value of this column. */
  labelColumn?: string;
  /** `--unit`: the unit of numbers written without one (B, KiB, MiB, kB …). */
  unit?: string;
  /** `--series`: keep only the series these PromQL matchers select (src/samples/select/). */
  series?: string;
  /** `--strict`: any dropped row is an input error. */
  strict?: boolean;
}

/** A whole text through its format's reader (the library's text entry point; files and stdin stream in src/pipeline/). */
export function readInput(text: string, options: ReadOptions): ReadResult {
  const stripped = stripBom(text);
  if (stripped.trim() === '') throw emptyInput(options.source);
  const body = Buffer.from(stripped);
  const format = options.inputFormat ?? sniffFormat(body.subarray(0, SNIFF_BYTES), body.length <= SNIFF_BYTES, options.source);
  const reader = openReader(format, options, () => new SeriesBuilder());
  reader.feed(body);
  const end = reader.end();
  const result: ReadResult = {
    format: end.format,
    series: end.series.map(({ sink, labels }) => sink.build(labels)),
    notes: end.notes,
    ...(end.unattributed === undefined ? {} : { unattributed: end.unattributed }),
  };
  return finishRead(result, options);
}

/** The reader of one format, with the options that concern it, writing into sinks from `openSeries`. */
export function openReader<S extends SeriesSink>(format: InputFormat, options: ReadOptions, openSeries: OpenSeries<S>): FormatReader<S> {
  const { source } = options;
  const unit = options.unit === undefined ? undefined : parseUnit(options.unit);
  if (options.labelColumn !== undefined && format !== 'csv') {
    throw new LeakScoreError(
      `--label-col splits CSV rows into series, but ${source} is ${FORMAT_NAMES[format] ?? format}, whose series are told apart already; leave it out`,
    );
  }
  switch (format) {
    case 'csv':
      return new CsvReader(
        { source, timeColumn: options.timeColumn, valueColumn: options.valueColumn, labelColumn: options.labelColumn, unit },
        openSeries,
      );
    case 'jsonl':
      return new JsonLinesReader({ source, timeKey: options.timeKey, valueKey: options.valueKey, unit }, openSeries);
    case 'prometheus':
      return new PrometheusReader({ source, unit }, openSeries);
    case 'victoriametrics':
      return new VictoriaMetricsReader({ source, unit }, openSeries);
    case 'proc':
      return new ProcReader({ source, unit }, openSeries);
    case 'otlp':
      return new OtlpReader({ source, unit }, openSeries);
    default:
      throw new LeakScoreError(
        `unknown input format ${JSON.stringify(format)}; use --input-format csv, jsonl, prometheus, victoriametrics, proc or otlp`,
      );
  }
}

/**
 * What every route does after a reader: refuse input that leaves nothing to
 * score, then apply `--series` and `--strict`. Selection and --strict see only
 * usable input, so "nothing to score" keeps its own message. `samples`
 * counts a series' samples (a streaming caller's series hold none).
 */
export function finishRead(result: ReadResult, options: ReadOptions, samples: (series: RawSeries) => number = (series) => series.times.length): ReadResult {
  checkUsable(result, options.source, samples);
  return selectSeries(result, { source: options.source, series: options.series, strict: options.strict });
}

const FORMAT_NAMES: Partial<Record<string, string>> = {
  jsonl: 'JSON Lines',
  prometheus: 'a Prometheus response',
  victoriametrics: 'a VictoriaMetrics export',
  proc: 'a /proc VmRSS log',
  otlp: 'OTLP/JSON metrics',
};

/** At least one series must have a sample; otherwise say why, with the first dropped row. */
function checkUsable(result: ReadResult, source: string, samples: (series: RawSeries) => number): void {
  if (result.series.some((series) => samples(series) > 0)) return;
  if (result.format === 'prometheus' && result.series.length === 0) {
    throw new LeakScoreError(`${source}: the Prometheus query returned no series; check the query and its time range`);
  }
  const dropped = result.series.reduce((sum, series) => sum + series.dropped, 0);
  if (dropped === 0 && result.unattributed !== undefined) {
    const stray = result.unattributed.droppedExamples[0];
    const example = stray === undefined ? '' : `, e.g. line ${stray.line}: ${stray.reason}`;
    throw new LeakScoreError(`${source}: no usable rows (${result.unattributed.dropped} lines belong to no series${example})`);
  }
  if (dropped === 0) throw new LeakScoreError(`${source}: no usable rows (the input has no data rows)`);
  const first = result.series.find((series) => series.droppedExamples.length > 0)?.droppedExamples[0];
  // Prometheus reasons already name the sample ("sample 3: value NaN is not finite").
  const example = first === undefined ? '' : result.format === 'prometheus' ? first.reason : `line ${first.line}: ${first.reason}`;
  const hint =
    result.format === 'csv'
      ? '; check the columns chosen with --time-col and --value-col'
      : result.format === 'jsonl'
        ? '; check the keys chosen with --time-key and --value-key'
        : '';
  throw new LeakScoreError(`${source}: no usable rows (${dropped} dropped, e.g. ${example})${hint}`);
}
