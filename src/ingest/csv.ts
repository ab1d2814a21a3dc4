/**
 * CSV / TSV reader (SPEC §6): `,` `;` or tab delimiters, quoted fields, BOM,
 * CRLF, Grafana's `sep=,` first line and repeated header blocks; header
 * detection; time and value columns found by name or chosen with
 * `--time-col` / `--value-col` (a name or a 1-based number). Rows whose time
 * or value cannot be used are dropped and counted (SPEC §1). One series,
 * samples in read order.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { LeakScoreError } from '../errors.js';
import type { ReadResult } from '../series.js';
import { CSV_TIME_NAMES, listNames, looksLikeTimeName, looksLikeValueName, matchName, VALUE_NAMES } from './field-names.js';
import { SeriesBuilder } from './series-builder.js';
import { stripBom } from './text.js';
import { readTime } from './time.js';
import { readBytes } from './value.js';

export interface CsvOptions {
  /** `--time-col`: a column name or a 1-based number. */
  timeColumn?: string;
  /** `--value-col`: a column name or a 1-based number. */
  valueColumn?: string;
  /** The file name (or `standard input`), for messages. */
  source: string;
}

type Delimiter = ',' | ';' | '\t';

interface Columns {
  time: number;
  value: number;
}

export function readCsv(text: string, options: CsvOptions): ReadResult {
  const notes: string[] = [];
  const { body, delimiter: declared } = takeSepLine(stripBom(text));
  const delimiter = declared ?? detectDelimiter(firstContentLine(body));
  const builder = new SeriesBuilder();
  let header: string[] | undefined;
  let columns: Columns | undefined;
  let zoneless = false;
  let nextLine = 1;

  for (const record of parseRecords(body, delimiter, options.source)) {
    // Blank lines come through as records (skip_empty_lines is off), so every
    // physical line is counted; a quoted field may hold more line breaks.
    const line = nextLine;
    nextLine += 1 + lineBreaksIn(record);
    if (record.every((field) => field.trim() === '')) continue;
    if (columns === undefined) {
      if (looksLikeHeader(record)) {
        header = record.map((field) => field.trim());
        columns = columnsFromHeader(header, options);
        continue;
      }
      columns = columnsWithoutHeader(record.length, options);
      notes.push(
        `${options.source}: no header row; read column ${columns.time + 1} as time and column ${columns.value + 1} as value`,
      );
    }
    // Grafana repeats the header before each block; it is not data, so not a dropped row either.
    if (header !== undefined && isSameRow(record, header)) continue;
    const time = readTime(cell(record, columns.time, delimiter));
    if (!time.ok) {
      builder.drop(line, time.reason);
      continue;
    }
    const value = readBytes(cell(record, columns.value, delimiter));
    if (!value.ok) {
      builder.drop(line, value.reason);
      continue;
    }
    zoneless ||= time.zoneless;
    builder.add(time.seconds, value.bytes);
  }

  if (zoneless) notes.push(`${options.source}: times without a zone were read as UTC`);
  return { format: 'csv', series: [builder.build()], notes };
}

/**
 * A cell's text. With `;` as delimiter a lone comma is a decimal comma
 * (`212,5`), as European spreadsheet exports write numbers.
 */
function cell(record: readonly string[], index: number, delimiter: Delimiter): string {
  const text = record[index] ?? '';
  if (delimiter !== ';') return text;
  const comma = text.indexOf(',');
  if (comma === -1 || text.includes(',', comma + 1) || text.includes('.')) return text;
  return `${text.slice(0, comma)}.${text.slice(comma + 1)}`;
}

/**
 * Grafana (and Excel) may start a CSV with `sep=,`, naming the delimiter.
 * The line is blanked rather than removed so line numbers stay true.
 */
function takeSepLine(text: string): { body: string; delimiter?: Delimiter } {
  const end = lineEnd(text, 0);
  const first = text.slice(0, end).trim().replace(/^"(.*)"$/, '$1');
  if (!first.toLowerCase().startsWith('sep=')) return { body: text };
  const declared = first.slice(4);
  const delimiter = declared === '' ? '\t' : declared;
  if (delimiter !== ',' && delimiter !== ';' && delimiter !== '\t') return { body: text };
  return { body: text.slice(end), delimiter };
}

function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i += 1) {
    const char = text[i];
    if (char === '\n' || char === '\r') return i;
  }
  return text.length;
}

function firstContentLine(text: string): string {
  let start = 0;
  while (start < text.length) {
    const end = lineEnd(text, start);
    const line = text.slice(start, end);
    if (line.trim() !== '') return line;
    start = end + 1;
  }
  return '';
}

