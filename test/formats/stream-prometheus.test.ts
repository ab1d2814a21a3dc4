/**
 * The streaming Prometheus reader must read exactly what JSON.parse and the
 * response's rules (checkResponse, readLabels, readSample) make of the same
 * text — a differential property test over generated responses, chunked at
 * random — and fail with a LeakScoreError wherever that fails.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LeakScoreError } from '../../src/errors.js';
import { checkResponse, notesFrom, readLabels, readSample } from '../../src/formats/prometheus.js';
import { looksLikePrometheus, PrometheusReader, PrometheusStreamReader } from '../../src/formats/stream-prometheus.js';
import { SeriesBuilder } from '../../src/samples/series-builder.js';
import { chunkAt } from '../support/chunks.js';
import type { RawSeries } from '../../src/series.js';
import { RecordingSink, type SinkEvent } from './recording-sink.js';

interface Streamed {
  series: RawSeries[];
  notes: string[];
}

function stream(text: string, cuts: number[], batch?: number): Streamed {
  const series: RawSeries[] = [];
  const reader = new PrometheusStreamReader(
    'test.json',
    (labels) => {
      const builder = new SeriesBuilder(labels);
      return {
        samples: (times, values, count) => builder.addBatch(times, values, count),
        drop: (index, reason) => builder.drop(index, reason),
        end: () => series.push(builder.build()),
      };
    },
    batch,
  );
  for (const chunk of chunkAt(Buffer.from(text), cuts)) reader.feed(chunk);
  const { notes } = reader.end();
  return { series, notes };
}

/**
 * What each series' sink is handed, event by event (a sample each, a drop,
 * its end), the input fed in chunks cut at `cuts`, each a copy overwritten
 * once fed (a reader may keep no view of it).
 */
function events(text: string, cuts: number[], batch: number): unknown {
  try {
    const series: Array<{ labels: [string, string][]; events: Array<SinkEvent | ['end']> }> = [];
    const reader = new PrometheusStreamReader(
      'test.json',
      (labels) => {
        const sink = new RecordingSink(batch);
        const one = { labels: Object.entries(labels), events: sink.events as Array<SinkEvent | ['end']> };
        series.push(one);
        return {
          samples: (times, values, count) => sink.addBatch(times, values, count),
          drop: (index, reason) => sink.drop(index, reason),
          end: () => one.events.push(['end']),
        };
      },
      batch,
    );
    for (const chunk of chunkAt(Buffer.from(text), cuts)) {
      const copy = Buffer.from(chunk);
      reader.feed(copy);
      copy.fill(0x5b);
    }
    return { notes: reader.end().notes, series };
  } catch (error) {
    expect(error).toBeInstanceOf(LeakScoreError);
    return 'error';
  }
}

/** The oracle: the whole document parsed, then read by the same rules (what the reader did before it streamed). */
function parsed(text: string): Streamed {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new LeakScoreError('not JSON');
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw new LeakScoreError('not an object');
  const own = (object: unknown, key: string): unknown =>
    typeof object === 'object' && object !== null && !Array.isArray(object) && Object.hasOwn(object, key)
      ? (object as Record<string, unknown>)[key]
      : undefined;
  const data = own(document, 'data');
  const resultType = own(data, 'resultType');
  const result = own(data, 'result');
  checkResponse(
    { status: own(document, 'status'), errorType: own(document, 'errorType'), error: own(document, 'error'), resultType, hasResultList: Array.isArray(result) },
    'test.json',
  );
  const series = (result as unknown[]).map((item) => {
    const builder = new SeriesBuilder(readLabels(own(item, 'metric')));
    const samples = resultType === 'matrix' ? own(item, 'values') : [own(item, 'value')];
    if (Array.isArray(samples)) {
      samples.forEach((sample: unknown, index) => {
        const reading = readSample(sample);
        if (reading.ok) builder.add(reading.seconds, reading.bytes);
        else builder.drop(index + 1, `sample ${index + 1}: ${reading.reason}`);
      });
    }
    return builder.build();
  });
  return { series, notes: notesFrom(own(document, 'warnings'), own(document, 'infos'), 'test.json') };
}

function outcome(run: () => { series: RawSeries[]; notes: string[] }): unknown {
  try {
    const { series, notes } = run();
    return {
      notes,
      series: series.map((s) => ({
        labels: Object.entries(s.labels),
        times: Array.from(s.times),
        values: Array.from(s.values),
        dropped: s.dropped,
        examples: s.droppedExamples,
      })),
    };
  } catch (error) {
    expect(error).toBeInstanceOf(LeakScoreError);
    return 'error';
  }
}

