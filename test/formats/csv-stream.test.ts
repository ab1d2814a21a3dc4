/**
 * The CSV reader's three ways through a file must agree exactly: the inner
 * loop for plain number lines, the per-record path for other lines, and
 * csv-parse (which takes over from the first quote or lone CR) — on any
 * input, however it is chunked. `via: 'csv-parse'` is the oracle: all of
 * the input through csv-parse, as the reader read CSV before it streamed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvReader } from '../../src/formats/csv.js';
import { SeriesBuilder } from '../../src/samples/series-builder.js';
import { chunkAt } from '../support/chunks.js';

type Via = 'records' | 'csv-parse' | undefined;

function read(chunks: Buffer[], via: Via, options: { timeColumn?: string; valueColumn?: string } = {}): unknown {
  try {
    const reader = new CsvReader({ source: 'test.csv', via, ...options }, () => new SeriesBuilder());
    for (const chunk of chunks) reader.feed(chunk);
    const end = reader.end();
    return {
      notes: end.notes,
      series: end.series.map(({ sink, labels }) => {
        const series = sink.build(labels);
        return { ...series, labels: { ...series.labels }, times: Array.from(series.times), values: Array.from(series.values) };
      }),
    };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

const cell = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 2_000_000_000 }).map(String) },
  { weight: 3, arbitrary: fc.double({ min: 0, max: 1e12, noNaN: true }).map(String) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('', ' 12', '-5', 'NaN', '1e309', 'x', '2024-11-19T07:06:40Z', '2024-11-19T07:06:40', '12 MiB', '0x10', '-0', '1.5e3', '007', '1.', '.5', '1234567890123456789'),
  },
  { weight: 1, arbitrary: fc.constantFrom('"12"', '"1,2"', '"a\nb"', 'a"b', '"', '12\r13') },
);

const row = fc.oneof(
  { weight: 10, arbitrary: fc.tuple(cell, cell).map(([a, b]) => `${a},${b}`) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', 'timestamp,rss_bytes', 'only-one-field', '1,2,3', 'Time,Value', '\r') },
);

const header = fc.constantFrom('timestamp,rss_bytes', 'rss_bytes,timestamp', 'time,rss_kib', 'timestamp\trss_bytes', 'sep=,\ntimestamp,rss', '\uFEFFtimestamp,rss_bytes', '', 'time;rss');

describe('CsvReader: inner loop, per-record path and csv-parse agree', () => {
  it('reads every file exactly as csv-parse alone does, however it is chunked', () => {
    let plain = 0;
    fc.assert(
      fc.property(
        header,
        fc.array(row, { minLength: 1, maxLength: 60 }),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.nat(), { maxLength: 6 }),
        (head, rows, eol, cuts) => {
          const text = `${head === '' ? '' : `${head}${eol}`}${rows.join(eol)}${eol}`;
          if (!text.includes('"') && !/\r(?!\n)/.test(text)) plain++;
          const bytes = Buffer.from(text);
          const oracle = read([bytes], 'csv-parse');
          expect(read(chunkAt(bytes, cuts), undefined)).toEqual(oracle);
          expect(read(chunkAt(bytes, cuts), 'records')).toEqual(oracle);
        },
      ),
      { numRuns: 2000 },
    );
    // The inner loop must not pass by never running: most generated files have no quote.
    expect(plain).toBeGreaterThan(700);
  });

  it('hands the rest of the input to csv-parse from the first quoted line, with true line numbers', () => {
    const lines = ['timestamp,rss_bytes', '0,100', '30,200', '60,"300"', '90,x', '120,"4', '00"', '150,y'];
    const text = `${lines.join('\n')}\n`;
    const got = read(chunkAt(Buffer.from(text), [5, 17, 30]), undefined) as { series: Array<{ times: number[]; values: number[]; droppedExamples: unknown[] }> };
    expect(got.series[0]?.times).toEqual([0, 30, 60]);
    expect(got.series[0]?.values).toEqual([100, 200, 300]);
    // The quoted value spans lines 6 and 7, so `y` is on line 8.
    expect(got.series[0]?.droppedExamples.map((row) => (row as { line: number }).line)).toEqual([5, 6, 8]);
  });

  it('puts csv-parse errors at the line of the whole file', () => {
    const text = 'timestamp,rss_bytes\n0,100\n30,200\n60,"300\n';
    const got = read([Buffer.from(text)], undefined) as { error: string };
    const oracle = read([Buffer.from(text)], 'csv-parse') as { error: string };
    expect(got.error).toMatch(/not valid CSV/);
    expect(got.error).toBe(oracle.error);
  });
});
