/**
 * The JSON Lines fast path (jsonl-flat.ts) against JSON.parse: the same
 * lines read with the fast path on and off (`via: 'json-parse'`) must give
 * the same samples, drops, notes and errors. The lines are drawn near the
 * fast path's shape — flat objects of number and string fields — and then
 * broken in the ways that must send a line back to JSON.parse: escapes,
 * nesting, non-ASCII, repeated keys, signs, long or odd numbers, literals,
 * stray bytes, truncation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonLinesReader } from '../../src/formats/jsonl.js';
import { FIELD_NUMBER, FIELD_STRING, FlatLineScanner } from '../../src/formats/jsonl-flat.js';
import { SeriesBuilder } from '../../src/samples/series-builder.js';
import type { BareUnit } from '../../src/formats/value.js';
import { chunkAt } from '../support/chunks.js';
import { RecordingSink } from './recording-sink.js';

function read(text: string, options: { timeKey?: string; valueKey?: string; via?: 'json-parse' }): unknown {
  try {
    const reader = new JsonLinesReader({ source: 'x', ...options }, () => new SeriesBuilder());
    reader.feed(Buffer.from(text));
    const end = reader.end();
    const series = end.series.map(({ sink, labels }) => sink.build(labels))[0]!;
    return {
      notes: end.notes,
      times: [...series.times],
      values: [...series.values],
      dropped: series.dropped,
      examples: series.droppedExamples,
      reasons: series.droppedReasons,
    };
  } catch (error) {
    return { error: String(error) };
  }
}

const number = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 53 }).map(String),
  fc.double({ noNaN: true }).map((n) => JSON.stringify(n)),
  fc.constantFrom('0', '-0', '1e3', '1E+2', '2.50', '0.1', '01', '1.', '.5', '+1', '-1', '1e', '12345678901234567890', '1e400', '3e-5', '1_0'),
);
const text = fc.oneof(
  fc.constantFrom('2024-01-15T10:00:00Z', '2024-01-15 10:00:00', '12 KiB', '3MB', 'abc', '', ' 5 ', 'NaN', '1e3', '-4'),
  fc.string({ maxLength: 6 }),
);
const value = fc.oneof(
  number,
  text.map((s) => JSON.stringify(s)),
  fc.constantFrom('true', 'false', 'null', '[1,2]', '{"rss":5}', '"a\\"b"', '"\\u0035"', '"é"', 'tru', 'nulll', '"x'),
);
const key = fc.oneof(
  fc.constantFrom('ts', 'rss', 'time', 'value', 'heapUsed', 'memory', 'rss_kib', 'RSS', '__proto__', 't\\u0073', 'tś', ''),
  fc.string({ maxLength: 4 }).map((s) => s),
);
const space = fc.constantFrom('', ' ', '\t', '  ', '\r');
const line = fc
  .tuple(
    fc.array(fc.tuple(key, value, space, space), { maxLength: 5 }),
    fc.constantFrom('', '', '', 'x', ',', '}', ' ', '\r'),
    fc.nat(200),
    fc.boolean(),
  )
  .map(([fields, tail, cut, truncate]) => {
    const body = `{${fields.map(([k, v, a, b]) => `${a}"${k.startsWith('t\\') ? k : k.replace(/["\\]/g, '')}"${b}:${a}${v}${b}`).join(',')}}${tail}`;
    return truncate ? body.slice(0, cut % (body.length + 1)) : body;
  });
const flatLine = fc.tuple(number, fc.oneof(number, text.map((s) => JSON.stringify(s)))).map(([t, v]) => `{"ts":${t},"rss":${v}}`);

type ReadOptions = { timeKey?: string; valueKey?: string; via?: 'json-parse'; batch?: number; unit?: BareUnit };

/**
 * What the sink is handed, event by event, with the input fed in chunks cut
 * at `cuts`; each chunk is a copy that is overwritten once fed (a reader may
 * keep no view of it).
 */
function events(text: string, options: ReadOptions, cuts: number[]): unknown {
  try {
    let sink: RecordingSink | undefined;
    const reader = new JsonLinesReader({ source: 'x', ...options }, () => (sink = new RecordingSink(options.batch ?? Infinity)));
    for (const chunk of chunkAt(Buffer.from(text), cuts)) {
      const copy = Buffer.from(chunk);
      reader.feed(copy);
      copy.fill(0x7b);
    }
    const end = reader.end();
    return { notes: end.notes, events: sink?.events };
  } catch (error) {
    return { error: String(error) };
  }
}

