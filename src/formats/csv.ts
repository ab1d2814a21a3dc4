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
 *
 * One streaming reader (CsvReader): chunks in, samples out into a sink per
 * series. Lines without quotes are cut and split on the delimiter here,
 * which is what csv-parse makes of them, and a plain `time,value` line of
 * two numbers is parsed straight from the bytes (the inner loop that makes
 * million-sample recordings fast). From the first line holding a quote or a
 * lone CR on, the rest of the input goes through csv-parse, which handles
 * quoted delimiters and line breaks: both feed the same per-record logic.
 */
import { CsvError, Parser } from 'csv-parse';
import { LeakScoreError } from '../errors.js';
import { makeLabels, type ReadResult } from '../series.js';
import { MAX_EXACT_DIGITS, POWERS_OF_TEN } from './decimal-bytes.js';
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
import { SeriesBuilder } from '../samples/series-builder.js';
import type { FormatReader, OpenSeries, ReadEnd, SeriesSink } from '../samples/sink.js';
import { quoteInput, stripBom } from './text.js';
import { readTime, scaleEpochNumber } from './time.js';
import { BYTES, readBytes, unitFromName, unitNote, type BareUnit } from './value.js';

/** A mantissa below this has at most MAX_EXACT_DIGITS significant digits, so it and the one scaling are exact. */
const MAX_EXACT_MANTISSA = 10 ** MAX_EXACT_DIGITS;

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
interface Slot<S> {
  sink: S;
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

const NEWLINE = 10;
const CR = 13;
const QUOTE = 34;

/** Samples per batch the inner loop hands on. */
const BATCH = 8192;

/** The inner loop's series and the batch it is filling (reused: a sink copies what it keeps). */
interface FastSeries<S> {
  sink: S;
  factor: number;
  times: Float64Array;
  values: Float64Array;
  count: number;
  /** Long format (a label column): where the three fields are, and the label of the series being filled. */
  long?: LongLayout;
}

interface LongLayout {
  time: number;
  label: number;
  value: number;
  column: ValueColumn;
  layout: Layout;
  /** The bytes of the label of `sink`'s series (a copy: chunks are reused). */
  labelBytes: Buffer;
}

/** The reader's result for a whole text (the text entry point of CsvReader). */
export function readCsv(text: string, options: CsvOptions): ReadResult {
  const reader = new CsvReader(options, () => new SeriesBuilder());
  reader.feed(Buffer.from(stripBom(text)));
  const end = reader.end();
  return { format: 'csv', series: end.series.map(({ sink, labels }) => sink.build(labels)), notes: end.notes };
}

/** csv-parse's push parser: the same engine as `csv-parse/sync`, fed chunk by chunk. */
interface PushParser {
  parse(chunk: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): CsvError | undefined;
}

function pushParser(delimiter: Delimiter): PushParser {
  // Parser is csv-parse's stream.Transform; its `api` is the synchronous
  // engine that both the stream and the sync API drive. Driving it directly
  // keeps reading synchronous per chunk and errors in hand.
  const parser = new Parser({
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
  }) as unknown as { api?: PushParser };
  if (typeof parser.api?.parse !== 'function') throw new Error('csv-parse: Parser.api.parse is missing (csv-parse changed its internals)');
  return parser.api;
}

/**
 * The CSV reader. `via` is for tests that hold the paths to each other:
 * `records` turns off the inner loop (every line is split and read per
 * record), `csv-parse` hands all the input to csv-parse.
 */
export class CsvReader<S extends SeriesSink> implements FormatReader<S> {
  private readonly notes = new Notes();
  private readonly slots = new Map<string, Slot<S>>();
  private readonly interleave = new InterleaveWatch();
  private layout: Layout | undefined;
  private zoneless = false;
  /** 1-based number of the next physical line. */
  private nextLine = 1;
  // Before the delimiter is known: the first bytes, held until the first content line is complete.
  private head: Buffer[] | null = [];
  private delimiter: Delimiter = ',';
  private delimiterCode = 44;
  /** Bytes of an incomplete line, between chunks. */
  private carry: Buffer | null = null;
  /** Set from the first quote or lone CR on: csv-parse reads the rest. */
  private parser: PushParser | null = null;
  /** Lines read before csv-parse took over, to put its line numbers right. */
  private parserLineOffset = 0;
  /** The series of the inner loop, when the layout allows it: one value column, time in column 1 and value in 2. */
  private fast: FastSeries<S> | null = null;

