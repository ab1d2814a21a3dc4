/**
 * What HEAD may add over BASE before compare calls it worse.
 *
 * Growth: `--budget` as in the gate, an absolute rate (`5MiB/h`) or a
 * share of BASE's level per hour (`2%/h`). Level: `--level-budget`, a size
 * (`20MiB`) or a share of BASE's level (`5%`).
 *
 * Two runs of one program never repeat exactly (GC timing, scheduling, the
 * load's own jitter), and one run of each cannot measure how much they
 * differ run to run: each run's interval only covers its own noise. So a
 * leaking BASE also lets HEAD grow faster by `--tolerance` (a share of
 * BASE's own growth) before that counts — the allowance is stated in every
 * report rather than hidden in the statistics.
 */
import { LeakScoreError } from '../errors.js';
import { parseSize } from '../options.js';
import { budgetMiBPerHour, type Budget } from '../analysis/robust/budget.js';

/** The growth budget is the gate's own (src/analysis/robust/budget.ts). */
export type RateBudget = Budget;
export { parseBudget as parseRateBudget } from '../analysis/robust/budget.js';

const MIB = 1048576;

export type SizeBudget = { kind: 'absolute'; bytes: number } | { kind: 'relative'; fraction: number };

/** `20MiB`, `5%`. */
export function parseSizeBudget(text: string, flag = '--level-budget'): SizeBudget {
  const trimmed = text.trim();
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(trimmed);
  if (percent !== null) return { kind: 'relative', fraction: Number(percent[1]) / 100 };
  const bytes = safeSize(trimmed);
  if (bytes !== null && bytes >= 0) return { kind: 'absolute', bytes };
  throw new LeakScoreError(`${flag} ${JSON.stringify(text)} is not valid: give a size, e.g. 20MiB, or a share of BASE's level, e.g. 5%`);
}

/** `25%` → 0.25. */
export function parseFraction(text: string, flag = '--tolerance'): number {
  const match = /^(\d+(?:\.\d+)?)\s*%$/.exec(text.trim());
  if (match === null) throw new LeakScoreError(`${flag} ${JSON.stringify(text)} is not valid: give a percentage, e.g. 25%`);
  return Number(match[1]) / 100;
}

function safeSize(text: string): number | null {
  try {
    return parseSize(text, '--budget');
  } catch {
    return null;
  }
}

/** The rate budget in MiB/h for a BASE sitting at `baseLevelBytes`. */
export function rateBudgetMiBPerHour(budget: RateBudget, baseLevelBytes: number | null): number | null {
  if (budget.kind === 'rate') return budget.mibPerHour;
  return baseLevelBytes === null ? null : budgetMiBPerHour(budget, baseLevelBytes);
}

export function sizeBudgetBytes(budget: SizeBudget, baseLevelBytes: number | null): number | null {
  if (budget.kind === 'absolute') return budget.bytes;
  return baseLevelBytes === null ? null : budget.fraction * baseLevelBytes;
}

export function describeSizeBudget(budget: SizeBudget): string {
  return budget.kind === 'absolute' ? `${+(budget.bytes / MIB).toPrecision(4)} MiB` : `${+(budget.fraction * 100).toPrecision(4)} % of BASE's level`;
}
