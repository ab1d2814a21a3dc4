/**
 * The fast path for the common case of plain numeric delimited data
 * (`timestamp,rss_bytes` written by a sampler or exporter): one pass over the
 * bytes, fields split and numbers parsed without making strings, samples
 * handed to a sink as they are read. It is the hot path for million-sample
 * recordings, where csv-parse is about 20× slower than the bytes allow.
 *
 * It never decides anything the general reader (csv.ts) would decide
 * differently: the plan (delimiter, columns) is accepted only when this
 * reader and the general one give identical results on the file's first
 * lines; any row that is not two plain numbers is handed to the general
 * cell readers (readTime/readBytes), so its reason is the same; and input
 * with quotes or lone CR line ends, which only csv-parse handles, stops the
 * fast path (`FastPathUnavailable`) so the caller can use the general reader.
 */
import type { RawSeries, ReadResult } from '../series.js';
import { MAX_EXACT_DIGITS, parseUnsignedDecimal, POWERS_OF_TEN } from './decimal-bytes.js';
import { SeriesBuilder } from './series-builder.js';
import { readTime, scaleEpochNumber } from './time.js';
import { readBytes } from './value.js';

export class FastPathUnavailable extends Error {
  constructor(reason: string) {
    super(`fast CSV path unavailable: ${reason}`);
  }
}

export interface CsvPlan {
  /** The delimiter byte: `,` or tab. */
  delimiter: number;
  timeColumn: number;
  valueColumn: number;
  /** Trimmed, lower-cased header fields: a repeated header row is skipped, not dropped. */
  header: string[];
}

export interface RowSink {
  sample(seconds: number, bytes: number): void;
  drop(line: number, reason: string): void;
}

const NEWLINE = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const TAB = 9;
/** How much of the input is used to check a plan against the general reader. */
export const PLAN_PREFIX_BYTES = 16 * 1024;
const MAX_PLAN_COLUMNS = 12;

export class FastCsvReader {
  private carry: Buffer | null = null;
  /** 1-based number of the next line; line 1 is the header. */
  private line = 1;
  private headerSeen = false;
  private pendingCR = false;

  constructor(
    private readonly plan: CsvPlan,
    private readonly sink: RowSink,
  ) {}

