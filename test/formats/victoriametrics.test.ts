import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/formats/detect.js';
import { readInput } from '../../src/samples/read-input.js';
import { readVictoriaMetrics } from '../../src/formats/victoriametrics.js';
import { arrays, leakScoreMessage } from './helpers.js';

const source = 'export.jsonl';
const line = (metric: Record<string, string>, values: unknown[], timestamps: unknown[]) => JSON.stringify({ metric, values, timestamps });
const read = (lines: string[]) => readVictoriaMetrics(lines.join('\n'), { source });

describe('readVictoriaMetrics (SPEC §6)', () => {
  it('reads each line as samples of its label set, timestamps in milliseconds', () => {
    const result = read([line({ __name__: 'rss', job: 'api' }, [100, 200], [1700000000000, 1700000030000])]);
    expect(result.format).toBe('victoriametrics');
    expect(result.series).toHaveLength(1);
    expect(arrays(result.series[0]!)).toEqual({ times: [1700000000, 1700000030], values: [100, 200] });
    expect({ ...result.series[0]!.labels }).toEqual({ __name__: 'rss', job: 'api' });
  });

  it('merges lines with the same label set, whatever the key order', () => {
    const result = read([
      line({ job: 'api', instance: 'a' }, [1, 2], [1000, 2000]),
      line({ job: 'api', instance: 'b' }, [9], [1000]),
      line({ instance: 'a', job: 'api' }, [3], [3000]),
    ]);
    expect(result.series.map((s) => [s.labels.instance, s.times.length])).toEqual([
      ['a', 3],
      ['b', 1],
    ]);
    expect(arrays(result.series[0]!)).toEqual({ times: [1, 2, 3], values: [1, 2, 3] });
  });

  it('drops null, non-finite, negative and unpaired values, naming the line and the position', () => {
    const series = read([line({}, [1, null, -5, 'NaN', 7, 8], [1000, 2000, 3000, 4000, 5000])]).series[0]!;
    expect(arrays(series)).toEqual({ times: [1, 5], values: [1, 7] });
    expect(series.dropped).toBe(4);
    expect(series.droppedExamples).toEqual([
      { line: 1, reason: 'sample 2 of 6: value is null' },
      { line: 1, reason: 'sample 3 of 6: value -5 is negative' },
      { line: 1, reason: 'sample 4 of 6: value NaN is not finite' },
      { line: 1, reason: 'sample 6 of 6: a value without a timestamp' },
    ]);
    expect(series.droppedReasons).toEqual([
      { reason: 'value is null', count: 1, lines: [1] },
      { reason: 'value is negative', count: 1, lines: [1] },
      { reason: 'value is not finite', count: 1, lines: [1] },
      { reason: 'value without a timestamp', count: 1, lines: [1] },
    ]);
  });

  it('counts lines that are not export lines outside every series, and notes them', () => {
    const result = read([line({ a: '1' }, [1], [1000]), '{"metric":', '[1,2]', '']);
    expect(result.series).toHaveLength(1);
    expect(result.unattributed?.dropped).toBe(2);
    expect(result.unattributed?.droppedExamples).toEqual([
      { line: 2, reason: 'invalid JSON' },
      { line: 3, reason: 'not a VictoriaMetrics export line (needs "metric", "values" and "timestamps")' },
    ]);
    expect(result.notes).toEqual(['export.jsonl: 2 lines belong to no series (line 2: invalid JSON)']);
  });

  it('refuses input with no export line at all', () => {
    expect(leakScoreMessage(() => read(['{"ts":1,"rss":2}']))).toContain('no line is a VictoriaMetrics export line');
  });

  it('stores labels without a prototype: __proto__ is a label like any other', () => {
    const series = read([line({ __proto__: 'x', constructor: 'y' } as unknown as Record<string, string>, [1], [1000])]).series[0]!;
    expect(Object.getPrototypeOf(series.labels)).toBeNull();
    expect(Object.getOwnPropertyDescriptor(series.labels, 'constructor')?.value).toBe('y');
    const raw = readVictoriaMetrics('{"metric":{"__proto__":"p"},"values":[1],"timestamps":[1000]}', { source }).series[0]!;
    expect(Object.getOwnPropertyDescriptor(raw.labels, '__proto__')?.value).toBe('p');
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });

  it('is detected from content, one line or many, and honours --unit', () => {
    const text = [line({ a: '1' }, [1], [1000]), line({ a: '2' }, [2], [1000])].join('\n');
    expect(detectFormat(text)).toBe('victoriametrics');
    expect(detectFormat(line({}, [1], [1000]))).toBe('victoriametrics');
    expect(readInput(text, { source, unit: 'KiB' }).series.map((s) => s.values[0])).toEqual([1024, 2048]);
  });
});
