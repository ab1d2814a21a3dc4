/**
 * The OTLP/JSON reader (issue 17): the Collector's file exporter output,
 * read with no flags, gauges and sums alike, attributes as labels, 64-bit
 * integers as strings or numbers, and what is not a memory series left out
 * with a note.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LeakScoreError } from '../../src/errors.js';
import { detectFormat } from '../../src/formats/detect.js';
import { readOtlp } from '../../src/formats/otlp.js';
import { readInput } from '../../src/samples/read-input.js';

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

function request(points: unknown[], extra: Record<string, unknown> = {}, kind: 'gauge' | 'sum' = 'gauge'): string {
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [str('k8s.pod.name', 'api-0'), str('k8s.namespace.name', 'shop'), { key: 'n', value: { intValue: '7' } }] },
        scopeMetrics: [{ scope: { name: 's' }, metrics: [{ name: 'process.memory.usage', unit: 'By', [kind]: { dataPoints: points }, ...extra }] }],
      },
    ],
  });
}

describe('OTLP/JSON reader', () => {
  it('reads a gauge: nanosecond times and asInt as decimal strings, resource attributes as labels, the name as __name__', () => {
    const text = [
      request([{ timeUnixNano: '1732000000000000000', asInt: '104857600' }]),
      request([{ timeUnixNano: '1732000030000000000', asInt: '105906176' }]),
    ].join('\n');
    const result = readOtlp(text, { source: 'f' });
    expect(result.format).toBe('otlp');
    expect(result.series).toHaveLength(1);
    const [series] = result.series;
    expect({ ...series?.labels }).toEqual({ __name__: 'process.memory.usage', 'k8s.namespace.name': 'shop', 'k8s.pod.name': 'api-0', n: '7' });
    expect([...(series?.times ?? [])]).toEqual([1732000000, 1732000030]);
    expect([...(series?.values ?? [])]).toEqual([104857600, 105906176]);
  });

  it('reads sums like gauges, numbers where strings are due, asDouble, and data-point attributes that win a clash', () => {
    const text = request(
      [
        { attributes: [str('k8s.pod.name', 'api-1'), { key: 'ok', value: { boolValue: true } }], timeUnixNano: 1732000000000000000, asInt: 5 },
        { attributes: [str('k8s.pod.name', 'api-1'), { key: 'ok', value: { boolValue: true } }], timeUnixNano: '1732000030000000000', asDouble: 6.5 },
      ],
      {},
      'sum',
    );
    const [series] = readOtlp(text, { source: 'f' }).series;
    expect(series?.labels['k8s.pod.name']).toBe('api-1');
    expect(series?.labels.ok).toBe('true');
    expect([...(series?.values ?? [])]).toEqual([5, 6.5]);
  });

  it('drops and names points it cannot use: NaN, negative, no value, no time, flagged as no recorded value', () => {
    const text = request([
      { timeUnixNano: '1732000000000000000', asDouble: 'NaN' },
      { timeUnixNano: '1732000030000000000', asInt: '-5' },
      { timeUnixNano: '1732000060000000000' },
      { asInt: '5' },
      { timeUnixNano: '0', asInt: '5' },
      { timeUnixNano: '1732000090000000000', asInt: '5', flags: 1 },
      { timeUnixNano: '17x', asInt: '5' },
      { timeUnixNano: '1732000120000000000', asInt: '7' },
    ]);
    const [series] = readOtlp(text, { source: 'f' }).series;
    expect(series?.times.length).toBe(1);
    expect(series?.dropped).toBe(7);
    const reasons = series?.droppedReasons?.map((reason) => reason.reason) ?? [];
    expect(reasons.join(' | ')).toMatch(/not finite/);
    expect(reasons.join(' | ')).toMatch(/negative/);
    expect(reasons.join(' | ')).toMatch(/no value/);
    expect(reasons.join(' | ')).toMatch(/missing time/);
    expect(reasons.join(' | ')).toMatch(/no recorded value/);
  });

  it('scales UCUM byte units (KiBy, MiBy) and skips metrics that are not memory in bytes, saying so', () => {
    const text = JSON.stringify({
      resourceMetrics: [
        {
          resource: { attributes: [] },
          scopeMetrics: [
            {
              metrics: [
                { name: 'app.memory.heap', unit: 'KiBy', gauge: { dataPoints: [{ timeUnixNano: '1732000000000000000', asInt: '2' }] } },
                { name: 'container.cpu.time', unit: 's', sum: { dataPoints: [{ timeUnixNano: '1732000000000000000', asDouble: 1.5 }] } },
                { name: 'k8s.pod.network.io', unit: 'By', sum: { dataPoints: [{ timeUnixNano: '1732000000000000000', asInt: '9' }] } },
                { name: 'http.server.duration', unit: 'ms', histogram: { dataPoints: [] } },
              ],
            },
          ],
        },
      ],
    });
    const result = readOtlp(text, { source: 'f' });
    expect(result.series.map((series) => series.labels.__name__)).toEqual(['app.memory.heap']);
    expect([...(result.series[0]?.values ?? [])]).toEqual([2048]);
    expect(result.notes.join('\n')).toMatch(/2 metrics not of memory in bytes skipped \(e\.g\. "container\.cpu\.time" in "s"\)/);
    expect(result.notes.join('\n')).toMatch(/1 metric with no single value skipped \(e\.g\. histogram "http\.server\.duration"\)/);
  });

  it('reads the legacy instrumentationLibraryMetrics key of old Collector files', () => {
    const text = JSON.stringify({
      resourceMetrics: [{ instrumentationLibraryMetrics: [{ metrics: [{ name: 'process.memory.usage', unit: 'By', gauge: { dataPoints: [{ timeUnixNano: '1732000000000000000', asInt: '1' }] } }] }] }],
    });
    expect(readOtlp(text, { source: 'f' }).series).toHaveLength(1);
  });

  it('is detected with no flags, also when the first line is longer than the sniffed prefix', () => {
    expect(detectFormat(request([{ timeUnixNano: '1732000000000000000', asInt: '1' }]))).toBe('otlp');
    const fixture = readFileSync('fixtures/k8s/otlp-kubeletstats.jsonl', 'utf8');
    expect(fixture.indexOf('\n')).toBeGreaterThan(0);
    const long = request(Array.from({ length: 400 }, (_, i) => ({ timeUnixNano: `${1732000000 + i * 30}000000000`, asInt: '1048576' })));
    expect(long.length).toBeGreaterThan(16 * 1024);
    expect(detectFormat(long)).toBe('otlp');
    expect(readInput(long, { source: 'f' }).format).toBe('otlp');
    expect(readInput(fixture, { source: 'f' }).format).toBe('otlp');
  });

  it('refuses pretty-printed JSON with what to do, and lines that are not metrics requests', () => {
    const pretty = JSON.stringify(JSON.parse(request([{ timeUnixNano: '1732000000000000000', asInt: '1' }])), null, 2);
    expect(detectFormat(pretty)).toBe('otlp');
    expect(() => readInput(pretty, { source: 'f' })).toThrow(/pretty-printed OTLP JSON.*jq -c/);
    expect(() => readOtlp('{"resourceSpans":[]}\n', { source: 'f' })).toThrow(LeakScoreError);
    expect(() => readOtlp('{"resourceSpans":[]}\n', { source: 'f' })).toThrow(/no line is an OTLP metrics request/);
  });

  it('a file of metrics none of which is memory is an error naming what was skipped', () => {
    const text = JSON.stringify({
      resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'container.cpu.time', unit: 's', sum: { dataPoints: [{ timeUnixNano: '1', asDouble: 1 }] } }] }] }],
    });
    expect(() => readOtlp(text, { source: 'f' })).toThrow(/no metric in bytes to score \(1 metric not of memory in bytes skipped/);
  });

  it('keeps restart signals (k8s.container.restarts) though their unit is not bytes', () => {
    const text = JSON.stringify({
      resourceMetrics: [
        { scopeMetrics: [{ metrics: [{ name: 'k8s.container.restarts', unit: '{restart}', gauge: { dataPoints: [{ timeUnixNano: '1732000000000000000', asInt: '3' }] } }] }] },
      ],
    });
    expect([...(readOtlp(text, { source: 'f' }).series[0]?.values ?? [])]).toEqual([3]);
  });

  it('never reads attributes through the prototype: a __proto__ key is an ordinary label', () => {
    const text = request([{ attributes: [str('__proto__', 'x'), str('constructor', 'y')], timeUnixNano: '1732000000000000000', asInt: '1' }]);
    const [series] = readOtlp(text, { source: 'f' }).series;
    expect(Object.getPrototypeOf(series?.labels)).toBeNull();
    expect(Object.getOwnPropertyDescriptor(series?.labels, '__proto__')?.value).toBe('x');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
