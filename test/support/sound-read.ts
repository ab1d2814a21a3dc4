/**
 * What the reader fuzz tests hold every outcome to: a sound result (finite,
 * non-negative samples, labels without a prototype, dropped rows that add
 * up, one-line notes, no polluted Object.prototype) or a LeakScoreError with
 * a one-line message of sensible length — never another exception.
 */
import { LeakScoreError } from '../../src/errors.js';
import type { ReadResult } from '../../src/series.js';

/** A sound result, or undefined after a one-line LeakScoreError. Anything else fails the property. */
export function outcome(read: () => ReadResult): ReadResult | undefined {
  let result: ReadResult;
  try {
    result = read();
  } catch (error) {
    if (!(error instanceof LeakScoreError)) throw error;
    if (error.message.includes('\n') || error.message.includes('\r')) throw new Error(`multi-line message: ${JSON.stringify(error.message)}`);
    if (error.message.length > 4000) throw new Error(`message of ${error.message.length} characters`);
    return undefined;
  }
  checkSound(result);
  return result;
}

function checkSound(result: ReadResult): void {
  const fail = (what: string): never => {
    throw new Error(`unsound result: ${what}`);
  };
  for (const series of result.series) {
    if (series.times.length !== series.values.length) fail('lengths differ');
    for (const t of series.times) if (!(Number.isFinite(t) && t >= 0)) fail(`time ${t}`);
    for (const v of series.values) if (!(Number.isFinite(v) && v >= 0)) fail(`value ${v}`);
    if (series.droppedExamples.length > Math.min(series.dropped, 5)) fail('too many examples');
    for (const row of series.droppedExamples) {
      if (!(Number.isInteger(row.line) && row.line >= 1)) fail(`line ${row.line}`);
      if (row.reason.includes('\n')) fail('multi-line reason');
    }
    if (series.droppedReasons !== undefined) {
      const counted = series.droppedReasons.reduce((sum, reason) => sum + reason.count, 0);
      if (counted !== series.dropped) fail(`reasons count ${counted}, dropped ${series.dropped}`);
    }
    if (Object.getPrototypeOf(series.labels) !== null) fail('labels have a prototype');
    for (const name of Object.keys(series.labels)) {
      if (typeof Object.getOwnPropertyDescriptor(series.labels, name)?.value !== 'string') fail(`label ${name}`);
    }
  }
  for (const note of result.notes) if (note.includes('\n')) fail('multi-line note');
  if (Object.keys(Object.prototype).length > 0 || ({} as Record<string, unknown>).polluted !== undefined) fail('Object.prototype polluted');
}
