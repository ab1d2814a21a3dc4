import { describe, expect, it } from 'vitest';
import { scanDecimal } from '../../src/formats/number.js';
import { SampleBuffer } from '../../src/samples/sample-buffer.js';
import { SeriesBuilder } from '../../src/samples/series-builder.js';
import { MAX_DROPPED_EXAMPLES } from '../../src/series.js';

describe('SampleBuffer', () => {
  it('grows past its capacity and keeps read order', () => {
    const buffer = new SampleBuffer(2);
    for (let i = 0; i < 1000; i += 1) buffer.push(1000 - i, i * 2);
    expect(buffer.length).toBe(1000);
    const { times, values } = buffer.toArrays();
    expect(times.length).toBe(1000);
    expect(times[0]).toBe(1000);
    expect(times[999]).toBe(1);
    expect(values[500]).toBe(1000);
  });

  it('returns trimmed copies', () => {
    const buffer = new SampleBuffer();
    buffer.push(1, 2);
    const first = buffer.toArrays();
    buffer.push(3, 4);
    expect([...first.times]).toEqual([1]);
    expect([...buffer.toArrays().values]).toEqual([2, 4]);
  });
});

describe('SeriesBuilder', () => {
  it('counts every dropped row but keeps only the first few as examples', () => {
    const builder = new SeriesBuilder();
    builder.add(0, 1);
    for (let line = 1; line <= 20; line += 1) builder.drop(line, `bad ${line}`);
    const series = builder.build();
    expect(series.dropped).toBe(20);
    expect(series.droppedExamples).toHaveLength(MAX_DROPPED_EXAMPLES);
    expect(series.droppedExamples[0]).toEqual({ line: 1, reason: 'bad 1' });
    expect(Object.getPrototypeOf(series.labels)).toBeNull();
  });
});

describe('scanDecimal', () => {
  it('scans only the decimal shape', () => {
    expect(scanDecimal('12.5e3x', 0)).toBe(6);
    expect(scanDecimal('-.5', 0)).toBe(3);
    expect(scanDecimal('1e', 0)).toBe(1);
    expect(scanDecimal('.', 0)).toBe(-1);
    expect(scanDecimal('e5', 0)).toBe(-1);
  });
});
