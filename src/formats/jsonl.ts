/**
 * JSON Lines reader (SPEC §6): one object a line, blank lines ignored. The
 * time and value keys are found by name or chosen with `--time-key` /
 * `--value-key` (a key or a dotted path such as `memory.rss`). A Node
 * `process.memoryUsage()` object yields `rss` unless another field is named,
 * also when nested (`{"ts": …, "memory": {"rss": …, "heapUsed": …}}`).
 * Lines that are not JSON objects, or whose time or value cannot be used,
 * are dropped and counted (SPEC §1). Only own properties are read. Read a
 * line at a time (JsonLinesReader), so a file of any size streams.
 */
import { LeakScoreError } from '../errors.js';
import { makeLabels, type ReadResult } from '../series.js';
import { JSONL_TIME_NAMES, listNames, matchName, VALUE_NAMES } from './field-names.js';
import { followPath, isJsonObject, lookUp, ownValue, type JsonObject } from './json-path.js';
import { FIELD_NUMBER, FlatLineScanner } from './jsonl-flat.js';
import { MAX_EXACT_DIGITS, parseUnsignedDecimal } from './decimal-bytes.js';
import { SeriesBuilder } from '../samples/series-builder.js';
import type { FormatReader, OpenSeries, ReadEnd, SeriesSink } from '../samples/sink.js';
import { quoteInput } from './text.js';
import { readEpochNumber, readTime, scaleEpochNumber, type TimeReading } from './time.js';
import { BYTES, readByteNumber, readBytes, unitFromName, unitNote, type BareUnit, type ByteReading } from './value.js';
import { SampleBatch } from './sample-batch.js';

export interface JsonLinesOptions {
  /** `--time-key`: a key or dotted path. */
  timeKey?: string;
  /** `--value-key`: a key or dotted path. */
  valueKey?: string;
  /** `--unit`: the unit of bare numbers, overriding a unit in the key name. */
  unit?: BareUnit;
  /** The file name (or `standard input`), for messages. */
  source: string;
}

/** How deep a value key is looked for inside nested objects (`memory.rss`). */
const MAX_NESTING = 3;

type PathMatch =
  | { readonly kind: 'found'; readonly path: string[] }
  | { readonly kind: 'ambiguous'; readonly paths: string[][] }
  | { readonly kind: 'none' };

/** Finds and remembers where one field lives, the same way for every line. */
class FieldLocator {
  private path: readonly string[] | undefined;
  /** Whether any line had the field, for the message when none did. */
  found = false;

  constructor(
    readonly role: 'time' | 'value',
    private readonly chosen: string | undefined,
    private readonly names: readonly string[],
    private readonly source: string,
  ) {}

  /** The field's raw value in `object`, or undefined when the line lacks it. */
  get(object: JsonObject): unknown {
    let value: unknown;
    if (this.chosen !== undefined) {
      value = lookUp(object, this.chosen);
      // `--value-key heapUsed` on `{"memory": {"heapUsed": …}}`: the one nested key of that name.
      if (value === undefined && !this.chosen.includes('.')) {
        this.path ??= this.locate(object, [this.chosen.trim().toLowerCase()], false);
        value = this.path === undefined ? undefined : followPath(object, this.path);
      }
    } else {
      this.path ??= this.locate(object, this.names, this.role === 'value');
      value = this.path === undefined ? undefined : followPath(object, this.path);
    }
    if (value !== undefined) this.found = true;
    return value;
  }

  /**
   * The top-level key this field is read from on every line whose object has
   * it, once that is known (for the fast path); undefined for a dotted or
   * nested path, or before the first line told.
   */
  flatKey(): string | undefined {
    if (this.chosen !== undefined) return this.chosen.includes('.') ? undefined : this.chosen;
    return this.path?.length === 1 ? this.path[0] : undefined;
  }

  /** The key the value is read from, once known: its name may carry a unit (`rss_kib`). */
  keyName(): string | undefined {
    return this.path?.at(-1) ?? this.chosen?.split('.').at(-1);
  }

  describe(): string {
    if (this.chosen !== undefined) return `no ${JSON.stringify(this.chosen)} key`;
    if (this.path !== undefined) return `no ${JSON.stringify(this.path.join('.'))} key`;
    return `no ${this.role} key`;
  }