  constructor(
    private readonly options: CsvOptions & { via?: 'records' | 'csv-parse' },
    private readonly openSeries: OpenSeries<S>,
  ) {}

  feed(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.head !== null) {
      // Held until the delimiter is known, so copied (the chunk is only valid during feed).
      this.head.push(Buffer.from(chunk));
      this.start(false);
      return;
    }
    this.body(chunk);
  }

  end(): ReadEnd<S> {
    if (this.head !== null) this.start(true);
    this.flushFast();
    if (this.parser !== null) this.parse(undefined, true);
    else if (this.carry !== null) {
      const last = this.carry;
      this.carry = null;
      if (this.odd(last, 0, last.length) !== -1) {
        this.switchToParser();
        this.parse(last, true);
      } else this.lines(last, 0, last.length, true);
    }
    this.flushFast();
    this.interleave.check(this.options.source);
    if (this.zoneless) this.notes.add(`${this.options.source}: times without a zone were read as UTC`);
    return { format: 'csv', series: this.labelled(), notes: this.notes.list() };
  }

  /**
   * The first bytes: a BOM is dropped, Grafana's `sep=` line read (and kept
   * as a blank line, so line numbers stay true), and the delimiter taken
   * from the first line with content once it is complete.
   */
  private start(final: boolean): void {
    const bytes = Buffer.concat(this.head as Buffer[]);
    this.head = [bytes];
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    const text = bytes.toString('utf8', bom);
    const firstEnd = lineEnd(text, 0);
    if (firstEnd === text.length && !final) return;
    const sep = takeSepLine(text.slice(0, firstEnd));
    const bodyStart = sep.delimiter === undefined ? 0 : firstEnd;
    const content = firstContentLine(text, bodyStart, final);
    if (content === undefined && !final) return;
    this.delimiter = sep.delimiter ?? detectDelimiter(content ?? '');
    this.delimiterCode = this.delimiter.charCodeAt(0);
    this.head = null;
    if (this.options.via === 'csv-parse') this.switchToParser();
    const skip = bom + (bodyStart === 0 ? 0 : Buffer.byteLength(text.slice(0, bodyStart)));
    this.body(bytes.subarray(skip));
  }