  feed(chunk: Buffer): void {
    this.check(chunk);
    let from = 0;
    if (this.carry !== null) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) {
        this.carry = Buffer.concat([this.carry, chunk]);
        return;
      }
      const joined = Buffer.concat([this.carry, chunk.subarray(0, newline + 1)]);
      this.carry = null;
      this.lines(joined, 0, joined.length);
      from = newline + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last < from) {
      this.carry = Buffer.from(chunk.subarray(from));
      return;
    }
    this.lines(chunk, from, last + 1);
    if (last + 1 < chunk.length) this.carry = Buffer.from(chunk.subarray(last + 1));
  }

  /**
   * Quotes (which may hide delimiters and line breaks) and lone CR line ends
   * are csv-parse's job: one native scan per chunk finds them.
   */
  private check(chunk: Buffer): void {
    if (chunk.includes(QUOTE)) throw new FastPathUnavailable('quoted field');
    if (this.pendingCR && chunk[0] !== NEWLINE) throw new FastPathUnavailable('CR line end');
    this.pendingCR = false;
    for (let cr = chunk.indexOf(CR); cr !== -1; cr = chunk.indexOf(CR, cr + 1)) {
      if (cr === chunk.length - 1) this.pendingCR = true;
      else if (chunk[cr + 1] !== NEWLINE) throw new FastPathUnavailable('CR line end');
    }
  }

  end(): void {
    if (this.carry !== null && this.carry.length > 0) this.lines(this.carry, 0, this.carry.length, true);
    this.carry = null;
  }

  /** Reads the complete lines in bytes[from, to); `to` is just past a newline unless `final`. */
  private lines(bytes: Buffer, from: number, to: number, final = false): void {
    const { delimiter, timeColumn, valueColumn } = this.plan;
    const lastColumn = Math.max(timeColumn, valueColumn);
    const sink = this.sink;
    const twoColumns = timeColumn === 0 && valueColumn === 1 && this.plan.header.length === 2;
    let start = from;
    while (start < to) {
      if (twoColumns && this.headerSeen) {
        const next = this.plainLine(bytes, start, to);
        if (next !== -1) {
          start = next;
          continue;
        }
      }
      let end = bytes.indexOf(NEWLINE, start);
      if (end === -1 || end >= to) {
        if (!final) break;
        end = to;
      }
      const next = end + 1;
      if (end > start && bytes[end - 1] === CR) end--;
      const line = this.line++;
      if (!this.headerSeen) {
        this.headerSeen = true;
        start = next;
        continue;
      }
      // Field boundaries of the two columns; no strings are made on this path.
      let column = 0;
      let fieldStart = start;
      let timeStart = -1;
      let timeEnd = -1;
      let valueStart = -1;
      let valueEnd = -1;
      for (let pos = start; pos <= end; pos++) {
        const code = pos < end ? (bytes[pos] as number) : delimiter;
        if (code !== delimiter) continue;
        if (column === timeColumn) {
          timeStart = fieldStart;
          timeEnd = pos;
        }
        if (column === valueColumn) {
          valueStart = fieldStart;
          valueEnd = pos;
        }
        if (column === lastColumn) break;
        column++;
        fieldStart = pos + 1;
      }
      const time = timeStart === -1 ? NaN : parseUnsignedDecimal(bytes, timeStart, timeEnd);
      const value = valueStart === -1 ? NaN : parseUnsignedDecimal(bytes, valueStart, valueEnd);
      if (time === time && value === value) sink.sample(scaleEpochNumber(time), value);
      else this.generalRow(bytes.toString('utf8', start, end), line);
      start = next;
    }
  }

  /**
   * The hot loop for the usual `time,value` line: both numbers parsed in the
   * one pass that finds the delimiter and the newline, by the same rule as
   * parseUnsignedDecimal (at most 15 significant digits, one exact scaling).
   * Returns where the next line starts, or -1 (consuming nothing) when the
   * line is anything else, for the general per-line path.
   */
  private plainLine(bytes: Buffer, start: number, to: number): number {
    const delimiter = this.plan.delimiter;
    let p = start;
    let time = NaN;
    for (let field = 0; field < 2; field++) {
      let mantissa = 0;
      let significant = 0;
      let digits = 0;
      let scale = 0;
      let c = p < to ? (bytes[p] as number) : -1;
      while (c >= 48 && c <= 57) {
        if (significant > 0 || c !== 48) {
          mantissa = mantissa * 10 + (c - 48);
          significant++;
        }
        digits++;
        c = ++p < to ? (bytes[p] as number) : -1;
      }
      if (c === 46) {
        c = ++p < to ? (bytes[p] as number) : -1;
        while (c >= 48 && c <= 57) {
          if (significant > 0 || c !== 48) {
            mantissa = mantissa * 10 + (c - 48);
            significant++;
          }
          scale--;
          digits++;
          c = ++p < to ? (bytes[p] as number) : -1;
        }
      }
      if (digits === 0 || significant > MAX_EXACT_DIGITS || scale < 1 - POWERS_OF_TEN.length) return -1;
      const value = scale === 0 || mantissa === 0 ? mantissa : mantissa / (POWERS_OF_TEN[-scale] as number);
      if (field === 0) {
        if (c !== delimiter) return -1;
        time = value;
        p++;
        continue;
      }
      if (c === CR) c = ++p < to ? (bytes[p] as number) : -1;
      if (c !== NEWLINE) return -1;
      this.line++;
      this.sink.sample(scaleEpochNumber(time), value);
    }
    return p + 1;
  }

  /** A row that is not two plain numbers: exactly what csv.ts does with it. */
  private generalRow(text: string, line: number): void {
    const fields = text.split(String.fromCharCode(this.plan.delimiter));
    if (fields.every((field) => field.trim() === '')) return;
    const header = this.plan.header;
    if (fields.length === header.length && fields.every((field, i) => field.trim().toLowerCase() === header[i])) return;
    const time = readTime(fields[this.plan.timeColumn] ?? '');
    if (!time.ok) return this.sink.drop(line, time.reason);
    const value = readBytes(fields[this.plan.valueColumn] ?? '');
    if (!value.ok) return this.sink.drop(line, value.reason);
    // A zoned or zoneless ISO time: the general reader notes zoneless times, so the plan would not have been taken.
    if (time.zoneless) throw new FastPathUnavailable('times without a zone');
    this.sink.sample(time.seconds, value.bytes);
  }
}

