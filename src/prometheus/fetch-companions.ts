/**
 * Fetches the companion series of a `--prometheus` query (companions.ts)
 * over the main query's range and step, with the same client (retries,
 * auth, redaction: fetch.ts), and adds them to the fetched document, so
 * `--save` keeps them and reading the document pairs them exactly as a file
 * export holding them all (issue 17).
 *
 * A companion that returns nothing is simply absent (named in the note
 * when others were found); one whose fetch fails is a note, never a failed run: the main series are still scored, only
 * less explained.
 */
import { LeakScoreError } from '../errors.js';
import { belongsTo, planCompanions, workloadKeys } from './companions.js';
import { fetchRange, type FetchRangeOptions, type FetchRangeResult } from './fetch.js';
import type { MatrixDocument, MatrixSeries } from './merge.js';

export interface CompanionFetch {
  /** The main document with the companion series appended (the main one unchanged when none). */
  text: string;
  /** Series in `text`. */
  series: number;
  /** What was fetched, what was absent, what failed: for the report's notes (already redacted). */
  notes: string[];
}

export async function fetchCompanions(request: FetchRangeOptions, main: FetchRangeResult): Promise<CompanionFetch> {
  const document = JSON.parse(main.text) as MatrixDocument;
  const labels = document.data.result.map((series) => series.metric);
  const plan = planCompanions(labels);
  if (plan.length === 0) return { text: main.text, series: main.series, notes: [] };
  const keys = workloadKeys(labels);
  const found = new Map<string, number>();
  const failed: string[] = [];
  const failedNames = new Set<string>();
  const added: MatrixSeries[] = [];
  const warnings = new Set(document.warnings ?? []);
  let strays = 0;
  for (const companion of plan) {
    if (!found.has(companion.name)) found.set(companion.name, 0);
    let fetched: FetchRangeResult;
    try {
      fetched = await fetchRange({ ...request, query: companion.query });
    } catch (error) {
      if (!(error instanceof LeakScoreError)) throw error;
      failed.push(`${companion.name} (${error.message})`);
      failedNames.add(companion.name);
      continue;
    }
    const part = JSON.parse(fetched.text) as MatrixDocument;
    for (const warning of part.warnings ?? []) warnings.add(warning);
    for (const series of part.data.result) {
      if (!belongsTo(keys, series.metric)) {
        strays++;
        continue;
      }
      added.push(series);
      found.set(companion.name, (found.get(companion.name) ?? 0) + 1);
    }
  }
  const notes: string[] = [];
  const got = [...found].filter(([, count]) => count > 0).map(([name, count]) => `${name} (${count} series)`);
  const none = [...found].filter(([name, count]) => count === 0 && !failedNames.has(name)).map(([name]) => name);
  // Nothing found and nothing failed: nothing to say (a plain process without process_start_time_seconds stays as before).
  if (got.length > 0) {
    notes.push(
      `companion series fetched for the same containers: ${got.join(', ')}` +
        (none.length === 0 ? '' : `; none on the server for ${none.join(', ')}`) +
        '; --no-companions fetches only the query',
    );
  }
  if (strays > 0) notes.push(`${strays} companion series of containers the query did not return left out`);
  for (const line of failed) notes.push(`companion ${line} could not be fetched; scored without it`);
  const merged: MatrixDocument = {
    status: 'success',
    data: { resultType: 'matrix', result: [...document.data.result, ...added] },
    ...(warnings.size === 0 ? {} : { warnings: [...warnings] }),
  };
  return { text: JSON.stringify(merged), series: merged.data.result.length, notes };
}
