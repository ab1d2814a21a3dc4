/**
 * A streaming reader for Prometheus API responses (SPEC §6), for exports too
 * big to be one string (V8's limit is below 1 GiB) or one parsed document
 * (a DOM of 10M samples is gigabytes). A purpose-built scanner, not a
 * general streaming JSON library: those make an object or a callback per
 * token, and a sample is six tokens. This one walks the bytes once, keeps
 * only the response's small parts (status, labels, warnings) as values, and
 * reads each `[<time>, "<value>"]` pair straight from the bytes.
 *
 * Every sample that is not a plain pair of numbers goes through readSample
 * (prometheus.ts), labels through readLabels, and the response through
 * checkResponse; a differential property test holds it to JSON.parse.
 * Samples reach a series' sink in batches (as the CSV reader's do): one
 * batch, the series being read's, is filled and handed on when full, before
 * a drop, and at the series' end, so a sink sees samples and drops in read
 * order. PrometheusReader is the format's reader: these events into series
 * sinks.
 */
import { LeakScoreError } from '../errors.js';
import { makeLabels, type Labels, type ReadResult } from '../series.js';
import { isJsonNumber, MAX_EXACT_DIGITS, parseUnsignedDecimal, POWERS_OF_TEN } from './decimal-bytes.js';
import { checkResponse, notesFrom, readLabels, readSample } from './prometheus.js';
import { SeriesBuilder } from '../samples/series-builder.js';
import type { FormatReader, OpenSeries, ReadEnd, SeriesSink as SampleSink } from '../samples/sink.js';
import { scaleEpochNumber } from './time.js';
import type { BareUnit } from './value.js';
import { SampleBatch, SAMPLES_PER_BATCH } from './sample-batch.js';

/** Where one series' samples go, in read order. `index` is the sample's 1-based place in its series. */
export interface SeriesSink {
  /**
   * Samples `0 … count − 1` of the arrays, in read order. The arrays are the
   * reader's and reused after the call (a sink may scale the values in place).
   */
  samples(times: Float64Array, values: Float64Array, count: number): void;
  drop(index: number, reason: string): void;
  end(): void;
}

export interface PrometheusStreamResult {
  notes: string[];
  series: number;
}

// Token kinds.
const NEED_MORE = 0;
const BEGIN_OBJECT = 1;
const END_OBJECT = 2;
const BEGIN_ARRAY = 3;
const END_ARRAY = 4;
const COLON = 5;
const COMMA = 6;
const STRING = 7;
const NUMBER = 8;
const LITERAL = 9;

// What a container is, by where it sits in the response.
const enum Role {
  Root,
  Data,
  Results,
  Item,
  Values,
  Skip,
  Capture,
}

interface Frame {
  role: Role;
  isObject: boolean;
  /** 0 first value/key, 1 colon, 2 value, 3 comma or end, 4 key after a comma. */
  state: number;
  key: string;
  /** The container being built (Capture frames). */
  value?: Record<string, unknown> | unknown[];
  /** Where a finished top-level capture goes. */
  deliver?: (value: unknown) => void;
}

function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  // As JSON.parse does: "__proto__" is an ordinary own key, never the prototype.
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

const MAX_EXACT_MANTISSA = 10 ** MAX_EXACT_DIGITS;

export class PrometheusStreamReader {
  private buf: Buffer = Buffer.alloc(0);
  /** What `buf` views: grown when a token spans more than it holds, otherwise reused. */
  private storage: Buffer = Buffer.alloc(0);
  private pos = 0;
  /** Where the last `]` in `buf` is (−1 for none): the inner loop reads no pair that starts after it. */
  private lastBracket = -1;
  /** Bytes consumed before `buf`, for error positions. */
  private offset = 0;
  private final = false;
  private readonly stack: Frame[] = [];
  private rootDone = false;
  // The last token.
  private tokStart = 0;
  private tokEnd = 0;
  // The response's small parts.
  private status: unknown;
  private errorType: unknown;
  private error: unknown;
  private resultType: unknown;
  private warnings: unknown;
  private infos: unknown;
  private hasResultList = false;
  private seriesCount = 0;
  // The result item being read.
  private sink: SeriesSink | null = null;
  private pending: { samples: number[]; drops: Array<[number, string]> } | null = null;
  private sampleIndex = 0;
  private sawValue = false;
  /** The samples of the series being read, not yet handed on: to its sink, or, before its labels are known, to what waits for them. */
  private readonly batch: SampleBatch;

