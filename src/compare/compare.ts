/**
 * BASE against HEAD (issue 15): for each pair of series, does HEAD grow
 * faster, or settle higher, than BASE by more than a budget, beyond what
 * the noise of the two runs allows? Pure: normalised series in, a
 * CompareResult out; every reporter renders from it.
 *
 * The statistics, and why:
 * - Growth: each run's Theil–Sen slope on its post-GC floor in the second
 *   half after warm-up (run-stats.ts says why the second half), with Sen's
 *   interval widened by the floor's autocorrelation. The difference's
 *   interval comes from the two by MOVER (mover.ts): the runs are
 *   independent, and Sen's intervals are asymmetric.
 * - Level: each run's floor at one moment — where the later of the two
 *   second halves starts (level.ts) — with a standard error from that
 *   floor's own noise; the difference's interval is normal, z·√(se₁² + se₂²).
 * - Worse means significant: the difference's lower bound is above the
 *   budget. Several tests (two per pair) share one family-wise error rate
 *   `alpha` by Bonferroni: every interval is made at 1 − alpha/tests, so a
 *   fleet of 20 pods does not find a "regression" by chance 1 time in 2.
 * - Inconclusive means something is missing (a side with too little data
 *   after warm-up, a series with no partner), and says what.
 */
import { EXIT_FAIL, EXIT_INCONCLUSIVE, EXIT_PASS } from '../gate.js';
import { formatDuration } from '../report/format.js';
import { normalQuantile } from '../analysis/robust/normal.js';
import type { InputFormat, Labels, Series } from '../series.js';
import { DEFAULT_BUDGET_TEXT } from '../analysis/robust/budget.js';
import { parseRateBudget, rateBudgetMiBPerHour, sizeBudgetBytes, type RateBudget, type SizeBudget } from './budget.js';
import { floorLevel, type Level } from './level.js';
import { differenceInterval, type Estimate } from './mover.js';
import { pairSeries } from './pair.js';
import { runSeriesStats, type RunSeriesStats } from './run-stats.js';
import { plain, withInterval } from './words.js';

const MIB = 1048576;
const HOUR = 3600;

export type CompareVerdict = 'worse' | 'same' | 'inconclusive';

export interface CompareOptions {
  budget: RateBudget;
  levelBudget: SizeBudget;
  /** Share of BASE's own growth HEAD may add on top (run-to-run variation; budget.ts). */
  tolerance: number;
  /** Family-wise error rate of the "worse" findings. */
  alpha: number;
  /** Fixed warm-up from the first sample; null finds it in each run. */
  skipSeconds: number | null;
  stalenessSeconds: number;
  /** Floor bucket; null picks one per run from its span. */
  bucketSeconds: number | null;
  /**
   * What a difference that is not significantly over budget, but whose
   * interval still reaches past it, counts as: `same` (the default: not
   * shown worse) or `inconclusive` (`--unresolved inconclusive`: not shown
   * within budget either — record longer).
   */
  unresolved: 'same' | 'inconclusive';
}

export const DEFAULT_COMPARE_OPTIONS: Readonly<CompareOptions> = Object.freeze<CompareOptions>({
  budget: parseRateBudget(DEFAULT_BUDGET_TEXT),
  levelBudget: { kind: 'relative', fraction: 0.05 },
  tolerance: 0.25,
  alpha: 0.05,
  skipSeconds: null,
  stalenessSeconds: 300,
  bucketSeconds: null,
  unresolved: 'same',
});

export interface RunInput {
  source: string;
  format: InputFormat | null;
  series: readonly Series[];
}

export interface TestResult {
  verdict: CompareVerdict;
  /** HEAD − BASE with its interval; null when one side has no estimate. */
  difference: Estimate | null;
  /** What HEAD may add before it counts (already including the tolerance); null when it cannot be known. */
  budget: number | null;
  /** Whether the interval rules out a difference above the budget (false: a longer run would tell more). */
  resolved: boolean;
  /** One sentence: the finding, or what is missing. */
  reason: string;
}

export interface GrowthTest extends TestResult {
  unit: 'MiB/h';
  base: Estimate | null;
  head: Estimate | null;
}

export interface LevelTest extends TestResult {
  unit: 'MiB';
  /** Seconds after the start of each run's (last) life where both have warmed up: where levels are read. */
  atSeconds: number;
  base: (Level & { mib: Estimate }) | null;
  head: (Level & { mib: Estimate }) | null;
}

export interface PairResult {
  key: Labels;
  base: RunSeriesStats | null;
  head: RunSeriesStats | null;
  growth: GrowthTest | null;
  level: LevelTest | null;
  verdict: CompareVerdict;
  /** Why, in words: the findings that decided, or what is missing. */
  reasons: string[];
}

