/**
 * Restarts read from the data (issue 17), and what they do: one restart
 * seen by several signals is one; the settling window after it is left
 * out; the robust analysis opens a segment there even with no drop.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counterRestarts, instanceRestarts, mergeRestarts, settling, SETTLE_SECONDS, startTimeRestarts, type Restart } from '../../src/k8s/restarts.js';
import { analyseFleet } from '../../src/k8s/index.js';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { analyseRobust } from '../../src/analysis/robust/analyse-robust.js';
import { ROBUST_PROFILE } from '../../src/analysis/robust/options.js';
import { makeLabels, type RawSeries } from '../../src/series.js';

function raw(labels: Record<string, string>, points: Array<[number, number]>): RawSeries {
  return {
    labels: makeLabels(Object.entries(labels)),
    times: Float64Array.from(points, (p) => p[0]),
    values: Float64Array.from(points, (p) => p[1]),
    dropped: 0,
    droppedExamples: [],
  };
}

const MIB = 1048576;

describe('restart signals', () => {
  it('a counter increment is a restart after the last sample that showed the old count', () => {
    const counter = raw({ __name__: 'kube_pod_container_status_restarts_total' }, [[0, 0], [30, 0], [60, 1], [90, 1], [120, 3]]);
    expect(counterRestarts([{ raw: counter, instance: '' }])).toEqual([
      { time: 60, after: 30, signals: ['restart counter'] },
      { time: 120, after: 90, signals: ['restart counter'] },
    ]);
  });

  it('a start time that changes gives the new start itself; a second of jitter does not', () => {
    const start = raw({ __name__: 'process_start_time_seconds' }, [[1000, 900], [1030, 900.4], [1060, 1045], [1090, 1045]]);
    expect(startTimeRestarts([{ raw: start, instance: '' }])).toEqual([{ time: 1045, after: 1030, signals: ['start time'] }]);
  });

  it('each container id after the first, by its first sample, is a new container', () => {
    const a = { raw: raw({}, [[0, 1], [30, 1], [400, 1]]), instance: 'a' };
    const b = { raw: raw({}, [[300, 1], [330, 1]]), instance: 'b' };
    expect(instanceRestarts([b, a])).toEqual([{ time: 300, after: 300, signals: ['new container'] }]);
    // Two instances from the first sample on ran side by side: no restart.
    const c = { raw: raw({}, [[0, 1], [30, 1]]), instance: 'c' };
    expect(instanceRestarts([a, c])).toEqual([]);
  });

  it('signals of one restart merge into one, keeping the earliest time and every signal', () => {
    const merged = mergeRestarts([
      [{ time: 310, after: 280, signals: ['restart counter'] }],
      [{ time: 300, after: 300, signals: ['new container'] }],
      [{ time: 5000, after: 4970, signals: ['start time'] }],
    ]);
    expect(merged).toEqual([
      { time: 300, after: 280, signals: ['new container', 'restart counter'] },
      { time: 5000, after: 4970, signals: ['start time'] },
    ]);
  });

  it('property: merged restarts are sorted and at least the settling time apart', () => {
    const restart = fc.integer({ min: 0, max: 100_000 }).map((time): Restart => ({ time, after: time - 30, signals: ['restart counter'] }));
    fc.assert(
      fc.property(fc.array(fc.array(restart, { maxLength: 8 }), { maxLength: 3 }), (lists) => {
        const merged = mergeRestarts(lists);
        for (let i = 1; i < merged.length; i++) expect((merged[i]?.time ?? 0) - (merged[i - 1]?.time ?? 0)).toBeGreaterThanOrEqual(SETTLE_SECONDS);
        expect(merged.length).toBeLessThanOrEqual(lists.flat().length);
      }),
    );
  });

  it('the settling window runs from after the last old sample to 5 minutes after the restart', () => {
    const restarts = [{ time: 600, after: 570, signals: ['restart counter' as const] }];
    expect(settling(570, restarts)).toBe(false);
    expect(settling(580, restarts)).toBe(true);
    expect(settling(600 + SETTLE_SECONDS - 1, restarts)).toBe(true);
    expect(settling(600 + SETTLE_SECONDS, restarts)).toBe(false);
  });
});

describe('restarts reach the robust analysis', () => {
  it('a reported restart opens a segment with no drop at all (cause "reported")', () => {
    const times = Array.from({ length: 400 }, (_, i) => i * 30);
    const values = times.map(() => 200 * MIB);
    const opinion = analyseRobust(times, values, ROBUST_PROFILE, { restartTimes: [6000] });
    expect(opinion.segments.map((segment) => segment.cause)).toEqual(['start', 'reported']);
    expect(opinion.segments[1]?.start).toBe(6000);
    expect(analyseRobust(times, values, { ...ROBUST_PROFILE, restarts: false }, { restartTimes: [6000] }).segments).toHaveLength(1);
  });

  it('a plain process: process_start_time_seconds pairs with process_resident_memory_bytes by job and instance', () => {
    const labels = { job: 'api', instance: 'api-1:9100' };
    const rss: Array<[number, number]> = [];
    const start: Array<[number, number]> = [];
    for (let i = 0; i < 480; i++) {
      const t = 1_732_000_000 + i * 30;
      const run = i < 240 ? 0 : 1;
      // Each run grows a little then holds; the second starts lower than the first ends.
      rss.push([t, (150 + Math.min(20, (i - run * 240) * 0.2)) * MIB]);
      start.push([t, run === 0 ? 1_731_999_000 : 1_732_000_000 + 240 * 30 - 5]);
    }
    const other = raw({ __name__: 'process_resident_memory_bytes', job: 'api', instance: 'api-2:9100' }, rss);
    const result = analyseFleet(
      {
        source: 'x',
        format: 'prometheus',
        notes: [],
        series: [raw({ __name__: 'process_resident_memory_bytes', ...labels }, rss), raw({ __name__: 'process_start_time_seconds', ...labels }, start), other],
      },
      DEFAULT_OPTIONS,
    );
    expect(result?.series).toHaveLength(2);
    const paired = result?.series.find((series) => series.labels.instance === 'api-1:9100');
    expect(paired?.explanation?.hints).toContain('restarts');
    expect(paired?.explanation?.sentences.join(' ')).toMatch(/Restarted once: .*\(start time\)/);
    expect(paired?.samples).toBe(480 - 10);
    // api-2 has no start time: nothing was left out.
    expect(result?.series.find((series) => series.labels.instance === 'api-2:9100')?.samples).toBe(480);
  });
});
