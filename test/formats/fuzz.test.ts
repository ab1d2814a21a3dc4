/**
 * Hostile input (issue 4): every reader, on random bytes, on text built from
 * the tokens that break parsers, on every truncation of a valid file, on
 * a 10 MB line and on JSON nested 100 000 deep, either returns a sound
 * result or throws a LeakScoreError with a one-line message — never another
 * exception, never a hang, never a polluted Object.prototype. Round-trip
 * properties check that valid input of every format reads back exactly.
 *
 * Each property runs FUZZ_RUNS cases (10^4 by default, so ≥ 10^4 per reader);
 * `FUZZ_RUNS=100000 npx vitest run test/formats/fuzz.test.ts` runs 10^5.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LeakScoreError } from '../../src/errors.js';
import { readCsv } from '../../src/formats/csv.js';
import { readJsonLines } from '../../src/formats/jsonl.js';
import { readOtlp } from '../../src/formats/otlp.js';
import { readProcLog } from '../../src/formats/proc.js';
import { readPrometheus } from '../../src/formats/prometheus.js';
import { readInput, type ReadOptions } from '../../src/samples/read-input.js';
import { readVictoriaMetrics } from '../../src/formats/victoriametrics.js';
import type { ReadResult } from '../../src/series.js';
import { fuzzParameters } from './fuzz-runs.js';
import { outcome } from '../support/sound-read.js';

type Reader = (text: string) => ReadResult;

const READERS: Record<string, Reader> = {
  csv: (text) => readCsv(text, { source: 'f' }),
  jsonl: (text) => readJsonLines(text, { source: 'f' }),
  prometheus: (text) => readInput(text, { source: 'f', inputFormat: 'prometheus' }),
  victoriametrics: (text) => readVictoriaMetrics(text, { source: 'f' }),
  proc: (text) => readProcLog(text, { source: 'f' }),
  otlp: (text) => readOtlp(text, { source: 'f' }),
  detected: (text) => readInput(text, { source: 'f' }),
};

/* ---------- text made of what breaks parsers ---------- */

const NUMBERS = [
  '0', '30', '1732000000', '1732000000000', '1732000000000000', '1732000000000000000', '1e309', '-1e309', '-0', '0x10', '0b101',
  '1e-320', '4.9e-324', '1.7976931348623157e308', '123456789012345678901234567890', '1E3', '.5', '5.', '+5', '-5', '1_000',
  '1,5', '٣', 'NaN', 'Infinity', '-Inf', '+Inf', 'null', 'true', '212 MiB', '1.2 GB', '5Ki', '7 kB', '1e400 KiB',
];
const WORDS = [
  'time', 'Time', 'timestamp', 'ts', 't', 'rss', 'rss_bytes', 'value', 'memory', 'rss_kb', 'rss_kib', 'heap_bytes', 'pod', 'Series',
  '__proto__', 'constructor', 'prototype', 'toString', 'polluted', 'metric', 'values', 'timestamps', 'status', 'data', 'result',
  'VmRSS:', 'kB', 'sep=,', 'sep=;', '2024-11-19T07:06:40Z', '2024-11-19 07:06:40', '2024-02-30T00:00:00Z', '9999-12-31T23:59:60+14:00',
  'Tue Nov 19 07:06:40 UTC 2024', 'x{a="b"}', '{instance="a:1"}',
];
const PUNCTUATION = [',', ';', '\t', ' ', '"', "'", '""', '\n', '\r\n', '\r', '{', '}', '[', ']', ':', '=', '\\', '\uFEFF', '\u0000', '\u001b', '\u2028', '\uD800', '😀'];

const token = fc.oneof(fc.constantFrom(...NUMBERS), fc.constantFrom(...WORDS), fc.constantFrom(...PUNCTUATION), fc.string({ maxLength: 3 }));
const soup = fc.array(token, { maxLength: 60 }).map((parts) => parts.join(''));

