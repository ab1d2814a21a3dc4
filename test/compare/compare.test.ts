/** compareRuns on runs of known shape: what is worse, what is the same, what cannot be told. */
import { describe, expect, it } from 'vitest';
import { compareRuns, DEFAULT_COMPARE_OPTIONS } from '../../src/compare/compare.js';
import { parseSizeBudget } from '../../src/compare/budget.js';
import { parseBudget } from '../../src/analysis/robust/budget.js';
import { makeLabels } from '../../src/series.js';
import { run, series, soak } from './synthetic.js';

const HOUR = 3600;

describe('compareRuns', () => {
  it('calls a branch that leaks 120 MiB/h worse than a flat main, on growth', () => {
    const result = compareRuns(run('main', soak(1)), run('branch', soak(2, (t) => (120 * t) / HOUR)));
    expect(result.verdict).toBe('worse');
    expect(result.exitCode).toBe(1);
    const pair = result.pairs[0]!;
    expect(pair.growth?.verdict).toBe('worse');
    // The interval of the difference covers the 120 MiB/h put in.
    expect(pair.growth!.difference!.lower).toBeLessThan(120);
    expect(pair.growth!.difference!.upper).toBeGreaterThan(120);
    expect(pair.reasons.join(' ')).toContain('faster beyond the budget');
  });

  it('calls a branch that sits 30 MiB higher worse on level, not on growth', () => {
    const result = compareRuns(run('main', soak(3)), run('branch', soak(4, () => 30)));
    const pair = result.pairs[0]!;
    expect(pair.verdict).toBe('worse');
    expect(pair.level?.verdict).toBe('worse');
    expect(pair.growth?.verdict).toBe('same');
    expect(pair.level!.difference!.value).toBeGreaterThan(28);
    expect(pair.level!.difference!.value).toBeLessThan(32);
  });

  it('says same for two runs of one flat program, and for a run against itself', () => {
    expect(compareRuns(run('a', soak(5)), run('b', soak(6))).verdict).toBe('same');
    const itself = compareRuns(run('a', soak(7)), run('a', soak(7)));
    expect(itself.verdict).toBe('same');
    expect(itself.pairs[0]!.growth!.difference!.value).toBe(0);
    expect(itself.pairs[0]!.level!.difference!.value).toBe(0);
  });

  it('says same for two runs of one leaking program: both leak alike', () => {
    const leak = (t: number) => (200 * t) / HOUR;
    const result = compareRuns(run('a', soak(8, leak)), run('b', soak(9, leak)));
    expect(result.verdict).toBe('same');
    expect(result.pairs[0]!.growth!.base!.value).toBeGreaterThan(150);
  });

  it('counts a BASE that is still settling (its floor falling) as no growth, not as a rate HEAD must match', () => {
    const result = compareRuns(run('main', soak(12, (t) => (-120 * t) / HOUR)), run('branch', soak(13, (t) => (2 * t) / HOUR)));
    const growth = result.pairs[0]!.growth!;
    expect(growth.base!.value).toBeLessThan(-60);
    // HEAD's own growth against none: within the budget however far BASE fell.
    expect(growth.difference!.value).toBeCloseTo(Math.max(0, growth.head!.value), 9);
    expect(growth.verdict).toBe('same');
    expect(growth.reason).toContain("BASE's fall counted as no growth");
  });

  it('says same when the branch fixes a leak (HEAD better is not worse)', () => {
    expect(compareRuns(run('main', soak(10, (t) => (200 * t) / HOUR)), run('fix', soak(11))).verdict).toBe('same');
  });

  it('rarely calls one flat program worse than itself: at most the family-wise α over 60 seeds', () => {
    let worse = 0;
    for (let seed = 100; seed < 160; seed++) {
      if (compareRuns(run('a', soak(seed)), run('b', soak(seed + 1000))).verdict === 'worse') worse++;
    }
    // α = 0.05 for the pair: 3 of 60 expected at most; allow the binomial's spread.
    expect(worse).toBeLessThanOrEqual(7);
  });

  it('is inconclusive, saying what is missing, when a run is too short', () => {
    const short = series(12, 1, (_t, r) => 100 + r());
    const result = compareRuns(run('main', soak(12)), run('branch', short));
    expect(result.verdict).toBe('inconclusive');
    expect(result.exitCode).toBe(3);
    expect(result.pairs[0]!.reasons.join(' ')).toMatch(/HEAD.*record longer/);
  });

  it('respects the budgets: 10 MiB/h more is worse under 5MiB/h, and same under 50MiB/h with room for the level it reaches', () => {
    const base = run('main', series(4 * HOUR, 15, (_t, r) => 100 + 0.5 * r()));
    const head = run('branch', series(4 * HOUR, 15, (t, r) => 100 + 0.5 * r() + (10 * t) / HOUR, { seed: 2 }));
    expect(compareRuns(base, head).pairs[0]!.growth!.verdict).toBe('worse');
    // Two hours in (where the second halves start) HEAD also sits 20 MiB higher.
    const grown = compareRuns(base, head, { ...DEFAULT_COMPARE_OPTIONS, budget: parseBudget('50MiB/h') }).pairs[0]!;
    expect(grown.growth!.verdict).toBe('same');
    expect(grown.level!.verdict).toBe('worse');
    const roomy = { ...DEFAULT_COMPARE_OPTIONS, budget: parseBudget('50MiB/h'), levelBudget: parseSizeBudget('30MiB') };
    expect(compareRuns(base, head, roomy).verdict).toBe('same');
  });

  it('pairs a fleet by the labels that tell its series apart, and shares α over every test', () => {
    const pod = (name: string, job: string) => makeLabels([['job', job], ['pod', name]]);
    const base = run('main', soak(20, undefined, pod('a', 'main')), soak(21, undefined, pod('b', 'main')));
    const head = run('branch', soak(22, (t) => (150 * t) / HOUR, pod('b', 'pr')), soak(23, undefined, pod('a', 'pr')));
    const result = compareRuns(base, head);
    expect(result.pairs.map((p) => p.key.pod)).toEqual(['b', 'a']);
    expect(result.pairs.map((p) => p.verdict)).toEqual(['worse', 'same']);
    expect(result.tests).toBe(4);
    expect(result.confidence).toBeCloseTo(1 - 0.05 / 4, 12);
    expect(result.verdict).toBe('worse');
  });

  it('is inconclusive when HEAD has a series BASE lacks, and notes a series HEAD dropped', () => {
    const pod = (name: string) => makeLabels([['pod', name]]);
    const result = compareRuns(run('main', soak(30, undefined, pod('a')), soak(31, undefined, pod('c'))), run('branch', soak(32, undefined, pod('a')), soak(33, undefined, pod('b'))));
    expect(result.verdict).toBe('inconclusive');
    const added = result.pairs.find((p) => p.key.pod === 'b')!;
    expect(added.verdict).toBe('inconclusive');
    expect(added.reasons[0]).toContain('BASE does not');
    expect(result.notes.join(' ')).toContain('1 BASE series has no partner');
  });

  it('reads levels after the later warm-up of the two runs', () => {
    // HEAD warms up for 100 s (a cache filling), then sits where BASE sits.
    const warm = (t: number) => (t < 100 ? -40 * (1 - t / 100) : 0);
    const result = compareRuns(run('main', soak(40)), run('branch', soak(41, warm)));
    const level = result.pairs[0]!.level!;
    expect(level.atSeconds).toBeGreaterThan(60);
    expect(result.pairs[0]!.verdict).toBe('same');
  });

  // 10 minutes at 1 s of a Node-like floor: page-sized wobble, and heap-sizing
  // jumps of 10 MiB whose moments differ from run to run.
  const staircase = (seed: number, jumpsAt: number[], creepMiBPerHour: number) =>
    series(600, 1, (t, r) => 70 + 0.1 * Math.round(r()) + 10 * jumpsAt.filter((at) => t >= at).length + (creepMiBPerHour * t) / 3600, { seed });

  it('sets heap-sizing jumps aside: two runs of one program whose jumps fall at different moments are the same', () => {
    const result = compareRuns(run('main', staircase(1, [60, 420], 0)), run('branch', staircase(2, [60, 330], 0)));
    const growth = result.pairs[0]!.growth!;
    expect(result.pairs[0]!.head!.jumps).toBeGreaterThanOrEqual(1);
    expect(Math.abs(growth.head!.value)).toBeLessThan(2);
    expect(growth.verdict).toBe('same');
  });

  it('finds a slow creep regression between the jumps, where a slope through them would see only the jumps', () => {
    const result = compareRuns(run('main', staircase(3, [60, 420], 0)), run('branch', staircase(4, [60, 420], 30)));
    const growth = result.pairs[0]!.growth!;
    expect(growth.head!.value).toBeGreaterThan(20);
    expect(growth.head!.value).toBeLessThan(40);
    expect(growth.verdict).toBe('worse');
  });
});

