/**
 * `--budget`: how fast memory may grow before a significant trend counts as
 * a leak (issue 11). A trend can be real and still immaterial — a cache
 * creeping 1 MiB a day — so the robust verdict needs both: significance from
 * the statistics, materiality from the budget. The budget is a rate, so it
 * means the same on a 3-minute soak as on a week of scrapes.
 *
 * Two forms: an absolute rate (`5MiB/h`, `120MB/d`, `1KiB/s`) or a share of
 * the baseline — the post-warm-up floor the trend starts from — per unit of
 * time (`2%/h`), so one setting fits a 60 MiB worker and a 6 GiB JVM.
 */
import { LeakScoreError } from '../../errors.js';

export type Budget =
  | { readonly kind: 'rate'; readonly mibPerHour: number; readonly text: string }
  | { readonly kind: 'share'; readonly percentPerHour: number; readonly text: string };

const MIB = 1048576;

const SIZE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kib: 1024,
  mib: MIB,
  gib: 1024 ** 3,
  ki: 1024,
  mi: MIB,
  gi: 1024 ** 3,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
};

const PER_UNITS: Readonly<Record<string, number>> = {
  s: 3600,
  sec: 3600,
  m: 60,
  min: 60,
  h: 1,
  hr: 1,
  hour: 1,
  d: 1 / 24,
  day: 1 / 24,
};

const EXAMPLE = 'give a rate such as 5MiB/h, 100MB/d or 2%/h (a share of the baseline per hour)';

/**
 * The default budget, chosen from both corpora (docs/soak.md, "Budget"):
 * the slowest real leak in fixtures/corpus/ grows 6 MiB/h and the fastest
 * trend a non-leak keeps after warm-up grows 2–3 MiB/h, so 5 MiB/h sits
 * between them.
 */
export const DEFAULT_BUDGET_TEXT = '5MiB/h';

/**
 * Parses `--budget`. Whitespace is allowed around the parts (`5 MiB / h`);
 * units are case-insensitive; a size without a unit is bytes.
 *
 * @example parseBudget('5MiB/h')  // { kind: 'rate', mibPerHour: 5, text: '5MiB/h' }
 * @example parseBudget('2%/h')    // { kind: 'share', percentPerHour: 2, text: '2%/h' }
 * @example parseBudget('120MB/d') // { kind: 'rate', mibPerHour: 4.768…, … }
 */
export function parseBudget(text: string, flag = '--budget'): Budget {
  const trimmed = text.trim();
  const match = /^(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*(%|[A-Za-z]*)\s*\/\s*([A-Za-z]+)$/.exec(trimmed);
  const bad = (why: string): never => {
    throw new LeakScoreError(`${flag} ${JSON.stringify(text)} is not valid: ${why}`);
  };
  if (match === null) return bad(EXAMPLE);
  const amount = Number(match[1]);
  const unit = (match[2] as string).toLowerCase();
  const per = PER_UNITS[(match[3] as string).toLowerCase()];
  if (per === undefined) return bad(`unknown time unit "${match[3]}"; use /s, /min, /h or /d`);
  if (!Number.isFinite(amount) || !(amount > 0)) return bad(`the rate must be above 0; ${EXAMPLE}`);
  if (unit === '%') {
    const percentPerHour = amount * per;
    if (!Number.isFinite(percentPerHour)) return bad('the rate is too large');
    return { kind: 'share', percentPerHour, text: trimmed };
  }
  const factor = unit === '' ? 1 : SIZE_UNITS[unit];
  if (factor === undefined) return bad(`unknown size unit "${match[2]}"; use B, KiB, MiB, GiB (1024), kB, MB, GB (1000) or %`);
  const mibPerHour = (amount * factor * per) / MIB;
  if (!Number.isFinite(mibPerHour)) return bad('the rate is too large');
  return { kind: 'rate', mibPerHour, text: trimmed };
}

/**
 * The budget in MiB/h for a process whose baseline (its floor after warm-up)
 * is `baselineBytes`. A share of a non-positive or unknown baseline is 0:
 * then any significant growth is over budget, which is the cautious reading.
 */
export function budgetMiBPerHour(budget: Budget, baselineBytes: number): number {
  if (budget.kind === 'rate') return budget.mibPerHour;
  if (!(baselineBytes > 0) || !Number.isFinite(baselineBytes)) return 0;
  return ((budget.percentPerHour / 100) * baselineBytes) / MIB;
}

/** "5 MiB/h budget" or "2 %/h budget (4 MiB/h on the 200 MiB baseline)" — for explanations. */
export function describeBudget(budget: Budget, baselineBytes: number): string {
  if (budget.kind === 'rate') return `${trim(budget.mibPerHour)} MiB/h budget`;
  return `${trim(budget.percentPerHour)} %/h budget (${trim(budgetMiBPerHour(budget, baselineBytes))} MiB/h on the ${trim(baselineBytes / MIB)} MiB baseline)`;
}

function trim(value: number): string {
  return String(+value.toPrecision(value >= 10 ? 3 : 2));
}