  private locate(object: JsonObject, names: readonly string[], withUnits: boolean): string[] | undefined {
    const depth = this.role === 'value' || this.chosen !== undefined ? MAX_NESTING : 0;
    const match = findPath(object, names, depth, withUnits);
    if (match.kind === 'found') return match.path;
    if (match.kind === 'none') return undefined;
    const flag = this.role === 'time' ? '--time-key' : '--value-key';
    const paths = match.paths.map((path) => path.join('.'));
    throw new LeakScoreError(`${this.source}: several keys could be the ${this.role} (${listNames(paths)}); choose one with ${flag}`);
  }
}

/**
 * The path to the one key named like `names` (case-insensitive; values also
 * with a unit, `rss_kib`). Keys holding numbers or strings are looked at
 * first, and two of them matching is ambiguous. Failing that, an object
 * named like `names` (`"memory": {...}`) is searched, then every nested
 * object (`"usage": {"rss": …}`), used only if exactly one has a match.
 * At most `depth` levels down.
 */
function findPath(object: JsonObject, names: readonly string[], depth: number, withUnits: boolean): PathMatch {
  const keys = Object.keys(object);
  const leaves = keys.filter((key) => !isJsonObject(ownValue(object, key)));
  const leaf = matchName(leaves, names, () => false, { withUnits });
  if (leaf.kind === 'found') return { kind: 'found', path: [leaves[leaf.index] as string] };
  if (leaf.kind === 'ambiguous') return { kind: 'ambiguous', paths: leaf.indexes.map((i) => [leaves[i] as string]) };
  if (depth === 0) return { kind: 'none' };
  const containers = keys.filter((key) => isJsonObject(ownValue(object, key)));
  const inside = (key: string): PathMatch => {
    const inner = findPath(ownValue(object, key) as JsonObject, names, depth - 1, withUnits);
    if (inner.kind === 'found') return { kind: 'found', path: [key, ...inner.path] };
    if (inner.kind === 'ambiguous') return { kind: 'ambiguous', paths: inner.paths.map((path) => [key, ...path]) };
    return inner;
  };
  const named = matchName(containers, names, () => false);
  if (named.kind === 'found') return inside(containers[named.index] as string);
  const found: string[][] = [];
  for (const key of containers) {
    const match = inside(key);
    if (match.kind === 'found') found.push(match.path);
    if (match.kind === 'ambiguous') found.push(...match.paths);
  }
  if (found.length === 1) return { kind: 'found', path: found[0] as string[] };
  if (found.length > 1) return { kind: 'ambiguous', paths: found };
  return { kind: 'none' };
}

const NEWLINE = 0x0a;
const CR = 0x0d;

/** The reader's result for a whole text (the text entry point of JsonLinesReader). */
export function readJsonLines(text: string, options: JsonLinesOptions): ReadResult {
  const reader = new JsonLinesReader(options, () => new SeriesBuilder());
  reader.feed(Buffer.from(text));
  const end = reader.end();
  return { format: 'jsonl', series: end.series.map(({ sink, labels }) => sink.build(labels)), notes: end.notes };
}

/**
 * JSON Lines, a line at a time: one series, never the whole input as one
 * string. Lines are cut from the bytes here, as LineSplitter (lines.ts) cuts
 * them, so that runs of the common line are read by one loop (`tightLines`).
 * Samples reach the sink in batches, handed on when full, before a drop and
 * at the end, so the sink sees samples and drops in line order.
 */
export class JsonLinesReader<S extends SeriesSink> implements FormatReader<S> {
  private readonly sink: S;
  /** Samples not yet handed on to the sink. */
  private readonly batch: SampleBatch;
  private readonly time: FieldLocator;
  private readonly value: FieldLocator;
  private readonly notes: string[] = [];
  /** Bytes of an incomplete line, between chunks. */
  private carry: Buffer | null = null;
  /** 1-based number of the next line. */
  private lineNumber = 1;
  /** Before the first line (which may begin with a BOM). */
  private first = true;
  /** The fast path's scanner, once both keys are known to be top-level ones; null before, false when they never can be. */
  private flat: FlatLineScanner | null | false = null;
  private unit: BareUnit | undefined;
  private firstKeys: string[] | undefined;
  private zoneless = false;

