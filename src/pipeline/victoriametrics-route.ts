/**
 * The VictoriaMetrics route: an export is read a line at a time, so it is
 * never one string whatever its size.
 */
import { analyse, type Result } from '../analyse.js';
import { forEachStreamedLine, type ByteSource } from '../ingest/byte-source.js';
import { finishRead, type ReadOptions } from '../ingest/read-input.js';
import { parseUnit } from '../ingest/value.js';
import { isVictoriaMetricsLine, VictoriaMetricsReader } from '../ingest/victoriametrics.js';
import type { AnalysisOptions } from '../options.js';

/** A VictoriaMetrics export: forced, or a first line that is (or starts like) an export line. */
export function victoriaMetricsCandidate(prefix: Buffer, complete: boolean, read: ReadOptions): boolean {
  if (read.inputFormat !== undefined) return read.inputFormat === 'victoriametrics';
  const text = prefix.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  const newline = text.indexOf('\n');
  if (newline === -1 && complete) return false; // one line: the general reader decides
  if (newline === -1) return /^\{\s*"metric"\s*:/.test(text);
  try {
    return isVictoriaMetricsLine(JSON.parse(text.slice(0, newline)));
  } catch {
    return false;
  }
}

/** VictoriaMetrics exports are read a line at a time: never one string, whatever their size. */
export async function streamVictoriaMetrics(source: ByteSource, read: ReadOptions, options: AnalysisOptions): Promise<Result> {
  const reader = new VictoriaMetricsReader({ source: read.source, unit: read.unit === undefined ? undefined : parseUnit(read.unit) });
  await forEachStreamedLine(source.reopen(), (line, lineNumber) => reader.line(line, lineNumber));
  const result = finishRead(reader.result(), read);
  return analyse({ ...result, source: read.source }, options);
}
