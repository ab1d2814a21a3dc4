/**
 * Scoring on a second thread: the reading thread parses and posts sample
 * batches (transferred Float64Arrays, no copy) here, where each series'
 * StreamedSeries replays them — the same code as in one thread, so the
 * numbers are the same. Parsing and scoring then overlap on a 2-core
 * machine. Batches in flight are bounded (the worker acknowledges each), so
 * a reader faster than the scorer waits instead of queueing the input in
 * memory. Labels stay on the reading thread: a structured clone would give
 * them back a prototype (series.ts).
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { AnalysisOptions } from '../options.js';
import { DropTally } from '../ingest/series-builder.js';
import type { SeriesSink } from '../ingest/sink.js';
import { makeLabels, type Labels } from '../series.js';
import { StreamedSeries, type DropCounts, type SeriesResultParts } from './streamed-series.js';

const BATCH = 8192;
/** Batches posted and not yet scored before the reader waits (≈ 1 MiB each way). */
const MAX_IN_FLIGHT = 8;

type ToWorker =
  | { kind: 'batch'; id: number; times: Float64Array; values: Float64Array; count: number }
  | { kind: 'finish'; kept: Array<{ id: number; drops: DropCounts }> };

type FromWorker = { kind: 'ack'; times: Float64Array; values: Float64Array } | { kind: 'done'; unsorted: boolean; results: SeriesResultParts[] };

/** The reading thread's side: one ScoringThread per input, one RemoteSeries sink per series. */
export class ScoringThread {
  private readonly worker: Worker;
  private nextId = 0;
  /** Batch arrays back from the scoring thread, for reuse: memory stays a few batches, however long the input. */
  private readonly free: Array<[Float64Array, Float64Array]> = [];
  private inFlight = 0;
  private wake: (() => void) | null = null;
  private done: ((message: Extract<FromWorker, { kind: 'done' }>) => void) | null = null;
  private failure: Error | null = null;
  private fail: ((error: Error) => void) | null = null;

  constructor(options: AnalysisOptions) {
    this.worker = new Worker(new URL(import.meta.url), { workerData: { options } });
    this.worker.on('message', (message: FromWorker) => {
      if (message.kind === 'ack') {
        this.inFlight--;
        this.free.push([message.times, message.values]);
        this.wake?.();
        this.wake = null;
      } else this.done?.(message);
    });
    this.worker.on('error', (error: Error) => {
      this.failure = error;
      this.fail?.(error);
      this.wake?.();
    });
  }

  open(): RemoteSeries {
    return new RemoteSeries(this, this.nextId++);
  }

  /** A pair of batch arrays to fill. */
  batch(): [Float64Array, Float64Array] {
    return this.free.pop() ?? [new Float64Array(BATCH), new Float64Array(BATCH)];
  }

  post(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    if (message.kind === 'batch') this.inFlight++;
    this.worker.postMessage(message, transfer);
  }

  /** Resolves once few enough batches are in flight. */
  async ready(): Promise<void> {
    while (this.inFlight > MAX_IN_FLIGHT && this.failure === null) await new Promise<void>((wake) => (this.wake = wake));
    if (this.failure !== null) throw this.failure;
  }

  /** Scores the kept series (after every batch of every series); reports whether any series was unsorted. */
  async finish(kept: Array<{ sink: RemoteSeries; labels: Labels }>): Promise<{ unsorted: boolean; results: SeriesResultParts[] }> {
    for (const { sink } of kept) sink.flush();
    const reply = new Promise<Extract<FromWorker, { kind: 'done' }>>((resolve, reject) => {
      this.done = resolve;
      this.fail = reject;
    });
    if (this.failure !== null) throw this.failure;
    this.post({ kind: 'finish', kept: kept.map(({ sink }) => ({ id: sink.id, drops: dropCounts(sink.drops) })) });
    const { unsorted, results } = await reply;
    return { unsorted, results: results.map((parts, i) => ({ ...parts, replay: { ...parts.replay, labels: (kept[i] as { labels: Labels }).labels } })) };
  }

  close(): void {
    void this.worker.terminate();
  }
}

function dropCounts(drops: DropTally): DropCounts {
  return { count: drops.count, droppedExamples: drops.droppedExamples, droppedReasons: drops.droppedReasons };
}

/** A series' sink on the reading thread: drops are counted here, samples batched to the scoring thread. */
export class RemoteSeries implements SeriesSink {
  readonly drops = new DropTally();
  samples = 0;
  private times: Float64Array;
  private values: Float64Array;
  private count = 0;

  constructor(
    private readonly thread: ScoringThread,
    readonly id: number,
  ) {
    [this.times, this.values] = thread.batch();
  }

  add(seconds: number, bytes: number): void {
    this.samples++;
    this.times[this.count] = seconds;
    this.values[this.count] = bytes;
    if (++this.count === BATCH) this.flush();
  }

  addBatch(times: Float64Array, values: Float64Array, count: number): void {
    this.samples += count;
    let from = 0;
    while (from < count) {
      const take = Math.min(count - from, BATCH - this.count);
      this.times.set(times.subarray(from, from + take), this.count);
      this.values.set(values.subarray(from, from + take), this.count);
      this.count += take;
      from += take;
      if (this.count === BATCH) this.flush();
    }
  }

  drop(line: number, reason: string, kind?: string): void {
    this.drops.drop(line, reason, kind);
  }

  /** Posts the samples gathered so far. */
  flush(): void {
    if (this.count === 0) return;
    const { times, values, count } = this;
    this.thread.post({ kind: 'batch', id: this.id, times, values, count }, [times.buffer as ArrayBuffer, values.buffer as ArrayBuffer]);
    [this.times, this.values] = this.thread.batch();
    this.count = 0;
  }
}

/** The scoring thread itself. */
function serve(options: AnalysisOptions): void {
  const port = parentPort;
  if (port === null) return;
  const series = new Map<number, StreamedSeries>();
  const of = (id: number): StreamedSeries => {
    let one = series.get(id);
    if (one === undefined) {
      one = new StreamedSeries(options);
      series.set(id, one);
    }
    return one;
  };
  port.on('message', (message: ToWorker) => {
    if (message.kind === 'batch') {
      const { times, values } = message;
      of(message.id).addBatch(times, values, message.count);
      port.postMessage({ kind: 'ack', times, values } satisfies FromWorker, [times.buffer as ArrayBuffer, values.buffer as ArrayBuffer]);
      return;
    }
    const unsorted = [...series.values()].some((one) => one.unsorted);
    const results = unsorted ? [] : message.kept.map(({ id, drops }) => of(id).finish(makeLabels(), drops));
    port.postMessage({ kind: 'done', unsorted, results } satisfies FromWorker);
  });
}

if (!isMainThread && (workerData as { options?: AnalysisOptions } | null)?.options !== undefined) {
  serve((workerData as { options: AnalysisOptions }).options);
}
