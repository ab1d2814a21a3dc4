/**
 * The fast CSV path must agree with the general reader (csv-parse) on every
 * input it accepts — a differential property test — and step aside on input
 * it does not handle.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/ingest/csv.js';
import { FastPathUnavailable, planFastCsv, readWithPlan } from '../../src/ingest/fast-csv.js';
import { chunkAt } from '../support/chunks.js';

const general = (text: string) => readCsv(text, { source: 'test.csv' });

const chunked = (text: string, cuts: number[]): Buffer[] => chunkAt(Buffer.from(text), cuts);

const cell = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 2_000_000_000 }).map(String) },
  { weight: 3, arbitrary: fc.double({ min: 0, max: 1e12, noNaN: true }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom('', ' 12', '-5', 'NaN', '1e309', 'x', '2024-11-19T07:06:40Z', '12 MiB', '0x10', '-0', '1.5e3') },
);

const row = fc.oneof(
  { weight: 10, arbitrary: fc.tuple(cell, cell).map(([a, b]) => `${a},${b}`) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', 'timestamp,rss_bytes', 'only-one-field', '1,2,3') },
);

describe('fast CSV path vs csv-parse', () => {
  it('reads exactly what the general reader reads, however the input is chunked', () => {
    let compared = 0;
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 60 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        (rows, crlf, cuts) => {
          const eol = crlf ? '\r\n' : '\n';
          const text = `timestamp,rss_bytes${eol}${rows.join(eol)}${eol}`;
          const plan = planFastCsv(Buffer.from(text), true, general);
          if (plan === null) return; // the general reader takes it: nothing to compare
          let fast;
          try {
            fast = readWithPlan(plan, chunked(text, cuts));
          } catch (error) {
            expect(error).toBeInstanceOf(FastPathUnavailable);
            return;
          }
          compared++;
          const want = general(text).series[0];
          expect(Array.from(fast.times)).toEqual(Array.from(want?.times ?? []));
          expect(Array.from(fast.values)).toEqual(Array.from(want?.values ?? []));
          expect(fast.dropped).toBe(want?.dropped);
          expect(fast.droppedExamples).toEqual(want?.droppedExamples);
          expect(fast.droppedReasons).toEqual(want?.droppedReasons);
        },
      ),
      { numRuns: 3000 },
    );
    // The comparison must not pass by never running: most generated files are plain.
    expect(compared).toBeGreaterThan(1500);
  });

  it('takes plain recordings, whichever column order', () => {
    const text = 'rss_bytes,timestamp\n100,0\n200,30\n';
    const plan = planFastCsv(Buffer.from(text), true, general);
    expect(plan).toMatchObject({ timeColumn: 1, valueColumn: 0 });
  });

  it.each([
    ['quoted fields', '"timestamp","rss_bytes"\n0,100\n'],
    ['a ; delimiter', 'timestamp;rss_bytes\n0;100\n'],
    ['no header', '0,100\n30,200\n'],
    ['a sep= line', 'sep=,\ntimestamp,rss_bytes\n0,100\n'],
  ])('leaves %s to the general reader', (_what, text) => {
    expect(planFastCsv(Buffer.from(text), true, general)).toBeNull();
  });

  it('stops on a quote or a lone CR found later in the stream', () => {
    const plan = planFastCsv(Buffer.from('timestamp,rss_bytes\n0,100\n'), false, general);
    expect(plan).not.toBeNull();
    expect(() => readWithPlan(plan!, [Buffer.from('timestamp,rss_bytes\n0,100\n30,"200"\n')])).toThrow(FastPathUnavailable);
    expect(() => readWithPlan(plan!, [Buffer.from('timestamp,rss_bytes\n0,100\r30,200\n')])).toThrow(FastPathUnavailable);
  });
});
