/**
 * The streaming edge of the pipeline: bytes of a file or stdin → samples →
 * replay, without holding the input. The start of the input picks a route:
 * plain numeric CSV (csv-route.ts), a Prometheus response
 * (prometheus-route.ts), a VictoriaMetrics export (victoriametrics-route.ts);
 * everything else, and input that turns out to need it (quotes, nothing
 * usable, --strict refusals), is read whole by the general readers. Memory
 * stays flat unless the input must be buffered (unsorted samples are sorted
 * in memory, as SPEC §1 requires).
 */
import { analyse, type Result } from '../analyse.js';
import { LeakScoreError } from '../errors.js';
import { openByteSource, readAllText, type ReadProgress } from '../ingest/byte-source.js';
import { readCsv } from '../ingest/csv.js';
import { FastPathUnavailable, PLAN_PREFIX_BYTES, planFastCsv } from '../ingest/fast-csv.js';
import { UnsortedInput } from '../ingest/ordered-feed.js';
import { readInput, type ReadOptions } from '../ingest/read-input.js';
import type { AnalysisOptions } from '../options.js';
import { hasRobust } from '../robust/attach.js';
import { bufferCsv, csvCandidate, csvOptions, streamCsv } from './csv-route.js';
import { NeedsGeneralRead } from './needs-general-read.js';
import { bufferPrometheus, prometheusCandidate, streamPrometheus } from './prometheus-route.js';
import { streamVictoriaMetrics, victoriaMetricsCandidate } from './victoriametrics-route.js';

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
