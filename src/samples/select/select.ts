/**
 * What happens between reading and scoring: `--series` keeps the series
 * whose labels match (PromQL semantics: a missing label is ""), and
 * `--strict` turns any dropped row into an input error (SPEC §1: "With
 * `--strict` any dropped row is an input error (exit 2)").
 */
import { LeakScoreError } from '../../errors.js';
import { reasonKind } from '../series-builder.js';
import { MAX_DROPPED_EXAMPLES, type DropReason, type Labels, type RawSeries, type ReadResult } from '../../series.js';
import { MatcherSyntaxError, parseMatchers, type Matcher } from './matchers.js';

export interface SelectOptions {
  /** `--series`: PromQL matchers. */
  series?: string;
  /** `--strict`: refuse input with dropped rows. */
  strict?: boolean;
  /** The file name (or `standard input`), for messages. */
  source: string;
}

/** Applies `--series`, then `--strict`, to what a reader produced. */
export function selectSeries(read: ReadResult, options: SelectOptions): ReadResult {
  const selected = options.series === undefined ? read : applyMatchers(read, options.series, options.source);
  if (options.strict === true) checkStrict(selected, options.source);
  return selected;
}

/** `--series` text → matchers, or a usage error that points at the problem. */
export function compileSelector(text: string): Matcher[] {
  try {
    return parseMatchers(text);
  } catch (error) {
    if (!(error instanceof MatcherSyntaxError)) throw error;
    const shown = oneLine(text);
    throw new LeakScoreError(
      `--series ${quote(shown)}: ${error.detail} at position ${error.position + 1}; write PromQL matchers such as --series 'job="api",instance=~"api-1.*"'`,
    );
  }
}

/** True when every matcher holds for `labels`. Only own labels are read. */
export function matchesAll(labels: Labels, matchers: readonly Matcher[]): boolean {
  return matchers.every((matcher) => matcher.matches(labelValue(labels, matcher.name)));
}

function labelValue(labels: Labels, name: string): string {
  const value: unknown = Object.getOwnPropertyDescriptor(labels, name)?.value;
  return typeof value === 'string' ? value : '';
}

function applyMatchers(read: ReadResult, text: string, source: string): ReadResult {
  const matchers = compileSelector(text);
  const kept = read.series.filter((series) => matchesAll(series.labels, matchers));
  const total = read.series.length;
  if (kept.length === 0) throw noMatch(read.series, text, source);
  const skipped = total - kept.length;
  const note = `${source}: --series ${quote(oneLine(text))} kept ${kept.length} of ${total} series${skipped > 0 ? `; skipped ${skipped}` : ''}`;
  return {
    ...read,
    series: kept,
    notes: [...read.notes, note],
    selection: { matchers: text, total, matched: kept.length, skipped },
  };
}

function noMatch(series: readonly RawSeries[], text: string, source: string): LeakScoreError {
  const labelled = series.filter((one) => Object.keys(one.labels).length > 0);
  if (labelled.length === 0) {
    return new LeakScoreError(
      `${source}: --series ${quote(oneLine(text))} matches nothing: the input's ${series.length === 1 ? 'series has' : 'series have'} no labels (CSV gets them from --label-col); leave out --series`,
    );
  }
  const shown = labelled.slice(0, 3).map((one) => formatLabels(one.labels));
  const more = labelled.length > 3 ? ` and ${labelled.length - 3} more` : '';
  return new LeakScoreError(
    `${source}: --series ${quote(oneLine(text))} matches none of the ${series.length} series (e.g. ${shown.join(', ')}${more}); check the label names and values`,
  );
}

/** One dropped row anywhere (in a kept series, or outside every series) fails the run. */
function checkStrict(read: ReadResult, source: string): void {
  const tallies = new Map<string, DropReason>();
  let dropped = 0;
  const addAll = (reasons: readonly DropReason[], count: number): void => {
    dropped += count;
    for (const reason of reasons) {
      const tally = tallies.get(reason.reason) ?? { reason: reason.reason, count: 0, lines: [] };
      tally.count += reason.count;
      tally.lines.push(...reason.lines);
      tallies.set(reason.reason, tally);
    }
  };
  for (const series of read.series) {
    if (series.dropped > 0) addAll(reasonsOf(series), series.dropped);
  }
  if (read.unattributed !== undefined) addAll(read.unattributed.droppedReasons, read.unattributed.dropped);
  if (dropped === 0) return;
  const parts = [...tallies.values()].map((tally) => {
    const lines = [...new Set(tally.lines)].sort((a, b) => a - b).slice(0, MAX_DROPPED_EXAMPLES);
    const more = tally.count > lines.length ? ', …' : '';
    if (lines.length === 0) return `${tally.count} × ${tally.reason}`;
    return `${tally.count} × ${tally.reason} (line${lines.length === 1 ? '' : 's'} ${lines.join(', ')}${more})`;
  });
  throw new LeakScoreError(
    `${source}: ${dropped} ${dropped === 1 ? 'row' : 'rows'} dropped and --strict is set: ${parts.join('; ')}; fix the input or leave out --strict`,
  );
}

/** A series' tally; series from readers that keep only examples get one from those. */
function reasonsOf(series: RawSeries): DropReason[] {
  if (series.droppedReasons !== undefined && series.droppedReasons.length > 0) return series.droppedReasons;
  const byKind = new Map<string, DropReason>();
  for (const row of series.droppedExamples) {
    const kind = reasonKind(row.reason);
    const tally = byKind.get(kind) ?? { reason: kind, count: 0, lines: [] };
    tally.count += 1;
    tally.lines.push(row.line);
    byKind.set(kind, tally);
  }
  const counted = [...byKind.values()].reduce((sum, tally) => sum + tally.count, 0);
  if (counted < series.dropped) byKind.set('other', { reason: 'other reasons', count: series.dropped - counted, lines: [] });
  return [...byKind.values()];
}

/** `{job="api", instance="a:1"}` for messages. */
export function formatLabels(labels: Labels): string {
  const names = Object.keys(labels);
  return `{${names.map((name) => `${name}=${JSON.stringify(labelValue(labels, name))}`).join(', ')}}`;
}

function oneLine(text: string): string {
  return text.split(/[\r\n]+/).join(' ');
}

/** Shell-style quotes, so the message shows what to type back. */
function quote(text: string): string {
  const short = text.length > 120 ? `${text.slice(0, 120)}…` : text;
  return `'${short.split("'").join("'\\''")}'`;
}
