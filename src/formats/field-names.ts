/**
 * Which column (CSV) or key (JSON Lines) holds the time and which the value,
 * when the user has not said (SPEC §6: "found by name"). Names are compared
 * case-insensitively, in tiers: a name from the list; then (values only) a
 * listed name with a unit (`rss_kib`, `Memory (MiB)`); then a looser
 * pattern. The first tier with any match decides, and it must have exactly
 * one: two columns that could both be the value (`rss` and `value`, or
 * `rss_kb` and `rss_mb`) are never resolved silently, the caller asks.
 */
import { quoteInput } from './text.js';
import { unitFromName } from './value.js';

export const CSV_TIME_NAMES: readonly string[] = ['timestamp', 'time', 'ts', 'date'];
export const JSONL_TIME_NAMES: readonly string[] = ['timestamp', 'time', 'ts', 't', 'date'];
export const VALUE_NAMES: readonly string[] = ['rss', 'rss_bytes', 'value', 'memory', 'mem', 'vmrss'];

/** Looser time names: `time_utc`, `timestamp_ms`, `sample_time`, `unix_ts`, `datetime`. */
export function looksLikeTimeName(lower: string): boolean {
  return (
    lower.startsWith('time') ||
    lower.endsWith('_time') ||
    lower.endsWith('_ts') ||
    lower.endsWith('timestamp') ||
    lower === 'datetime'
  );
}

/**
 * Looser value names: anything in bytes (`process_resident_memory_bytes`,
 * also as a Grafana column with labels `…_bytes{pod="a"}`). Names carrying
 * another unit are matched by the unit tier instead, which also scales them.
 */
export function looksLikeValueName(lower: string): boolean {
  return lower === 'bytes' || lower.endsWith('_bytes') || lower.includes('_bytes{');
}

export type NameMatch =
  | { readonly kind: 'found'; readonly index: number }
  | { readonly kind: 'ambiguous'; readonly indexes: number[] }
  | { readonly kind: 'none' };

export interface MatchOptions {
  /** Also accept a listed name followed by a unit (`rss_kib`): for values. */
  withUnits?: boolean;
  /** Skip these indexes (a column already taken by the time). */
  exclude?: ReadonlySet<number>;
}

/** Finds the index of the one name that fits `exact`, else a listed name with a unit, else `loose`. */
export function matchName(
  names: readonly string[],
  exact: readonly string[],
  loose: (lower: string) => boolean,
  options: MatchOptions = {},
): NameMatch {
  const lowered = names.map((name) => name.trim().toLowerCase());
  const tiers: Array<(lower: string) => boolean> = [(lower) => exact.includes(lower)];
  if (options.withUnits === true) {
    tiers.push((lower) => {
      const named = unitFromName(lower);
      return named !== undefined && exact.includes(named.base);
    });
  }
  tiers.push(loose);
  for (const fits of tiers) {
    const indexes: number[] = [];
    lowered.forEach((name, index) => {
      if (options.exclude?.has(index) !== true && fits(name)) indexes.push(index);
    });
    if (indexes.length === 1) return { kind: 'found', index: indexes[0] as number };
    if (indexes.length > 1) return { kind: 'ambiguous', indexes };
  }
  return { kind: 'none' };
}

/** The first name equal to `chosen` (case-insensitive): what a flag names is never ambiguous. */
export function findChosen(names: readonly string[], chosen: string): number | undefined {
  const wanted = chosen.trim().toLowerCase();
  const index = names.findIndex((name) => name.trim().toLowerCase() === wanted);
  return index === -1 ? undefined : index;
}

/** Names for a message: `"a", "b", "c"`, each cut at 40 characters, the list after a dozen. */
export function listNames(names: readonly string[], max = 12): string {
  const shown = names.slice(0, max).map((name) => quoteInput(name));
  if (names.length > max) shown.push(`… (${names.length - max} more)`);
  return shown.length === 0 ? '(none)' : shown.join(', ');
}
