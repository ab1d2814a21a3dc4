/**
 * Scoring on a second thread: the reading thread parses, puts each series'
 * samples in time order (TimeOrder, SPEC §1) and posts them in batches
 * (transferred typed arrays, no copy) here, where each series'
 * SeriesAnalysis replays them — the same code as in one thread, so the
 * numbers are the same. Parsing and scoring then overlap on a 2-core
 * machine. Batches in flight are bounded (the worker acknowledges each), so
 * a reader faster than the scorer waits instead of queueing the input in
 * memory. One batch is shared by every series, its samples in runs tagged
 * with their series' id, so a fleet of 500 series costs the same few batches
 * as one, and one series' batch is one run.
 * Labels stay on the reading thread: a structured clone would give
 * them back a prototype (series.ts).
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { AnalysisOptions } from '../options.js';
import { DropTally } from '../samples/series-builder.js';
import { addOne, type SeriesSink } from '../samples/sink.js';
import { passing, TimeOrder } from '../samples/time-order.js';
import { makeLabels, type Labels } from '../series.js';
import { SeriesAnalysis, type DropCounts, type SeriesResultParts } from './series-analysis.js';
import { counts } from './streamed-series.js';
import { trackBuffers as buffersOf } from '../analysis/seed/bucket-track.js';
import { ParkableAnalysis, QuietWatch } from './parking.js';

/**
 * The bundled CLI ships this module with only what scoring needs as its own
 * file beside the bundle (scripts/bundle-cli.mjs defines the name): a worker
 * starting on it spends less time loading code than on the whole CLI.
 * Elsewhere (dist/, the library) this module is its own worker.
 */
declare const SCORING_WORKER_FILE: string | undefined;
const WORKER_URL = typeof SCORING_WORKER_FILE === 'string' ? new URL(SCORING_WORKER_FILE, import.meta.url) : new URL(import.meta.url);

const BATCH = 8192;
/** Batches posted and not yet scored before the reader waits (≈ 1 MiB each way). */
const MAX_IN_FLIGHT = 8;
/**
 * The scoring thread's young generation (V8 grows it to 16 MiB by default).
 * Its hot loops allocate nothing; what it does allocate, results and the
 * robust judge's small objects, survives or dies within a series, and a
 * larger nursery only held it longer: 4 MiB lowered the fleet's robust peak
 * RSS by ~10 MiB (one 10M-sample series': unchanged), at the same CPU time.
 */
const WORKER_YOUNG_MB = 4;

/**
 * A batch: samples in arrival order, in `runs` runs; run r is samples
 * runEnds[r − 1] (0 for the first) up to runEnds[r], of series runIds[r].
 * A run of no samples with id ~i (negative) says: park series i (parking.ts).
 */
interface Batch {
  runIds: Int32Array;
  runEnds: Int32Array;
  times: Float64Array;
  values: Float64Array;
}

type ToWorker =
  | ({ kind: 'batch'; runs: number } & Batch)
  | { kind: 'finish'; kept: Array<{ id: number; drops: DropCounts }> };

type FromWorker = ({ kind: 'ack' } & Batch) | { kind: 'done'; results: SeriesResultParts[] };

function newBatch(): Batch {
  return { runIds: new Int32Array(BATCH), runEnds: new Int32Array(BATCH), times: new Float64Array(BATCH), values: new Float64Array(BATCH) };
}