/** The delimiter used most often outside quotes in the header line; `,` when none is. */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === ',' || char === ';' || char === '\t')) counts[char] += 1;
  }
  // On a tie prefer tab, then `;`: `1700000000;212,5` is `;` with a decimal comma.
  let best: Delimiter = ',';
  let bestCount = 0;
  for (const candidate of ['\t', ';', ','] as const) {
    if (counts[candidate] > bestCount) {
      best = candidate;
      bestCount = counts[candidate];
    }
  }
  return best;
}

/**
 * csv-parse's own line counter drifts after a quoted field spanning lines
 * and its per-record `info` triples the parse time, so lines are counted by
 * the caller instead.
 */
function parseRecords(body: string, delimiter: Delimiter, source: string): string[][] {
  try {
    return parse(body, {
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw new LeakScoreError(`${source} is not valid CSV (${error.message}); fix the quoting, or pass --input-format`);
  }
}

/** Line breaks (`\n`, `\r\n` or a lone `\r`) inside the quoted fields of a record. */
function lineBreaksIn(record: readonly string[]): number {
  let count = 0;
  for (const field of record) {
    if (!field.includes('\n') && !field.includes('\r')) continue;
    for (let i = 0; i < field.length; i += 1) {
      const char = field[i];
      if (char === '\n' || (char === '\r' && field[i + 1] !== '\n')) count += 1;
    }
  }
  return count;
}

/** A header has no cell that reads as a time; every data row should have one. */
function looksLikeHeader(record: readonly string[]): boolean {
  return !record.some((field) => readTime(field).ok);
}

function isSameRow(record: readonly string[], header: readonly string[]): boolean {
  return record.length === header.length && record.every((field, i) => field.trim().toLowerCase() === header[i]?.toLowerCase());
}

function columnsFromHeader(header: readonly string[], options: CsvOptions): Columns {
  const time = findColumn(header, options, 'time');
  const value = findColumn(header, options, 'value');
  return checkDistinct({ time, value }, options);
}

function findColumn(header: readonly string[], options: CsvOptions, role: 'time' | 'value'): number {
  const flag = role === 'time' ? '--time-col' : '--value-col';
  const chosen = role === 'time' ? options.timeColumn : options.valueColumn;
  const found = `columns found: ${listNames(header)}`;
  if (chosen !== undefined) {
    const byName = matchName(header, [chosen.trim().toLowerCase()], () => false);
    if (byName.kind === 'found') return byName.index;
    const number = columnNumber(chosen);
    if (number === undefined) {
      throw new LeakScoreError(`${options.source}: no column named ${JSON.stringify(chosen)} for ${flag}; ${found}`);
    }
    if (number > header.length) {
      throw new LeakScoreError(`${options.source}: ${flag} ${number} is past the last column (${header.length}); ${found}`);
    }
    return number - 1;
  }
  const match =
    role === 'time'
      ? matchName(header, CSV_TIME_NAMES, looksLikeTimeName)
      : matchName(header, VALUE_NAMES, looksLikeValueName);
  if (match.kind === 'found') return match.index;
  if (match.kind === 'ambiguous') {
    const names = match.indexes.map((i) => header[i] ?? '');
    throw new LeakScoreError(`${options.source}: several columns could be the ${role} (${listNames(names)}); choose one with ${flag}`);
  }
  const wanted = (role === 'time' ? CSV_TIME_NAMES : VALUE_NAMES).join(', ');
  throw new LeakScoreError(
    `${options.source}: no ${role} column (looked for ${wanted}); ${found}; choose one with ${flag} NAME or ${flag} N (1-based)`,
  );
}

/** `--time-col 2` → 2; undefined unless a whole number ≥ 1. */
function columnNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,6}$/.test(trimmed)) return undefined;
  const number = Number(trimmed);
  return number >= 1 ? number : undefined;
}

/** Without a header only numbers can choose columns; two columns default to time,value. */
function columnsWithoutHeader(width: number, options: CsvOptions): Columns {
  const pick = (chosen: string | undefined, flag: string, fallback: number): number => {
    if (chosen === undefined) {
      if (width === 2) return fallback;
      throw new LeakScoreError(
        `${options.source} has no header row and ${width} columns; choose them with --time-col N and --value-col N (1-based)`,
      );
    }
    const number = columnNumber(chosen);
    if (number === undefined) {
      throw new LeakScoreError(
        `${options.source} has no header row, so ${flag} ${JSON.stringify(chosen)} cannot be found by name; give a 1-based column number, e.g. ${flag} 1`,
      );
    }
    return number - 1;
  };
  const time = pick(options.timeColumn, '--time-col', 0);
  const value = pick(options.valueColumn, '--value-col', 1);
  return checkDistinct({ time, value }, options);
}

function checkDistinct(columns: Columns, options: CsvOptions): Columns {
  if (columns.time === columns.value) {
    throw new LeakScoreError(
      `${options.source}: time and value would both come from column ${columns.time + 1}; choose different columns with --time-col and --value-col`,
    );
  }
  return columns;
}