  /**
   * `via: 'json-parse'` turns the fast path off, for tests that hold the two
   * paths to each other; `batch` (samples per batch) is for tests too.
   */
  constructor(
    private readonly options: JsonLinesOptions & { via?: 'json-parse'; batch?: number },
    openSeries: OpenSeries<S>,
  ) {
    this.batch = new SampleBatch((times, values, count) => this.sink.addBatch(times, values, count), options.batch);
    if (options.via === 'json-parse') this.flat = false;
    this.sink = openSeries();
    this.time = new FieldLocator('time', options.timeKey, JSONL_TIME_NAMES, options.source);
    this.value = new FieldLocator('value', options.valueKey, VALUE_NAMES, options.source);
    this.unit = options.unit;
  }

  feed(chunk: Buffer): void {
    let start = 0;
    if (this.carry !== null) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) {
        this.carry = Buffer.concat([this.carry, chunk]);
        return;
      }
      const joined = Buffer.concat([this.carry, chunk.subarray(0, newline)]);
      this.carry = null;
      this.emit(joined, 0, joined.length, false);
      start = newline + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= start) {
      this.lines(chunk, start, last + 1);
      start = last + 1;
    }
    // The chunk is only valid during the call: the rest is copied.
    if (start < chunk.length) this.carry = Buffer.from(chunk.subarray(start));
  }

  end(): ReadEnd<S> {
    // The last line, which has no line break after it (an empty one is still a line, as split('\n') has it).
    const carry = this.carry ?? Buffer.alloc(0);
    this.carry = null;
    this.emit(carry, 0, carry.length, false);
    this.batch.flush();
    const { options, firstKeys } = this;
    if (firstKeys !== undefined) {
      for (const locator of [this.time, this.value]) {
        if (!locator.found) throw missingKey(locator, options, firstKeys);
      }
    }
    if (this.zoneless) this.notes.push(`${options.source}: times without a zone were read as UTC`);
    return { format: 'jsonl', series: [{ sink: this.sink, labels: makeLabels() }], notes: this.notes };
  }

  /** The lines in bytes[from, to), each ending in a newline before `to`. */
  private lines(bytes: Buffer, from: number, to: number): void {
    let start = from;
    while (start < to) {
      const flat = this.flat;
      let tried = false;
      if (flat !== null && flat !== false && flat.tight) {
        const batch = this.batch;
        const before = batch.count;
        start = this.tightLines(flat, bytes, start, to);
        const read = batch.count - before;
        if (read > 0) {
          this.lineNumber += read;
          this.time.found = this.value.found = true;
          if (batch.count === batch.capacity) {
            batch.flush();
            continue;
          }
        }
        if (start >= to) break;
        tried = true;
      }
      const newline = bytes.indexOf(NEWLINE, start);
      this.emit(bytes, start, newline, tried);
      start = newline + 1;
    }
  }

  /**
   * One line, bytes[start, end) without its `\n`: without a `\r` before it
   * and, first, a BOM, as LineSplitter hands lines on. `tried` says that
   * `tightLines` has just turned this line down.
   */
  private emit(bytes: Buffer, start: number, end: number, tried: boolean): void {
    let to = end;
    if (to > start && bytes[to - 1] === CR) to--;
    let from = start;
    if (this.first && bytes[from] === 0xef && bytes[from + 1] === 0xbb && bytes[from + 2] === 0xbf) from += 3;
    this.first = false;
    const lineNumber = this.lineNumber++;
    if (this.flatLine(bytes, from, to, tried)) return;
    this.line(bytes.toString('utf8', from, to), lineNumber);
  }

  /**
   * The inner loop: a run of tight integer lines, `{"ts":<int>,"rss":<int>}`
   * then `\n` or `\r\n` (what FlatLineScanner.scanIntegers takes, either key
   * first), read from [start, to) straight into the batch, as the CSV
   * reader's inner loop reads its lines. Every line there ends in a newline
   * before `to`, and each byte is checked before the next is read (a head,
   * a digit, `,`, `}`, `\r` never match a newline), so no read goes past
   * `to`. Stops when the batch is full, for the caller to hand it on, and
   * returns where it stopped: at `to`, at a full batch, or at the first line
   * of any other shape. Nothing but `count` is touched after the first
   * iteration, so no code that runs only once the loop is done can be
   * without type feedback when V8 compiles the loop on the stack (at first,
   * the loop ended in such code and was deoptimized there once per chunk).
   */
  private tightLines(flat: FlatLineScanner, bytes: Buffer, start: number, to: number): number {
    const timeHead = flat.timeHead as Uint8Array;
    const valueHead = flat.valueHead as Uint8Array;
    const factor = (this.unit as BareUnit).factor;
    const batch = this.batch;
    const { times, values, capacity } = batch;
    let n = batch.count;
    let lineStart = start;
    while (lineStart < to && n < capacity) {
      let p = lineStart;
      if (bytes[p] !== 0x7b) break;
      p++;
      const timeFirst = hasHead(bytes, p, timeHead);
      if (!timeFirst && !hasHead(bytes, p, valueHead)) break;
      p += timeFirst ? timeHead.length : valueHead.length;
      // The first integer: `0`, or 1–15 digits without a leading zero.
      let c = bytes[p] as number;
      let from = p;
      let first = 0;
      if (c === 48) {
        c = bytes[++p] as number;
      } else {
        while (c >= 48 && c <= 57) {
          first = first * 10 + (c - 48);
          c = bytes[++p] as number;
        }
        if (p === from || p - from > MAX_EXACT_DIGITS) break;
      }
      if (c !== 0x2c) break;
      p++;
      const secondHead = timeFirst ? valueHead : timeHead;
      if (!hasHead(bytes, p, secondHead)) break;
      p += secondHead.length;
      c = bytes[p] as number;
      from = p;
      let second = 0;
      if (c === 48) {
        c = bytes[++p] as number;
      } else {
        while (c >= 48 && c <= 57) {
          second = second * 10 + (c - 48);
          c = bytes[++p] as number;
        }
        if (p === from || p - from > MAX_EXACT_DIGITS) break;
      }
      if (c !== 0x7d) break;
      c = bytes[++p] as number;
      if (c === CR) c = bytes[++p] as number;
      if (c !== NEWLINE) break;
      // As flatLine reads the same line.
      let value = (timeFirst ? second : first) * factor;
      if (!Number.isFinite(value)) break;
      if (value === 0) value = 0;
      times[n] = scaleEpochNumber(timeFirst ? first : second);
      values[n] = value;
      batch.count = ++n;
      lineStart = p + 1;
    }
    return lineStart;
  }

  /**
   * The common line, `{"ts":…,"rss":…}`, read from its bytes (jsonl-flat.ts)
   * once the first line has fixed the keys and the unit. Only a line that
   * gives a usable sample is taken; any other (nested, escaped, a value to
   * drop …) returns false and goes through JSON.parse in \`line\`, so the
   * result is the same either way. `tried`: scanIntegers would say no.
   */
  private flatLine(bytes: Buffer, from: number, to: number, tried: boolean): boolean {
    let flat = this.flat;
    if (flat === false) return false;
    if (flat === null) {
      if (this.firstKeys === undefined || this.unit === undefined) return false;
      const timeKey = this.time.flatKey();
      const valueKey = this.value.flatKey();
      if (timeKey === undefined || valueKey === undefined) {
        // Known after the first line, and fixed from then on.
        if ((this.options.timeKey?.includes('.') ?? false) || (this.options.valueKey?.includes('.') ?? false)) this.flat = false;
        return false;
      }
      flat = this.flat = new FlatLineScanner(timeKey, valueKey);
    }
    if (!tried && flat.scanIntegers(bytes, from, to)) {
      // The tight line with two plain integers, read in one pass; the same sample as below.
      let value = flat.valueNumber * (this.unit as BareUnit).factor;
      if (!Number.isFinite(value)) return false;
      if (value === 0) value = 0;
      this.time.found = this.value.found = true;
      this.batch.push(scaleEpochNumber(flat.timeNumber), value);
      return true;
    }
    if (!flat.scan(bytes, from, to)) return false;
    let seconds: number;
    let zoneless = false;
    if (flat.timeKind === FIELD_NUMBER) {
      // Exactly Number(text), as JSON.parse reads it; NaN for a sign or more digits than that is sure of.
      const n = parseUnsignedDecimal(bytes, flat.timeStart, flat.timeEnd);
      if (n !== n) return false;
      seconds = scaleEpochNumber(n);
    } else {
      const reading = readTime(bytes.toString('latin1', flat.timeStart, flat.timeEnd));
      if (!reading.ok) return false;
      seconds = reading.seconds;
      zoneless = reading.zoneless;
    }
    let value: number;
    if (flat.valueKind === FIELD_NUMBER) {
      const n = parseUnsignedDecimal(bytes, flat.valueStart, flat.valueEnd);
      if (n !== n) return false;
      value = n * (this.unit as BareUnit).factor;
      if (!Number.isFinite(value)) return false;
      if (value === 0) value = 0;
    } else {
      const reading = readBytes(bytes.toString('latin1', flat.valueStart, flat.valueEnd), this.unit as BareUnit);
      if (!reading.ok) return false;
      value = reading.bytes;
    }
    this.time.found = this.value.found = true;
    this.zoneless ||= zoneless;
    this.batch.push(seconds, value);
    return true;
  }

  /** A dropped line, after the samples of the lines before it. */
  private drop(lineNumber: number, reason: string): void {
    this.batch.flush();
    this.sink.drop(lineNumber, reason);
  }

  private line(line: string, lineNumber: number): void {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      this.drop(lineNumber, 'invalid JSON');
      return;
    }
    if (!isJsonObject(parsed)) {
      this.drop(lineNumber, 'not a JSON object');
      return;
    }
    this.firstKeys ??= Object.keys(parsed);
    const rawTime = this.time.get(parsed);
    const rawValue = this.value.get(parsed);
    if (rawTime === undefined) return this.drop(lineNumber, this.time.describe());
    if (rawValue === undefined) return this.drop(lineNumber, this.value.describe());
    this.unit ??= unitOfKey(this.value.keyName(), this.options.source, this.notes);
    const t = readJsonTime(rawTime);
    if (!t.ok) return this.drop(lineNumber, t.reason);
    const v = readJsonBytes(rawValue, this.unit);
    if (!v.ok) return this.drop(lineNumber, v.reason);
    this.zoneless ||= t.zoneless;
    this.batch.push(t.seconds, v.bytes);
  }
}