  /** `batch` (samples per batch) is for tests that put batch ends anywhere. */
  constructor(
    private readonly source: string,
    private readonly startSeries: (labels: Labels) => SeriesSink,
    batch = SAMPLES_PER_BATCH,
  ) {
    this.batch = new SampleBatch((times, values, count) => {
      if (this.sink !== null) this.sink.samples(times, values, count);
      else if (this.pending !== null) for (let i = 0; i < count; i++) this.pending.samples.push(times[i] as number, values[i] as number);
    }, batch);
  }

  feed(chunk: Buffer): void {
    // The unread rest and the new chunk, in storage of our own reused from
    // chunk to chunk (the chunk itself is only valid during this call, and a
    // fresh Buffer.concat per chunk was megabytes of garbage).
    const restLength = this.buf.length - this.pos;
    const needed = restLength + chunk.length;
    if (needed > this.storage.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, 2 * this.storage.length));
      this.buf.copy(grown, 0, this.pos);
      this.storage = grown;
    } else if (restLength > 0) this.buf.copy(this.storage, 0, this.pos);
    chunk.copy(this.storage, restLength);
    this.offset += this.pos;
    this.buf = this.storage.subarray(0, needed);
    this.lastBracket = this.buf.lastIndexOf(93);
    this.pos = 0;
    this.run();
  }

  end(): PrometheusStreamResult {
    this.final = true;
    this.run();
    this.skipSpace();
    if (!this.rootDone) this.syntax(this.pos < this.buf.length ? 'unexpected content' : 'unexpected end of input');
    if (this.pos < this.buf.length) this.syntax('unexpected content after the response');
    checkResponse(
      {
        status: this.status,
        errorType: this.errorType,
        error: this.error,
        resultType: this.resultType,
        hasResultList: this.hasResultList,
      },
      this.source,
    );
    return { notes: notesFrom(this.warnings, this.infos, this.source), series: this.seriesCount };
  }

  private syntax(what: string): never {
    throw new LeakScoreError(
      `${this.source} is not valid JSON (${what} at byte ${this.offset + this.pos}); save the whole response of /api/v1/query_range, or pass --input-format`,
    );
  }

  private skipSpace(): void {
    const buf = this.buf;
    let pos = this.pos;
    while (pos < buf.length) {
      const c = buf[pos] as number;
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
      pos++;
    }
    this.pos = pos;
  }

  /** Reads the next token at `pos` (after white space). NEED_MORE leaves `pos` at the token's start. */
  private token(): number {
    this.skipSpace();
    const buf = this.buf;
    const start = this.pos;
    if (start >= buf.length) return NEED_MORE;
    const c = buf[start] as number;
    this.tokStart = start;
    let end = start + 1;
    switch (c) {
      case 123:
        this.pos = this.tokEnd = end;
        return BEGIN_OBJECT;
      case 125:
        this.pos = this.tokEnd = end;
        return END_OBJECT;
      case 91:
        this.pos = this.tokEnd = end;
        return BEGIN_ARRAY;
      case 93:
        this.pos = this.tokEnd = end;
        return END_ARRAY;
      case 58:
        this.pos = this.tokEnd = end;
        return COLON;
      case 44:
        this.pos = this.tokEnd = end;
        return COMMA;
      case 34: {
        for (;;) {
          const quote = buf.indexOf(34, end);
          if (quote === -1) return NEED_MORE;
          let backslashes = 0;
          while (buf[quote - 1 - backslashes] === 92) backslashes++;
          end = quote + 1;
          if (backslashes % 2 === 0) break;
        }
        this.pos = this.tokEnd = end;
        return STRING;
      }
      default: {
        if (c === 45 || (c >= 48 && c <= 57)) {
          while (end < buf.length) {
            const d = buf[end] as number;
            if (!((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45)) break;
            end++;
          }
          if (end === buf.length && !this.final) return NEED_MORE;
          if (!isJsonNumber(buf, start, end)) this.syntax('invalid number');
          this.pos = this.tokEnd = end;
          return NUMBER;
        }
        for (const word of ['true', 'false', 'null']) {
          if (c !== word.charCodeAt(0)) continue;
          if (buf.length - start < word.length) {
            if (!this.final) return NEED_MORE;
            this.syntax('unexpected end of input');
          }
          if (buf.toString('latin1', start, start + word.length) !== word) this.syntax('unexpected token');
          this.pos = this.tokEnd = start + word.length;
          return LITERAL;
        }
        return this.syntax(`unexpected ${JSON.stringify(String.fromCharCode(c))}`);
      }
    }
  }

  /** The last token as a JS value (strings, numbers, literals). */
  private scalar(kind: number): unknown {
    const { buf, tokStart, tokEnd } = this;
    if (kind === STRING) {
      const escaped = buf.indexOf(92, tokStart) !== -1 && buf.indexOf(92, tokStart) < tokEnd;
      if (!escaped) return buf.toString('utf8', tokStart + 1, tokEnd - 1);
      try {
        return JSON.parse(buf.toString('utf8', tokStart, tokEnd)) as string;
      } catch {
        return this.syntax('invalid string');
      }
    }
    if (kind === NUMBER) return Number(buf.toString('latin1', tokStart, tokEnd));
    const word = buf.toString('latin1', tokStart, tokEnd);
    return word === 'true' ? true : word === 'false' ? false : null;
  }

  private run(): void {
    for (;;) {
      if (this.rootDone) return;
      const frame = this.stack[this.stack.length - 1];
      if (frame !== undefined && frame.role === Role.Values && frame.state !== 3 && (this.compactSamples(frame) || this.fastSample(frame))) continue;
      const mark = this.pos;
      const kind = this.token();
      if (kind === NEED_MORE) {
        this.pos = mark;
        if (this.final) this.syntax('unexpected end of input');
        return;
      }
      this.step(kind);
    }
  }

  /**
   * The inner loop: a run of compact `[1767225600,"212140032"],` pairs (no
   * spaces, plain digits with an optional fraction, at most 15 significant
   * digits: what Prometheus writes) read with the numbers kept in locals, as
   * the CSV reader's inner loop does. It stops before the first pair of any
   * other shape, or one not all in the buffer yet, which `fastSample` and
   * the tokenizer then read. Returns whether it read any. Each number is
   * exactly Number(text): the mantissa is an exact integer below 10^15 and
   * one division by an exact power of ten rounds once.
   */
  private compactSamples(frame: Frame): boolean {
    const buf = this.buf;
    const powers = POWERS_OF_TEN;
    const batch = this.batch;
    const { times, values, capacity } = batch;
    const length = buf.length;
    // A pair is read byte by byte, each checked before the next is read, and only one `]` can be passed, the
    // pair's own, with the byte after it read next: so a pair that starts before the last `]` reads at most
    // up to the byte after it, and only that one can lie past the end. No read out of bounds, which would
    // deoptimize this loop at each chunk's end.
    const last = this.lastBracket;
    let n = batch.count;
    let pos = this.pos;
    let read = 0;
    let state = frame.state;
    for (;;) {
      if (pos >= last || buf[pos] !== 91) break;
      let p = pos + 1;
      // The time: JSON's number grammar (no leading zero before a digit, a fraction needs digits).
      let c = buf[p] as number;
      if (c === 48 && (buf[p + 1] as number) >= 48 && (buf[p + 1] as number) <= 57) break;
      let mantissa = 0;
      let from = p;
      while (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        c = buf[++p] as number;
      }
      let digits = p - from;
      let fraction = 0;
      if (c === 46) {
        from = ++p;
        c = buf[p] as number;
        while (c >= 48 && c <= 57) {
          mantissa = mantissa * 10 + (c - 48);
          c = buf[++p] as number;
        }
        fraction = p - from;
        if (fraction === 0) break;
        digits += fraction;
      }
      if (c !== 44 || digits === 0 || !(mantissa < MAX_EXACT_MANTISSA) || fraction >= powers.length) break;
      const time = fraction === 0 || mantissa === 0 ? mantissa : mantissa / (powers[fraction] as number);
      // The value: a string of digits with an optional fraction, as parseUnsignedDecimal reads it.
      if (buf[++p] !== 34) break;
      c = buf[++p] as number;
      mantissa = 0;
      from = p;
      while (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        c = buf[++p] as number;
      }
      digits = p - from;
      fraction = 0;
      if (c === 46) {
        from = ++p;
        c = buf[p] as number;
        while (c >= 48 && c <= 57) {
          mantissa = mantissa * 10 + (c - 48);
          c = buf[++p] as number;
        }
        fraction = p - from;
        digits += fraction;
      }
      if (c !== 34 || buf[p + 1] !== 93 || digits === 0 || !(mantissa < MAX_EXACT_MANTISSA) || fraction >= powers.length) break;
      const value = fraction === 0 || mantissa === 0 ? mantissa : mantissa / (powers[fraction] as number);
      // After the pair: a comma (another element) or anything else (the tokenizer's turn); both must be here.
      const after = p + 2 < length ? (buf[p + 2] as number) : -1;
      if (after === -1 && !this.final) break;
      // readEpochNumber without its checks: this time is finite and not negative.
      times[n] = scaleEpochNumber(time);
      values[n] = value;
      if (++n === capacity) {
        batch.count = n;
        batch.flush();
        n = 0;
      }
      read++;
      if (after === 44) {
        pos = p + 3;
        state = 2;
      } else {
        pos = p + 2;
        state = 3;
        break;
      }
    }
    if (read === 0) return false;
    batch.count = n;
    this.sampleIndex += read;
    this.pos = pos;
    frame.state = state;
    return true;
  }

  /**
   * `[<number>, "<digits>"]` read in place. Returns false (consuming nothing)
   * when the next element is anything else or not all here yet.
   */
  private fastSample(frame: Frame): boolean {
    const buf = this.buf;
    const start = this.pos;
    this.skipSpace();
    let p = this.pos;
    if (buf[p] !== 91) {
      this.pos = start;
      return false;
    }
    p++;
    const timeStart = p;
    while (p < buf.length && buf[p] !== 44 && buf[p] !== 93 && buf[p] !== 34) p++;
    const timeEnd = p;
    if (buf[p] !== 44) {
      this.pos = start;
      return false;
    }
    p++;
    if (buf[p] !== 34) {
      this.pos = start;
      return false;
    }
    const valueStart = p + 1;
    const quote = buf.indexOf(34, valueStart);
    if (quote === -1 || buf[quote + 1] !== 93) {
      this.pos = start;
      return false;
    }
    const time = isJsonNumber(buf, timeStart, timeEnd) ? parseUnsignedDecimal(buf, timeStart, timeEnd) : NaN;
    const value = parseUnsignedDecimal(buf, valueStart, quote);
    if (time !== time || value !== value) {
      this.pos = start;
      return false;
    }
    this.sampleIndex++;
    // readEpochNumber without its checks: a time read here is finite and not negative, so always usable.
    this.batch.push(scaleEpochNumber(time), value);
    // The comma of a compact `],[` too, as step() would take it (state 3 → 2), saving a trip through token().
    if (buf[quote + 2] === 44) {
      this.pos = quote + 3;
      frame.state = 2;
    } else {
      this.pos = quote + 2;
      frame.state = 3;
    }
    return true;
  }

  private dropSample(reason: string): void {
    // The samples read before this one reach the sink first.
    this.batch.flush();
    const index = this.sampleIndex;
    const text = `sample ${index}: ${reason}`;
    if (this.sink !== null) this.sink.drop(index, text);
    else this.pending?.drops.push([index, text]);
  }

  /** One token in the current context. */
  private step(kind: number): void {
    const frame = this.stack[this.stack.length - 1];
    if (frame === undefined) {
      if (kind !== BEGIN_OBJECT) {
        throw new LeakScoreError(`${this.source} is not a Prometheus API response (expected a JSON object with "status" and "data")`);
      }
      this.stack.push({ role: Role.Root, isObject: true, state: 0, key: '' });
      return;
    }
    if (frame.isObject) {
      switch (frame.state) {
        case 0:
        case 4:
          if (kind === END_OBJECT && frame.state === 0) return this.close();
          if (kind !== STRING) this.syntax('expected a key');
          frame.key = this.scalar(kind) as string;
          frame.state = 1;
          return;
        case 1:
          if (kind !== COLON) this.syntax('expected ":"');
          frame.state = 2;
          return;
        case 2:
          frame.state = 3;
          return this.value(kind, frame);
        default:
          if (kind === COMMA) frame.state = 4;
          else if (kind === END_OBJECT) this.close();
          else this.syntax('expected "," or "}"');
          return;
      }
    }
    if (frame.state === 3) {
      if (kind === COMMA) frame.state = 2;
      else if (kind === END_ARRAY) this.close();
      else this.syntax('expected "," or "]"');
      return;
    }
    if (kind === END_ARRAY && frame.state === 0) return this.close();
    frame.state = 3;
    this.value(kind, frame);
  }

  /** A value begins in `parent`: decide its role by where it is. */
  private value(kind: number, parent: Frame): void {
    const opens = kind === BEGIN_OBJECT || kind === BEGIN_ARRAY;
    const key = parent.key;
    switch (parent.role) {
      case Role.Root:
        if (key === 'data' && kind === BEGIN_OBJECT) return this.open(Role.Data, true);
        if (key === 'status') return this.capture(kind, (v) => (this.status = v));
        if (key === 'errorType') return this.capture(kind, (v) => (this.errorType = v));
        if (key === 'error') return this.capture(kind, (v) => (this.error = v));
        if (key === 'warnings') return this.capture(kind, (v) => (this.warnings = v));
        if (key === 'infos') return this.capture(kind, (v) => (this.infos = v));
        break;
      case Role.Data:
        if (key === 'resultType') return this.capture(kind, (v) => (this.resultType = v));
        if (key === 'result' && kind === BEGIN_ARRAY) {
          this.hasResultList = true;
          return this.open(Role.Results, false);
        }
        break;
      case Role.Results:
        this.startItem();
        if (kind === BEGIN_OBJECT) return this.open(Role.Item, true);
        // Not an object: a series with no labels and no samples, as readPrometheus reads it.
        if (opens) return this.capture(kind, () => this.endItem());
        this.endItem();
        return;
      case Role.Item:
        if (key === 'metric') return this.capture(kind, (v) => this.labelsKnown(readLabels(v)));
        // readPrometheus reads `values` of a matrix and `value` of a vector (SPEC §6).
        if (key === 'values' && kind === BEGIN_ARRAY && this.resultType !== 'vector') {
          return this.open(Role.Values, false);
        }
        if (key === 'value' && this.resultType !== 'matrix') {
          this.sawValue = true;
          return this.capture(kind, (v) => this.genericSample(v));
        }
        break;
      case Role.Values:
        return this.capture(kind, (v) => this.genericSample(v));
      case Role.Capture:
        return this.capture(kind, (v) => this.addToCapture(parent, v));
      default:
        break;
    }
    if (opens) this.open(Role.Skip, kind === BEGIN_OBJECT);
  }

  private open(role: Role, isObject: boolean): void {
    this.stack.push({ role, isObject, state: 0, key: '' });
  }

  /** Builds the value that starts with this token and hands it to `deliver` once complete. */
  private capture(kind: number, deliver: (value: unknown) => void): void {
    if (kind === BEGIN_OBJECT || kind === BEGIN_ARRAY) {
      const isObject = kind === BEGIN_OBJECT;
      this.stack.push({ role: Role.Capture, isObject, state: 0, key: '', value: isObject ? {} : [], deliver });
      return;
    }
    deliver(this.scalar(kind));
  }

  private addToCapture(parent: Frame, value: unknown): void {
    if (Array.isArray(parent.value)) parent.value.push(value);
    else setOwn(parent.value as Record<string, unknown>, parent.key, value);
  }

  private close(): void {
    const frame = this.stack.pop() as Frame;
    if (frame.role === Role.Capture) (frame.deliver as (value: unknown) => void)(frame.value);
    else if (frame.role === Role.Item) this.endItem();
    if (this.stack.length === 0) this.rootDone = true;
  }

  private startItem(): void {
    this.seriesCount++;
    this.sink = null;
    this.pending = { samples: [], drops: [] };
    this.sampleIndex = 0;
    this.sawValue = false;
  }

  /** Labels arrive: open the series and pass on anything read before them. */
  private labelsKnown(labels: Labels): void {
    if (this.sink !== null) return; // a second "metric" key: JSON.parse would keep the last; keep the first series
    this.batch.flush(); // into pending: every sample read so far waits there, in order
    const sink = this.startSeries(labels);
    const pending = this.pending;
    this.sink = sink;
    this.pending = null;
    if (pending === null) return;
    // As before batches: the samples read before the labels, then the drops among them.
    const samples = pending.samples;
    for (let i = 0; i < samples.length; i += 2) this.batch.push(samples[i] as number, samples[i + 1] as number);
    this.batch.flush();
    for (const [index, reason] of pending.drops) sink.drop(index, reason);
  }

  private endItem(): void {
    // A vector item without a value is one unusable sample to readPrometheus.
    if (this.resultType === 'vector' && !this.sawValue) this.genericSample(undefined);
    if (this.sink === null) this.labelsKnown(makeLabels());
    this.batch.flush();
    (this.sink as SeriesSink).end();
    this.sink = null;
  }

  private genericSample(sample: unknown): void {
    this.sampleIndex++;
    const reading = readSample(sample);
    if (reading.ok) this.batch.push(reading.seconds, reading.bytes);
    else this.dropSample(reading.reason);
  }
}

