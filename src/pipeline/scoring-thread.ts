/**
 * Scoring on a second thread: the reading thread parses and posts sample
 * batches (transferred typed arrays, no copy) here, where each series'
 * StreamedSeries replays them — the same code as in one thread, so the
 * numbers are the same. Parsing and scoring then overlap on a 2-core
 * machine. Batches in flight are bounded (the worker acknowledges each), so
 * a reader faster than the scorer waits instead of queueing the input in
 * memory. One batch is shared by every series, each sample tagged with its
 * series' id, so a fleet of 500 series costs the same few batches as one.
 * Labels stay on the reading thread: a structured clone would give
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

/** A batch: `count` samples in arrival order, sample i belonging to the series `ids[i]`. */
interface Batch {
  ids: Int32Array;
  times: Float64Array;
  values: Float64Array;
}

type ToWorker =
  | ({ kind: 'batch'; count: number } & Batch)
  | { kind: 'finish'; kept: Array<{ id: number; drops: DropCounts }> };

type FromWorker = ({ kind: 'ack' } & Batch) | { kind: 'done'; unsorted: boolean; results: SeriesResultParts[] };

function newBatch(): Batch {
  return { ids: new Int32Array(BATCH), times: new Float64Array(BATCH), values: new Float64Array(BATCH) };
}

function transferList({ ids, times, values }: Batch): ArrayBuffer[] {
  return [ids.buffer as ArrayBuffer, times.buffer as ArrayBuffer, values.buffer as ArrayBuffer];
}

/** The reading thread's side: one ScoringThread per input, one RemoteSeries sink per series. */
export class ScoringThread {
  private readonly worker: Worker;
  private nextId = 0;
  /** Batch arrays back from the scoring thread, for reuse: memory stays a few batches, however long the input. */
  private readonly free: Batch[] = [];
  /** The batch being filled, by every series alike. */
  private batch: Batch = newBatch();
  private count = 0;
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
        this.free.push({ ids: message.ids, times: message.times, values: message.values });
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

  /** Adds one sample of series `id`. */
  add(id: number, seconds: number, bytes: number): void {
    const { ids, times, values } = this.batch;
    ids[this.count] = id;
    times[this.count] = seconds;
    values[this.count] = bytes;
    if (++this.count === BATCH) this.flush();
  }

  /** Adds `count` samples of series `id`. */
  addRun(id: number, times: Float64Array, values: Float64Array, count: number): void {
    let from = 0;
    while (from < count) {
      const take = Math.min(count - from, BATCH - this.count);
      this.batch.ids.fill(id, this.count, this.count + take);
      this.batch.times.set(times.subarray(from, from + take), this.count);
      this.batch.values.set(values.subarray(from, from + take), this.count);
      this.count += take;
      from += take;
      if (this.count === BATCH) this.flush();
    }
  }

  /** Posts the samples gathered so far. */
  flush(): void {
    if (this.count === 0) return;
    const batch = this.batch;
    this.inFlight++;
    this.worker.postMessage({ kind: 'batch', count: this.count, ...batch } satisfies ToWorker, transferList(batch));
    this.batch = this.free.pop() ?? newBatch();
    this.count = 0;
  }

  /** Resolves once few enough batches are in flight. */
  async ready(): Promise<void> {
    while (this.inFlight > MAX_IN_FLIGHT && this.failure === null) await new Promise<void>((wake) => (this.wake = wake));
    if (this.failure !== null) throw this.failure;
  }

  /** Scores the kept series (after every batch of every series); reports whether any series was unsorted. */
  async finish(kept: Array<{ sink: RemoteSeries; labels: Labels }>): Promise<{ unsorted: boolean; results: SeriesResultParts[] }> {
    this.flush();
    const reply = new Promise<Extract<FromWorker, { kind: 'done' }>>((resolve, reject) => {
      this.done = resolve;
      this.fail = reject;
    });
    if (this.failure !== null) throw this.failure;
    this.worker.postMessage({ kind: 'finish', kept: kept.map(({ sink }) => ({ id: sink.id, drops: dropCounts(sink.drops) })) } satisfies ToWorker);
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

/** A series' sink on the reading thread: drops are counted here, samples go into the thread's shared batch. */
export class RemoteSeries implements SeriesSink {
  readonly drops = new DropTally();
  samples = 0;

  constructor(
    private readonly thread: ScoringThread,
    readonly id: number,
  ) {}

  add(seconds: number, bytes: number): void {
    this.samples++;
    this.thread.add(this.id, seconds, bytes);
  }

  addBatch(times: Float64Array, values: Float64Array, count: number): void {
    this.samples += count;
    this.thread.addRun(this.id, times, values, count);
  }

  drop(line: number, reason: string, kind?: string): void {
    this.drops.drop(line, reason, kind);
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
      const { ids, times, values, count } = message;
      // Runs of one series' samples, in arrival order.
      for (let from = 0; from < count; ) {
        const id = ids[from] as number;
        let to = from + 1;
        while (to < count && ids[to] === id) to++;
        of(id).addBatch(times.subarray(from, to), values.subarray(from, to), to - from);
        from = to;
      }
      const batch: Batch = { ids, times, values };
      port.postMessage({ kind: 'ack', ...batch } satisfies FromWorker, transferList(batch));
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
