/**
 * CSV / TSV reader (SPEC §6): `,` `;` or tab delimiters, quoted fields, BOM,
 * CRLF, Grafana's `sep=,` first line; header detection; time and value
 * columns found by name or chosen with `--time-col` / `--value-col` (a name
 * or a 1-based number). Rows whose time or value cannot be used are dropped
 * and counted (SPEC §1). Samples stay in read order.
 *
 * Shapes that hold several series:
 * - Grafana's `toCSV` writes frames one after another, each with its own
 *   header (`"Time","api-1"` … `"Time","api-2"`): a header that names
 *   another value column starts another series; a repeated identical
 *   header continues the same one.
 * - Grafana's "Series joined by time" is wide: `Time` plus one column per
 *   series, each named like `metric{instance="a"}`. When every other
 *   column is named by a label set, each is a series.
 * - Long format: `--label-col pod` splits rows into one series per pod.
 *   A `Series` column (Grafana's "series as rows") does so by itself.
 *   Without either, a text column whose value changes where the time goes
 *   back or repeats means several series are interleaved: that is refused
 *   with a message naming `--label-col`, never merged silently.
 *
 * Series are labelled only when the file holds more than one (SPEC §1:
 * "empty for CSV unless a label column is chosen").
 */
import { CsvError, parse } from 'csv-parse/sync';
import { LeakScoreError } from '../errors.js';
import { makeLabels, type RawSeries, type ReadResult } from '../series.js';
import {
  CSV_TIME_NAMES,
  findChosen,
  listNames,
  looksLikeTimeName,
  looksLikeValueName,
  matchName,
  VALUE_NAMES,
} from './field-names.js';
import { parseDecimal } from './number.js';
import { hasLabelSet, parseSeriesName } from './series-name.js';
import { SeriesBuilder } from './series-builder.js';
import { quoteInput, stripBom } from './text.js';
import { readTime } from './time.js';
import { BYTES, readBytes, unitFromName, unitNote, type BareUnit } from './value.js';

export interface CsvOptions {
  /** `--time-col`: a column name or a 1-based number. */
  timeColumn?: string;
  /** `--value-col`: a column name or a 1-based number. */
  valueColumn?: string;
  /** `--label-col`: a column whose values name the series (long format). */
  labelColumn?: string;
  /** `--unit`: the unit of bare numbers, overriding a unit in the column name. */
  unit?: BareUnit;
  /** The file name (or `standard input`), for messages. */
  source: string;
}

type Delimiter = ',' | ';' | '\t';

interface ValueColumn {
  index: number;
  /** The header text (empty without a header): identifies the series across frames. */
  name: string;
  unit: BareUnit;
}

interface Layout {
  header?: string[];
  time: number;
  values: ValueColumn[];
  label?: number;
  /** The label column's name, as the series' label name. */
  labelName?: string;
}

/** One series being read: the value column it comes from and, in long format, its label value. */
interface Slot {
  builder: SeriesBuilder;
  columnName: string;
  labelName?: string;
  labelValue?: string;
}

/** Ordered, de-duplicated notes. */
class Notes {
  private readonly seen = new Set<string>();
  add(note: string): void {
    this.seen.add(note);
  }
  list(): string[] {
    return [...this.seen];
  }
}