/** JSON-ish values, hand-serialised so a `__proto__` key stays an own key. */
const jsonish: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(...NUMBERS.filter((n) => /^-?\d/.test(n)), 'null', 'true', '"x"', '"NaN"', '"212 MiB"', '[]', '{}'),
    fc.constantFrom(...NUMBERS, ...WORDS).map((text) => JSON.stringify(text)),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc
      .array(fc.tuple(fc.constantFrom(...WORDS), tie('value')), { maxLength: 5 })
      .map((pairs) => `{${pairs.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`),
  ),
})).value;

const jsonLines = fc
  .array(fc.oneof(jsonish, soup, fc.constant('')), { maxLength: 8 })
  .map((lines) => lines.join('\n'));

/** A line of each format, shuffled together. */
const mixed = fc
  .array(
    fc.constantFrom(
      'timestamp,rss_bytes',
      '1732000000,1000',
      '{"ts":1732000000,"rss":5}',
      '{"metric":{"a":"1"},"values":[1],"timestamps":[1732000000000]}',
      '{"status":"success","data":{"resultType":"vector","result":[]}}',
      '1732000000 VmRSS: 12 kB',
      '"Time","x{a=""b""}"',
      'sep=,',
    ),
    { maxLength: 10 },
  )
  .map((lines) => lines.join('\n'));

describe('fuzz: every reader on hostile text', () => {
  for (const [name, read] of Object.entries(READERS)) {
    it(`${name}: token soup, JSON-ish lines and mixed formats`, () => {
      fc.assert(
        fc.property(fc.oneof(soup, jsonLines, mixed), (text) => {
          outcome(() => read(text));
        }),
        fuzzParameters(),
      );
    });
  }

  it('readInput on random bytes decoded as UTF-8', () => {
    const decoder = new TextDecoder();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        outcome(() => readInput(decoder.decode(bytes), { source: 'f' }));
      }),
      fuzzParameters(),
    );
  });

  it('readInput with random flags', () => {
    const options = fc.record(
      {
        inputFormat: fc.constantFrom('csv', 'jsonl', 'prometheus', 'victoriametrics', 'proc', 'otlp'),
        timeColumn: fc.constantFrom('1', '2', 'time', '0', '99', '__proto__'),
        valueColumn: fc.constantFrom('1', '2', 'rss', 'x'),
        labelColumn: fc.constantFrom('pod', '1', '3', 'constructor'),
        valueKey: fc.constantFrom('rss', 'a.b', '__proto__', 'constructor', 'heapUsed'),
        unit: fc.constantFrom('KiB', 'kB', 'B', 'parsec'),
        series: fc.constantFrom('a="1"', 'pod=~".+"', '__proto__!="x"', 'x=~"(a+)+"', '{'),
        strict: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(soup, mixed, jsonLines), options, (text, chosen) => {
        outcome(() => readInput(text, { source: 'f', ...(chosen as Partial<ReadOptions>) }));
      }),
      fuzzParameters(),
    );
  });
});

/* ---------- truncation ---------- */

const VALID: Record<string, string> = {
  'grafana CSV': readFileSync(join('fixtures', 'formats', 'grafana-frames.csv'), 'utf8').slice(0, 1500),
  'joined CSV': readFileSync(join('fixtures', 'formats', 'grafana-joined.csv'), 'utf8').slice(0, 1200),
  'JSON Lines': readFileSync(join('fixtures', 'formats', 'pino-memory.jsonl'), 'utf8').slice(0, 1500),
  VictoriaMetrics:
    '{"metric":{"__name__":"rss","job":"api"},"values":[1,2,null,4],"timestamps":[1732000000000,1732000030000,1732000060000,1732000090000]}\n' +
    '{"metric":{"job":"api","__name__":"rss"},"values":[5,6],"timestamps":[1732000120000,1732000150000]}\n',
  Prometheus:
    '{"status":"success","warnings":["w"],"data":{"resultType":"matrix","result":[{"metric":{"__name__":"rss","instance":"a:1"},"values":[[1732000000,"1"],[1732000030,"NaN"],[1732000060,"3"]]},{"metric":{"instance":"b:1"},"values":[[1732000000,"4"]]}]}}',
  '/proc log': readFileSync(join('fixtures', 'formats', 'proc-status-dumps.log'), 'utf8').slice(0, 1200),
};

