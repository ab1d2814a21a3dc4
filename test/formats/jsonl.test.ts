import { describe, expect, it } from 'vitest';
import { readJsonLines } from '../../src/formats/jsonl.js';
import { arrays, leakScoreMessage } from './helpers.js';

const source = 'samples.jsonl';
const read = (lines: string[], options: { timeKey?: string; valueKey?: string } = {}) =>
  readJsonLines(lines.join('\n'), { source, ...options });
const only = (lines: string[], options: { timeKey?: string; valueKey?: string } = {}) => {
  const result = read(lines, options);
  expect(result.format).toBe('jsonl');
  expect(result.series).toHaveLength(1);
  return result.series[0]!;
};

/** What `JSON.stringify({ t: Date.now(), ...process.memoryUsage() })` writes. */
const memoryUsage = (t: number, rss: number, heapUsed: number) =>
  JSON.stringify({ t, rss, heapTotal: heapUsed * 2, heapUsed, external: 1000, arrayBuffers: 10 });

describe('readJsonLines: keys', () => {
  it('finds time and value keys by name', () => {
    const series = only(['{"ts": 0, "rss": 100}', '{"ts": 30, "rss": 200}']);
    expect(arrays(series)).toEqual({ times: [0, 30], values: [100, 200] });
    expect(Object.keys(series.labels)).toEqual([]);
  });

  it('matches key names case-insensitively and accepts `t`', () => {
    expect(arrays(only(['{"Timestamp": 5, "Memory": 7}']))).toEqual({ times: [5], values: [7] });
    expect(arrays(only(['{"t": 5, "value": 7}']))).toEqual({ times: [5], values: [7] });
  });

  it('reads process.memoryUsage() objects as rss, or another field when named', () => {
    const lines = [memoryUsage(1700000000000, 100, 40), memoryUsage(1700000030000, 200, 50)];
    expect(arrays(only(lines))).toEqual({ times: [1700000000, 1700000030], values: [100, 200] });
    expect(arrays(only(lines, { valueKey: 'heapUsed' }))).toEqual({ times: [1700000000, 1700000030], values: [40, 50] });
  });

  it('finds rss inside a nested memoryUsage object', () => {
    expect(arrays(only(['{"ts": 0, "memory": {"rss": 100, "heapUsed": 5}}']))).toEqual({ times: [0], values: [100] });
    expect(arrays(only(['{"ts": 0, "usage": {"rss": 200, "heapUsed": 5}}']))).toEqual({ times: [0], values: [200] });
  });

  it('follows dotted --value-key and --time-key paths, and literal dotted keys', () => {
    const lines = ['{"at": {"unix": 0}, "memory": {"rss": 100, "heapUsed": 5}}', '{"at": {"unix": 30}, "memory": {"rss": 200, "heapUsed": 6}}'];
    expect(arrays(only(lines, { timeKey: 'at.unix', valueKey: 'memory.heapUsed' }))).toEqual({ times: [0, 30], values: [5, 6] });
    expect(arrays(only(['{"ts": 1, "memory.rss": 9}'], { valueKey: 'memory.rss' }))).toEqual({ times: [1], values: [9] });
  });

  it('accepts numeric strings, ISO times and units', () => {
    const series = only(['{"time": "2024-01-15T10:00:00Z", "rss": "212 MiB"}', '{"time": "1700000000", "rss": "1024"}']);
    expect(arrays(series)).toEqual({ times: [Date.UTC(2024, 0, 15, 10) / 1000, 1700000000], values: [212 * 1024 ** 2, 1024] });
  });

  it('notes zoneless times', () => {
    expect(read(['{"time": "2024-01-15 10:00:00", "rss": 1}']).notes).toEqual(['samples.jsonl: times without a zone were read as UTC']);
  });
});