  /** Input after the start: cut into lines here until csv-parse takes over. */
  private body(chunk: Buffer): void {
    if (this.parser !== null) return this.parse(chunk, false);
    let from = 0;
    if (this.carry !== null) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) {
        this.carry = Buffer.concat([this.carry, chunk]);
        return;
      }
      const joined = Buffer.concat([this.carry, chunk.subarray(0, newline + 1)]);
      this.carry = null;
      this.block(joined, 0, joined.length);
      from = newline + 1;
      if (this.parser !== null) return this.parse(chunk.subarray(from), false);
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last < from) {
      this.carry = Buffer.from(chunk.subarray(from));
      return;
    }
    this.block(chunk, from, last + 1);
    if (this.parser !== null) return this.parse(chunk.subarray(last + 1), false);
    if (last + 1 < chunk.length) this.carry = Buffer.from(chunk.subarray(last + 1));
  }

  /** Complete lines bytes[from, to) (`to` just past a newline): cut here up to the first odd line, csv-parse from it. */
  private block(bytes: Buffer, from: number, to: number): void {
    const odd = this.odd(bytes, from, to);
    if (odd === -1) return this.lines(bytes, from, to, false);
    const lineStart = Math.max(from, bytes.lastIndexOf(NEWLINE, odd) + 1);
    if (lineStart > from) this.lines(bytes, from, lineStart, false);
    this.switchToParser();
    this.parse(bytes.subarray(lineStart, to), false);
  }

  /** The first quote or lone CR (one not before a `\n`) in bytes[from, to), or -1; both are csv-parse's job. */
  private odd(bytes: Buffer, from: number, to: number): number {
    let quote = bytes.indexOf(QUOTE, from);
    if (quote >= to) quote = -1;
    for (let cr = bytes.indexOf(CR, from); cr !== -1 && cr < to && (quote === -1 || cr < quote); cr = bytes.indexOf(CR, cr + 1)) {
      // A CR ending the input is a line end to csv-parse too.
      if (cr + 1 < to && bytes[cr + 1] !== NEWLINE) return cr;
    }
    return quote;
  }

  private switchToParser(): void {
    this.parser = pushParser(this.delimiter);
    this.parserLineOffset = this.nextLine - 1;
  }

  private parse(chunk: Buffer | undefined, end: boolean): void {
    const error = (this.parser as PushParser).parse(
      // csv-parse keeps a view of an unfinished record's bytes between calls, and the chunk is only valid during feed.
      chunk === undefined ? undefined : Buffer.from(chunk),
      end,
      (record) => this.record(record, 1 + lineBreaksIn(record)),
      () => undefined,
    );
    if (error === undefined) return;
    if (!(error instanceof CsvError)) throw error;
    // csv-parse counts lines from where it took over.
    const message = oneLine(error.message).replace(/\bline (\d+)/g, (_, n: string) => `line ${Number(n) + this.parserLineOffset}`);
    throw new LeakScoreError(`${this.options.source} is not valid CSV (${message}); fix the quoting, or pass --input-format`);
  }

  /** Reads the complete lines in bytes[from, to); `to` is just past a newline unless `final`. */
  private lines(bytes: Buffer, from: number, to: number, final: boolean): void {
    const separator = this.delimiter;
    let start = from;
    while (start < to) {
      if (this.fast !== null && !final) {
        start = this.fast.long === undefined ? this.plainLines(bytes, start, to, this.fast) : this.longLines(bytes, start, to, this.fast, this.fast.long);
        if (start >= to) break;
      }
      let end = bytes.indexOf(NEWLINE, start);
      if (end === -1 || end >= to) {
        if (!final) break;
        end = to;
      }
      const next = end + 1;
      if (end > start && bytes[end - 1] === CR) end--;
      this.record(bytes.toString('utf8', start, end).split(separator), 1);
      start = next;
    }
  }

  /**
   * The inner loop, for the usual `time,value` lines: both numbers parsed in
   * the one pass that finds the delimiter and the newline, by the rule of
   * parseUnsignedDecimal (at most 15 significant digits, one exact scaling,
   * so the result equals Number() of the text, which readTime and readBytes
   * use), into a batch of samples. Returns where the first line that is
   * anything else starts (or `to`), for the per-record path.
   */
  private plainLines(bytes: Buffer, start: number, to: number, fast: FastSeries<S>): number {
    // Every line in [start, to) ends in a newline before `to`, and each scan
    // stops at a byte that is not a digit, so no read goes past `to`.
    const delimiter = this.delimiterCode;
    const factor = fast.factor;
    const powers = POWERS_OF_TEN;
    const times = fast.times;
    const values = fast.values;
    let n = fast.count;
    let lineStart = start;
    let lines = 0;
    while (lineStart < to) {
      let p = lineStart;
      // The time: digits [. digits]. The mantissa is below 10^15 exactly when it has at most 15 significant digits.
      let c = bytes[p] as number;
      let mantissa = 0;
      let from = p;
      while (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        c = bytes[++p] as number;
      }
      let digits = p - from;
      let fraction = 0;
      if (c === 46) {
        from = ++p;
        c = bytes[p] as number;
        while (c >= 48 && c <= 57) {
          mantissa = mantissa * 10 + (c - 48);
          c = bytes[++p] as number;
        }
        fraction = p - from;
        digits += fraction;
      }
      if (c !== delimiter || digits === 0 || !(mantissa < MAX_EXACT_MANTISSA) || fraction >= powers.length) break;
      const time = fraction === 0 || mantissa === 0 ? mantissa : mantissa / (powers[fraction] as number);
      // The value, by the same rule, then an optional CR and the newline.
      c = bytes[++p] as number;
      mantissa = 0;
      from = p;
      while (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        c = bytes[++p] as number;
      }
      digits = p - from;
      fraction = 0;
      if (c === 46) {
        from = ++p;
        c = bytes[p] as number;
        while (c >= 48 && c <= 57) {
          mantissa = mantissa * 10 + (c - 48);
          c = bytes[++p] as number;
        }
        fraction = p - from;
        digits += fraction;
      }
      if (c === CR) c = bytes[++p] as number;
      if (c !== NEWLINE || digits === 0 || !(mantissa < MAX_EXACT_MANTISSA) || fraction >= powers.length) break;
      const value = fraction === 0 || mantissa === 0 ? mantissa : mantissa / (powers[fraction] as number);
      // readEpochNumber and readByteNumber on these numbers (never negative, never -0).
      times[n] = scaleEpochNumber(time);
      values[n] = value * factor;
      if (++n === BATCH) {
        fast.sink.addBatch(times, values, n);
        n = 0;
      }
      lines++;
      lineStart = p + 1;
    }
    fast.count = n;
    this.nextLine += lines;
    return lineStart;
  }

  /**
   * The inner loop of the long format: `time,label,value` lines (the three
   * fields in the layout's order, nothing quoted, no space around the
   * label), numbers by the same rule as plainLines, samples batched per
   * series while the label stays the same (a fleet export writes series
   * after series). The label is compared as bytes; only a new one is
   * decoded, as the per-record path decodes it. Returns where the first
   * line of any other shape starts (or `to`).
   */
  private longLines(bytes: Buffer, start: number, to: number, fast: FastSeries<S>, long: LongLayout): number {
    const delimiter = this.delimiterCode;
    const factor = fast.factor;
    let n = fast.count;
    let lineStart = start;
    let lines = 0;
    while (lineStart < to) {
      let p = lineStart;
      let time = NaN;
      let value = NaN;
      let labelStart = 0;
      let labelEnd = 0;
      for (let field = 0; field < 3; field++) {
        if (field === long.label) {
          labelStart = p;
          let c = bytes[p] as number;
          while (c !== delimiter && c !== NEWLINE && c !== CR) c = bytes[++p] as number;
          labelEnd = p;
        } else {
          const number = scanPlainDecimal(bytes, p);
          p = scanEnd;
          if (field === long.time) time = number;
          else value = number;
        }
        const c = bytes[p] as number;
        if (field < 2 ? c !== delimiter : c !== NEWLINE && !(c === CR && bytes[p + 1] === NEWLINE)) {
          time = NaN;
          break;
        }
        p++;
      }
      if (time !== time || value !== value) break;
      if (bytes[p - 1] === CR) p++;
      const first = bytes[labelStart] as number;
      const last = bytes[labelEnd - 1] as number;
      if (labelEnd > labelStart && (first === 32 || first === 9 || last === 32 || last === 9)) break;
      if (!sameBytes(bytes, labelStart, labelEnd, long.labelBytes)) {
        if (n > 0) fast.sink.addBatch(fast.times, fast.values, n);
        n = 0;
        const labelValue = bytes.toString('utf8', labelStart, labelEnd);
        fast.sink = this.slotFor(long.column, long.layout, labelValue).sink;
        long.labelBytes = Buffer.from(bytes.subarray(labelStart, labelEnd));
      }
      fast.times[n] = scaleEpochNumber(time);
      fast.values[n] = value * factor;
      if (++n === BATCH) {
        fast.sink.addBatch(fast.times, fast.values, n);
        n = 0;
      }
      lines++;
      lineStart = p;
    }
    fast.count = n;
    this.nextLine += lines;
    return lineStart;
  }

  /** Hands the inner loop's pending samples on, before any other row reaches a sink. */
  private flushFast(): void {
    const fast = this.fast;
    if (fast === null || fast.count === 0) return;
    fast.sink.addBatch(fast.times, fast.values, fast.count);
    fast.count = 0;
  }

  /** One record and the physical lines it spans: the reader's per-row logic. */
  private record(record: string[], lines: number): void {
    this.flushFast();
    const line = this.nextLine;
    this.nextLine += lines;
    if (record.every((field) => field.trim() === '')) return;
    const { options, notes } = this;
    if (this.layout === undefined) {
      if (looksLikeHeader(record)) {
        this.setLayout(layoutFromHeader(record, options, notes));
        return;
      }
      this.setLayout(layoutWithoutHeader(record, options, notes));
    } else if (isHeaderAgain(record, this.layout)) {
      // Grafana writes one header per frame; a header naming another value column starts another series.
      const next = tryLayoutFromHeader(record, options, notes);
      if (next !== undefined) {
        this.setLayout(next);
        return;
      }
    }
    const layout = this.layout as Layout;
    const time = readTime(cell(record, layout.time, this.delimiter));
    const labelValue = layout.label === undefined ? undefined : (record[layout.label] ?? '').trim();
    for (const column of layout.values) {
      const slot = this.slotFor(column, layout, labelValue);
      if (!time.ok) {
        slot.sink.drop(line, time.reason);
        continue;
      }
      const value = readBytes(cell(record, column.index, this.delimiter), column.unit);
      if (!value.ok) slot.sink.drop(line, value.reason);
      else slot.sink.add(time.seconds, value.bytes);
    }
    if (time.ok) {
      this.zoneless ||= time.zoneless;
      this.interleave.observe(record, time.seconds, line);
    }
    this.fast = this.fastFor(layout, labelValue);
  }

  private setLayout(layout: Layout): void {
    this.flushFast();
    this.layout = layout;
    if (layout.header !== undefined) this.interleave.reset(layout);
    this.fast = null;
  }

  /**
   * The inner loop applies once the layout's one series exists and nothing
   * else watches the rows: `,` or tab, time in the first column and the
   * value in the second, no label column, no interleave candidates.
   */
  private fastFor(layout: Layout, labelValue: string | undefined): FastSeries<S> | null {
    if (this.options.via !== undefined || this.fast !== null) return this.fast;
    const column = layout.values[0];
    if (layout.values.length !== 1 || column === undefined) return null;
    if (layout.label !== undefined) return this.longFor(layout, column, labelValue);
    if (layout.time !== 0 || column.index !== 1 || this.interleave.watching) return null;
    if (this.delimiter !== ',' && this.delimiter !== '\t') return null;
    const slot = this.slots.get(slotKey(column, undefined));
    if (slot === undefined) return null;
    return { sink: slot.sink, factor: column.unit.factor, times: new Float64Array(BATCH), values: new Float64Array(BATCH), count: 0 };
  }

  /** The long format's inner loop, once a row of the label `labelValue` was read: three columns, `,` or tab. */
  private longFor(layout: Layout, column: ValueColumn, labelValue: string | undefined): FastSeries<S> | null {
    const label = layout.label as number;
    const fields = [layout.time, label, column.index].sort((a, b) => a - b);
    if (fields.join() !== '0,1,2' || labelValue === undefined || (this.delimiter !== ',' && this.delimiter !== '\t')) return null;
    const slot = this.slots.get(slotKey(column, labelValue));
    if (slot === undefined) return null;
    const long = { time: layout.time, label, value: column.index, column, layout, labelBytes: Buffer.from(labelValue, 'utf8') };
    return { sink: slot.sink, factor: column.unit.factor, times: new Float64Array(BATCH), values: new Float64Array(BATCH), count: 0, long };
  }

  private slotFor(column: ValueColumn, layout: Layout, labelValue: string | undefined): Slot<S> {
    const key = slotKey(column, labelValue);
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = { sink: this.openSeries(), columnName: column.name, labelName: layout.labelName, labelValue };
      this.slots.set(key, slot);
    }
    return slot;
  }

  /** Labels come from the value column's name only when columns tell series apart, and from the label column when chosen. */
  private labelled(): ReadEnd<S>['series'] {
    const slots = [...this.slots.values()];
    if (slots.length === 0) return [{ sink: this.openSeries(), labels: makeLabels() }];
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
      return { sink: slot.sink, labels: makeLabels(entries) };
    });
  }
}

