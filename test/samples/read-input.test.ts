import { describe, expect, it } from 'vitest';
import { readInput } from '../../src/samples/read-input.js';
import { arrays, leakScoreMessage } from '../formats/helpers.js';

describe('readInput', () => {
  it('detects and reads each format', () => {
    expect(readInput('time,rss\n0,1\n', { source: 'a' }).format).toBe('csv');
    expect(readInput('{"ts":0,"rss":1}\n', { source: 'a' }).format).toBe('jsonl');
    const prometheus = readInput('{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[5,"7"]}]}}', { source: 'a' });
    expect(prometheus.format).toBe('prometheus');
    expect(arrays(prometheus.series[0]!)).toEqual({ times: [5], values: [7] });
  });

  it('strips a BOM before detecting', () => {
    const result = readInput('\uFEFF{"ts":0,"rss":1}\n', { source: 'a' });
    expect(result.format).toBe('jsonl');
    expect(arrays(result.series[0]!)).toEqual({ times: [0], values: [1] });
  });

  it('passes column and key choices to the readers', () => {
    const csv = readInput('a,b,c\n0,1,2\n', { source: 'x.csv', timeColumn: 'a', valueColumn: '3' });
    expect(arrays(csv.series[0]!)).toEqual({ times: [0], values: [2] });
    const jsonl = readInput('{"at":0,"m":{"heapUsed":3}}\n', { source: 'x', timeKey: 'at', valueKey: 'm.heapUsed' });
    expect(arrays(jsonl.series[0]!)).toEqual({ times: [0], values: [3] });
  });

  it('obeys a forced --input-format', () => {
    // Read as CSV, a JSON line is one odd row: no usable rows.
    expect(leakScoreMessage(() => readInput('{"ts":0,"rss":1}\n', { source: 'x', inputFormat: 'csv' }))).toContain('x: no time column');
    expect(leakScoreMessage(() => readInput('time,rss\n0,1\n', { source: 'x', inputFormat: 'prometheus' }))).toContain('not valid JSON');
  });

  it('refuses empty input', () => {
    expect(leakScoreMessage(() => readInput('  \n', { source: 'empty.csv' }))).toMatch(/^empty\.csv is empty: /);
    expect(leakScoreMessage(() => readInput('', { source: 'empty.csv', inputFormat: 'jsonl' }))).toMatch(/^empty\.csv is empty: /);
  });

  it('refuses input with no usable row, counting the dropped rows and naming the first', () => {
    const message = leakScoreMessage(() => readInput('time,rss\n0,abc\n30,-1\n', { source: 'bad.csv' }));
    expect(message).toBe(
      'bad.csv: no usable rows (2 dropped, e.g. line 2: value "abc" is not a number); check the columns chosen with --time-col and --value-col',
    );
    expect(leakScoreMessage(() => readInput('time,rss\n', { source: 'head.csv' }))).toBe('head.csv: no usable rows (the input has no data rows)');
    expect(leakScoreMessage(() => readInput('{"ts":0,"rss":"x"}', { source: 'l' }))).toContain('e.g. line 1: value "x" is not a number');
  });

  it('names a Prometheus sample, and an empty query result, plainly', () => {
    const nan = '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"NaN"]]}]}}';
    expect(leakScoreMessage(() => readInput(nan, { source: 'p' }))).toBe('p: no usable rows (1 dropped, e.g. sample 1: value NaN is not finite)');
    const none = '{"status":"success","data":{"resultType":"matrix","result":[]}}';
    expect(leakScoreMessage(() => readInput(none, { source: 'p' }))).toContain('returned no series');
  });

  it('accepts input where only some series have samples', () => {
    const body = '{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"1"},"value":[1,"NaN"]},{"metric":{"a":"2"},"value":[1,"5"]}]}}';
    expect(readInput(body, { source: 'p' }).series).toHaveLength(2);
  });
});