/** A reader with a plan that collects into `builder` (for checking plans, and for unsorted input). */
export function collectingReader(plan: CsvPlan, builder: SeriesBuilder): FastCsvReader {
  return new FastCsvReader(plan, {
    sample: (seconds, bytes) => builder.add(seconds, bytes),
    drop: (line, reason) => builder.drop(line, reason),
  });
}

/** Reads `bytes` with a plan into a RawSeries. */
export function readWithPlan(plan: CsvPlan, chunks: Iterable<Buffer>): RawSeries {
  const builder = new SeriesBuilder();
  const reader = collectingReader(plan, builder);
  for (const chunk of chunks) reader.feed(chunk);
  reader.end();
  return builder.build();
}

function sameSeries(a: RawSeries, b: RawSeries): boolean {
  if (a.times.length !== b.times.length || a.dropped !== b.dropped) return false;
  for (let i = 0; i < a.times.length; i++) {
    if (!Object.is(a.times[i], b.times[i]) || !Object.is(a.values[i], b.values[i])) return false;
  }
  return (
    JSON.stringify(a.droppedExamples) === JSON.stringify(b.droppedExamples) &&
    JSON.stringify(a.droppedReasons ?? []) === JSON.stringify(b.droppedReasons ?? [])
  );
}

/**
 * A plan for the fast path, or null when the general reader must read this
 * input. `prefix` is the start of the input (ideally PLAN_PREFIX_BYTES or the
 * whole of a smaller input); `readGeneral` is the general CSV reader.
 */
export function planFastCsv(input: Buffer, complete: boolean, readGeneral: (text: string) => ReadResult): CsvPlan | null {
  // The general reader is slow: check on the first PLAN_PREFIX_BYTES only, however much the caller has.
  const whole = complete && input.length <= PLAN_PREFIX_BYTES;
  const prefix = input.subarray(0, PLAN_PREFIX_BYTES);
  const cut = whole ? prefix.length : prefix.lastIndexOf(NEWLINE) + 1;
  if (cut <= 0) return null;
  const head = prefix.subarray(0, cut);
  if (head.includes(QUOTE) || (head[0] === 0xef && head[1] === 0xbb)) return null;
  const firstEnd = head.indexOf(NEWLINE);
  const firstLine = head.toString('utf8', 0, firstEnd === -1 ? head.length : firstEnd).replace(/\r$/, '');
  if (firstLine.includes(';') || firstLine.toLowerCase().startsWith('sep=')) return null;
  const hasComma = firstLine.includes(',');
  const hasTab = firstLine.includes('\t');
  if (hasComma === hasTab) return null;
  const delimiter = hasComma ? COMMA : TAB;
  const header = firstLine.split(String.fromCharCode(delimiter)).map((field) => field.trim().toLowerCase());
  if (header.length > MAX_PLAN_COLUMNS || header.some((field) => readTime(field).ok)) return null;

  let general: ReadResult;
  try {
    general = readGeneral(head.toString('utf8'));
  } catch {
    return null; // the general reader will say what is wrong, on the whole input
  }
  const wanted = general.series[0];
  if (general.notes.length > 0 || general.series.length !== 1 || wanted === undefined || wanted.times.length === 0) {
    return null;
  }
  const matches: CsvPlan[] = [];
  for (let timeColumn = 0; timeColumn < header.length; timeColumn++) {
    for (let valueColumn = 0; valueColumn < header.length; valueColumn++) {
      if (timeColumn === valueColumn) continue;
      const plan = { delimiter, timeColumn, valueColumn, header };
      try {
        if (sameSeries(readWithPlan(plan, [head]), wanted)) matches.push(plan);
      } catch (error) {
        if (!(error instanceof FastPathUnavailable)) throw error;
      }
    }
  }
  return matches.length === 1 ? (matches[0] as CsvPlan) : null;
}
