import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LeakScoreError } from '../../src/errors.js';
import { readCsv } from '../../src/formats/csv.js';
import { readJsonLines } from '../../src/formats/jsonl.js';
import { readPrometheus } from '../../src/formats/prometheus.js';
import { readInput } from '../../src/samples/read-input.js';
import { parseTimestamp, scaleEpochNumber } from '../../src/formats/time.js';
import { parseBytes } from '../../src/formats/value.js';

/** Runs `fn`; anything thrown must be a LeakScoreError with a one-line message. */
function onlyLeakScoreErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LeakScoreError);
    expect((error as LeakScoreError).message).not.toContain('\n');
  }
}

/** Text that looks a bit like our inputs, so the properties reach past the first check. */
const csvish = fc
  .array(fc.constantFrom('time', 'rss', '0', '30', '1e3', '-1', 'NaN', '"', ',', ';', '\t', '\n', '\r\n', ' ', 'sep=', '2024-01-15T10:00:00Z', 'MiB', '\uFEFF', 'x'), {
    maxLength: 40,
  })
  .map((parts) => parts.join(''));

const jsonLine = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.record({ ts: fc.oneof(fc.double(), fc.string(), fc.constant(null)), rss: fc.oneof(fc.double(), fc.string()) }).map((value) => JSON.stringify(value)),
  fc.string(),
);

describe('properties: readers only ever throw LeakScoreError', () => {
  it('readInput on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => onlyLeakScoreErrors(() => readInput(text, { source: 'f' }))));
  });

  it('readCsv on CSV-like text, with or without column choices', () => {
    fc.assert(
      fc.property(csvish, fc.option(fc.constantFrom('1', '2', 'time', 'x', '0', '99')), (text, column) =>
        onlyLeakScoreErrors(() => readCsv(text, { source: 'f', timeColumn: column ?? undefined })),
      ),
    );
  });

  it('readJsonLines on lines of arbitrary JSON and junk', () => {
    fc.assert(
      fc.property(fc.array(jsonLine, { maxLength: 10 }), fc.option(fc.constantFrom('rss', 'a.b', '__proto__', 'constructor')), (lines, key) =>
        onlyLeakScoreErrors(() => readJsonLines(lines.join('\n'), { source: 'f', valueKey: key ?? undefined })),
      ),
    );
  });

  it('readPrometheus on arbitrary JSON', () => {
    const response = fc.record({
      status: fc.constantFrom('success', 'error', 'x'),
      data: fc.oneof(fc.jsonValue(), fc.record({ resultType: fc.constantFrom('matrix', 'vector'), result: fc.array(fc.jsonValue(), { maxLength: 4 }) })),
    });
    fc.assert(fc.property(response, (body) => onlyLeakScoreErrors(() => readPrometheus(JSON.stringify(body), { source: 'f' }))));
  });

  it('the series a reader returns are consistent', () => {
    fc.assert(
      fc.property(csvish, (text) => {
        let result;
        try {
          result = readInput(text, { source: 'f' });
        } catch {
          return;
        }
        for (const series of result.series) {
          expect(series.times.length).toBe(series.values.length);
          for (const v of series.values) expect(Number.isFinite(v) && v >= 0).toBe(true);
          for (const t of series.times) expect(Number.isFinite(t) && t >= 0).toBe(true);
          expect(series.droppedExamples.length).toBeLessThanOrEqual(series.dropped);
          for (const row of series.droppedExamples) expect(row.line).toBeGreaterThanOrEqual(1);
        }
      }),
    );
  });
});

describe('properties: labels', () => {
  it('any label names, __proto__ included, become own labels and never reach Object.prototype', () => {
    const name = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'polluted'), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(name, fc.string({ maxLength: 8 })), { selector: ([n]) => n, maxLength: 6 }), (pairs) => {
        const metric = `{${pairs.map(([n, v]) => `${JSON.stringify(n)}:${JSON.stringify(v)}`).join(',')}}`;
        const text = `{"status":"success","data":{"resultType":"vector","result":[{"metric":${metric},"value":[1,"2"]}]}}`;
        const labels = readPrometheus(text, { source: 'f' }).series[0]!.labels;
        expect(Object.keys(labels).sort()).toEqual(pairs.map(([n]) => n).sort());
        for (const [n, v] of pairs) expect(Object.getOwnPropertyDescriptor(labels, n)?.value).toBe(v);
        expect(Object.getPrototypeOf(labels)).toBeNull();
        expect(Object.getPrototypeOf({})).toBe(Object.prototype);
        expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
      }),
    );
  });
});

describe('properties: helpers', () => {
  it('parseTimestamp and parseBytes never throw and return a finite non-negative number or undefined', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        for (const result of [parseTimestamp(text), parseBytes(text)]) {
          if (result !== undefined) expect(Number.isFinite(result) && result >= 0).toBe(true);
        }
      }),
    );
  });

  it('ISO strings from Date#toISOString read back to the same instant', () => {
    const date = fc.date({ min: new Date(Date.UTC(1970, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true });
    fc.assert(
      fc.property(date, (d) => {
        expect(parseTimestamp(d.toISOString())).toBeCloseTo(d.getTime() / 1000, 6);
      }),
    );
  });

  it('the same instant in s, ms, µs and ns reads the same (SPEC §1 scaling)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1e9, max: 4e9 }), (seconds) => {
        expect(scaleEpochNumber(seconds)).toBe(seconds);
        expect(scaleEpochNumber(seconds * 1e3)).toBe(seconds);
        expect(scaleEpochNumber(seconds * 1e6)).toBe(seconds);
        expect(Math.abs(scaleEpochNumber(seconds * 1e9) - seconds)).toBeLessThan(1e-6);
      }),
    );
  });

  it('plain byte counts and MiB values read back exactly', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 40 }), (n) => {
        expect(parseBytes(String(n))).toBe(n);
        expect(parseBytes(`${n} MiB`)).toBe(n * 1048576);
      }),
    );
  });
});
