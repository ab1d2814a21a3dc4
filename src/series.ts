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

/**
 * Dropped rows of one kind (`value is not a number`, `missing time` …): how
 * many, and the first few line numbers (at most MAX_DROPPED_EXAMPLES), so
 * the report can say what went wrong where without listing every row.
 */
export interface DropReason {
  reason: string;
  count: number;
  lines: number[];
}

/** One series as a reader produced it: samples in read order, not yet sorted or de-duplicated. */
export interface RawSeries {
  labels: Labels;
  times: Float64Array;
  values: Float64Array;
  dropped: number;
  droppedExamples: DroppedRow[];
  /** The dropped rows by reason, in order of first appearance (readers built on SeriesBuilder fill it). */
  droppedReasons?: DropReason[];
  /** Restart times known from the data (src/k8s/: restart counters, start times, container ids), sorted; the robust analysis opens a segment at each. */
  restarts?: Float64Array;
}

/** A series after SPEC §1 normalisation: sorted by time, one sample per timestamp. */
export interface Series {
  labels: Labels;
  times: Float64Array;
  values: Float64Array;
  dropped: number;
  droppedExamples: DroppedRow[];
  droppedReasons?: DropReason[];
  duplicates: number;
  restarts?: Float64Array;
}

export type InputFormat = 'csv' | 'jsonl' | 'prometheus' | 'victoriametrics' | 'proc' | 'otlp';

/** Which series `--series` kept (src/samples/select/), for the report's "skipped N series" line. */
export interface Selection {
  /** The matchers as the user gave them. */
  matchers: string;
  /** Series read from the input. */
  total: number;
  /** Series kept, i.e. `series.length` after selection. */
  matched: number;
  /** Series left out: `total - matched`. */
  skipped: number;
}

/**
 * Input lines that belong to no series (a VictoriaMetrics line that is not
 * JSON, a stray row before any header …): counted and named like dropped
 * rows, so `--strict` and the report see them too.
 */
export interface UnattributedDrops {
  dropped: number;
  droppedExamples: DroppedRow[];
  droppedReasons: DropReason[];
}

export interface ReadResult {
  format: InputFormat;
  series: RawSeries[];
  /** Things the report should tell the user, e.g. "times without a zone were read as UTC". */
  notes: string[];
  /** Lines that could not be given to any series; absent when there were none. */
  unattributed?: UnattributedDrops;
  /** Set by `--series` selection; absent when every series was kept without a selector. */
  selection?: Selection;
}