/** Whether bytes at `at` begin with `head` (compared byte by byte: a mismatch stops the reads). */
function hasHead(bytes: Buffer, at: number, head: Uint8Array): boolean {
  for (let i = 0; i < head.length; i++) if (bytes[at + i] !== head[i]) return false;
  return true;
}

/** The unit a value key's name gives (`rss_kib`), noted; bytes otherwise. */
function unitOfKey(key: string | undefined, source: string, notes: string[]): BareUnit {
  const named = key === undefined ? undefined : unitFromName(key);
  if (named === undefined || named.unit.factor === 1) return BYTES;
  notes.push(unitNote(source, `key ${quoteInput(key ?? '')}`, named.unit));
  return named.unit;
}

function missingKey(locator: FieldLocator, options: JsonLinesOptions, keys: readonly string[]): LeakScoreError {
  const flag = locator.role === 'time' ? '--time-key' : '--value-key';
  const chosen = locator.role === 'time' ? options.timeKey : options.valueKey;
  const found = `keys of the first object: ${listNames(keys)}`;
  if (chosen !== undefined) {
    return new LeakScoreError(`${options.source}: no line has the key ${JSON.stringify(chosen)} given by ${flag}; ${found}`);
  }
  const names = (locator.role === 'time' ? JSONL_TIME_NAMES : VALUE_NAMES).join(', ');
  const hint =
    keys.includes('values') && keys.includes('timestamps') ? ' (this looks like a VictoriaMetrics export: pass --input-format victoriametrics)' : '';
  return new LeakScoreError(
    `${options.source}: no ${locator.role} key (looked for ${names}); ${found}${hint}; name one with ${flag} KEY (dotted paths such as memory.rss work)`,
  );
}

function readJsonTime(raw: unknown): TimeReading {
  if (typeof raw === 'number') return readEpochNumber(raw);
  if (typeof raw === 'string') return readTime(raw);
  return { ok: false, reason: `time is ${describeJson(raw)}, not a number or a string` };
}

function readJsonBytes(raw: unknown, unit: BareUnit): ByteReading {
  if (typeof raw === 'number') return readByteNumber(raw, undefined, unit);
  if (typeof raw === 'string') return readBytes(raw, unit);
  return { ok: false, reason: `value is ${describeJson(raw)}, not a number or a string` };
}

/**
 * What a JSON value is, in words, without serialising it: a value nested
 * 100 000 levels deep would overflow the stack of `JSON.stringify`.
 */
export function describeJson(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'an array';
  if (typeof raw === 'object') return 'an object';
  return typeof raw === 'boolean' ? String(raw) : typeof raw;
}
