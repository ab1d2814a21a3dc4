/**
 * Hostile input for the OTLP/JSON reader (issue 17), as test/formats/fuzz.test.ts
 * does for the other readers: random OTLP-shaped documents, token soup,
 * every truncation of a valid file — a sound result or a one-line
 * LeakScoreError, never another exception, never a polluted prototype. A
 * round-trip property checks that valid points read back exactly.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LeakScoreError } from '../../src/errors.js';
import { readOtlp } from '../../src/formats/otlp.js';
import { readInput } from '../../src/samples/read-input.js';
import { fuzzParameters } from '../formats/fuzz-runs.js';
import { outcome } from '../support/sound-read.js';

const KEYS = ['resourceMetrics', 'resource', 'attributes', 'scopeMetrics', 'instrumentationLibraryMetrics', 'metrics', 'name', 'unit', 'gauge',
  'sum', 'histogram', 'dataPoints', 'timeUnixNano', 'asInt', 'asDouble', 'flags', 'key', 'value', 'stringValue', 'intValue', '__proto__',
  'constructor', 'polluted', 'toString'];
const SCALARS = ['"By"', '"KiBy"', '"s"', '""', '"1732000000000000000"', '"-1"', '"NaN"', '"Infinity"', '"1e9"', '1732000000000000000',
  '1e400', '-0', '0', '1', 'null', 'true', '"process.memory.usage"', '"container.memory.working_set"', '"k8s.container.restarts"',
  '"12345678901234567890123456789012345"', '"x"', '[]', '{}'];

/** OTLP-shaped JSON, hand-serialised so a `__proto__` key stays an own key. */
const shaped: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(...SCALARS),
    fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
    fc
      .array(fc.tuple(fc.constantFrom(...KEYS), tie('value')), { maxLength: 5 })
      .map((pairs) => `{${pairs.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`),
  ),
})).value;

/** A valid skeleton with hostile leaves: reaches the point and attribute code that random shapes rarely do. */
const leaf = fc.oneof(fc.constantFrom(...SCALARS), shaped);
const skeleton = fc
  .record({ attrKey: leaf, attrValue: leaf, name: leaf, unit: leaf, kind: fc.constantFrom('gauge', 'sum', 'histogram', 'summary'), time: leaf, value: leaf, valueKey: fc.constantFrom('asInt', 'asDouble'), flags: leaf })
  .map(
    ({ attrKey, attrValue, name, unit, kind, time, value, valueKey, flags }) =>
      `{"resourceMetrics":[{"resource":{"attributes":[{"key":${attrKey},"value":{"stringValue":${attrValue}}}]},"scopeMetrics":[{"metrics":[{"name":${name},"unit":${unit},"${kind}":{"dataPoints":[{"attributes":[{"key":${attrKey},"value":${attrValue}}],"timeUnixNano":${time},"${valueKey}":${value},"flags":${flags}}]}}]}]}]}`,
  );
const requestLine = fc.oneof(skeleton, shaped.map((inner) => `{"resourceMetrics":${inner}}`));
const soup = fc.array(fc.oneof(fc.constantFrom(...KEYS.map((k) => `"${k}"`), ...SCALARS, '{', '}', '[', ']', ':', ',', '\n'), fc.string({ maxLength: 3 })), { maxLength: 60 }).map((parts) => parts.join(''));
const file = fc.array(fc.oneof(requestLine, shaped, soup, fc.constant('')), { maxLength: 6 }).map((lines) => lines.join('\n'));

describe('fuzz: the OTLP reader on hostile text', () => {
  it('OTLP-shaped documents, token soup and mixed lines', () => {
    fc.assert(
      fc.property(file, (text) => {
        outcome(() => readOtlp(text, { source: 'f' }));
        outcome(() => readInput(text, { source: 'f', inputFormat: 'otlp' }));
      }),
      fuzzParameters(),
    );
  });

  it('every truncation of a valid file', () => {
    const text = readFileSync('fixtures/k8s/otlp-kubeletstats.jsonl', 'utf8').split('\n')[0]?.slice(0, 2500) ?? '';
    for (let end = 0; end <= text.length; end += 1) outcome(() => readInput(text.slice(0, end), { source: 'f' }));
  });

  it('JSON nested 100 000 deep inside a request', () => {
    const deep = `{"resourceMetrics":[${'['.repeat(100_000)}${']'.repeat(100_000)}]}`;
    outcome(() => readOtlp(deep, { source: 'f' }));
  });
});

describe('round trip: valid points read back exactly', () => {
  const point = fc.record({
    seconds: fc.integer({ min: 1, max: 4_000_000_000 }),
    bytes: fc.integer({ min: 0, max: 2 ** 50 }),
    asString: fc.boolean(),
  });
  it('times and integer values, as strings or numbers', () => {
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 20 }), fc.constantFrom('By', 'KiBy'), (points, unit) => {
        const lines = points.map(({ seconds, bytes, asString }) =>
          JSON.stringify({
            resourceMetrics: [
              {
                resource: { attributes: [{ key: 'k8s.pod.name', value: { stringValue: 'p' } }] },
                scopeMetrics: [
                  {
                    metrics: [
                      {
                        name: 'container.memory.working_set',
                        unit,
                        gauge: { dataPoints: [{ timeUnixNano: asString ? `${seconds}000000000` : seconds * 1e9, asInt: asString ? String(bytes) : bytes }] },
                      },
                    ],
                  },
                ],
              },
            ],
          }),
        );
        const result = readOtlp(lines.join('\n'), { source: 'f' });
        expect(result.series).toHaveLength(1);
        const factor = unit === 'KiBy' ? 1024 : 1;
        expect([...(result.series[0]?.times ?? [])]).toEqual(points.map((p) => p.seconds));
        expect([...(result.series[0]?.values ?? [])]).toEqual(points.map((p) => p.bytes * factor));
      }),
      fuzzParameters(1000),
    );
  });
});