describe('JSON Lines fast path', () => {
  it('gives what JSON.parse gives, line for line, whatever the lines', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(flatLine, flatLine, line), { minLength: 1, maxLength: 12 }),
        fc.constantFrom({}, { timeKey: 'ts' }, { valueKey: 'rss' }, { valueKey: 'heapUsed' }, { timeKey: 'time', valueKey: 'value' }, { valueKey: 'memory.rss' }),
        (lines, keys) => {
          const input = lines.join('\n');
          expect(read(input, keys)).toEqual(read(input, { ...keys, via: 'json-parse' }));
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 4000) },
    );
  });

  it('takes the common shapes and leaves the rest to JSON.parse', () => {
    const scanner = new FlatLineScanner('ts', 'rss');
    const scan = (text: string): boolean => {
      const bytes = Buffer.from(text);
      return scanner.scan(bytes, 0, bytes.length);
    };
    expect(scan('{"ts":1767225600,"rss":212140032}')).toBe(true);
    expect([scanner.timeKind, scanner.valueKind]).toEqual([FIELD_NUMBER, FIELD_NUMBER]);
    expect(scan(' { "ts" : "2024-01-15T10:00:00Z" , "rss" : 5, "pid": 7, "ok": true, "x": null } ')).toBe(true);
    expect([scanner.timeKind, scanner.valueKind]).toEqual([FIELD_STRING, FIELD_NUMBER]);
    for (const other of [
      '{"ts":1,"rss":{"a":1}}',
      '{"ts":1,"memory":{"rss":1}}',
      '{"ts":1,"rss":"\\u0031"}',
      '{"t\\u0073":1,"rss":1}',
      '{"ts":1,"rss":01}',
      '{"ts":1,"rss":1,}',
      '{"ts":1,"rss":1} x',
      '{"ts":1,"rss":1',
      '{"ts":1,"rss":true}',
      '{"ts":1,"é":1,"rss":1}',
      '{"ts":1}',
      '[1,2]',
    ]) {
      expect(scan(other), other).toBe(false);
    }
  });

  // scanIntegers, the one-pass read of `{"ts":<int>,"rss":<int>}`: near that shape, every line it takes must give what JSON.parse gives.
  const integer = fc.oneof(
    fc.integer({ min: 0, max: 2 ** 53 }).map(String),
    fc.bigInt({ min: 0n, max: 10n ** 17n }).map(String),
    fc.constantFrom('0', '00', '01', '-0', '-1', '999999999999999', '1000000000000000', '1.5', '1e3', '', ' 1', '1 '),
  );
  const tightKey = fc.constantFrom('ts', 'rss', 'ts', 'rss', 'time', 'value', 'tss', 't', 'RSS', 'rs\\u0073');
  const tightLine = fc
    .tuple(tightKey, integer, tightKey, integer, fc.constantFrom('', '', '', '', '', ' ', ',', '}', '\r', 'x'), fc.constantFrom('', '', '', '', ' ', 'x'))
    .map(([k1, v1, k2, v2, tail, head]) => `${head}{"${k1}":${v1},"${k2}":${v2}}${tail}`);

  it('reads the tight integer line as JSON.parse does, or steps aside', () => {
    fc.assert(
      fc.property(fc.constantFrom<[string, string]>(['ts', 'rss'], ['time', 'value'], ['rss', 'ts']), tightLine, ([timeKey, valueKey], text) => {
        const scanner = new FlatLineScanner(timeKey, valueKey);
        const bytes = Buffer.from(text);
        if (!scanner.scanIntegers(bytes, 0, bytes.length)) return;
        const parsed = JSON.parse(text) as Record<string, unknown>;
        expect(Object.keys(parsed).sort()).toEqual([timeKey, valueKey].sort());
        expect(scanner.timeNumber).toBe(parsed[timeKey]);
        expect(scanner.valueNumber).toBe(parsed[valueKey]);
        expect(Number.isSafeInteger(scanner.valueNumber) && Number.isSafeInteger(scanner.timeNumber)).toBe(true);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 4000) },
    );
  });

  it('gives what JSON.parse gives on files of tight integer lines', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(tightLine, tightLine, tightLine, flatLine, line), { minLength: 1, maxLength: 12 }),
        fc.constantFrom({}, { timeKey: 'ts', valueKey: 'rss' }, { timeKey: 'time', valueKey: 'value' }, { valueKey: 'ts' }),
        (lines, keys) => {
          const input = lines.join('\n');
          expect(read(input, keys)).toEqual(read(input, { ...keys, via: 'json-parse' }));
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 4000) },
    );
  });

  it('takes only the tight integer line in one pass', () => {
    const scanner = new FlatLineScanner('ts', 'rss');
    const tight = (text: string): boolean => {
      const bytes = Buffer.from(text);
      return scanner.scanIntegers(bytes, 0, bytes.length);
    };
    expect(tight('{"ts":1767225600,"rss":212140032}')).toBe(true);
    expect([scanner.timeNumber, scanner.valueNumber]).toEqual([1767225600, 212140032]);
    expect(tight('{"rss":0,"ts":999999999999999}')).toBe(true);
    expect([scanner.timeNumber, scanner.valueNumber]).toEqual([999999999999999, 0]);
    for (const other of [
      '{"ts":1,"rss":1000000000000000}',
      '{"ts":01,"rss":1}',
      '{"ts":-1,"rss":1}',
      '{"ts":1,"rss":1.5}',
      '{"ts":1,"rss":1e3}',
      '{"ts":1,"rss":1} ',
      ' {"ts":1,"rss":1}',
      '{"ts": 1,"rss":1}',
      '{"ts":1,"rss":1,"x":2}',
      '{"ts":1,"ts":1}',
      '{"tss":1,"rss":1}',
      '{"ts":1,"rss":"1"}',
      '{"ts":1,"rss":',
      '{"ts":1,"rss":1',
    ]) {
      expect(tight(other), other).toBe(false);
    }
    // The same key for both: only `scan` knows what that means.
    const same = new FlatLineScanner('ts', 'ts');
    const bytes = Buffer.from('{"ts":1,"rss":2}');
    expect(same.scanIntegers(bytes, 0, bytes.length)).toBe(false);
  });

  it('hands the sink the same samples and drops in the same order, however the input is chunked and batched', () => {
    // The reference: JSON.parse on every line, each sample handed on as it is read (batches of one), the input in one piece.
    const tight = fc.tuple(fc.integer({ min: 0, max: 2e9 }), fc.integer({ min: 0, max: 2 ** 40 })).map(([t, v]) => `{"ts":${t},"rss":${v}}`);
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 12, arbitrary: tight }, { weight: 2, arbitrary: tightLine }, { weight: 1, arbitrary: flatLine }, { weight: 1, arbitrary: line }, { weight: 1, arbitrary: fc.constant('') }), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.constantFrom<ReadOptions>(
          {},
          { timeKey: 'ts', valueKey: 'rss' },
          { valueKey: 'rss' },
          { timeKey: 'time', valueKey: 'value' },
          { unit: { name: 'KiB', factor: 1024 } },
          { valueKey: 'rss', unit: { name: 'kB', factor: 1e3 } },
        ),
        (lines, eol, bom, batch, cuts, keys) => {
          const input = (bom ? '\uFEFF' : '') + lines.join(eol);
          const want = events(input, { ...keys, via: 'json-parse', batch: 1 }, []);
          expect(events(input, { ...keys, batch }, cuts)).toEqual(want);
          expect(events(input, keys, cuts)).toEqual(want);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 4000) },
    );
  });

  it('hands a run of lines on in batches, and the samples before a dropped line before its drop', () => {
    const tight = (i: number): string => `{"ts":${1700000000 + 30 * i},"rss":${1000 + i}}`;
    const lines = [...Array.from({ length: 10 }, (_, i) => tight(i)), '{"ts":1700000300,"rss":"NaN"}', ...Array.from({ length: 5 }, (_, i) => tight(11 + i))];
    let sink: RecordingSink | undefined;
    const reader = new JsonLinesReader({ source: 'x', batch: 4 }, () => (sink = new RecordingSink(4)));
    const bytes = Buffer.from(lines.join('\r\n') + '\n');
    reader.feed(bytes.subarray(0, 100));
    reader.feed(bytes.subarray(100));
    reader.end();
    const samples = (from: number, to: number): unknown[] =>
      Array.from({ length: to - from }, (_, k) => ['sample', 1700000000 + 30 * (from + k), 1000 + from + k]);
    expect(sink!.events).toEqual([...samples(0, 10), ['drop', 11, 'value NaN is not finite', undefined], ...samples(11, 16)]);
    // Full batches, the rest before the drop, then the samples after it.
    expect(sink!.batches).toEqual([4, 4, 2, 4, 1]);
  });
});