export function readCsv(text: string, options: CsvOptions): ReadResult {
  const notes = new Notes();
  const { body, delimiter: declared } = takeSepLine(stripBom(text));
  const delimiter = declared ?? detectDelimiter(firstContentLine(body));
  const slots = new Map<string, Slot>();
  const slotFor = (column: ValueColumn, layout: Layout, labelValue: string | undefined): Slot => {
    const key = `${column.name.toLowerCase()}\u0000${labelValue ?? ''}`;
    let slot = slots.get(key);
    if (slot === undefined) {
      slot = { builder: new SeriesBuilder(), columnName: column.name, labelName: layout.labelName, labelValue };
      slots.set(key, slot);
    }
    return slot;
  };
  const interleave = new InterleaveWatch();
  let layout: Layout | undefined;
  let zoneless = false;
  let nextLine = 1;

  for (const record of parseRecords(body, delimiter, options.source)) {
    // Blank lines come through as records (skip_empty_lines is off), so every
    // physical line is counted; a quoted field may hold more line breaks.
    const line = nextLine;
    nextLine += 1 + lineBreaksIn(record);
    if (record.every((field) => field.trim() === '')) continue;
    if (layout === undefined) {
      if (looksLikeHeader(record)) {
        layout = layoutFromHeader(record, options, notes);
        interleave.reset(layout);
        continue;
      }
      layout = layoutWithoutHeader(record, options, notes);
    } else if (isHeaderAgain(record, layout)) {
      // Grafana writes one header per frame; a header naming another value column starts another series.
      const next = tryLayoutFromHeader(record, options, notes);
      if (next !== undefined) {
        layout = next;
        interleave.reset(layout);
        continue;
      }
    }
    const time = readTime(cell(record, layout.time, delimiter));
    const labelValue = layout.label === undefined ? undefined : (record[layout.label] ?? '').trim();
    for (const column of layout.values) {
      const slot = slotFor(column, layout, labelValue);
      if (!time.ok) {
        slot.builder.drop(line, time.reason);
        continue;
      }
      const value = readBytes(cell(record, column.index, delimiter), column.unit);
      if (!value.ok) slot.builder.drop(line, value.reason);
      else slot.builder.add(time.seconds, value.bytes);
    }
    if (time.ok) {
      zoneless ||= time.zoneless;
      interleave.observe(record, time.seconds, line);
    }
  }

  interleave.check(options.source);
  if (zoneless) notes.add(`${options.source}: times without a zone were read as UTC`);
  return { format: 'csv', series: buildSeries([...slots.values()]), notes: notes.list() };
}

/** Labels come from the value column's name only when columns tell series apart, and from the label column when chosen. */
function buildSeries(slots: readonly Slot[]): RawSeries[] {
  if (slots.length === 0) return [new SeriesBuilder().build()];
  const columnNames = new Set(slots.map((slot) => slot.columnName.toLowerCase()));
  return slots.map((slot) => {
    const entries = new Map<string, string>();
    if (columnNames.size > 1) {
      for (const [name, value] of parseSeriesName(slot.columnName) ?? [['series', slot.columnName]]) entries.set(name, value);
    }
    if (slot.labelName !== undefined && slot.labelValue !== undefined) {
      // PromQL semantics: an empty label value is the same as no label.
      if (slot.labelValue === '') entries.delete(slot.labelName);
      else entries.set(slot.labelName, slot.labelValue);
    }
    return slot.builder.build(makeLabels(entries));
  });
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
  let first = text.slice(0, end).trim();
  if (first.length >= 2 && first.startsWith('"') && first.endsWith('"')) first = first.slice(1, -1);
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
    throw new LeakScoreError(`${source} is not valid CSV (${oneLine(error.message)}); fix the quoting, or pass --input-format`);
  }
}