function transferList({ runIds, runEnds, times, values }: Batch): ArrayBuffer[] {
  return [runIds.buffer as ArrayBuffer, runEnds.buffer as ArrayBuffer, times.buffer as ArrayBuffer, values.buffer as ArrayBuffer];
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
  /** Runs begun in the batch; the last one's end is written when the next begins or the batch is posted. */
  private runs = 0;
  private runId = -1;
  private inFlight = 0;
  private wake: (() => void) | null = null;
  private done: ((message: Extract<FromWorker, { kind: 'done' }>) => void) | null = null;
  private failure: Error | null = null;
  private fail: ((error: Error) => void) | null = null;
  /** Series quiet long enough are parked on the scoring thread (parking.ts). */
  private readonly quiet = new QuietWatch<RemoteSeries>();

  constructor(options: AnalysisOptions) {
    this.worker = new Worker(WORKER_URL, { workerData: { options }, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
    this.worker.on('message', (message: FromWorker) => {
      if (message.kind === 'ack') {
        this.inFlight--;
        this.free.push({ runIds: message.runIds, runEnds: message.runEnds, times: message.times, values: message.values });
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

  /** Adds `count` samples of series `id`. */
  addRun(id: number, times: Float64Array, values: Float64Array, count: number): void {
    let from = 0;
    while (from < count) {
      if (id !== this.runId) this.beginRun(id);
      const take = Math.min(count - from, BATCH - this.count);
      this.batch.times.set(times.subarray(from, from + take), this.count);
      this.batch.values.set(values.subarray(from, from + take), this.count);
      this.count += take;
      from += take;
      if (this.count === BATCH) this.flush();
    }
  }

  /** `series` took `count` samples: parks the series that have been quiet too long. */
  fed(series: RemoteSeries, count: number, parkable: boolean): void {
    const quiet = this.quiet.fed(series, count, parkable);
    if (quiet !== null) for (const one of quiet) one.park();
  }

  /** Tells the scoring thread to park series `id`, after the samples posted so far. */
  parkRun(id: number): void {
    this.beginRun(~id);
  }

  /** Ends the batch's current run (if any) and begins one of series `id`. */
  private beginRun(id: number): void {
    // Park runs hold no samples: a batch may then have more runs than samples.
    if (this.runs === BATCH) this.flush();
    if (this.runs > 0) this.batch.runEnds[this.runs - 1] = this.count;
    this.batch.runIds[this.runs++] = id;
    this.runId = id;
  }

  /** Posts the samples gathered so far. */
  flush(): void {
    if (this.count === 0 && this.runs === 0) return;
    const batch = this.batch;
    batch.runEnds[this.runs - 1] = this.count;
    this.inFlight++;
    this.worker.postMessage({ kind: 'batch', runs: this.runs, ...batch } satisfies ToWorker, transferList(batch));
    this.batch = this.free.pop() ?? newBatch();
    this.count = 0;
    this.runs = 0;
    this.runId = -1;
  }

  /** Resolves once few enough batches are in flight. */
  async ready(): Promise<void> {
    while (this.inFlight > MAX_IN_FLIGHT && this.failure === null) await new Promise<void>((wake) => (this.wake = wake));
    if (this.failure !== null) throw this.failure;
  }

  /** Scores the kept series (after every batch of every series); reports whether any series was unsorted (then nothing is scored). */
  async finish(kept: Array<{ sink: RemoteSeries; labels: Labels }>): Promise<{ unsorted: boolean; results: SeriesResultParts[] }> {
    if (kept.some(({ sink }) => sink.unsorted)) return { unsorted: true, results: [] };
    for (const { sink } of kept) sink.release();
    this.flush();
    const reply = new Promise<Extract<FromWorker, { kind: 'done' }>>((resolve, reject) => {
      this.done = resolve;
      this.fail = reject;
    });
    if (this.failure !== null) throw this.failure;
    this.worker.postMessage({ kind: 'finish', kept: kept.map(({ sink }) => ({ id: sink.id, drops: counts(sink.drops, sink.duplicates) })) } satisfies ToWorker);
    const { results } = await reply;
    return { unsorted: false, results: results.map((parts, i) => ({ ...parts, replay: { ...parts.replay, labels: (kept[i] as { labels: Labels }).labels } })) };
  }

  close(): void {
    void this.worker.terminate();
  }
}


/** A series' sink on the reading thread: drops are counted and samples put in time order here; those that pass go into the thread's shared batch. */
export class RemoteSeries implements SeriesSink {
  readonly drops = new DropTally();
  private readonly order = new TimeOrder();
  /** While parked: the time of the last sample sent on; NaN otherwise. */
  private parkedAt = NaN;
  private resumed = false;

  constructor(
    private readonly thread: ScoringThread,
    readonly id: number,
  ) {}

  /** Usable samples read, duplicates included. */
  get samples(): number {
    return this.order.samples;
  }

  get duplicates(): number {
    return this.order.duplicates;
  }

  /** A sample came before its predecessor: this series must be sorted in memory. */
  get unsorted(): boolean {
    return this.order.unsorted;
  }

  add(seconds: number, bytes: number): void {
    addOne(this, seconds, bytes);
  }

  addBatch(times: Float64Array, values: Float64Array, count: number): void {
    if (count === 0) return;
    if (this.parkedAt === this.parkedAt) this.unpark(times[0] as number);
    const out = passing(count);
    const passed = this.order.take(times, values, count, out.times, out.values);
    if (passed > 0) this.thread.addRun(this.id, out.times, out.values, passed);
    this.thread.fed(this, count, !this.resumed && !this.order.unsorted);
  }

  /** Quiet for long: sends on the sample held back and has the scoring thread park the series (parking.ts). */
  park(): void {
    const sent = this.release();
    if (sent !== sent) return;
    this.thread.parkRun(this.id);
    this.parkedAt = sent;
  }

  /** A parked series' next sample, at `time`: the scoring thread resumes it. */
  private unpark(time: number): void {
    // The sample sent on at parking can no longer be replaced (a later one at its time) or preceded:
    // as for an unsorted series, the input is then analysed in memory (SPEC §1).
    if (!(time > this.parkedAt)) this.order.unsorted = true;
    this.parkedAt = NaN;
    this.resumed = true;
  }

  /** Sends on the sample TimeOrder still holds (at the reader's end, or to park): returns its time, NaN when none was held. */
  release(): number {
    const out = passing(1);
    if (this.order.release(out.times, out.values) === 0) return NaN;
    this.thread.addRun(this.id, out.times, out.values, 1);
    return out.times[0] as number;
  }

  drop(line: number, reason: string, kind?: string): void {
    this.drops.drop(line, reason, kind);
  }
}

/** The buffer of a result's chart track (its own copy: BucketTrack.snapshot packs each track into one buffer). */
function trackBuffers({ replay: { track } }: SeriesResultParts): ArrayBuffer[] {
  return buffersOf(track);
}

/** The scoring thread itself. */
function serve(options: AnalysisOptions): void {
  const port = parentPort;
  if (port === null) return;
  const series = new Map<number, ParkableAnalysis>();
  const of = (id: number): ParkableAnalysis => {
    let one = series.get(id);
    if (one === undefined) {
      one = new ParkableAnalysis(() => new SeriesAnalysis(options));
      series.set(id, one);
    }
    return one;
  };
  port.on('message', (message: ToWorker) => {
    if (message.kind === 'batch') {
      const { runIds, runEnds, runs, times, values } = message;
      for (let run = 0, from = 0; run < runs; run++) {
        const to = runEnds[run] as number;
        const id = runIds[run] as number;
        if (id < 0) of(~id).park();
        else of(id).pushEach(times.subarray(from, to), values.subarray(from, to), to - from);
        from = to;
      }
      const batch: Batch = { runIds, runEnds, times, values };
      port.postMessage({ kind: 'ack', ...batch } satisfies FromWorker, transferList(batch));
      return;
    }
    // Each series is let go once finished, and its chart track's arrays are moved, not cloned, back:
    // on a fleet of 500 series a day long, this lowered peak RSS by about a quarter.
    const results = message.kept.map(({ id, drops }) => {
      const parts = of(id).finish(makeLabels(), drops);
      series.delete(id);
      return parts;
    });
    port.postMessage({ kind: 'done', results } satisfies FromWorker, results.flatMap(trackBuffers));
  });
}

if (!isMainThread && (workerData as { options?: AnalysisOptions } | null)?.options !== undefined) {
  serve((workerData as { options: AnalysisOptions }).options);
}
