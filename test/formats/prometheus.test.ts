import { describe, expect, it } from 'vitest';
import { readPrometheus } from '../../src/formats/prometheus.js';
import { arrays, leakScoreMessage } from './helpers.js';

const source = 'range.json';

/** The shape of `curl .../api/v1/query_range?query=process_resident_memory_bytes`. */
const matrix = {
  status: 'success',
  data: {
    resultType: 'matrix',
    result: [
      {
        metric: { __name__: 'process_resident_memory_bytes', instance: 'api-1:9100', job: 'api' },
        values: [
          [1700000000, '104857600'],
          [1700000030.5, '105906176'],
          [1700000060, 'NaN'],
          [1700000090, '107003904'],
        ],
      },
      {
        metric: { __name__: 'process_resident_memory_bytes', instance: 'api-2:9100', job: 'api' },
        values: [
          [1700000000, '+Inf'],
          [1700000030, '-Inf'],
          [1700000060, '2.5e8'],
        ],
      },
    ],
  },
};

describe('readPrometheus: matrix', () => {
  it('reads every result as a series with its labels', () => {
    const result = readPrometheus(JSON.stringify(matrix), { source });
    expect(result.format).toBe('prometheus');
    expect(result.series).toHaveLength(2);
    const [first, second] = result.series;
    expect({ ...first!.labels }).toEqual({ __name__: 'process_resident_memory_bytes', instance: 'api-1:9100', job: 'api' });
    expect(second!.labels.instance).toBe('api-2:9100');
    expect(Object.getPrototypeOf(first!.labels)).toBeNull();
    expect(arrays(first!)).toEqual({ times: [1700000000, 1700000030.5, 1700000090], values: [104857600, 105906176, 107003904] });
    expect(arrays(second!)).toEqual({ times: [1700000060], values: [2.5e8] });
  });

  it('drops NaN and ±Inf samples, naming each by its index in the series', () => {
    const [first, second] = readPrometheus(JSON.stringify(matrix), { source }).series;
    expect(first!.dropped).toBe(1);
    expect(first!.droppedExamples).toEqual([{ line: 3, reason: 'sample 3: value NaN is not finite' }]);
    expect(second!.dropped).toBe(2);
    expect(second!.droppedExamples.map((row) => row.reason)).toEqual([
      'sample 1: value +Inf is not finite',
      'sample 2: value -Inf is not finite',
    ]);
  });

  it('drops malformed samples instead of failing', () => {
    const body = { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[1, '5'], 'junk', [2], [3, '-1']] }] } };
    const series = readPrometheus(JSON.stringify(body), { source }).series[0]!;
    expect(arrays(series)).toEqual({ times: [1], values: [5] });
    expect(series.droppedExamples.map((row) => row.line)).toEqual([2, 3, 4]);
    expect(series.droppedExamples[2]!.reason).toBe('sample 4: value "-1" is negative');
  });

  it('passes warnings and infos into notes', () => {
    const body = { ...matrix, warnings: ['query hit the sample limit'], infos: ['PromQL info: metric might not be a counter'] };
    const result = readPrometheus(JSON.stringify(body), { source });
    expect(result.notes).toEqual([
      'range.json: Prometheus warning: query hit the sample limit',
      'range.json: Prometheus info: PromQL info: metric might not be a counter',
    ]);
  });
});

describe('readPrometheus: vector', () => {
  it('reads an instant query as one sample per series', () => {
    const body = {
      status: 'success',
      data: {
        resultType: 'vector',
        result: [
          { metric: { pod: 'a' }, value: [1700000000.25, '1048576'] },
          { metric: { pod: 'b' }, value: [1700000000.25, 'NaN'] },
        ],
      },
    };
    const [a, b] = readPrometheus(JSON.stringify(body), { source }).series;
    expect(arrays(a!)).toEqual({ times: [1700000000.25], values: [1048576] });
    expect(a!.labels.pod).toBe('a');
    expect(b!.times.length).toBe(0);
    expect(b!.droppedExamples).toEqual([{ line: 1, reason: 'sample 1: value NaN is not finite' }]);
  });
});

describe('readPrometheus: errors', () => {
  it('quotes errorType and error of an error response', () => {
    const body = { status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:5: parse error' };
    const message = leakScoreMessage(() => readPrometheus(JSON.stringify(body), { source }));
    expect(message).toContain('range.json: Prometheus returned an error');
    expect(message).toContain('bad_data');
    expect(message).toContain('invalid parameter "query": 1:5: parse error');
  });

  it('keeps a multi-line error message on one line', () => {
    const body = { status: 'error', errorType: 'execution', error: 'line one\nline two' };
    expect(leakScoreMessage(() => readPrometheus(JSON.stringify(body), { source }))).not.toContain('\n');
  });

  it('refuses results without series and non-JSON input', () => {
    const scalar = { status: 'success', data: { resultType: 'scalar', result: [1700000000, '1'] } };
    expect(leakScoreMessage(() => readPrometheus(JSON.stringify(scalar), { source }))).toContain('resultType "scalar" has no series');
    expect(leakScoreMessage(() => readPrometheus('{"status": ', { source }))).toMatch(/^range\.json is not valid JSON/);
    expect(leakScoreMessage(() => readPrometheus('[]', { source }))).toContain('not a Prometheus API response');
    expect(leakScoreMessage(() => readPrometheus('{"status":"pending","data":{}}', { source }))).toContain('status "pending"');
  });
});

describe('readPrometheus: labels are safe', () => {
  it('keeps a __proto__ label as a plain label without polluting Object.prototype', () => {
    const text = '{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__proto__":"x","constructor":"y","polluted":"z"},"value":[1,"2"]}]}}';
    const labels = readPrometheus(text, { source }).series[0]!.labels;
    expect(Object.keys(labels).sort()).toEqual(['__proto__', 'constructor', 'polluted']);
    expect(labels['__proto__']).toBe('x');
    expect(labels.constructor).toBe('y');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});
