/**
 * The streaming edge of the pipeline: bytes of a file or stdin → samples →
 * replay, without holding the input. Plain numeric CSV takes the fast path
 * (fast-csv.ts); everything else, and input that turns out to need it
 * (quotes, unsorted samples), is read by the general readers. Memory stays
 * flat unless the input must be buffered (unsorted samples are sorted in
 * memory, as SPEC §1 requires).
 */
import { analyse, resultFromReplays, type Result } from './analyse.js';
import { LeakScoreError } from './errors.js';
import { forEachStreamedLine, readAllText, openByteSource, type ByteSource, type ReadProgress } from './ingest/byte-source.js';
import { readCsv } from './ingest/csv.js';
import { FastCsvReader, FastPathUnavailable, PLAN_PREFIX_BYTES, planFastCsv, type CsvPlan } from './ingest/fast-csv.js';
import { normaliseSeries } from './ingest/normalise.js';
import { OrderedFeed, UnsortedInput } from './ingest/ordered-feed.js';
import { finishRead, readInput, type ReadOptions } from './ingest/read-input.js';
import { looksLikePrometheus, PrometheusStreamReader } from './ingest/stream-prometheus.js';
import { DropTally, SeriesBuilder } from './ingest/series-builder.js';
import { parseUnit } from './ingest/value.js';
import { isVictoriaMetricsLine, VictoriaMetricsReader } from './ingest/victoriametrics.js';
import { compileSelector, matchesAll, selectSeries } from './select/select.js';
import type { AnalysisOptions } from './options.js';
import { replaySeries } from './replay/replay-series.js';
import { hasRobust } from './robust/attach.js';
import { SeriesReplayer } from './replay/series-replayer.js';
import { makeLabels, type RawSeries } from './series.js';
import type { SeriesReplay } from './replay/series-replayer.js';

export interface SourceRequest {
  /** A path, or `-` for standard input. */
  path: string;
  stdin?: NodeJS.ReadableStream;
  read: Omit<ReadOptions, 'source'>;
  /** Raw bytes read so far, as reading goes (e.g. for a progress line). */
  progress?: ReadProgress;
}

/** Reads, scores and gates one input. */
export async function analyseSource(request: SourceRequest, options: AnalysisOptions): Promise<Result> {
  const source = openByteSource(request.path, request.stdin, request.progress);
  const readOptions: ReadOptions = { ...request.read, source: source.name };
  try {
    const { prefix, rest, complete } = await takePrefix(source.chunks(), PLAN_PREFIX_BYTES);
    if (looksBinary(prefix)) {
      throw new LeakScoreError(
        `${source.name} does not look like text (NUL bytes or invalid UTF-8 at its start); give a CSV, JSON Lines, Prometheus or VictoriaMetrics file (gzipped is fine)`,
      );
    }
    // The robust opinion (issue 5) needs whole series in memory: the general route keeps them.
    // --series on a CSV needs its (label) series, which only the general reader makes.
    const streamable = !hasRobust(options) && readOptions.series === undefined && csvCandidate(prefix, readOptions);
    const plan = streamable ? planFastCsv(prefix, complete, (text) => readCsv(text, csvOptions(readOptions))) : null;
    if (plan !== null) {
      try {
        return await streamCsv(plan, prefix, rest, readOptions, options);
      } catch (error) {
        if (error instanceof UnsortedInput) return await bufferCsv(plan, source, readOptions, options);
        if (!(error instanceof FastPathUnavailable || error instanceof NeedsGeneralRead)) throw error;
      }
    }
    if (!hasRobust(options) && prometheusCandidate(prefix, readOptions)) {
      try {
        return await streamPrometheus(prefix, rest, readOptions, options);
      } catch (error) {
        if (error instanceof UnsortedInput) return await bufferPrometheus(source, readOptions, options);
        if (!(error instanceof NeedsGeneralRead)) throw error;
      }
    }
    if (victoriaMetricsCandidate(prefix, complete, readOptions)) return await streamVictoriaMetrics(source, readOptions, options);
    return generalRead(await readAllText(source.reopen(), source.name), readOptions, options);
  } finally {
    source.close();
  }
}