export interface CompareResult {
  base: { source: string; format: InputFormat | null; series: number };
  head: { source: string; format: InputFormat | null; series: number };
  options: CompareOptions;
  /** Two-sided confidence of every interval shown (Bonferroni-adjusted). */
  confidence: number;
  tests: number;
  pairs: PairResult[];
  notes: string[];
  verdict: CompareVerdict;
  exitCode: number;
}

export const COMPARE_EXIT: Readonly<Record<CompareVerdict, number>> = { worse: EXIT_FAIL, same: EXIT_PASS, inconclusive: EXIT_INCONCLUSIVE };

export function compareRuns(base: RunInput, head: RunInput, options: CompareOptions = DEFAULT_COMPARE_OPTIONS): CompareResult {
  const paired = pairSeries(base.series, head.series, (s) => s.labels);
  const matched = paired.filter((p) => p.base !== null && p.head !== null).length;
  const tests = Math.max(1, 2 * matched);
  const confidence = 1 - options.alpha / tests;
  const statsOptions = { confidence, skipSeconds: options.skipSeconds, stalenessSeconds: options.stalenessSeconds, bucketSeconds: options.bucketSeconds };
  const notes: string[] = [];
  const pairs: PairResult[] = paired.map((pair) => {
    const b = pair.base === null ? null : runSeriesStats(pair.base, statsOptions);
    const h = pair.head === null ? null : runSeriesStats(pair.head, statsOptions);
    if (b === null || h === null) {
      const reason =
        b === null
          ? `HEAD has this series but BASE does not: record it in BASE too, or select the same series in both (--series)`
          : `BASE has this series but HEAD does not: it is not compared`;
      return { key: pair.key, base: b, head: h, growth: null, level: null, verdict: b === null ? 'inconclusive' : 'same', reasons: [reason] };
    }
    return comparePair(pair.key, b, h, options, confidence);
  });
  const dropped = pairs.filter((p) => p.head === null).length;
  if (dropped > 0) notes.push(`${dropped} BASE series ${dropped === 1 ? 'has' : 'have'} no partner in HEAD and ${dropped === 1 ? 'is' : 'are'} not compared`);
  const verdict = combine(pairs.map((p) => p.verdict));
  return {
    base: { source: base.source, format: base.format, series: base.series.length },
    head: { source: head.source, format: head.format, series: head.series.length },
    options,
    confidence,
    tests,
    pairs,
    notes,
    verdict,
    exitCode: COMPARE_EXIT[verdict],
  };
}

function combine(verdicts: readonly CompareVerdict[]): CompareVerdict {
  if (verdicts.includes('worse')) return 'worse';
  if (verdicts.includes('inconclusive') || verdicts.length === 0) return 'inconclusive';
  return 'same';
}

function comparePair(key: Labels, base: RunSeriesStats, head: RunSeriesStats, options: CompareOptions, confidence: number): PairResult {
  const z = normalQuantile(0.5 + confidence / 2);
  const level = compareLevel(base, head, options, z);
  const baseLevelBytes = level?.base?.bytes ?? null;
  const growth = compareGrowth(base, head, options, baseLevelBytes);
  const tests = [growth, level].filter((t): t is GrowthTest | LevelTest => t !== null);
  const verdict = combine(tests.map((t) => t.verdict));
  // Say what decided: the worse findings when worse, what is missing when inconclusive, everything when same.
  const deciding = tests.filter((t) => t.verdict === verdict);
  return { key, base, head, growth, level, verdict, reasons: (deciding.length > 0 ? deciding : tests).map((t) => t.reason) };
}

function decide(difference: Estimate, budget: number, options: CompareOptions): { verdict: CompareVerdict; resolved: boolean } {
  if (difference.lower > budget) return { verdict: 'worse', resolved: true };
  const resolved = difference.upper <= budget;
  return { verdict: resolved || options.unresolved === 'same' ? 'same' : 'inconclusive', resolved };
}

