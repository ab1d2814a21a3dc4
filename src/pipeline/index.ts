/**
 * The streaming edge of the pipeline: bytes of a file or stdin (gzipped or
 * not) → the format's one reader → samples into a StreamedSeries per
 * series, which replays them (and forms the robust opinion) as they pass →
 * selection, --strict → gate. Nothing is held but each series' window and
 * bounded summaries. The one exception is SPEC §1's sorting: when a series
 * turns out unsorted, the input is read a second time into memory, sorted
 * and analysed there (`analyse`), since only that needs it whole.
 */
import { analyse, resultFromReplays, type Result } from '../analysis/analyse.js';
import { LeakScoreError } from '../errors.js';
import { openByteSource, type ByteSource, type ReadProgress } from '../samples/byte-source.js';
import { emptyInput, SNIFF_BYTES, sniffFormat } from '../formats/detect.js';
import { finishRead, openReader, type ReadOptions } from '../samples/read-input.js';
import { DropTally, SeriesBuilder } from '../samples/series-builder.js';
import type { ReadEnd, SeriesSink } from '../samples/sink.js';
import { stripBom } from '../formats/text.js';
import { analyseFleet, wantsFleet } from '../k8s/index.js';
import { looksLikeMemoryUsage, memoryUsageHints } from '../diagnose/memory-usage-pass.js';
import { parseUnit } from '../formats/value.js';
import type { AnalysisOptions } from '../options.js';
import type { InputFormat, Labels, RawSeries, ReadResult } from '../series.js';
import { ScoringThread } from './scoring-thread.js';
import { StreamedSeries, type RobustParts, type SeriesResultParts } from './streamed-series.js';

export interface SourceRequest {
  /** A path, or `-` for standard input. */
  path: string;
  stdin?: NodeJS.ReadableStream;
  read: Omit<ReadOptions, 'source'>;
  /** Raw bytes read so far, as reading goes (e.g. for a progress line). */
  progress?: ReadProgress;
  /**
   * Score on a second thread while this one reads (scoring-thread.ts). By
   * default only files of SCORING_THREAD_BYTES or more: for small inputs
   * starting a thread costs more than it saves.
   */
  scoringThread?: boolean;
}

/** Files from this size (as stored) are scored on a second thread by default. */
export const SCORING_THREAD_BYTES = 8 * 1024 * 1024;

const THREAD_RUNNABLE = !import.meta.url.endsWith('.ts');

/** Reads, scores and gates one input. */
export async function analyseSource(request: SourceRequest, options: AnalysisOptions): Promise<Result> {
  const source = openByteSource(request.path, request.stdin, request.progress);
  const read: ReadOptions = { ...request.read, source: source.name };
  try {
    const { prefix, rest, complete } = await takePrefix(source.chunks(), SNIFF_BYTES);
    if (looksBinary(prefix)) {
      throw new LeakScoreError(
        `${source.name} does not look like text (NUL bytes or invalid UTF-8 at its start); give a CSV, JSON Lines, Prometheus or VictoriaMetrics file (gzipped is fine)`,
      );
    }
    if (complete && stripBom(prefix.toString('utf8')).trim() === '') throw emptyInput(source.name);
    const format = read.inputFormat ?? sniffFormat(prefix.subarray(0, SNIFF_BYTES), complete, source.name);
    const result = await route(format, source, read, options, request, prefix, rest);
    // Issue 17: a process.memoryUsage() recording gets a second look at where its growth is (src/diagnose/).
    if (format !== 'jsonl' || read.valueKey !== undefined || result.series.length !== 1 || !looksLikeMemoryUsage(prefix)) return result;
    const unit = read.unit === undefined ? undefined : parseUnit(read.unit);
    const explanation = await memoryUsageHints(source.reopen(), { source: source.name, timeKey: read.timeKey, unit });
    return explanation === null ? result : { ...result, series: result.series.map((series) => ({ ...series, explanation })) };
  } finally {
    source.close();
  }
}

/** One input's read and score by the route its size and order call for. */
async function route(
  format: InputFormat,
  source: ByteSource,
  read: ReadOptions,
  options: AnalysisOptions,
  request: SourceRequest,
  prefix: Buffer,
  rest: AsyncIterator<Buffer>,
): Promise<Result> {
  // A block keeps these lines as they were inside analyseSource's try (a small diff for parallel branches); reindent at leisure.
  {
    // The thread runs this module's built .js; run from TypeScript source (the tests) it scores here instead.
    const threaded =
      request.scoringThread ?? (THREAD_RUNNABLE && source.storedBytes !== undefined && source.storedBytes >= SCORING_THREAD_BYTES);
    if (!threaded) {
      const end = await readAll(format, read, () => new StreamedSeries(options), prefix, rest);
      if (end.series.some(({ sink }) => sink.unsorted) || pairs(end)) return await analyseInMemory(format, source, read, options);
      const finished = await finishStreamed(end, read, options, async (kept) => ({
        unsorted: false,
        results: kept.map(({ sink, labels }) => sink.finish(labels)),
      }));
      return finished ?? (await analyseInMemory(format, source, read, options));
    }
    const thread = new ScoringThread(options);
    try {
      const end = await readAll(format, read, () => thread.open(), prefix, rest, () => thread.ready());
      if (pairs(end)) return await analyseInMemory(format, source, read, options);
      const finished = await finishStreamed(end, read, options, (kept) => thread.finish(kept));
      return finished ?? (await analyseInMemory(format, source, read, options));
    } finally {
      thread.close();
    }
  }
}