const time = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1_600_000_000, max: 1_800_000_000 }) },
  { weight: 2, arbitrary: fc.double({ min: 0, max: 2e9, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom('1700000000', '2024-11-19T07:06:40Z', -5, 1.5e12, null, 0, 1e-7, 0.25, 1234567890.1234567) },
);
const value = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 2 ** 40 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('NaN', '+Inf', '-Inf', '1e3', '12 MiB', '-1', '', 'x', '0.5', '1.', '007', '1.50', '0', '0.000001', '123456789012345678', '1234567890.123456') },
  { weight: 1, arbitrary: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constant(null)) },
);
const sample = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(time, value) },
  { weight: 1, arbitrary: fc.constantFrom(null, [], [1], [1, '2', 3], { t: 1 }, 'x') },
);
const labelName = fc.oneof(fc.constantFrom('instance', 'job', '__name__', '__proto__', 'constructor', 'a"b', 'é'), fc.string({ maxLength: 5 }));
const item = fc
  .tuple(
    fc.record(
      {
        metric: fc.dictionary(labelName, fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxKeys: 3 }),
        values: fc.array(sample, { maxLength: 12 }),
        value: sample,
      },
      { requiredKeys: [] },
    ),
    fc.boolean(),
  )
  // Now and then the samples before the labels, which the reader must hold until the labels come.
  .map(([fields, labelsLast]) => (labelsLast ? Object.fromEntries(Object.entries(fields).reverse()) : fields));
const response = fc.record(
  {
    status: fc.oneof({ weight: 10, arbitrary: fc.constant('success') }, { weight: 1, arbitrary: fc.constantFrom('error', 'pending', 3) }),
    errorType: fc.constantFrom('bad_data', 'execution'),
    error: fc.string({ maxLength: 20 }),
    warnings: fc.array(fc.string({ maxLength: 10 }), { maxLength: 2 }),
    data: fc.record({
      resultType: fc.oneof({ weight: 8, arbitrary: fc.constant('matrix') }, { weight: 2, arbitrary: fc.constantFrom('vector', 'scalar') }),
      result: fc.oneof({ weight: 10, arbitrary: fc.array(fc.oneof({ weight: 10, arbitrary: item }, { weight: 1, arbitrary: fc.constant(7) }), { maxLength: 4 }) }, { weight: 1, arbitrary: fc.constant({}) }),
    }),
  },
  { requiredKeys: ['status', 'data'] },
);