describe('compareRuns calibration', () => {
  it('on runs whose floor wanders (AR(1) noise) and budgets of 0, calls each test worse about as often as its one-sided level', () => {
    // Sen's interval alone assumes independent points: on this noise it called 8 % of
    // identical pairs worse on growth; widened by the autocorrelation it is near 1.25 %.
    const wander = (seed: number) =>
      series(300, 1, (_t, r) => {
        state.w = 0.9 * state.w + (r() - 0.5);
        return 100 + 3 * state.w + r();
      }, { seed });
    const state = { w: 0 };
    const zero = { ...DEFAULT_COMPARE_OPTIONS, budget: { kind: 'rate' as const, mibPerHour: 0, text: '0MiB/h' }, levelBudget: { kind: 'absolute' as const, bytes: 0 }, tolerance: 0 };
    let growth = 0;
    let level = 0;
    const runs = 200;
    for (let seed = 0; seed < runs; seed++) {
      state.w = 0;
      const a = wander(seed);
      state.w = 0;
      const b = wander(seed + 5000);
      const pair = compareRuns(run('a', a), run('b', b), zero).pairs[0]!;
      if (pair.growth?.verdict === 'worse') growth++;
      if (pair.level?.verdict === 'worse') level++;
    }
    // Nominal: 0.05 / 2 tests, one side of a two-sided interval = 1.25 % each (2.5 of 200).
    expect(growth).toBeLessThanOrEqual(8);
    expect(level).toBeLessThanOrEqual(8);
  });
});