describe('fuzz: truncation at every offset of a valid file', () => {
  for (const [name, text] of Object.entries(VALID)) {
    it(`${name}: each of ${text.length + 1} prefixes reads soundly or fails with a LeakScoreError`, () => {
      for (let end = 0; end <= text.length; end += 1) outcome(() => readInput(text.slice(0, end), { source: 'f' }));
    });
  }
});

/* ---------- size and depth ---------- */

describe('fuzz: one 10 MB line, and JSON nested 100 000 deep', () => {
  const big = 'x'.repeat(10 * 1024 * 1024);
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  const cases: Record<string, string> = {
    'CSV header': `time,${big}\n1,2\n`,
    'CSV cell': `time,rss\n1,${big}\n`,
    'CSV quoted': `time,rss\n1,"${big}`,
    'JSON Lines': `{"ts":1,"rss":"${big}"}`,
    'JSON Lines deep': `{"ts":1,"rss":${deep}}\n{"ts":1,"memory":{"a":${deep}}}`,
    VictoriaMetrics: `{"metric":{"a":"${big}"},"values":[1],"timestamps":[1000]}`,
    'VictoriaMetrics deep': `{"metric":{"a":${deep}},"values":${deep},"timestamps":[1000]}`,
    'Prometheus error': `{"status":"error","errorType":"bad_data","error":"${big}"}`,
    'Prometheus deep': `{"status":"error","errorType":${deep},"error":${deep},"warnings":[${deep}]}`,
    'Prometheus toString': '{"status":"error","errorType":{"toString":1},"error":{"valueOf":1}}',
    '/proc line': `1 VmRSS: ${big}`,
    'one long line': big,
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`${name}`, () => {
      const started = performance.now();
      for (const read of [(t: string) => readInput(t, { source: 'f' }), (t: string) => readInput(t, { source: 'f', strict: true, series: 'a!="b"' })]) {
        outcome(() => read(text));
      }
      expect(performance.now() - started).toBeLessThan(20_000);
    });
  }
});

/* ---------- round trips: valid input reads back exactly ---------- */

const samples = fc.array(
  fc.record({ t: fc.integer({ min: 0, max: 4_000_000_000 }), v: fc.oneof(fc.nat({ max: 2 ** 40 }), fc.constant(0)) }),
  { minLength: 1, maxLength: 12 },
);
const sorted = (list: Array<{ t: number; v: number }>) => list.map(({ t, v }) => [t, v]);
const readBack = (series: ReadResult['series'][number]) => Array.from(series.times, (t, i) => [t, series.values[i] as number]);
const ROUND_TRIP_RUNS = fuzzParameters(Math.max(1, Math.floor(fuzzParameters().numRuns / 5)));

