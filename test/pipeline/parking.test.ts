/**
 * A fleet's series parked when they go quiet (src/pipeline/parking.ts) must
 * give exactly what they give when every series stays live: parked and
 * never fed again, parked and resumed, parked when its log is too long.
 * The reading thread's side (QuietWatch, RemoteSeries) runs end to end in
 * test/pipeline-thread.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParkableAnalysis, QuietWatch } from '../../src/pipeline/parking.js';
import { SeriesAnalysis, type DropCounts } from '../../src/pipeline/series-analysis.js';
import { DEFAULT_OPTIONS, type AnalysisOptions } from '../../src/options.js';
import { ROBUST_PROFILE } from '../../src/analysis/robust/options.js';
import { makeLabels } from '../../src/series.js';
import { pooledFloat64Bytes } from '../../src/analysis/float-pool.js';

const MIB = 1048576;

const PROFILES: Array<[string, AnalysisOptions]> = [
  ['seed', DEFAULT_OPTIONS],
  ['robust', { ...DEFAULT_OPTIONS, robust: ROBUST_PROFILE }],
  ['--skip auto', { ...DEFAULT_OPTIONS, robust: { ...ROBUST_PROFILE, profile: 'seed', skipAuto: true, seedSkipAuto: true } }],
];

/** A day of 30 s samples, one series' worth. */
function day(series: number): { times: Float64Array; values: Float64Array } {
  const times = new Float64Array(2880);
  const values = new Float64Array(2880);
  for (let i = 0; i < 2880; i++) {
    times[i] = 1_767_225_600 + 30 * i;
    values[i] = (200 + series) * MIB + 4096 * ((i * 31) % 50);
  }
  return { times, values };
}

// First in the file, while the thread's pool is as this file's module graph made it (vitest isolates files).
describe('ParkableAnalysis', () => {
  it('gives the state of a parked series back, for the next series to take', () => {
    const open = (): SeriesAnalysis => new SeriesAnalysis({ ...DEFAULT_OPTIONS, robust: ROBUST_PROFILE });
    const first = new ParkableAnalysis(open);
    const { times, values } = day(0);
    first.pushEach(times, values, times.length);
    const before = pooledFloat64Bytes();
    first.park();
    expect(first.isParked).toBe(true);
    // Its chart track, whole-run block and robust buckets went back to the pool:
    // seed, 5 track columns of 2048 and a 2 × 4096 block (144 KiB); robust, 6 columns of 2048 fine buckets (96 KiB).
    const released = pooledFloat64Bytes() - before;
    expect(released).toBeGreaterThanOrEqual(240 * 1024);
    // … and a new series takes its arrays from there.
    new ParkableAnalysis(open).pushEach(times, values, times.length);
    expect(pooledFloat64Bytes()).toBeLessThan(before + released);
  });

  it('resumes a parked series that gets more samples, and is not parked again', () => {
    const series = new ParkableAnalysis(() => new SeriesAnalysis(DEFAULT_OPTIONS));
    const { times, values } = day(0);
    series.pushEach(times.subarray(0, 100), values.subarray(0, 100), 100);
    series.park();
    expect(series.isParked).toBe(true);
    series.pushEach(times.subarray(100, 200), values.subarray(100, 200), 100);
    expect(series.isParked).toBe(false);
    series.park();
    expect(series.isParked).toBe(false);
  });

  it('stays live when its log outgrew the limit', () => {
    const series = new ParkableAnalysis(() => new SeriesAnalysis(DEFAULT_OPTIONS), 4096);
    const { times, values } = day(0);
    series.pushEach(times, values, times.length);
    series.park();
    expect(series.isParked).toBe(false);
  });
});

