import { describe, expect, it } from 'vitest';
import type { AlertEpisode } from '../../src/analysis/seed/alert-rule.js';
import { BucketTrack, type Track } from '../../src/analysis/seed/bucket-track.js';
import { renderRssChart } from '../../src/report/chart.js';
import { foldColumns } from '../../src/report/columns.js';

const MiB = 1048576;

function track(points: Array<[number, number, number?]>, capacity = 2048): Track {
  const t = new BucketTrack(capacity);
  for (const [time, bytes, score = 0] of points) t.push(time, bytes, score);
  return t.snapshot();
}

const plotLines = (chart: string): string[] => chart.split('\n').filter((line) => / MiB [┤┼]/.test(line));

describe('renderRssChart guards', () => {
  it('draws nothing for an empty track and says why for one sample', () => {
    expect(renderRssChart(track([]), { width: 80, height: 10, color: false })).toBe('');
    expect(renderRssChart(track([[0, 100 * MiB]]), { width: 80, height: 10, color: false })).toMatch(/one sample/);
  });

  it('draws a flat series as one line in the middle rows', () => {
    const chart = renderRssChart(
      track(Array.from({ length: 50 }, (_, i) => [i * 30, 150 * MiB] as [number, number])),
      { width: 80, height: 10, color: false },
    );
    const rows = plotLines(chart);
    expect(rows).toHaveLength(10);
    const drawn = rows.filter((line) => /[─╭╮╰╯]/.test(line.slice(12)));
    expect(drawn).toHaveLength(1);
    expect(chart).toContain('150.0');
  });

  it('draws two samples across the whole width', () => {
    const chart = renderRssChart(
      track([
        [0, 100 * MiB],
        [60, 110 * MiB],
      ]),
      { width: 60, height: 6, color: false },
    );
    expect(plotLines(chart)).toHaveLength(6);
    expect(chart).toMatch(/t\+0s.*t\+1m/);
  });

  it('draws nothing rather than throw on non-finite values', () => {
    const bad = track([
      [0, 100 * MiB],
      [30, NaN],
      [60, 120 * MiB],
    ]);
    expect(() => renderRssChart(bad, { width: 80, height: 10, color: false })).not.toThrow();
  });

  it('keeps a one-sample spike when a long series is folded into few columns', () => {
    const points = Array.from({ length: 100_000 }, (_, i) => [i, (i === 54_321 ? 900 : 100) * MiB] as [number, number]);
    const folded = foldColumns(track(points, 256), 40);
    expect(folded).not.toBeNull();
    expect(Math.max(...(folded?.maxMiB ?? []))).toBe(900);
    const chart = renderRssChart(track(points, 256), { width: 50, height: 8, color: false });
    expect(chart).toContain('900.0 MiB');
  });

  it('interpolates columns that no sample reached (a gap in the recording)', () => {
    const folded = foldColumns(
      track([
        [0, 100 * MiB],
        [10, 100 * MiB],
        [1000, 200 * MiB],
      ]),
      10,
    );
    expect(folded?.measured.filter(Boolean)).toHaveLength(2);
    expect(folded?.maxMiB[5]).toBeGreaterThan(100);
    expect(folded?.maxMiB[5]).toBeLessThan(200);
  });

  it('marks pending and firing in a lane under the chart', () => {
    const points = Array.from({ length: 100 }, (_, i) => [i * 60, (100 + i) * MiB, i > 20 ? 0.9 : 0.1] as [number, number, number]);
    const episodes: AlertEpisode[] = [{ name: 'MemoryLeakDetected', activeAt: 21 * 60, firedAt: 36 * 60, resolvedAt: null }];
    const chart = renderRssChart(track(points), { width: 80, height: 8, color: false, episodes, score: true, leakThreshold: 0.8 });
    const lane = chart.split('\n').find((line) => line.startsWith('leak alert')) ?? '';
    expect(lane).toMatch(/^leak alert +░+█+$/);
    const pendingAt = lane.indexOf('░');
    const firingAt = lane.indexOf('█');
    // Pending begins about 21% of the way along, firing about 36%.
    const plotStart = 'leak alert'.length + 1;
    const plotWidth = 80 - plotStart - 1;
    expect((pendingAt - plotStart) / plotWidth).toBeCloseTo(0.21, 1);
    expect((firingAt - plotStart) / plotWidth).toBeCloseTo(0.36, 1);
    expect(chart).toMatch(/0\.80 ┤.*┄/);
  });

  it('colours only when asked', () => {
    const t = track(Array.from({ length: 30 }, (_, i) => [i * 30, (100 + i) * MiB] as [number, number]));
    expect(renderRssChart(t, { width: 80, height: 6, color: false })).not.toContain('\u001b[');
    expect(renderRssChart(t, { width: 80, height: 6, color: true })).toContain('\u001b[36m');
  });
});