/** Whether the start of an input looks like a Prometheus API response: a JSON object whose first key is one of its own. */
export function looksLikePrometheus(prefix: Buffer): boolean {
  const text = prefix.toString('utf8', 0, Math.min(prefix.length, 4096)).replace(/^\uFEFF/, '');
  const match = /^\s*\{\s*"(status|data|errorType|error|warnings|infos)"\s*:/.exec(text);
  return match !== null;
}

/** A Prometheus response, streamed: one sink per result item, values scaled by `--unit`. */
export class PrometheusReader<S extends SampleSink> implements FormatReader<S> {
  private readonly scanner: PrometheusStreamReader;
  private readonly series: Array<{ sink: S; labels: Labels }> = [];

  /** `batch` is for tests (PrometheusStreamReader's). */
  constructor(options: { source: string; unit?: BareUnit; batch?: number }, openSeries: OpenSeries<S>) {
    const factor = options.unit?.factor ?? 1;
    this.scanner = new PrometheusStreamReader(
      options.source,
      (labels) => {
        const sink = openSeries();
        this.series.push({ sink, labels });
        return {
          samples:
            factor === 1
              ? (times, values, count) => sink.addBatch(times, values, count)
              : (times, values, count) => {
                  // bytes × factor, as each sample was scaled one by one.
                  for (let i = 0; i < count; i++) values[i] = (values[i] as number) * factor;
                  sink.addBatch(times, values, count);
                },
          drop: (index, reason) => sink.drop(index, reason),
          end: () => undefined,
        };
      },
      options.batch,
    );
  }

  feed(chunk: Buffer): void {
    this.scanner.feed(chunk);
  }

  end(): ReadEnd<S> {
    const { notes } = this.scanner.end();
    return { format: 'prometheus', series: this.series, notes };
  }
}

/** The reader's result for a whole text (the text entry point of PrometheusReader). */
export function readPrometheus(text: string, options: { source: string; unit?: BareUnit }): ReadResult {
  const reader = new PrometheusReader(options, () => new SeriesBuilder());
  reader.feed(Buffer.from(text));
  const end = reader.end();
  return { format: 'prometheus', series: end.series.map(({ sink, labels }) => sink.build(labels)), notes: end.notes };
}
