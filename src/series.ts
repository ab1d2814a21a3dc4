/**
 * The data that flows from ingest to replay. Times are seconds since the Unix
 * epoch, values are bytes (SPEC §1).
 */

/** A label set. Always created with a null prototype (see `makeLabels`). */
export type Labels = Readonly<Record<string, string>>;

/** Builds a label set that cannot reach or pollute `Object.prototype`. */
export function makeLabels(entries: Iterable<readonly [string, string]> = []): Labels {
  const labels: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of entries) {
    Object.defineProperty(labels, name, { value, enumerable: true, writable: false, configurable: false });
  }
  return labels;
}

/** A row a reader could not use, for the report (SPEC §1: "names the first few by line number"). */
export interface DroppedRow {
  /** 1-based line number in the input. */
  line: number;
  reason: string;
}

/** How many dropped rows a series keeps as examples. */
export const MAX_DROPPED_EXAMPLES = 5;

/** One series as a reader produced it: samples in read order, not yet sorted or de-duplicated. */
export interface RawSeries {
  labels: Labels;
  times: Float64Array;
  values: Float64Array;
  dropped: number;
  droppedExamples: DroppedRow[];
}

/** A series after SPEC §1 normalisation: sorted by time, one sample per timestamp. */
export interface Series {
  labels: Labels;
  times: Float64Array;
  values: Float64Array;
  dropped: number;
  droppedExamples: DroppedRow[];
  duplicates: number;
}

export type InputFormat = 'csv' | 'jsonl' | 'prometheus';

export interface ReadResult {
  format: InputFormat;
  series: RawSeries[];
  /** Things the report should tell the user, e.g. "times without a zone were read as UTC". */
  notes: string[];
}
