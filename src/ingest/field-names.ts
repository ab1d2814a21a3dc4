/**
 * Which column (CSV) or key (JSON Lines) holds the time and which the value,
 * when the user has not said (SPEC §6: "found by name"). Names are compared
 * case-insensitively. An exact name wins, in the order listed; otherwise a
 * looser pattern is accepted only if exactly one name fits it.
 */

export const CSV_TIME_NAMES: readonly string[] = ['timestamp', 'time', 'ts', 'date'];
export const JSONL_TIME_NAMES: readonly string[] = ['timestamp', 'time', 'ts', 't', 'date'];
export const VALUE_NAMES: readonly string[] = ['rss', 'rss_bytes', 'value', 'memory', 'mem'];

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
 * another unit (`rss_kb`) are deliberately not matched: their cells would be
 * read as bytes.
 */
export function looksLikeValueName(lower: string): boolean {
  return lower === 'bytes' || lower.endsWith('_bytes') || lower.includes('_bytes{');
}

export type NameMatch =
  | { readonly kind: 'found'; readonly index: number }
  | { readonly kind: 'ambiguous'; readonly indexes: number[] }
  | { readonly kind: 'none' };

/** Finds the index of the name that best fits `exact`, then `loose`. */
export function matchName(
  names: readonly string[],
  exact: readonly string[],
  loose: (lower: string) => boolean,
): NameMatch {
  const lowered = names.map((name) => name.trim().toLowerCase());
  for (const candidate of exact) {
    const index = lowered.indexOf(candidate);
    if (index !== -1) return { kind: 'found', index };
  }
  const indexes: number[] = [];
  lowered.forEach((name, index) => {
    if (loose(name)) indexes.push(index);
  });
  if (indexes.length === 1) return { kind: 'found', index: indexes[0] as number };
  if (indexes.length > 1) return { kind: 'ambiguous', indexes };
  return { kind: 'none' };
}

/** Names for a message: `"a", "b", "c"`, cut short after a dozen. */
export function listNames(names: readonly string[], max = 12): string {
  const shown = names.slice(0, max).map((name) => JSON.stringify(name));
  if (names.length > max) shown.push(`… (${names.length - max} more)`);
  return shown.length === 0 ? '(none)' : shown.join(', ');
}
