/**
 * One rule for "are these KiB?", whatever the file's shape (issue 18): ps
 * and /proc write KiB, and a column of them read as bytes makes a process
 * look absurdly small. A header that names no unit (`timestamp,rss`) and no
 * header at all get the same hint, from the same test on the values: no
 * unit was stated (no --unit, none in a column or key name, not a format
 * with a fixed unit) and every series stays under 4 MiB read as bytes — less
 * than any process being soak-tested (a bare `node` is ~40 MiB; in KiB the
 * same numbers mean up to 4 GiB).
 */
import type { Result } from '../analysis/analyse.js';

export const KIB_HINT_BELOW_BYTES = 4 * 1048576;

/** The hint, or null when the values look like bytes or their unit was stated. */
export function kibHint(result: Result, unitGiven: boolean): string | null {
  if (unitGiven || (result.format !== 'csv' && result.format !== 'jsonl')) return null;
  // The readers note a unit they took from a name ("column "rss_kib" read in KiB …").
  if (result.notes.some((note) => note.includes(' read in '))) return null;
  const maxima = result.series.map((series) => series.rss?.max ?? null);
  if (maxima.length === 0 || maxima.some((max) => max === null || !(max < KIB_HINT_BELOW_BYTES))) return null;
  const largest = Math.max(...(maxima as number[]));
  return (
    `${result.source}: the values were read as bytes, and the largest is ${largest} (under 4 MiB, small for a process); ` +
    'if they are KiB (ps -o rss and /proc write KiB), pass --unit KiB'
  );
}
