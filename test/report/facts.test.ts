import { describe, expect, it } from 'vitest';
import { analyse, type Result } from '../../src/analysis/analyse.js';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { commonLabels, projectLimit, summarise, worstFirst } from '../../src/report/facts.js';
import { formatHorizon, formatProjection } from '../../src/report/format.js';
import { makeLabels } from '../../src/series.js';

const MiB = 1048576;

function run(series: Array<{ labels: Record<string, string>; mibAt: (i: number) => number; n?: number }>): Result {
  return analyse(
    {
      source: 'test',
      format: 'csv',
      series: series.map(({ labels, mibAt, n = 240 }) => ({
        labels: makeLabels(Object.entries(labels)),
        times: Float64Array.from({ length: n }, (_, i) => 1732000000 + i * 30),
        values: Float64Array.from({ length: n }, (_, i) => mibAt(i) * MiB),
        dropped: 0,
        droppedExamples: [],
      })),
    },
    DEFAULT_OPTIONS,
  );
}

describe('projectLimit (predict_linear on the final window)', () => {
  it('an exact line reaches the limit when its equation says', () => {
    // +60 MiB/h from 100 MiB: 1 MiB per minute, i.e. 0.5 MiB per 30 s sample.
    const result = run([{ labels: {}, mibAt: (i) => 100 + i * 0.5 }]);
    const series = result.series[0]!;
    const projection = projectLimit(series, 400 * MiB);
    expect(projection.status).toBe('ahead');
    if (projection.status !== 'ahead') return;
    // Last sample: 100 + 239·0.5 = 219.5 MiB at 09:06:10Z; 180.5 MiB more at 1 MiB/min = 10830 s.
    expect(projection.inSeconds).toBeCloseTo(10830, 6);
    expect(projection.at).toBeCloseTo((series.end as number) + 10830, 6);
    expect(formatProjection(projection)).toBe("in 3h 1m, at 2024-11-19 12:06:40Z, on the final window's trend");
  });

  it('past, not growing, no trend', () => {
    const rising = run([{ labels: {}, mibAt: (i) => 100 + i * 0.5 }]).series[0]!;
    expect(projectLimit(rising, 150 * MiB)).toMatchObject({ status: 'past' });
    const falling = run([{ labels: {}, mibAt: (i) => 300 - i * 0.1 }]).series[0]!;
    expect(projectLimit(falling, 400 * MiB)).toMatchObject({ status: 'not-growing' });
    const flat = run([{ labels: {}, mibAt: () => 200 }]).series[0]!;
    expect(projectLimit(flat, 400 * MiB)).toMatchObject({ status: 'not-growing' });
    const few = run([{ labels: {}, mibAt: (i) => 100 + i, n: 5 }]).series[0]!;
    expect(projectLimit(few, 400 * MiB)).toEqual({ status: 'no-trend' });
  });

  it('rounds far horizons to what matters', () => {
    expect(formatHorizon(59.6)).toBe('1m');
    expect(formatHorizon(3 * 3600 + 61)).toBe('3h 1m');
    expect(formatHorizon(3 * 86400 + 5000)).toBe('3d 1h');
    expect(formatHorizon(400 * 86400)).toBe('more than a year');
  });
});

describe('worst first and shared labels', () => {
  it('orders fail, inconclusive, pass, then by score', () => {
    const result = run([
      { labels: { pod: 'flat', job: 'api' }, mibAt: (i) => 150 + (i % 3) },
      { labels: { pod: 'short', job: 'api' }, mibAt: (i) => 150 + i, n: 8 },
      { labels: { pod: 'leak', job: 'api' }, mibAt: (i) => 100 + i * 0.5 },
    ]);
    expect(worstFirst(result.series).map((s) => s.labels.pod)).toEqual(['leak', 'short', 'flat']);
    expect({ ...commonLabels(result.series) }).toEqual({ job: 'api' });
    const summary = summarise(result, null);
    expect(summary.rows.map((row) => ({ ...row.distinct }))).toEqual([{ pod: 'leak' }, { pod: 'short' }, { pod: 'flat' }]);
    expect(summary.limit).toEqual({ bytes: 419430400, source: 'rss-threshold' });
    expect(summary.rows[0]?.firstFiring?.name).toBe('MemoryLeakDetected');
  });
});