/** Whether bytes[from, to) are `expected`'s bytes (a loop: Buffer.compare is a call into C++ per line). */
function sameBytes(bytes: Buffer, from: number, to: number, expected: Buffer): boolean {
  if (to - from !== expected.length) return false;
  for (let i = from; i < to; i++) if (bytes[i] !== expected[i - from]) return false;
  return true;
}

/** Where scanPlainDecimal stopped. */
let scanEnd = 0;

/**
 * The number written at bytes[from…] as digits with an optional fraction,
 * by plainLines' rule (at most 15 significant digits, one exact scaling:
 * equal to Number() of the text), or NaN when it is anything else; sets
 * scanEnd to the first byte after the digits. plainLines keeps its own copy
 * of these loops: calling this twice a line cost the CSV reader 12-15 % more
 * CPU on csv-10m (min of 7 in-process runs each).
 */
function scanPlainDecimal(bytes: Buffer, from: number): number {
  let p = from;
  let c = bytes[p] as number;
  let mantissa = 0;
  while (c >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48);
    c = bytes[++p] as number;
  }
  let digits = p - from;
  let fraction = 0;
  if (c === 46) {
    const dot = ++p;
    c = bytes[p] as number;
    while (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      c = bytes[++p] as number;
    }
    fraction = p - dot;
    digits += fraction;
  }
  scanEnd = p;
  if (digits === 0 || !(mantissa < MAX_EXACT_MANTISSA) || fraction >= POWERS_OF_TEN.length) return NaN;
  return fraction === 0 || mantissa === 0 ? mantissa : mantissa / (POWERS_OF_TEN[fraction] as number);
}