/** Times rising by 30 s, now and then by an hour (a gap) or a fraction; values with restarts, steps, fractions and noise. */
const seriesArbitrary = fc
  .record({ length: fc.integer({ min: 0, max: 700 }), seed: fc.integer({ min: 0, max: 1000 }) })
  .map(({ length, seed }) => {
    const times = new Float64Array(length);
    const values = new Float64Array(length);
    let time = 1_767_225_600 + seed;
    let rss = (150 + (seed % 40)) * MIB;
    for (let i = 0; i < length; i++) {
      const k = (i * 7919 + seed * 31) % 97;
      time += k === 1 ? 3600 : k === 3 ? 0.25 : 30;
      rss = k === 2 ? 100 * MIB : k === 4 ? rss + 0.5 : rss + 4096 * ((k % 13) - 5) + (k === 5 ? 40 * MIB : 0);
      times[i] = time;
      values[i] = rss;
    }
    return { times, values };
  });

const NO_DROPS: DropCounts = { count: 0, droppedExamples: [], droppedReasons: [], duplicates: 0 };
const SOME_DROPS: DropCounts = {
  count: 2,
  droppedExamples: [{ line: 3, reason: 'value "x" is not a number' }],
  droppedReasons: [{ reason: 'value is not a number', count: 2, lines: [3, 9] }],
  duplicates: 4,
};

describe.each(PROFILES)('ParkableAnalysis (%s)', (_name, options) => {
  it('gives what a live series gives, parked or not, resumed or not', () => {
    fc.assert(
      fc.property(
        seriesArbitrary,
        fc.array(fc.record({ at: fc.nat(700), park: fc.boolean() }), { maxLength: 6 }),
        fc.constantFrom(300, 4096, Infinity),
        fc.constantFrom(NO_DROPS, SOME_DROPS),
        ({ times, values }, cuts, logLimit, drops) => {
          const live = new SeriesAnalysis(options);
          const parkable = new ParkableAnalysis(() => new SeriesAnalysis(options), logLimit);
          let from = 0;
          for (const { at, park } of [...cuts.filter((cut) => cut.at < times.length)].sort((a, b) => a.at - b.at)) {
            if (at > from) {
              live.pushEach(times.subarray(from, at), values.subarray(from, at), at - from);
              parkable.pushEach(times.subarray(from, at), values.subarray(from, at), at - from);
              from = at;
            }
            if (park) parkable.park();
          }
          live.pushEach(times.subarray(from), values.subarray(from), times.length - from);
          parkable.pushEach(times.subarray(from), values.subarray(from), times.length - from);
          if (cuts.some((cut) => cut.park)) parkable.park();
          const labels = makeLabels([['pod', 'a']]);
          expect(parkable.finish(labels, drops)).toStrictEqual(live.finish(labels, drops));
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('QuietWatch', () => {
  it('names a series once more than `after` samples of others were fed since its last ones, and only once', () => {
    const watch = new QuietWatch<string>(100);
    expect(watch.fed('a', 50, true)).toBeNull();
    expect(watch.fed('b', 60, true)).toBeNull();
    expect(watch.fed('b', 40, true)).toBeNull(); // 100 since a: not yet
    expect(watch.fed('c', 1, true)).toEqual(['a']);
    expect(watch.fed('c', 500, true)).toEqual(['b']);
    expect(watch.fed('c', 500, true)).toBeNull();
  });

  it('does not watch a series fed with watch false, and forgets one fed so', () => {
    const watch = new QuietWatch<string>(10);
    watch.fed('a', 1, true);
    watch.fed('a', 1, false);
    watch.fed('b', 1, false);
    expect(watch.fed('c', 100, true)).toBeNull();
  });

  it('follows series fed in turns, one sample each, without naming any while they take turns', () => {
    const watch = new QuietWatch<number>(499);
    for (let round = 0; round < 20; round++) for (let s = 0; s < 500; s++) expect(watch.fed(s, 1, true)).toBeNull();
    const pods = new QuietWatch<number>(498);
    for (let s = 0; s < 500; s++) pods.fed(s, 1, true);
    expect(pods.fed(0, 1, true)).toEqual([1]);
  });
});