describe('fuzz: round trips', () => {
  it('CSV in any delimiter, quoting, line ending, BOM and sep= line reads back exactly', () => {
    const shape = fc.record({
      delimiter: fc.constantFrom(',', ';', '\t'),
      time: fc.constantFrom('timestamp', 'Time', 'ts', 'sample_time'),
      value: fc.constantFrom('rss', 'rss_bytes', 'Value', 'process_resident_memory_bytes', 'memory'),
      newline: fc.constantFrom('\n', '\r\n'),
      quote: fc.boolean(),
      bom: fc.boolean(),
      sep: fc.boolean(),
      ms: fc.boolean(),
    });
    fc.assert(
      fc.property(samples, shape, (list, s) => {
        const q = (text: string) => (s.quote ? `"${text}"` : text);
        // Milliseconds only where SPEC §1's magnitude rule reads them as such (≥ 1e11).
        const rows = list.map(({ t, v }) => [q(String(s.ms && t >= 1e8 ? t * 1000 : t)), q(String(v))].join(s.delimiter));
        const text = `${s.bom ? '\uFEFF' : ''}${s.sep ? `sep=${s.delimiter}${s.newline}` : ''}${[[q(s.time), q(s.value)].join(s.delimiter), ...rows].join(s.newline)}${s.newline}`;
        const series = readInput(text, { source: 'f' }).series;
        expect(series).toHaveLength(1);
        expect(readBack(series[0]!)).toEqual(sorted(list));
      }),
      ROUND_TRIP_RUNS,
    );
  });

  it('JSON Lines with any of the key names reads back exactly', () => {
    fc.assert(
      fc.property(samples, fc.constantFrom('ts', 'timestamp', 'time', 't'), fc.constantFrom('rss', 'rss_bytes', 'value', 'memory'), fc.boolean(), (list, tk, vk, strings) => {
        const text = list.map(({ t, v }) => `{${JSON.stringify(tk)}:${t},"other":"x",${JSON.stringify(vk)}:${strings ? JSON.stringify(String(v)) : v}}`).join('\n');
        expect(readBack(readInput(text, { source: 'f' }).series[0]!)).toEqual(sorted(list));
      }),
      ROUND_TRIP_RUNS,
    );
  });

  it('VictoriaMetrics lines split anywhere merge back into their series, whatever the labels', () => {
    const label = fc.constantFrom('__proto__', 'constructor', 'prototype', 'job', 'instance', '__name__');
    fc.assert(
      fc.property(samples, fc.nat({ max: 12 }), fc.uniqueArray(fc.tuple(label, fc.string({ maxLength: 5 })), { selector: ([n]) => n, maxLength: 4 }), (list, cut, pairs) => {
        const metric = `{${pairs.map(([n, v]) => `${JSON.stringify(n)}:${JSON.stringify(v)}`).join(',')}}`;
        const reversed = `{${[...pairs].reverse().map(([n, v]) => `${JSON.stringify(n)}:${JSON.stringify(v)}`).join(',')}}`;
        const line = (m: string, part: typeof list) => `{"metric":${m},"values":${JSON.stringify(part.map((p) => p.v))},"timestamps":${JSON.stringify(part.map((p) => p.t * 1000))}}`;
        const text = [line(metric, list.slice(0, cut)), line(reversed, list.slice(cut))].join('\n');
        const result = readInput(text, { source: 'f' });
        expect(result.format).toBe('victoriametrics');
        expect(result.series).toHaveLength(1);
        expect(readBack(result.series[0]!)).toEqual(sorted(list));
        for (const [n, v] of pairs) expect(Object.getOwnPropertyDescriptor(result.series[0]!.labels, n)?.value).toBe(v);
        expect(Object.keys(Object.prototype)).toEqual([]);
      }),
      ROUND_TRIP_RUNS,
    );
  });

  it('Prometheus matrices read back exactly (the reader of issue 3, through readInput)', () => {
    fc.assert(
      fc.property(samples, (list) => {
        const body = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: { a: '1' }, values: list.map(({ t, v }) => [t, String(v)]) }] } });
        expect(readBack(readInput(body, { source: 'f' }).series[0]!)).toEqual(sorted(list));
        expect(readBack(readPrometheus(body, { source: 'f' }).series[0]!)).toEqual(sorted(list));
      }),
      ROUND_TRIP_RUNS,
    );
  });

  it('/proc VmRSS lines read back in KiB', () => {
    fc.assert(
      fc.property(samples, fc.constantFrom(' ', '\t', ','), (list, gap) => {
        const text = list.map(({ t, v }) => `${t}${gap}VmRSS:\t${String(v).padStart(9)} kB`).join('\n');
        expect(readBack(readInput(text, { source: 'f' }).series[0]!)).toEqual(list.map(({ t, v }) => [t, v * 1024]));
      }),
      ROUND_TRIP_RUNS,
    );
  });
});