function slotKey(column: ValueColumn, labelValue: string | undefined): string {
  return `${column.name.toLowerCase()}\u0000${labelValue ?? ''}`;
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

/** Grafana (and Excel) may start a CSV with `sep=,`, naming the delimiter. */
function takeSepLine(firstLine: string): { delimiter?: Delimiter } {
  let first = firstLine.trim();
  if (first.length >= 2 && first.startsWith('"') && first.endsWith('"')) first = first.slice(1, -1);
  if (!first.toLowerCase().startsWith('sep=')) return {};
  const declared = first.slice(4);
  const delimiter = declared === '' ? '\t' : declared;
  if (delimiter !== ',' && delimiter !== ';' && delimiter !== '\t') return {};
  return { delimiter };
}

function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i += 1) {
    const char = text[i];
    if (char === '\n' || char === '\r') return i;
  }
  return text.length;
}

/** The first line from `from` with content, once complete or `final` (undefined until then, or when there is none). */
function firstContentLine(text: string, from: number, final: boolean): string | undefined {
  let start = from;
  while (start < text.length) {
    const end = lineEnd(text, start);
    const line = text.slice(start, end);
    if (line.trim() !== '') return end === text.length && !final ? undefined : line;
    start = end + 1;
  }
  return undefined;
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

  /** Whether any column is watched (rows then need the per-record path). */
  get watching(): boolean {
    return this.candidates.length > 0;
  }

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
