/**
 * The whole of ingest for one input text: strip a BOM, detect the format
 * (or take `--input-format`), read it, refuse input that leaves nothing
 * to score (SPEC §5: exit 2 when nothing could be scored), then apply
 * `--series` and `--strict` (src/select/).
 */
import { LeakScoreError } from '../errors.js';
import { selectSeries } from '../select/select.js';
import type { InputFormat, ReadResult } from '../series.js';
import { readCsv } from './csv.js';
import { emptyInput, sniffFormat } from './detect.js';
import { isJsonObject, ownValue } from './json-path.js';
import { describeJson, readJsonLines } from './jsonl.js';
import { readProcLog } from './proc.js';
import { readPrometheusDocument } from './prometheus.js';
import { stripBom } from './text.js';
import { parseUnit, type BareUnit } from './value.js';
import { readVictoriaMetrics } from './victoriametrics.js';

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
  /** `--series`: keep only the series these PromQL matchers select (src/select/). */
  series?: string;
  /** `--strict`: any dropped row is an input error. */
  strict?: boolean;
}

export function readInput(text: string, options: ReadOptions): ReadResult {
  const body = stripBom(text);
  if (body.trim() === '') throw emptyInput(options.source);
  return finishRead(dispatch(body, options), options);
}

/**
 * What every route does after a reader: refuse input that leaves nothing to
 * score, then apply `--series` and `--strict`. Selection and --strict see only
 * usable input, so "nothing to score" keeps its own message.
 */
export function finishRead(result: ReadResult, options: ReadOptions): ReadResult {
  checkUsable(result, options.source);
  return selectSeries(result, { source: options.source, series: options.series, strict: options.strict });
}

function dispatch(body: string, options: ReadOptions): ReadResult {
  const { source } = options;
  const unit = options.unit === undefined ? undefined : parseUnit(options.unit);
  const detection = options.inputFormat === undefined ? sniffFormat(body, source) : { format: options.inputFormat };
  if (options.labelColumn !== undefined && detection.format !== 'csv') {
    throw new LeakScoreError(
      `--label-col splits CSV rows into series, but ${source} is ${FORMAT_NAMES[detection.format] ?? detection.format}, whose series are told apart already; leave it out`,
    );
  }
  switch (detection.format) {
    case 'csv':
      return readCsv(body, {
        source,
        timeColumn: options.timeColumn,
        valueColumn: options.valueColumn,
        labelColumn: options.labelColumn,
        unit,
      });
    case 'jsonl':
      return readJsonLines(body, { source, timeKey: options.timeKey, valueKey: options.valueKey, unit });
    case 'prometheus':
      return scaled(readPrometheusDocument(prometheusDocument(body, detection, source), { source }), unit);
    case 'victoriametrics':
      return readVictoriaMetrics(body, { source, unit });
    case 'proc':
      return readProcLog(body, { source, unit });
    default:
      throw new LeakScoreError(
        `unknown input format ${JSON.stringify(detection.format)}; use --input-format csv, jsonl, prometheus, victoriametrics or proc`,
      );
  }
}

/** The parsed response: from detection, or parsed here (readPrometheus words the error for text that is not JSON). */
function prometheusDocument(body: string, detection: { document?: unknown }, source: string): unknown {
  if ('document' in detection) return detection.document;
  try {
    return JSON.parse(body);
  } catch (error) {
    // V8's message quotes the input, line breaks and all: keep the message to one short line.
    const detail = oneLine(error instanceof Error ? error.message : String(error));
    throw new LeakScoreError(
      `${source} is not valid JSON (${cut(detail, 200)}); save the whole response of /api/v1/query_range, or pass --input-format`,
    );
  }
}

function oneLine(text: string): string {
  return text.split(/[\r\n\u2028\u2029]+/).join(' ');
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}


const FORMAT_NAMES: Partial<Record<string, string>> = {
  jsonl: 'JSON Lines',
  prometheus: 'a Prometheus response',
  victoriametrics: 'a VictoriaMetrics export',
  proc: 'a /proc VmRSS log',
};

/** `--unit` for a Prometheus response, whose values are plain numbers (in bytes by convention). */
function scaled(result: ReadResult, unit: BareUnit | undefined): ReadResult {
  if (unit === undefined || unit.factor === 1) return result;
  for (const series of result.series) {
    for (let i = 0; i < series.values.length; i += 1) series.values[i] = (series.values[i] as number) * unit.factor;
  }
  return result;
}

/** At least one series must have a sample; otherwise say why, with the first dropped row. */
function checkUsable(result: ReadResult, source: string): void {
  if (result.series.some((series) => series.times.length > 0)) return;
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
