/**
 * Seconds → a Prometheus duration literal (`15m`, `1h30m`, `500ms`), for
 * range selectors and rule `for:` fields. Prometheus durations are whole
 * milliseconds with integer unit counts, so `1.5h` must become `1h30m`.
 */
import { LeakScoreError } from '../errors.js';

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['w', 604_800_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
];

/**
 * @example formatPromDuration(5400, '--window') // '1h30m'
 * @example formatPromDuration(0.5, '--leak-for') // '500ms'
 * @example formatPromDuration(0, '--rss-for') // '0s'
 */
export function formatPromDuration(seconds: number, flag: string): string {
  const ms = Math.round(seconds * 1000);
  if (!Number.isFinite(seconds) || seconds < 0 || Math.abs(seconds * 1000 - ms) > 1e-6) {
    throw new LeakScoreError(
      `${flag} ${seconds}s cannot be written as a Prometheus duration; give a whole number of milliseconds, e.g. 90s or 1h30m`,
    );
  }
  if (ms === 0) return '0s';
  let rest = ms;
  let text = '';
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return text;
}