describe('PrometheusStreamReader vs JSON.parse', () => {
  it('reads every generated response as the parsed document reads, however it is chunked', () => {
    fc.assert(
      fc.property(response, fc.integer({ min: 0, max: 2 }), fc.array(fc.nat(), { maxLength: 8 }), fc.integer({ min: 1, max: 5 }), (doc, indent, cuts, batch) => {
        // `__proto__` keys must be own keys in the text, as a server would write them.
        const text = JSON.stringify(doc, null, indent).replaceAll('"proto_key"', '"__proto__"');
        const want = outcome(() => parsed(text));
        expect(outcome(() => stream(text, cuts, batch))).toEqual(want);
        expect(outcome(() => stream(text, cuts))).toEqual(want);
      }),
      { numRuns: 4000 },
    );
  });

  it('hands each sink the same samples and drops in the same order, however the input is chunked and batched', () => {
    // The reference: each sample handed on as it is read (batches of one), the input in one piece.
    const compact = fc.tuple(fc.integer({ min: 1_600_000_000, max: 1_800_000_000 }), fc.integer({ min: 0, max: 2 ** 40 }).map(String));
    const longItem = fc
      .record({
        metric: fc.dictionary(fc.constantFrom('job', 'instance'), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
        values: fc.array(fc.oneof({ weight: 10, arbitrary: compact }, { weight: 1, arbitrary: sample }), { maxLength: 30 }),
      })
      .chain((fields) => fc.boolean().map((labelsLast) => (labelsLast ? { values: fields.values, metric: fields.metric } : fields)));
    const doc = fc.record({
      status: fc.constant('success'),
      data: fc.record({ resultType: fc.constant('matrix'), result: fc.array(fc.oneof({ weight: 4, arbitrary: longItem }, { weight: 1, arbitrary: item }), { maxLength: 4 }) }),
    });
    fc.assert(
      fc.property(fc.oneof(doc, response), fc.integer({ min: 0, max: 2 }), fc.array(fc.nat(), { maxLength: 8 }), fc.integer({ min: 1, max: 5 }), (body, indent, cuts, batch) => {
        const text = JSON.stringify(body, null, indent === 2 ? 0 : indent).replaceAll('"proto_key"', '"__proto__"');
        expect(events(text, cuts, batch)).toEqual(events(text, [], 1));
      }),
      { numRuns: 4000 },
    );
  });

  it('hands a series on in batches, and the samples before a dropped one before its drop', () => {
    const pairs = Array.from({ length: 12 }, (_, i) => `[${1700000000 + 30 * i},"${i === 6 ? 'NaN' : 1000 + i}"]`);
    const text = `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"a"},"values":[${pairs.join(',')}]}]}}`;
    const sink = new RecordingSink(4);
    const reader = new PrometheusStreamReader(
      'test.json',
      () => ({ samples: (times, values, count) => sink.addBatch(times, values, count), drop: (index, reason) => sink.drop(index, reason), end: () => undefined }),
      4,
    );
    reader.feed(Buffer.from(text.slice(0, 150)));
    reader.feed(Buffer.from(text.slice(150)));
    reader.end();
    const samples = (from: number, to: number): unknown[] => Array.from({ length: to - from }, (_, k) => ['sample', 1700000000 + 30 * (from + k), 1000 + from + k]);
    expect(sink.events).toEqual([...samples(0, 6), ['drop', 7, 'sample 7: value NaN is not finite', undefined], ...samples(7, 12)]);
    // Full batches, the rest before the drop, then the samples after it.
    expect(sink.batches).toEqual([4, 2, 4, 1]);
  });

  it('scales each sample by --unit once, whether it waited for its labels or not', () => {
    const units = fc.constantFrom({ name: 'KiB', factor: 1024 }, { name: 'kB', factor: 1e3 }, { name: 'GiB', factor: 1024 ** 3 });
    fc.assert(
      fc.property(response, units, fc.integer({ min: 1, max: 5 }), (doc, unit, batch) => {
        const text = JSON.stringify(doc).replaceAll('"proto_key"', '"__proto__"');
        const read = (options: { unit?: typeof unit; batch?: number }): unknown => {
          try {
            const reader = new PrometheusReader({ source: 'test.json', ...options }, () => new RecordingSink(options.batch ?? Infinity));
            reader.feed(Buffer.from(text));
            return reader.end().series.map(({ sink }) => sink.events);
          } catch (error) {
            expect(error).toBeInstanceOf(LeakScoreError);
            return 'error';
          }
        };
        const bytes = read({ batch: 1 });
        const want = Array.isArray(bytes)
          ? (bytes as SinkEvent[][]).map((events) => events.map((event) => (event[0] === 'sample' ? ['sample', event[1], event[2] * unit.factor] : event)))
          : bytes;
        expect(read({ unit, batch })).toEqual(want);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a real-looking export with escaped labels and every sample in the fast path', () => {
    const text =
      '{"status":"success","data":{"resultType":"matrix","result":[' +
      '{"metric":{"__name__":"m","path":"C:\\\\x","q":"say \\"hi\\""},"values":[[1700000000,"100"],[1700000030.5,"200"]]},' +
      '{"metric":{"__proto__":"p"},"values":[[1700000000,"NaN"],[1700000030,"1e3"]]}]}}';
    const got = stream(text, [17, 90, 91, 150]);
    expect(got.series.map((s) => [{ ...s.labels }, Array.from(s.times), Array.from(s.values), s.dropped])).toEqual([
      [{ __name__: 'm', path: 'C:\\x', q: 'say "hi"' }, [1700000000, 1700000030.5], [100, 200], 0],
      [Object.fromEntries([['__proto__', 'p']]), [1700000030], [1000], 1],
    ]);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it.each([
    ['truncated', '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"2"]'],
    ['trailing garbage', '{"status":"success","data":{"resultType":"matrix","result":[]}} x'],
    ['an error response', '{"status":"error","errorType":"bad_data","error":"parse error at char 3"}'],
    ['a bad number', '{"status":"success","data":{"resultType":"matrix","result":[{"values":[[01,"2"]]}]}}'],
  ])('fails on %s with a LeakScoreError', (_what, text) => {
    expect(() => stream(text, [5])).toThrow(LeakScoreError);
  });

  it('quotes the error of an error response', () => {
    expect(() => stream('{"status":"error","errorType":"bad_data","error":"parse error"}', [])).toThrow(
      /bad_data: parse error/,
    );
  });

  it('recognises a response by its first key', () => {
    expect(looksLikePrometheus(Buffer.from(' {\n "status" : "success", "data": {'))).toBe(true);
    expect(looksLikePrometheus(Buffer.from('{"metric":{"__name__":"x"},"values":[1],"timestamps":[2]}'))).toBe(false);
    expect(looksLikePrometheus(Buffer.from('{"ts":1,"rss":2}'))).toBe(false);
  });
});
