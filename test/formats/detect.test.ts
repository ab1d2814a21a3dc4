import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/formats/detect.js';
import { leakScoreMessage } from './helpers.js';

describe('detectFormat (SPEC §6)', () => {
  it('recognises a Prometheus response, pretty-printed or not, success or error', () => {
    expect(detectFormat('{"status":"success","data":{"resultType":"matrix","result":[]}}')).toBe('prometheus');
    expect(detectFormat('{\n  "status": "success",\n  "data": {"resultType": "vector", "result": []}\n}\n')).toBe('prometheus');
    expect(detectFormat('{"status":"error","errorType":"bad_data","error":"x"}')).toBe('prometheus');
    expect(detectFormat('\uFEFF  {"status":"success","data":{}}')).toBe('prometheus');
  });

  it('takes other input starting with { as JSON Lines', () => {
    expect(detectFormat('{"ts":0,"rss":1}\n{"ts":30,"rss":2}\n')).toBe('jsonl');
    expect(detectFormat('{"ts":0,"rss":1}')).toBe('jsonl');
    expect(detectFormat('\n\n{"status":"ok","rss":1}\n{"bad json')).toBe('jsonl');
  });

  it('takes everything else as CSV', () => {
    expect(detectFormat('timestamp,rss_bytes\n0,1\n')).toBe('csv');
    expect(detectFormat('sep=,\nTime,Value\n')).toBe('csv');
    expect(detectFormat('0\t1\n')).toBe('csv');
  });

  it('refuses empty or whitespace-only input, naming the source', () => {
    expect(leakScoreMessage(() => detectFormat('', 'in.csv'))).toMatch(/^in\.csv is empty: /);
    expect(leakScoreMessage(() => detectFormat(' \n\t\r\n', 'in.csv'))).toMatch(/^in\.csv is empty: /);
    expect(leakScoreMessage(() => detectFormat('\uFEFF', 'in.csv'))).toMatch(/^in\.csv is empty: /);
  });
});