async function readAll<S extends SeriesSink>(
  format: InputFormat,
  read: ReadOptions,
  openSeries: () => S,
  prefix: Buffer,
  rest: AsyncIterator<Buffer> | AsyncIterable<Buffer>,
  ready?: () => Promise<void>,
): Promise<ReadEnd<S>> {
  const reader = openReader(format, read, openSeries);
  reader.feed(prefix);
  const iterator = Symbol.asyncIterator in rest ? rest[Symbol.asyncIterator]() : rest;
  for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
    reader.feed(next.value);
    if (ready !== undefined) await ready();
  }
  return reader.end();
}

/** What a streamed series' sink knows on the reading thread. */
interface Streamed extends SeriesSink {
  readonly drops: DropTally;
  readonly samples: number;
}

/**
 * Selection, --strict and "nothing to score" run on sample-less stand-ins
 * of the streamed series, so their notes and errors are the ones the
 * in-memory route gives; only the kept series are finished (`score`).
 * Undefined when a series turned out unsorted: the caller then analyses the
 * input in memory.
 */
async function finishStreamed<S extends Streamed>(
  end: ReadEnd<S>,
  read: ReadOptions,
  options: AnalysisOptions,
  score: (kept: Array<{ sink: S; labels: Labels }>) => Promise<{ unsorted: boolean; results: SeriesResultParts[] }>,
): Promise<Result | undefined> {
  const streamed = new Map<RawSeries, S>();
  const standIns = end.series.map(({ sink, labels }): RawSeries => {
    const standIn: RawSeries = {
      labels,
      times: EMPTY,
      values: EMPTY,
      dropped: sink.drops.count,
      droppedExamples: sink.drops.droppedExamples,
      droppedReasons: sink.drops.droppedReasons,
    };
    streamed.set(standIn, sink);
    return standIn;
  });
  const result: ReadResult = {
    format: end.format,
    series: standIns,
    notes: end.notes,
    ...(end.unattributed === undefined ? {} : { unattributed: end.unattributed }),
  };
  const selected = finishRead(result, read, (standIn) => (streamed.get(standIn) as S).samples);
  const { unsorted, results } = await score(selected.series.map((standIn) => ({ sink: streamed.get(standIn) as S, labels: standIn.labels })));
  if (unsorted) return undefined;
  const replays = results.map((parts) => parts.replay);
  const opinions = results.flatMap((parts): RobustParts[] => (parts.robust === undefined ? [] : [parts.robust]));
  return resultFromReplays({ ...selected, source: read.source }, replays, options, opinions.length > 0 ? opinions : undefined);
}

const EMPTY = new Float64Array(0);

/** Unsorted samples: a second pass collects every series, then SPEC §1 sorts them (normalise.ts) and they are analysed in memory. */
async function analyseInMemory(format: InputFormat, source: ByteSource, read: ReadOptions, options: AnalysisOptions): Promise<Result> {
  const end = await readAll(format, read, () => new SeriesBuilder(), Buffer.alloc(0), source.reopen());
  const result = finishRead(
    {
      format: end.format,
      series: end.series.map(({ sink, labels }) => sink.build(labels)),
      notes: end.notes,
      ...(end.unattributed === undefined ? {} : { unattributed: end.unattributed }),
    },
    read,
  );
  return analyseFleet({ ...result, source: read.source }, options) ?? analyse({ ...result, source: read.source }, options);
}

/**
 * Issue 17: series that pair into workloads (working set with RSS, usage or
 * a restart counter …) are analysed together in memory (src/k8s/), since
 * pairing needs every series whole; a fleet export is small.
 */
function pairs(end: ReadEnd<SeriesSink>): boolean {
  return wantsFleet(end.series.map(({ labels }) => labels));
}

/** More than a tenth of the first 4 KiB is NUL or not UTF-8: an image, an archive, a core dump … */
function looksBinary(prefix: Buffer): boolean {
  const head = prefix.subarray(0, 4096);
  if (head.length === 0) return false;
  const text = head.toString('utf8');
  let odd = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0 || code === 0xfffd) odd++;
  }
  // A multi-byte character cut at the 4 KiB edge is one replacement, not binary.
  return odd > 1 && odd * 10 > text.length;
}

/** The first `bytes` of the input (more when they are only white space, so the format can be told), and the rest. */
async function takePrefix(
  chunks: AsyncIterable<Buffer>,
  bytes: number,
): Promise<{ prefix: Buffer; rest: AsyncIterator<Buffer>; complete: boolean }> {
  const rest = chunks[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let size = 0;
  let content = false;
  while (size < bytes || !content) {
    const next = await rest.next();
    if (next.done === true) return { prefix: Buffer.concat(parts), rest, complete: true };
    // A copy: the source reuses its buffer for the next chunk.
    parts.push(Buffer.from(next.value));
    size += next.value.length;
    content ||= hasContent(next.value);
  }
  return { prefix: Buffer.concat(parts), rest, complete: false };
}

/** A byte that is not ASCII white space or part of a BOM. */
function hasContent(chunk: Buffer): boolean {
  for (const byte of chunk) {
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0xef && byte !== 0xbb && byte !== 0xbf) return true;
  }
  return false;
}