function oneLine(text: string): string {
  return text.split(/\s+/).join(' ').trim();
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

/** A later header: no time in it, and the time column's name in it (Grafana's next frame, or a repeated header). */
function isHeaderAgain(record: readonly string[], layout: Layout): boolean {
  if (layout.header === undefined) return false;
  const timeName = (layout.header[layout.time] ?? '').toLowerCase();
  return timeName !== '' && looksLikeHeader(record) && record.some((field) => field.trim().toLowerCase() === timeName);
}

function tryLayoutFromHeader(record: readonly string[], options: CsvOptions, notes: Notes): Layout | undefined {
  try {
    return layoutFromHeader(record, options, notes);
  } catch (error) {
    // A row that merely looks like a header is a bad data row, dropped like any other.
    if (error instanceof LeakScoreError) return undefined;
    throw error;
  }
}

function layoutFromHeader(record: readonly string[], options: CsvOptions, notes: Notes): Layout {
  const header = record.map((field) => field.trim());
  const time = findTimeColumn(header, options);
  const label = findLabelColumn(header, time, options, notes);
  const taken = new Set(label === undefined ? [time] : [time, label]);
  const values = findValueColumns(header, taken, options, notes);
  if (values.some((column) => column.index === time)) {
    throw new LeakScoreError(
      `${options.source}: time and value would both come from column ${time + 1}; choose different columns with --time-col and --value-col`,
    );
  }
  return { header, time, values, label, labelName: label === undefined ? undefined : header[label] };
}

function findTimeColumn(header: readonly string[], options: CsvOptions): number {
  if (options.timeColumn !== undefined) return chosenColumn(header, options.timeColumn, '--time-col', options.source);
  const match = matchName(header, CSV_TIME_NAMES, looksLikeTimeName);
  if (match.kind === 'found') return match.index;
  if (match.kind === 'ambiguous') throw ambiguous(header, match.indexes, 'time', '--time-col', options.source);
  throw new LeakScoreError(
    `${options.source}: no time column (looked for ${CSV_TIME_NAMES.join(', ')}); columns found: ${listNames(header)}; choose one with --time-col NAME or --time-col N (1-based)`,
  );
}

/** `--label-col`, or Grafana's `Series` column of a "series as rows" export. */
function findLabelColumn(header: readonly string[], time: number, options: CsvOptions, notes: Notes): number | undefined {
  if (options.labelColumn !== undefined) {
    const index = chosenColumn(header, options.labelColumn, '--label-col', options.source);
    if (index === time) {
      throw new LeakScoreError(`${options.source}: --label-col names the time column; give the column that names each series, e.g. pod`);
    }
    return index;
  }
  if (options.valueColumn !== undefined) return undefined;
  const series = findChosen(header, 'series');
  if (series === undefined || series === time) return undefined;
  notes.add(`${options.source}: one series per value of column ${quoteInput(header[series] ?? '')}`);
  return series;
}

function findValueColumns(header: readonly string[], taken: ReadonlySet<number>, options: CsvOptions, notes: Notes): ValueColumn[] {
  const column = (index: number): ValueColumn => valueColumn(header[index] ?? '', index, options, notes);
  if (options.valueColumn !== undefined) {
    const index = chosenColumn(header, options.valueColumn, '--value-col', options.source);
    if (taken.has(index) && options.labelColumn !== undefined && chosenColumn(header, options.labelColumn, '--label-col', options.source) === index) {
      throw new LeakScoreError(`${options.source}: --value-col and --label-col name the same column; choose different columns`);
    }
    return [column(index)];
  }
  const match = matchName(header, VALUE_NAMES, looksLikeValueName, { withUnits: true, exclude: taken });
  if (match.kind === 'found') return [column(match.index)];
  const others = header.map((_, index) => index).filter((index) => !taken.has(index));
  // Grafana's "Series joined by time": every other column is a series named by its labels.
  if (others.length >= 2 && others.every((index) => hasLabelSet(header[index] ?? ''))) {
    const names = new Set(others.map((index) => header[index]));
    if (names.size === others.length) return others.map(column);
  }
  if (match.kind === 'ambiguous') throw ambiguous(header, match.indexes, 'value', '--value-col', options.source);
  // Grafana names its time field "Time" and the value after the legend (`api-1:9100`): the one other column is the value.
  if (others.length === 1 && taken.size === 1 && header[[...taken][0] as number] === 'Time') {
    const index = others[0] as number;
    notes.add(`${options.source}: read column ${quoteInput(header[index] ?? '')} as the RSS (the only column besides the time)`);
    return [column(index)];
  }
  throw new LeakScoreError(
    `${options.source}: no value column (looked for ${VALUE_NAMES.join(', ')}, or a name ending in _bytes, _kib, _mb …); columns found: ${listNames(header)}; choose one with --value-col NAME or --value-col N (1-based)`,
  );
}

/** A value column with its unit: `--unit`, else the unit in its name (noted), else bytes. */
function valueColumn(name: string, index: number, options: CsvOptions, notes: Notes): ValueColumn {
  if (options.unit !== undefined) return { index, name, unit: options.unit };
  const named = unitFromName(name);
  if (named === undefined || named.unit.factor === 1) return { index, name, unit: BYTES };
  notes.add(unitNote(options.source, `column ${quoteInput(name)}`, named.unit));
  return { index, name, unit: named.unit };
}

function ambiguous(header: readonly string[], indexes: readonly number[], role: string, flag: string, source: string): LeakScoreError {
  const names = indexes.map((i) => header[i] ?? '');
  return new LeakScoreError(`${source}: several columns could be the ${role} (${listNames(names)}); choose one with ${flag}`);
}

/** A column named by a flag: by name first, then as a 1-based number. */
function chosenColumn(header: readonly string[], chosen: string, flag: string, source: string): number {
  const found = `columns found: ${listNames(header)}`;
  const byName = findChosen(header, chosen);
  if (byName !== undefined) return byName;
  const number = columnNumber(chosen);
  if (number === undefined) throw new LeakScoreError(`${source}: no column named ${JSON.stringify(chosen)} for ${flag}; ${found}`);
  if (number > header.length) {
    throw new LeakScoreError(`${source}: ${flag} ${number} is past the last column (${header.length}); ${found}`);
  }
  return number - 1;
}

/** `--time-col 2` → 2; undefined unless a whole number ≥ 1. */
function columnNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 6) return undefined;
  for (const char of trimmed) if (char < '0' || char > '9') return undefined;
  const number = Number(trimmed);
  return number >= 1 ? number : undefined;
}

