import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInput } from '../../src/samples/index.js';

const fixture = (name: string) => readInput(readFileSync(join('fixtures', name), 'utf8'), { source: name });

describe('fixtures/ (see fixtures/README.md)', () => {
  it('leaking.csv: 240 rows of timestamp,rss_bytes', () => {
    const { format, series } = fixture('leaking.csv');
    expect(format).toBe('csv');
    expect(series[0]!.times.length).toBe(240);
    expect(series[0]!.times[0]).toBe(1732000000);
    expect(series[0]!.dropped).toBe(0);
  });

  it('leaking.jsonl: memoryUsage snapshots, rss picked and ts read as milliseconds', () => {
    const { format, series } = fixture('leaking.jsonl');
    expect(format).toBe('jsonl');
    const first = series[0]!;
    expect(first.times.length).toBe(180);
    expect(first.times[0]).toBe(1732000000);
    expect(first.times[1]).toBe(1732000030);
    expect(first.values[0]).toBe(179523277);
  });

  it('prometheus-two-series.json: two labelled series of 241 points', () => {
    const { format, series } = fixture('prometheus-two-series.json');
    expect(format).toBe('prometheus');
    expect(series.map((s) => s.labels.instance)).toEqual(['api-1:9100', 'api-2:9100']);
    expect(series.map((s) => s.times.length)).toEqual([241, 241]);
    expect(series[0]!.values[0]).toBe(188413020);
  });
});
