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

function read(chunks: Buffer[], via: Via, options: { timeColumn?: string; valueColumn?: string; labelColumn?: string } = {}): unknown {
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

  it('reads long-format files (a label column) exactly as csv-parse alone does, in any column order, however chunked', () => {
    let long = 0;
    const label = fc.constantFrom('app-000', 'app-001', 'pod-ü', 'a', '', ' a', 'b ', 'x y', '12');
    const good = fc.tuple(fc.integer({ min: 0, max: 2_000_000_000 }).map(String), label, cell).map(([t, l, v]) => ({ t, l, v }));
    const odd = fc.tuple(cell, label, cell).map(([t, l, v]) => ({ t, l, v }));
    const layouts = fc.constantFrom(
      { head: 'timestamp,series,rss_bytes', order: ['t', 'l', 'v'] as const },
      { head: 'series,timestamp,value', order: ['l', 't', 'v'] as const },
      { head: 'time\tpod\trss', order: ['t', 'l', 'v'] as const, labelColumn: 'pod', delimiter: '\t' },
      { head: 'rss_bytes,timestamp,pod', order: ['v', 't', 'l'] as const, labelColumn: 'pod' },
    );
    fc.assert(
      fc.property(
        layouts,
        // Runs of one label (series after series), as fleet exports write them, and rows of any shape between.
        fc.array(fc.oneof({ weight: 6, arbitrary: fc.array(good, { minLength: 1, maxLength: 12 }) }, { weight: 1, arbitrary: fc.array(odd, { maxLength: 2 }) }), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.array(fc.constantFrom('', '1,2', 'timestamp,series,rss_bytes', '1,a,2,3'), { maxLength: 2 }),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.nat(), { maxLength: 6 }),
        (layout, runs, extra, eol, cuts) => {
          const separator = 'delimiter' in layout ? layout.delimiter : ',';
          const rows = runs.flatMap((run) => {
            const l = run[0]?.l ?? '';
            return run.map((r) => layout.order.map((k) => (k === 'l' ? l : r[k])).join(separator));
          });
          rows.splice(rows.length >> 1, 0, ...extra);
          const text = `${layout.head}${eol}${rows.join(eol)}${eol}`;
          if (!text.includes('"') && !/\r(?!\n)/.test(text)) long++;
          const bytes = Buffer.from(text);
          const options = 'labelColumn' in layout ? { labelColumn: layout.labelColumn } : {};
          const oracle = read([bytes], 'csv-parse', options);
          expect(read(chunkAt(bytes, cuts), undefined, options)).toEqual(oracle);
          expect(read(chunkAt(bytes, cuts), 'records', options)).toEqual(oracle);
        },
      ),
      { numRuns: 1500 },
    );
    expect(long).toBeGreaterThan(200);
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