/** Without a header only numbers can choose columns; two columns default to time,value. */
function columnsWithoutHeader(width: number, options: CsvOptions): { time: number; value: number } {
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
  if (time === value) {
    throw new LeakScoreError(
      `${options.source}: time and value would both come from column ${time + 1}; choose different columns with --time-col and --value-col`,
    );
  }
  return { time, value };
}

function layoutWithoutHeader(first: readonly string[], options: CsvOptions, notes: Notes): Layout {
  const { time, value } = columnsWithoutHeader(first.length, options);
  let label: number | undefined;
  if (options.labelColumn !== undefined) {
    const number = columnNumber(options.labelColumn);
    if (number === undefined) {
      throw new LeakScoreError(
        `${options.source} has no header row, so --label-col ${JSON.stringify(options.labelColumn)} cannot be found by name; give a 1-based column number`,
      );
    }
    label = number - 1;
  }
  notes.add(`${options.source}: no header row; read column ${time + 1} as time and column ${value + 1} as value`);
  // Whether bare numbers are KiB is judged on the values, with or without a header (cli/unit-hint.ts).
  const unit = options.unit ?? BYTES;
  return { time, values: [{ index: value, name: '', unit }], label, labelName: label === undefined ? undefined : `column${label + 1}` };
}

/**
 * Watches for several series interleaved in one long-format file without
 * `--label-col`: a text column whose value changes exactly where the time
 * repeats or goes back (rows sorted by time then pod, or grouped by pod).
 */
class InterleaveWatch {
  private candidates: number[] = [];
  private header: readonly string[] = [];
  private previousTime: number | undefined;
  private previous: string[] = [];
  private firstLine = new Map<number, number>();

  reset(layout: Layout): void {
    this.header = layout.header ?? [];
    const used = new Set([layout.time, ...layout.values.map((column) => column.index)]);
    this.candidates =
      layout.label !== undefined || layout.values.length !== 1 ? [] : this.header.map((_, i) => i).filter((i) => !used.has(i));
    this.previousTime = undefined;
    this.previous = [];
  }

  observe(record: readonly string[], seconds: number, line: number): void {
    if (this.candidates.length === 0) return;
    const cells = this.candidates.map((i) => (record[i] ?? '').trim());
    if (this.previousTime !== undefined && seconds <= this.previousTime) {
      cells.forEach((text, k) => {
        const index = this.candidates[k] as number;
        if (text !== '' && text !== this.previous[k] && parseDecimal(text) === undefined && !this.firstLine.has(index)) {
          this.firstLine.set(index, line);
        }
      });
    }
    this.previousTime = seconds;
    this.previous = cells;
  }

  check(source: string): void {
    if (this.firstLine.size === 0) return;
    const [index, line] = [...this.firstLine.entries()][0] as [number, number];
    const names = [...this.firstLine.keys()].map((i) => this.header[i] ?? '');
    const name = this.header[index] ?? '';
    const which = names.length === 1 ? `column ${quoteInput(name)}` : `columns ${listNames(names)}`;
    const per = shellWord(name) === name && name.length <= 40 ? name : 'value of that column';
    throw new LeakScoreError(
      `${source}: rows of several series seem interleaved (${which} changes where the time repeats or goes back, first at line ${line}); ` +
        `read one series per ${per} with --label-col ${shellWord(name.length > 40 ? String(index + 1) : name)}, and pick some with --series`,
    );
  }
}

/** A name as it would be typed on a command line: bare when safe, quoted otherwise. */
function shellWord(name: string): string {
  for (const char of name) {
    const safe = (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || (char >= '0' && char <= '9') || '_-.:'.includes(char);
    if (!safe) return `'${name.split("'").join("'\\''")}'`;
  }
  return name === '' ? "''" : name;
}