describe('readJsonLines: bad lines (SPEC §1)', () => {
  it('ignores blank lines but counts them in line numbers; drops and names bad lines', () => {
    const lines = [
      '{"ts": 0, "rss": 100}', // 1
      '', // 2
      '{"ts": 30, "rss": 2', // 3 invalid JSON
      '[1, 2]', // 4 not an object
      '{"ts": 60}', // 5 no value
      '{"ts": 90, "rss": "NaN"}', // 6
      '{"ts": -1, "rss": 5}', // 7
      '{"ts": 120, "rss": null}', // 8
      '   ', // 9
      '{"ts": 150, "rss": 600}', // 10
    ];
    const series = only(lines);
    expect(arrays(series)).toEqual({ times: [0, 150], values: [100, 600] });
    expect(series.dropped).toBe(6);
    expect(series.droppedExamples).toEqual([
      { line: 3, reason: 'invalid JSON' },
      { line: 4, reason: 'not a JSON object' },
      { line: 5, reason: 'no "rss" key' },
      { line: 6, reason: 'value NaN is not finite' },
      { line: 7, reason: 'time -1 is negative' },
    ]);
  });

  it('reads CRLF files', () => {
    const series = readJsonLines('{"ts": 0, "rss": 1}\r\n{"ts": 30, "rss": 2}\r\n', { source }).series[0]!;
    expect(arrays(series)).toEqual({ times: [0, 30], values: [1, 2] });
  });

  it('lists the keys found and names the flag when a key is missing', () => {
    const message = leakScoreMessage(() => read(['{"when": 0, "rss": 1}']));
    expect(message).toContain('samples.jsonl: no time key');
    expect(message).toContain('"when", "rss"');
    expect(message).toContain('--time-key');

    const valueMessage = leakScoreMessage(() => read(['{"ts": 0, "heap": 1}']));
    expect(valueMessage).toContain('--value-key');
  });

  it('says when the key given by a flag is on no line', () => {
    const message = leakScoreMessage(() => read(['{"ts": 0, "rss": 1}'], { valueKey: 'memory.rss' }));
    expect(message).toContain('no line has the key "memory.rss" given by --value-key');
  });
});

describe('readJsonLines: own properties only', () => {
  it('never reads inherited properties such as constructor or toString', () => {
    expect(leakScoreMessage(() => read(['{"ts": 0, "rss": 1}'], { valueKey: 'constructor' }))).toContain('"constructor"');
    expect(leakScoreMessage(() => read(['{"ts": 0, "rss": 1}'], { timeKey: 'toString' }))).toContain('"toString"');
    expect(leakScoreMessage(() => read(['{"ts": 0, "rss": 1}'], { valueKey: 'rss.constructor' }))).toContain('rss.constructor');
  });

  it('reads an own "__proto__" key as data and does not pollute Object.prototype', () => {
    const series = only(['{"ts": 0, "__proto__": {"rss": 5, "polluted": 1}}'], { valueKey: '__proto__.rss' });
    expect(arrays(series)).toEqual({ times: [0], values: [5] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('readJsonLines: ambiguity and nesting (issue 4)', () => {
  it('asks when two keys could both be the value, listing both and naming the flag', () => {
    expect(leakScoreMessage(() => read(['{"ts": 0, "rss": 1, "value": 2}']))).toBe(
      'samples.jsonl: several keys could be the value ("rss", "value"); choose one with --value-key',
    );
    expect(leakScoreMessage(() => read(['{"ts": 0, "a": {"rss": 1}, "b": {"rss": 2}}']))).toContain('("a.rss", "b.rss")');
    expect(arrays(only(['{"ts": 0, "rss": 1, "value": 2}'], { valueKey: 'value' }))).toEqual({ times: [0], values: [2] });
  });

  it('finds --value-key heapUsed inside a nested memoryUsage() object', () => {
    const lines = ['{"time": 1700000000000, "memory": {"rss": 100, "heapUsed": 40}}'];
    expect(arrays(only(lines, { valueKey: 'heapUsed' }))).toEqual({ times: [1700000000], values: [40] });
  });

  it('describes odd values without serialising them (a deeply nested array must not overflow)', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const series = only([`{"ts": 0, "rss": ${deep}}`, '{"ts": {"a": 1}, "rss": 1}', '{"ts": 1, "rss": true}']);
    expect(series.droppedExamples).toEqual([
      { line: 1, reason: 'value is an array, not a number or a string' },
      { line: 2, reason: 'time is an object, not a number or a string' },
      { line: 3, reason: 'value is true, not a number or a string' },
    ]);
  });
});
