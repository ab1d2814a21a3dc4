/**
 * The whole of ingest for one input text: strip a BOM, detect the format
 * (or take `--input-format`), read it, and refuse input that leaves nothing
 * to score (SPEC §5: exit 2 when nothing could be scored).
 */
import { LeakScoreError } from '../errors.js';
import type { InputFormat, ReadResult } from '../series.js';
import { readCsv } from './csv.js';
import { emptyInput, sniffFormat } from './detect.js';
import { readJsonLines } from './jsonl.js';
import { readPrometheus, readPrometheusDocument } from './prometheus.js';
import { stripBom } from './text.js';

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
}

export function readInput(text: string, options: ReadOptions): ReadResult {
  const body = stripBom(text);
  if (body.trim() === '') throw emptyInput(options.source);
  const result = dispatch(body, options);
  checkUsable(result, options.source);
  return result;
}

function dispatch(body: string, options: ReadOptions): ReadResult {
  const { source } = options;
  const detection = options.inputFormat === undefined ? sniffFormat(body, source) : { format: options.inputFormat };
  switch (detection.format) {
    case 'csv':
      return readCsv(body, { source, timeColumn: options.timeColumn, valueColumn: options.valueColumn });
    case 'jsonl':
      return readJsonLines(body, { source, timeKey: options.timeKey, valueKey: options.valueKey });
    case 'prometheus':
      return 'document' in detection
        ? readPrometheusDocument(detection.document, { source })
        : readPrometheus(body, { source });
    default:
      throw new LeakScoreError(
        `unknown input format ${JSON.stringify(detection.format)}; use --input-format csv, jsonl or prometheus`,
      );
  }
}

/** At least one series must have a sample; otherwise say why, with the first dropped row. */
function checkUsable(result: ReadResult, source: string): void {
  if (result.series.some((series) => series.times.length > 0)) return;
  if (result.format === 'prometheus' && result.series.length === 0) {
    throw new LeakScoreError(`${source}: the Prometheus query returned no series; check the query and its time range`);
  }
  const dropped = result.series.reduce((sum, series) => sum + series.dropped, 0);
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
