/**
 * The robust opinion on synthetic series with known shapes (30 s samples,
 * deterministic noise), and its cost bound.
 */
import { describe, expect, it } from 'vitest';
import { analyseRobust } from '../../../src/analysis/robust/analyse-robust.js';
import { ROBUST_PROFILE } from '../../../src/analysis/robust/options.js';
import { noise } from '../../support/noise.js';

const MIB = 1048576;

/** `hours` of 30 s samples of `mib(tHours, random)`. */
function series(hours: number, mib: (h: number, r: number) => number, seed = 1): { times: Float64Array; values: Float64Array } {
  const random = noise(seed);
  const n = Math.round((hours * 3600) / 30);
  const times = Float64Array.from({ length: n }, (_, i) => 1.7e9 + i * 30);
  const values = Float64Array.from({ length: n }, (_, i) => mib((i * 30) / 3600, random()) * MIB);
  return { times, values };
}

/** A GC sawtooth: +amplitude over a `periodHours` cycle, then back down. */
const saw = (h: number, amplitude: number, periodHours: number): number => amplitude * ((h % periodHours) / periodHours);

describe('analyseRobust', () => {
  it('finds a slow leak under a GC sawtooth that least squares misses', () => {
    const { times, values } = series(8, (h, r) => 200 + 8 * h + saw(h, 60, 0.12) + r);
    const opinion = analyseRobust(times, values, ROBUST_PROFILE);
    expect(opinion.verdict).toBe('leak');
    const trend = opinion.segments[0]?.trend;
    expect(trend?.theilSen.slopeMiBPerHour).toBeGreaterThan(7);
    expect(trend?.theilSen.slopeMiBPerHour).toBeLessThan(9);
    expect(opinion.explanation).toMatch(/^leak: Theil–Sen slope 8\.\d MiB\/h/);
  });
  it('passes a sawtooth without a leak', () => {
    const { times, values } = series(8, (h, r) => 200 + saw(h, 80, 0.15) + 2 * r);
    expect(analyseRobust(times, values, ROBUST_PROFILE).verdict).toBe('no-leak');
  });
  it('skips a cache warm-up and passes the flat level after it', () => {
    const { times, values } = series(8, (h, r) => 100 + 80 * Math.min(h, 1.5) + saw(h, 10, 0.1) + r);
    const opinion = analyseRobust(times, values, ROBUST_PROFILE);
    expect(opinion.verdict).toBe('no-leak');
    expect(opinion.segments[0]?.warmupSeconds).toBeGreaterThan(1.2 * 3600);
    expect(opinion.explanation).toMatch(/after skipping/);
  });
  it('reports a one-off step with a flat level after it as a step', () => {
    const { times, values } = series(8, (h, r) => 150 + (h > 5 ? 120 * Math.min(1, (h - 5) / 0.3) : 0) + saw(h, 5, 0.1) + r);
    const opinion = analyseRobust(times, values, { ...ROBUST_PROFILE, skipAuto: false });
    expect(opinion.verdict).toBe('no-leak');
    expect(opinion.segments[0]?.finding).toBe('step');
    expect(opinion.explanation).toMatch(/one-off step of 1[12]\d MiB/);
  });
  it('splits at a restart and judges the running process', () => {
    const { times, values } = series(8, (h, r) => (h < 4 ? 60 + 40 * h : 60 + 40 * (h - 4)) + saw(h, 8, 0.1) + r);
    const opinion = analyseRobust(times, values, ROBUST_PROFILE);
    expect(opinion.segments.map((s) => s.cause)).toEqual(['start', 'drop']);
    expect(opinion.decidedBy).toEqual([1]);
    expect(opinion.verdict).toBe('leak');
    expect(opinion.explanation).toMatch(/in the last of 2 segments/);
  });
  it('lets a judged life decide when only a short rise follows a drop (no pooling over it)', () => {
    // 7 h flat, then a fall below half (a big GC free that looks like a
    // restart) and a batch built for the last 45 min: too short alone.
    const { times, values } = series(7.75, (h, r) => (h < 7 ? 200 : 60 + 120 * (h - 7)) + r);
    const opinion = analyseRobust(times, values, ROBUST_PROFILE);
    expect(opinion.segments.map((s) => s.cause)).toEqual(['start', 'drop']);
    expect(opinion.segments[1]?.finding).toBe('too-short');
    expect(opinion.decidedBy).toEqual([0]);
    expect(opinion.pooled).toBeNull();
    expect(opinion.verdict).toBe('no-leak');
    expect(opinion.explanation).toMatch(/in the last judgeable of 2 segments .*the one after it is too short to judge/);
  });
  it('still pools lives that are all too short alone (a crash loop)', () => {
    // Restarted every 30 min, each life leaking 100 MiB/h from 40 MiB: no life has 8 floor points.
    const { times, values } = series(8, (h, r) => 40 + 100 * (h % 0.5) + r);
    const opinion = analyseRobust(times, values, ROBUST_PROFILE);
    expect(opinion.segments.length).toBeGreaterThan(2);
    expect(opinion.decidedBy.length).toBeGreaterThan(1);
    expect(opinion.pooled).not.toBeNull();
    expect(opinion.explanation).toMatch(/pooled within segments/);
  });
  it('pooled short lives get the tail check: a cache filled at every start, then flat, is no leak', () => {
    // Restarted every 3 h for 12 h (24 min floor buckets: 7 a life, too few alone);
    // each life fills its cache over its first 72 min, then sits flat.
    const { times, values } = series(12, (h, r) => 40 + 60 * Math.min(1, (h % 3) / 1.2) + 0.3 * r);
    const opinion = analyseRobust(times, values, ROBUST_PROFILE);
    expect(opinion.decidedBy.length).toBeGreaterThan(1);
    expect(opinion.pooled?.mannKendall.pIncreasing).toBeLessThan(ROBUST_PROFILE.alpha);
    expect(opinion.verdict).toBe('no-leak');
    expect(opinion.explanation).toMatch(/the rise stops within each/);
  });
  it('pooled short lives that leak to the end of each are a leak', () => {
    // Restarted every 2 h; each life grows 50 MiB/h until it is killed.
    const { times, values } = series(10, (h, r) => 40 + 50 * (h % 2) + 0.3 * r);
    const opinion = analyseRobust(times, values, ROBUST_PROFILE);
    expect(opinion.decidedBy.length).toBeGreaterThan(1);
    expect(opinion.verdict).toBe('leak');
  });
  it('passes a process that falls after a big free', () => {
    const { times, values } = series(6, (h, r) => (h < 1 ? 400 : 120) + r);
    expect(analyseRobust(times, values, ROBUST_PROFILE).verdict).toBe('no-leak');
  });
  it('is inconclusive with too few samples, and says how much longer to record', () => {
    // 20 samples: 8 floor points of 5 samples each need 40.
    const { times, values } = series(20 / 120, (h) => 100 + 50 * h);
    const opinion = analyseRobust(times, values, ROBUST_PROFILE);
    expect(opinion.verdict).toBe('inconclusive');
    expect(opinion.needs?.afterWarmupSeconds).toBe(8 * 5 * 30);
    expect(opinion.needs?.hadSeconds).toBe(19 * 30);
    expect(opinion.explanation).toMatch(/needs ≥ 20 min after warm-up; this recording has 9 min 30 s/);
  });
  it('judges half an hour of 30 s samples: the evidence is counted in samples, not minutes', () => {
    const { times, values } = series(0.5, (h) => 100 + 50 * h);
    expect(analyseRobust(times, values, ROBUST_PROFILE).verdict).toBe('leak');
  });
  it('reduces a week of 1 s samples to a few floor points', () => {
    const n = 7 * 86400;
    const times = Float64Array.from({ length: n }, (_, i) => 1.7e9 + i);
    const values = Float64Array.from({ length: n }, (_, i) => (300 + (8 * i) / 3600 + ((i % 600) / 600) * 30) * MIB);
    const opinion = analyseRobust(times, values, ROBUST_PROFILE);
    expect(opinion.verdict).toBe('leak');
    expect(opinion.bucketSeconds).toBeCloseTo((n - 1) / ROBUST_PROFILE.targetBuckets, 6);
    expect(opinion.segments[0]?.trend?.points).toBeLessThanOrEqual(ROBUST_PROFILE.targetBuckets);
  });
});
