/**
 * What every format reader produces: samples pushed, as they are read, into
 * one sink per series. The reader decides how many series there are and
 * what they are called (labels may only be known at the end: a CSV's
 * column names label its series only when there are several); the caller
 * decides what a sink does — collect into memory (SeriesBuilder), or replay
 * as it goes (src/pipeline/).
 */
import type { InputFormat, Labels, UnattributedDrops } from '../series.js';

export interface SeriesSink {
  /** A usable sample: seconds since the epoch and bytes, in read order. */
  add(seconds: number, bytes: number): void;
  /** Samples `0 … count − 1` of the arrays, as `add` would take them one by one; the caller reuses the arrays after the call. */
  addBatch(times: Float64Array, values: Float64Array, count: number): void;
  /** A dropped row; `line` is 1-based, `kind` groups it in the tally (see `reasonKind`). */
  drop(line: number, reason: string, kind?: string): void;
}

const ONE_TIME = new Float64Array(1);
const ONE_VALUE = new Float64Array(1);

/** `add` for a sink whose work is done in `addBatch`: the sample as a batch of one. */
export function addOne(sink: Pick<SeriesSink, 'addBatch'>, seconds: number, bytes: number): void {
  ONE_TIME[0] = seconds;
  ONE_VALUE[0] = bytes;
  sink.addBatch(ONE_TIME, ONE_VALUE, 1);
}

/** A sink for the next series the reader finds. */
export type OpenSeries<S extends SeriesSink> = () => S;

export interface ReadEnd<S extends SeriesSink> {
  format: InputFormat;
  /** Each series' sink and its final labels, in the order the series were found. */
  series: Array<{ sink: S; labels: Labels }>;
  notes: string[];
  unattributed?: UnattributedDrops;
}

/** One format's reader: bytes in, chunk by chunk (cut anywhere), samples out into sinks. */
export interface FormatReader<S extends SeriesSink> {
  /**
   * The chunk is only valid during the call: the file source reads every
   * chunk into one reused buffer (byte-source.ts), so a reader copies any
   * bytes it keeps for later.
   */
  feed(chunk: Buffer): void;
  /** No more input: flushes the last line, checks what can only be checked at the end. */
  end(): ReadEnd<S>;
}
