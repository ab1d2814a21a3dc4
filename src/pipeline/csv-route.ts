/**
 * The CSV route: plain numeric CSV streams through the fast byte-level reader
 * (fast-csv.ts) into the replayer; unsorted samples take a buffered second
 * pass (SPEC §1 sorting).
 */
import { resultFromReplays, type Result } from '../analyse.js';
import type { ByteSource } from '../ingest/byte-source.js';
import { readCsv } from '../ingest/csv.js';
import { collectingReader, FastCsvReader, type CsvPlan } from '../ingest/fast-csv.js';
import { normaliseSeries } from '../ingest/normalise.js';
import { OrderedFeed } from '../ingest/ordered-feed.js';
import type { ReadOptions } from '../ingest/read-input.js';
import { DropTally, SeriesBuilder } from '../ingest/series-builder.js';
import { parseUnit } from '../ingest/value.js';
import type { AnalysisOptions } from '../options.js';
import { replaySeries } from '../replay/replay-series.js';
import { SeriesReplayer } from '../replay/series-replayer.js';
import { selectSeries } from '../select/select.js';
import { makeLabels, type RawSeries } from '../series.js';
import { NeedsGeneralRead } from './needs-general-read.js';

/** The general CSV reader's options, so a fast plan is checked against exactly what it would read. */
export function csvOptions(read: ReadOptions): Parameters<typeof readCsv>[1] {
  return {
    source: read.source,
    timeColumn: read.timeColumn,
    valueColumn: read.valueColumn,
    labelColumn: read.labelColumn,
    unit: read.unit === undefined ? undefined : parseUnit(read.unit),
  };
}

/** CSV unless forced otherwise or the content starts like JSON. */
export function csvCandidate(prefix: Buffer, read: ReadOptions): boolean {
  if (read.inputFormat !== undefined) return read.inputFormat === 'csv';
  for (const byte of prefix) {
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return byte !== 0x7b && byte !== 0x5b; // { [
  }
  return false;
}

/** Streams a planned CSV into one replayer. */
export async function streamCsv(
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
export async function bufferCsv(plan: CsvPlan, source: ByteSource, read: ReadOptions, options: AnalysisOptions): Promise<Result> {
  const builder = new SeriesBuilder();
  const reader = collectingReader(plan, builder);
  for await (const chunk of source.reopen()) reader.feed(chunk);
  reader.end();
  const [raw] = selectSeries({ format: 'csv', series: [builder.build()], notes: [] }, { source: read.source, strict: read.strict }).series;
  const replay = replaySeries(normaliseSeries(raw as RawSeries), options);
  return resultFromReplays({ source: read.source, format: 'csv', notes: [] }, [replay], options);
}
