/** The pieces of compare's statistics: MOVER, the floor level, pairing, budgets. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFraction, parseSizeBudget, sizeBudgetBytes } from '../../src/compare/budget.js';
import { floorLevel, median } from '../../src/compare/level.js';
import { differenceInterval } from '../../src/compare/mover.js';
import { pairSeries } from '../../src/compare/pair.js';
import { floorPoints } from '../../src/compare/run-stats.js';
import { makeLabels } from '../../src/series.js';
import { noise } from './synthetic.js';

describe('differenceInterval (MOVER)', () => {
  it('is est ± √(h₁² + h₂²) for symmetric intervals', () => {
    const d = differenceInterval({ value: 10, lower: 7, upper: 13 }, { value: 4, lower: 0, upper: 8 });
    expect(d.value).toBe(6);
    expect(d.lower).toBeCloseTo(6 - 5, 12);
    expect(d.upper).toBeCloseTo(6 + 5, 12);
  });

  it('keeps asymmetry: the lower end uses HEAD’s lower side and BASE’s upper side', () => {
    const d = differenceInterval({ value: 10, lower: 8, upper: 13 }, { value: 4, lower: 3, upper: 5 });
    expect(d.lower).toBeCloseTo(6 - Math.hypot(2, 1), 12);
    expect(d.upper).toBeCloseTo(6 + Math.hypot(3, 1), 12);
  });

  it('always brackets the estimate, and is no narrower than either input', () => {
    const est = fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e5, noNaN: true }), fc.double({ min: 0, max: 1e5, noNaN: true }));
    fc.assert(
      fc.property(est, est, ([hv, hd, hu], [bv, bd, bu]) => {
        const d = differenceInterval({ value: hv, lower: hv - hd, upper: hv + hu }, { value: bv, lower: bv - bd, upper: bv + bu });
        const slack = 1e-9 * (Math.abs(hv) + Math.abs(bv) + 1);
        return d.lower <= d.value + slack && d.value <= d.upper + slack && d.upper - d.lower >= Math.max(hd + hu, bd + bu) - slack;
      }),
    );
  });
});

describe('floorLevel', () => {
  it('is the median of a flat floor, with a standard error that shrinks with more points', () => {
    const random = noise(1);
    const make = (n: number) => {
      const t = Float64Array.from({ length: n }, (_, i) => i * 10);
      const v = Float64Array.from({ length: n }, () => 100 + random());
      return floorLevel(t, v, { bytesPerSecond: 0, standardError: 0 }, 0)!;
    };
    const few = make(20);
    const many = make(2000);
    expect(many.bytes).toBeCloseTo(100.5, 1);
    expect(many.standardErrorBytes).toBeLessThan(few.standardErrorBytes / 5);
  });

  it('moves a rising floor along its slope to the moment asked for', () => {
    const t = Float64Array.from({ length: 50 }, (_, i) => 100 + i * 10);
    const v = Float64Array.from(t, (x) => 1000 + 2 * x);
    const level = floorLevel(t, v, { bytesPerSecond: 2, standardError: 0 }, 100)!;
    expect(level.bytes).toBe(1200);
    expect(level.noiseBytes).toBe(0);
  });

  it('counts a floor whose neighbours move together as fewer points', () => {
    const t = Float64Array.from({ length: 200 }, (_, i) => i);
    const random = noise(3);
    let walk = 0;
    const smooth = Float64Array.from(t, () => (walk = 0.95 * walk + random() - 0.5));
    const rough = Float64Array.from(t, () => random() - 0.5);
    const flat = { bytesPerSecond: 0, standardError: 0 };
    expect(floorLevel(t, smooth, flat, 0)!.effectivePoints).toBeLessThan(floorLevel(t, rough, flat, 0)!.effectivePoints / 3);
  });

  it('adds the slope’s error times the distance moved', () => {
    const t = Float64Array.from({ length: 11 }, (_, i) => i);
    const v = Float64Array.from(t, () => 5);
    expect(floorLevel(t, v, { bytesPerSecond: 0, standardError: 2 }, 0)!.standardErrorBytes).toBeCloseTo(2 * 5, 12);
  });

  it('needs 3 points', () => {
    expect(floorLevel([0, 1], [1, 2], { bytesPerSecond: 0, standardError: 0 }, 0)).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
  });
});

describe('pairSeries', () => {
  const item = (entries: Array<[string, string]>) => ({ labels: makeLabels(entries) });
  it('pairs one series each whatever their labels', () => {
    const pairs = pairSeries([item([['run', 'main']])], [item([['run', 'pr']])], (s) => s.labels);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]!.base).not.toBeNull();
    expect(pairs[0]!.head).not.toBeNull();
  });

  it('keys on the labels that vary within a run, not those every series of a run shares', () => {
    const base = [item([['host', 'ci-1'], ['pod', 'a']]), item([['host', 'ci-1'], ['pod', 'b']])];
    const head = [item([['host', 'ci-9'], ['pod', 'b']]), item([['host', 'ci-9'], ['pod', 'a']])];
    const pairs = pairSeries(base, head, (s) => s.labels);
    expect(pairs.map((p) => [p.key.pod, p.base?.labels.pod, p.head?.labels.pod])).toEqual([
      ['b', 'b', 'b'],
      ['a', 'a', 'a'],
    ]);
  });

  it('leaves unmatched series on their own side', () => {
    const pairs = pairSeries([item([['pod', 'a']]), item([['pod', 'c']])], [item([['pod', 'a']]), item([['pod', 'b']])], (s) => s.labels);
    expect(pairs.map((p) => [p.key.pod, p.base !== null, p.head !== null])).toEqual([
      ['a', true, true],
      ['b', false, true],
      ['c', true, false],
    ]);
  });
});

describe('budgets and floors', () => {
  it('reads level budgets and the tolerance, and refuses nonsense with an example', () => {
    expect(parseSizeBudget('20MiB')).toEqual({ kind: 'absolute', bytes: 20 * 1048576 });
    expect(sizeBudgetBytes(parseSizeBudget('5%'), 200)).toBeCloseTo(10, 12);
    expect(parseFraction('25%')).toBe(0.25);
    expect(() => parseSizeBudget('lots')).toThrow(/give a size, e.g. 20MiB, or a share of BASE's level, e.g. 5%/);
    expect(() => parseFraction('0.25')).toThrow(/give a percentage, e.g. 25%/);
  });

  it('takes the floor of each bucket, leaving out a last bucket under half a width', () => {
    const t = Float64Array.from({ length: 25 }, (_, i) => i);
    const v = Float64Array.from(t, (x) => 100 - (x % 10));
    const floor = floorPoints(t, v, 0, 24, 10);
    expect(Array.from(floor.values)).toEqual([91, 91]);
    expect(Array.from(floor.times)).toEqual([9, 19]);
    expect(Array.from(floorPoints(t, v, 0, 24, 5).values)).toEqual([96, 91, 96, 91, 96]);
  });
});