function compareGrowth(base: RunSeriesStats, head: RunSeriesStats, options: CompareOptions, baseLevelBytes: number | null): GrowthTest {
  const b = base.slopeMiBPerHour;
  const h = head.slopeMiBPerHour;
  const common = { unit: 'MiB/h' as const, base: b, head: h };
  if (b === null || h === null) {
    const missing = [b === null ? `BASE: ${base.explanation}` : null, h === null ? `HEAD: ${head.explanation}` : null].filter((s) => s !== null);
    return { ...common, verdict: 'inconclusive', difference: null, budget: null, resolved: false, reason: `growth cannot be compared — ${missing.join('; ')}; record longer` };
  }
  const budgetRate = rateBudgetMiBPerHour(options.budget, baseLevelBytes);
  if (budgetRate === null) {
    return { ...common, verdict: 'inconclusive', difference: null, budget: null, resolved: false, reason: `growth cannot be judged: the budget is a share of BASE's level, and BASE has no level` };
  }
  const budget = Math.max(budgetRate, options.tolerance * Math.max(0, b.value));
  // A floor that falls is settling, and memory cannot fall for ever: a
  // run's fall counts as no growth, so HEAD is never judged against a fall
  // of BASE's it would have to match. Found on two runs of examples/soak's
  // fixed server at 2 min: BASE −23.5 MiB/h, HEAD +9.4 (+1.0 to +32), "worse".
  const difference = differenceInterval(atLeastZero(h), atLeastZero(b));
  const { verdict, resolved } = decide(difference, budget, options);
  const falls = [b.value < 0 ? "BASE's" : null, h.value < 0 ? "HEAD's" : null].filter((x) => x !== null);
  const settling = falls.length > 0 ? `, ${falls.join(' and ')} fall counted as no growth` : '';
  const what = `HEAD grows ${withInterval(difference, 'MiB/h')} vs BASE (budget ${plain(budget, 'MiB/h')}${settling})`;
  const reason = testReason(what, verdict, resolved, 'faster');
  return { ...common, verdict, difference, budget, resolved, reason };
}

/** An estimate with its value and bounds raised to 0 where they fall below it. */
function atLeastZero(e: Estimate): Estimate {
  return { value: Math.max(0, e.value), lower: Math.max(0, e.lower), upper: Math.max(0, e.upper) };
}

/** The sentence after a growth or level test: `beyond` says how HEAD is worse ('faster', 'higher'). */
function testReason(what: string, verdict: string, resolved: boolean, beyond: string): string {
  if (verdict === 'worse') return `${what}: ${beyond} beyond the budget`;
  if (resolved) return `${what}: within the budget`;
  return `${what}: not significantly beyond the budget, though the interval reaches it; a longer run would tell more`;
}

function levelOf(stats: RunSeriesStats, atSeconds: number, z: number): (Level & { mib: Estimate }) | null {
  const slope = stats.slopeMiBPerHour;
  const perSecond = (v: number): number => (v * MIB) / HOUR;
  const slopeArg = slope === null ? { bytesPerSecond: 0, standardError: 0 } : { bytesPerSecond: perSecond(slope.value), standardError: perSecond(slope.upper - slope.lower) / (2 * z) };
  const level = floorLevel(stats.floorOffsets, stats.floorBytes, slopeArg, atSeconds);
  if (level === null) return null;
  const mib = level.bytes / MIB;
  const half = (z * level.standardErrorBytes) / MIB;
  return { ...level, mib: { value: mib, lower: mib - half, upper: mib + half } };
}

function compareLevel(base: RunSeriesStats, head: RunSeriesStats, options: CompareOptions, z: number): LevelTest {
  // Both runs are read at one moment: where the later of their second halves begins.
  const atSeconds = Math.max(base.tailFromSeconds, head.tailFromSeconds);
  const b = levelOf(base, atSeconds, z);
  const h = levelOf(head, atSeconds, z);
  const common = { unit: 'MiB' as const, atSeconds, base: b, head: h };
  if (b === null || h === null) {
    const short = [b === null ? 'BASE' : null, h === null ? 'HEAD' : null].filter((s) => s !== null).join(' and ');
    return { ...common, verdict: 'inconclusive', difference: null, budget: null, resolved: false, reason: `level cannot be compared — ${short} ${short.includes('and') ? 'have' : 'has'} fewer than 3 floor points in the second half after warm-up; record longer` };
  }
  const budgetBytes = sizeBudgetBytes(options.levelBudget, b.bytes) as number;
  const budget = budgetBytes / MIB;
  const value = h.mib.value - b.mib.value;
  const half = (z * Math.hypot(b.standardErrorBytes, h.standardErrorBytes)) / MIB;
  const difference = { value, lower: value - half, upper: value + half };
  const { verdict, resolved } = decide(difference, budget, options);
  const what = `HEAD sits ${withInterval(difference, 'MiB')} vs BASE at +${formatDuration(atSeconds)} (budget ${plain(budget, 'MiB')})`;
  const reason = testReason(what, verdict, resolved, 'higher');
  return { ...common, verdict, difference, budget, resolved, reason };
}