/** The general CSV reader's options, so a fast plan is checked against exactly what it would read. */
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

function csvOptions(read: ReadOptions): Parameters<typeof readCsv>[1] {
  return {
    source: read.source,
    timeColumn: read.timeColumn,
    valueColumn: read.valueColumn,
    labelColumn: read.labelColumn,
    unit: read.unit === undefined ? undefined : parseUnit(read.unit),
  };
}

/** CSV unless forced otherwise or the content starts like JSON. */
function csvCandidate(prefix: Buffer, read: ReadOptions): boolean {
  if (read.inputFormat !== undefined) return read.inputFormat === 'csv';
  for (const byte of prefix) {
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return byte !== 0x7b && byte !== 0x5b; // { [
  }
  return false;
}

function prometheusCandidate(prefix: Buffer, read: ReadOptions): boolean {
  if (read.inputFormat !== undefined) return read.inputFormat === 'prometheus';
  return looksLikePrometheus(prefix);
}

/** A VictoriaMetrics export: forced, or a first line that is (or starts like) an export line. */
function victoriaMetricsCandidate(prefix: Buffer, complete: boolean, read: ReadOptions): boolean {
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
async function streamVictoriaMetrics(source: ByteSource, read: ReadOptions, options: AnalysisOptions): Promise<Result> {
  const reader = new VictoriaMetricsReader({ source: read.source, unit: read.unit === undefined ? undefined : parseUnit(read.unit) });
  await forEachStreamedLine(source.reopen(), (line, lineNumber) => reader.line(line, lineNumber));
  const result = finishRead(reader.result(), read);
  return analyse({ ...result, source: read.source }, options);
}

function generalRead(text: string, read: ReadOptions, options: AnalysisOptions): Result {
  const result = readInput(text, read);
  return analyse({ ...result, source: read.source }, options);
}

async function takePrefix(
  chunks: AsyncIterable<Buffer>,
  bytes: number,
): Promise<{ prefix: Buffer; rest: AsyncIterator<Buffer>; complete: boolean }> {
  const rest = chunks[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let size = 0;
  while (size < bytes) {
    const next = await rest.next();
    if (next.done === true) return { prefix: Buffer.concat(parts), rest, complete: true };
    parts.push(next.value);
    size += next.value.length;
  }
  return { prefix: Buffer.concat(parts), rest, complete: false };
}

/** The stream found nothing usable, or rows --strict refuses: the general reader words the error. */
class NeedsGeneralRead extends Error {}


async function streamCsv(
  plan: CsvPlan,
  prefix: Buffer,
  rest: AsyncIterator<Buffer>,
  read: ReadOptions,
  options: AnalysisOptions,
): Promise<Result> {
  const replayer = new SeriesReplayer(makeLabels(), options);
  const feed = new OrderedFeed(replayer);
  const drops = new DropTally();
  let samples = 0;
  const reader = new FastCsvReader(plan, {
    sample(seconds, bytes) {
      samples++;
      feed.push(seconds, bytes);
    },
    drop: (line, reason) => drops.drop(line, reason),
  });
  reader.feed(prefix);
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) reader.feed(next.value);
  reader.end();
  feed.end();
  if (samples === 0 || (read.strict === true && drops.count > 0)) throw new NeedsGeneralRead();
  const replay = replayer.finish({ dropped: drops.count, droppedExamples: drops.droppedExamples, droppedReasons: drops.droppedReasons, duplicates: feed.duplicates });
  return resultFromReplays({ source: read.source, format: 'csv', notes: [] }, [replay], options);
}

/** Unsorted samples: a second pass collects them, then they are sorted (SPEC §1) and replayed. */
async function bufferCsv(plan: CsvPlan, source: ByteSource, read: ReadOptions, options: AnalysisOptions): Promise<Result> {
  const builder = new SeriesBuilder();
  const reader = new FastCsvReader(plan, {
    sample: (seconds, bytes) => builder.add(seconds, bytes),
    drop: (line, reason) => builder.drop(line, reason),
  });
  for await (const chunk of source.reopen()) reader.feed(chunk);
  reader.end();
  const [raw] = selectSeries({ format: 'csv', series: [builder.build()], notes: [] }, { source: read.source, strict: read.strict }).series;
  const replay = replaySeries(normaliseSeries(raw as RawSeries), options);
  return resultFromReplays({ source: read.source, format: 'csv', notes: [] }, [replay], options);
}

/**
 * Every series of a Prometheus export replayed as it streams past. `--series`
 * is applied as each series' labels arrive, so unselected series cost no
 * replay; the selection's notes and errors come from selectSeries itself, run
 * on sample-less stand-ins of every series.
 */
async function streamPrometheus(
  prefix: Buffer,
  rest: AsyncIterator<Buffer>,
  read: ReadOptions,
  options: AnalysisOptions,
): Promise<Result> {
  const matchers = read.series === undefined ? undefined : compileSelector(read.series);
  const factor = read.unit === undefined ? 1 : parseUnit(read.unit).factor;
  const standIns: RawSeries[] = [];
  const replays = new Map<RawSeries, SeriesReplay>();
  let samples = 0;
  const reader = new PrometheusStreamReader(read.source, (labels) => {
    const drops = new DropTally();
    const selected = matchers === undefined || matchesAll(labels, matchers);
    const replayer = selected ? new SeriesReplayer(labels, options) : null;
    const feed = replayer === null ? null : new OrderedFeed(replayer);
    return {
      sample(seconds, bytes) {
        samples++;
        feed?.push(seconds, bytes * factor);
      },
      drop: (index, reason) => drops.drop(index, reason),
      end() {
        const standIn: RawSeries = {
          labels,
          times: EMPTY,
          values: EMPTY,
          dropped: drops.count,
          droppedExamples: drops.droppedExamples,
          droppedReasons: drops.droppedReasons,
        };
        standIns.push(standIn);
        if (feed === null || replayer === null) return;
        feed.end();
        replays.set(
          standIn,
          replayer.finish({ dropped: drops.count, droppedExamples: drops.droppedExamples, droppedReasons: drops.droppedReasons, duplicates: feed.duplicates }),
        );
      },
    };
  });
  reader.feed(prefix);
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) reader.feed(next.value);
  const { notes } = reader.end();
  if (samples === 0) throw new NeedsGeneralRead();
  const selected = selectSeries(
    { format: 'prometheus', series: standIns, notes },
    { source: read.source, series: read.series, strict: read.strict },
  );
  const kept = selected.series.map((standIn) => replays.get(standIn) as SeriesReplay);
  return resultFromReplays({ ...selected, source: read.source }, kept, options);
}

const EMPTY = new Float64Array(0);

/** Unsorted samples in some series: a second pass collects every series, then sorts and replays. */
async function bufferPrometheus(source: ByteSource, read: ReadOptions, options: AnalysisOptions): Promise<Result> {
  const series: RawSeries[] = [];
  const reader = new PrometheusStreamReader(read.source, (labels) => {
    const builder = new SeriesBuilder(labels);
    return {
      sample: (seconds, bytes) => builder.add(seconds, bytes),
      drop: (index, reason) => builder.drop(index, reason),
      end: () => series.push(builder.build()),
    };
  });
  for await (const chunk of source.reopen()) reader.feed(chunk);
  const { notes } = reader.end();
  const factor = read.unit === undefined ? 1 : parseUnit(read.unit).factor;
  for (const one of series) for (let i = 0; i < one.values.length; i++) one.values[i] = (one.values[i] as number) * factor;
  const selected = selectSeries(
    { format: 'prometheus', series, notes },
    { source: read.source, series: read.series, strict: read.strict },
  );
  return analyse({ ...selected, source: read.source }, options);
}
