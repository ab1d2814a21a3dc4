/**
 * `/proc/<pid>/status` sampler logs (SPEC §1: "/proc/*\/status … report
 * KiB"). Two shapes, as shell loops write them:
 *
 *   while sleep 30; do echo "$(date +%s) $(grep VmRSS /proc/$PID/status)"; done
 *   1732000000 VmRSS:	  184320 kB
 *
 *   while sleep 30; do date -u +%FT%TZ; cat /proc/$PID/status; done
 *   2024-11-19T07:06:40Z
 *   Name:	node
 *   …
 *   VmRSS:	  184320 kB
 *
 * The time before `VmRSS:` on its line (epoch number, ISO 8601, or `date`'s
 * default `Tue Nov 19 07:06:40 UTC 2024`), or else the last line that is only
 * a time, stamps the sample. The kernel's "kB" is KiB (1024 bytes), whatever
 * SI says, and a bare number is KiB too unless `--unit` says otherwise.
 * Other `Key: value` status lines are skipped; anything else is dropped.
 */
import { makeLabels, type ReadResult } from '../series.js';
import { scanDecimal } from './number.js';
import { LineSplitter } from './lines.js';
import { SeriesBuilder } from '../samples/series-builder.js';
import type { FormatReader, OpenSeries, ReadEnd, SeriesSink } from '../samples/sink.js';
import { quoteInput } from './text.js';
import { readTime, type TimeReading } from './time.js';
import { readByteNumber, type BareUnit } from './value.js';

export interface ProcOptions {
  /** The file name (or `standard input`), for messages. */
  source: string;
  /** `--unit`: the unit of a VmRSS number written without one; KiB by default. */
  unit?: BareUnit;
}

const KEY = 'VmRSS:';
const KIB: BareUnit = { name: 'KiB', factor: 1024 };

/** True when one of the first lines has a `VmRSS:` field: the content says what it is. */
export function looksLikeProcLog(text: string, maxLines = 64): boolean {
  let start = 0;
  for (let seen = 0; seen < maxLines && start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    if (line.includes(KEY)) return true;
    if (line.trim() !== '') seen += 1;
    start = end + 1;
  }
  return false;
}

/** The reader's result for a whole text (the text entry point of ProcReader). */
export function readProcLog(text: string, options: ProcOptions): ReadResult {
  const reader = new ProcReader(options, () => new SeriesBuilder());
  reader.feed(Buffer.from(text));
  const end = reader.end();
  return { format: 'proc', series: end.series.map(({ sink, labels }) => sink.build(labels)), notes: end.notes };
}

/** A /proc log, a line at a time: one series. */
export class ProcReader<S extends SeriesSink> implements FormatReader<S> {
  private readonly sink: S;
  private readonly lines = new LineSplitter((line, lineNumber) => this.line(line, lineNumber));
  private pending: TimeReading | undefined;
  private zoneless = false;

  constructor(
    private readonly options: ProcOptions,
    openSeries: OpenSeries<S>,
  ) {
    this.sink = openSeries();
  }

  feed(chunk: Buffer): void {
    this.lines.feed(chunk);
  }

  end(): ReadEnd<S> {
    this.lines.end();
    const { options } = this;
    const notes = [`${options.source}: VmRSS read in ${options.unit?.name ?? 'KiB'} (/proc writes "kB" for 1024 bytes)`];
    if (this.zoneless) notes.push(`${options.source}: times without a zone were read as UTC`);
    return { format: 'proc', series: [{ sink: this.sink, labels: makeLabels() }], notes };
  }

  private line(line: string, lineNumber: number): void {
    const sink = this.sink;
    const trimmed = line.trim();
    if (trimmed === '') return;
    const at = line.indexOf(KEY);
    if (at === -1) {
      const time = readLogTime(trimmed);
      if (time.ok) this.pending = time;
      else if (readDateOutput(trimmed) !== undefined) sink.drop(lineNumber, time.reason);
      else if (!isStatusField(trimmed)) sink.drop(lineNumber, 'neither a time nor a VmRSS line');
      return;
    }
    const prefix = stripSeparators(line.slice(0, at));
    const time = prefix === '' ? this.pending : readLogTime(prefix);
    this.pending = undefined;
    if (time === undefined) return sink.drop(lineNumber, 'VmRSS line without a time before it');
    if (!time.ok) return sink.drop(lineNumber, time.reason);
    const value = readKiB(line.slice(at + KEY.length), this.options.unit ?? KIB);
    if (!value.ok) return sink.drop(lineNumber, value.reason);
    this.zoneless ||= time.zoneless;
    sink.add(time.seconds, value.bytes);
  }
}

/** ` 184320 kB` → bytes. */
function readKiB(text: string, bare: BareUnit): { ok: true; bytes: number } | { ok: false; reason: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'missing value' };
  const end = scanDecimal(trimmed, 0);
  if (end === -1) return { ok: false, reason: `value ${quoteInput(trimmed)} is not a number` };
  const unit = trimmed.slice(end).trim();
  const number = Number(trimmed.slice(0, end));
  if (unit === '') return readByteNumber(number, quoteInput(trimmed), bare);
  if (unit === 'kB' || unit.toLowerCase() === 'kib' || unit === 'kb') return readByteNumber(number, quoteInput(trimmed), KIB);
  return { ok: false, reason: `value ${quoteInput(trimmed)} has an unknown unit (/proc writes kB)` };
}

/** `[1732000000],` → `1732000000`: what loggers put around a time. */
function stripSeparators(text: string): string {
  let start = 0;
  let end = text.length;
  const edge = (char: string | undefined): boolean =>
    char === ' ' || char === '\t' || char === ',' || char === ';' || char === '|' || char === '[' || char === ']' || char === ':';
  while (start < end && edge(text[start])) start += 1;
  while (end > start && edge(text[end - 1])) end -= 1;
  return text.slice(start, end);
}

/** `Name:\tnode`, `voluntary_ctxt_switches:\t12`: a status field, not a sample. */
function isStatusField(line: string): boolean {
  const colon = line.indexOf(':');
  if (colon <= 0) return false;
  for (let i = 0; i < colon; i += 1) {
    const code = line.charCodeAt(i);
    const ok = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95;
    if (!ok) return false;
  }
  return true;
}

/** An epoch number or ISO 8601 (readTime), or `date`'s default output in UTC. */
function readLogTime(text: string): TimeReading {
  const reading = readTime(text);
  if (reading.ok) return reading;
  return readDateOutput(text) ?? reading;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * `Tue Nov 19 07:06:40 UTC 2024` (`date` in the C locale). Only UTC/GMT are
 * accepted: `CET` or `EST` would be a guess about the offset. Undefined when
 * the text is not of this shape at all.
 */
function readDateOutput(text: string): TimeReading | undefined {
  const words = text.split(' ').filter((word) => word !== '');
  if (words.length !== 6) return undefined;
  const [, monthWord, dayWord, clock, zone, yearWord] = words as [string, string, string, string, string, string];
  const month = MONTHS.indexOf(monthWord.toLowerCase()) + 1;
  const parts = clock.split(':');
  if (month === 0 || parts.length !== 3 || yearWord.length !== 4) return undefined;
  const iso = `${yearWord}-${String(month).padStart(2, '0')}-${dayWord.padStart(2, '0')}T${clock}`;
  if (zone !== 'UTC' && zone !== 'GMT') {
    return { ok: false, reason: `time ${quoteInput(text)} is in zone ${quoteInput(zone)}; log with date -u or date +%s` };
  }
  const reading = readTime(`${iso}Z`);
  return reading.ok ? reading : undefined;
}
