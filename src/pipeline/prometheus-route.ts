/**
 * The Prometheus route: an export of any size streams through the
 * purpose-built scanner (stream-prometheus.ts), each series into its own
 * replayer; an unsorted series takes a buffered second pass.
 */
import { analyse, resultFromReplays, type Result } from '../analyse.js';
import type { ByteSource } from '../ingest/byte-source.js';
import { OrderedFeed } from '../ingest/ordered-feed.js';
import type { ReadOptions } from '../ingest/read-input.js';
import { DropTally, SeriesBuilder } from '../ingest/series-builder.js';
import { looksLikePrometheus, PrometheusStreamReader } from '../ingest/stream-prometheus.js';
import { parseUnit } from '../ingest/value.js';
import type { AnalysisOptions } from '../options.js';
import { SeriesReplayer, type SeriesReplay } from '../replay/series-replayer.js';
import { compileSelector, matchesAll, selectSeries } from '../select/select.js';
import type { RawSeries } from '../series.js';
import { NeedsGeneralRead } from './needs-general-read.js';

/** A Prometheus response: forced, or a JSON object whose first key is one of its own. */
export function prometheusCandidate(prefix: Buffer, read: ReadOptions): boolean {
  if (read.inputFormat !== undefined) return read.inputFormat === 'prometheus';
  return looksLikePrometheus(prefix);
}

/**
 * Every series of a Prometheus export replayed as it streams past. `--series`
 * is applied as each series' labels arrive, so unselected series cost no
 * replay; the selection's notes and errors come from selectSeries itself, run
 * on sample-less stand-ins of every series.
 */
export async function streamPrometheus(
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
export async function bufferPrometheus(source: ByteSource, read: ReadOptions, options: AnalysisOptions): Promise<Result> {
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
