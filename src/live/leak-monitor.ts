/**
 * The seed's live monitor for a Node service (issue 14): every 30 s it
 * samples this process's RSS (and VMS from /proc/self/status where there is
 * one), scores the last 120 samples with the same code the CLI replays with
 * (createMonitor → SeriesReplayer → SPEC §2), and sets three gauges on a
 * prom-client registry for Prometheus to scrape.
 *
 * prom-client is an optional peer dependency, loaded here with a dynamic
 * import so the CLI and the offline library never need it.
 *
 * @example
 * import { register } from 'prom-client';
 * import { startLeakMonitor } from 'leak-score';
 * const monitor = await startLeakMonitor({ logger: console });
 * // serve `await register.metrics()` at /metrics; monitor.stop() on shutdown
 */
import { LeakScoreError } from '../errors.js';
import { loadPromClient } from './prom-client.js';
import { GAUGES, type GaugeSpec, type GaugeValues } from './gauges.js';
import { createMonitor, type Monitor, type MonitorOptions, type MonitorUpdate } from './monitor.js';
import { readVmsBytes } from './process-memory.js';

/**
 * The part of a prom-client `Registry` the monitor uses; any prom-client
 * registry (`register`, `new Registry()`) fits. Declared here so leak-score's
 * types never name prom-client, which may not be installed.
 */
export interface MetricsRegistry {
  getSingleMetric(name: string): unknown;
  removeSingleMetric(name: string): void;
  metrics(): Promise<string>;
}

/** `console`, pino, winston… — or a function taking the level and the message. */
export type LeakMonitorLogger =
  | { info(message: string): void; warn(message: string): void }
  | ((level: 'info' | 'warn', message: string) => void);

export interface LeakMonitorOptions extends MonitorOptions {
  /** Seconds between samples; default 30 (the seed's). */
  intervalSeconds?: number;
  /** Where the gauges go; default prom-client's global `register`. */
  registry?: MetricsRegistry;
  /** Told every `logEvery` samples, and warned once each time the score rises above `leakThreshold`. Default: quiet. */
  logger?: LeakMonitorLogger;
  /** Samples between info lines; default 10 (the seed's). */
  logEvery?: number;
}

export interface LeakMonitor {
  /** The scorer underneath: `alerts`, `onAlert`, `result()` as for createMonitor. */
  readonly monitor: Monitor;
  readonly registry: MetricsRegistry;
  /** The gauges' values now (null before the first sample). */
  readonly gauges: GaugeValues | null;
  /** Takes a sample now, between the timer's, and updates the gauges. */
  sample(): MonitorUpdate;
  /** Stops sampling and removes the gauges from the registry (so they do not go on exporting the last value). Idempotent. */
  stop(): void;
}

export const DEFAULT_MONITOR_INTERVAL_SECONDS = 30;
const DEFAULT_LOG_EVERY = 10;
const MiB = 1048576;

type GaugeHandle = { set(value: number): void };

function checkCount(value: number, name: string): number {
  if (!(Number.isSafeInteger(value) && value >= 1)) throw new LeakScoreError(`${name} must be a whole number of at least 1, not ${value}`);
  return value;
}

function toLog(logger: LeakMonitorLogger | undefined): (level: 'info' | 'warn', message: string) => void {
  if (logger === undefined) return () => {};
  if (typeof logger === 'function') return logger;
  return (level, message) => (level === 'warn' ? logger.warn(message) : logger.info(message));
}

function describe(update: MonitorUpdate, vmsBytes: number | null, samples: number): string {
  const vms = vmsBytes === null ? '' : `, VMS ${(vmsBytes / MiB).toFixed(1)} MiB`;
  const fit =
    update.slopeMiBPerHour === null || update.r2 === null
      ? 'not fitted yet'
      : `slope ${update.slopeMiBPerHour >= 0 ? '+' : ''}${update.slopeMiBPerHour.toFixed(1)} MiB/h, R² ${update.r2.toFixed(3)}`;
  return `RSS ${(update.rssBytes / MiB).toFixed(1)} MiB${vms}, leak score ${update.score.toFixed(3)} (${fit}; ${samples} samples)`;
}

function formatFor(seconds: number): string {
  return seconds >= 60 ? `${Number((seconds / 60).toFixed(1))} min` : `${seconds} s`;
}

/**
 * The seed's logging: a line every `every` samples, and one warning each
 * time the score rises above the leak threshold (re-armed once it falls back
 * to or below it), so a score that stays high does not repeat itself every
 * 30 s.
 */
export class SampleLog {
  private samples = 0;
  private warned = false;

  constructor(
    private readonly log: (level: 'info' | 'warn', message: string) => void,
    private readonly every: number,
    private readonly threshold: number,
    private readonly leakForSeconds: number,
  ) {}

  after(update: MonitorUpdate, vmsBytes: number | null): void {
    this.samples++;
    if (this.samples % this.every === 0) this.log('info', `leak-score: ${describe(update, vmsBytes, this.samples)}`);
    if (update.score > this.threshold && !this.warned) {
      this.warned = true;
      this.log(
        'warn',
        `leak-score: memory leak suspected: score ${update.score.toFixed(3)} is above ${this.threshold}; ${describe(update, vmsBytes, this.samples)}. ` +
          `MemoryLeakDetected fires if it stays above for ${formatFor(this.leakForSeconds)}`,
      );
    } else if (update.score <= this.threshold) {
      this.warned = false;
    }
  }
}

/**
 * Starts the monitor: samples at once, then every `intervalSeconds` on an
 * unref'd timer, so it never keeps the process alive. Rejects with a
 * LeakScoreError when prom-client is missing, an option is invalid, or the
 * registry already has one of the gauges (another monitor still running).
 */
export async function startLeakMonitor(options: LeakMonitorOptions = {}): Promise<LeakMonitor> {
  const { intervalSeconds = DEFAULT_MONITOR_INTERVAL_SECONDS, registry: given, logger, logEvery = DEFAULT_LOG_EVERY, ...monitorOptions } = options;
  if (!(Number.isFinite(intervalSeconds) && intervalSeconds > 0)) {
    throw new LeakScoreError(`intervalSeconds must be above 0, not ${intervalSeconds} (the seed sampled every 30)`);
  }
  checkCount(logEvery, 'logEvery');
  const monitor = createMonitor(monitorOptions);
  const client = await loadPromClient();
  const registry = given ?? (client.register as unknown as MetricsRegistry);
  // VMS only where /proc says it: a gauge stuck at 0 would read as a real value.
  const hasVms = readVmsBytes('self') !== null;
  const specs: GaugeSpec[] = [GAUGES.rss, ...(hasVms ? [GAUGES.vms] : []), GAUGES.score];
  for (const spec of specs) {
    if (registry.getSingleMetric(spec.name) !== undefined) {
      throw new LeakScoreError(
        `the registry already has a metric named ${spec.name}: stop() the monitor that made it, or pass startLeakMonitor its own registry`,
      );
    }
  }
  const make = (spec: GaugeSpec): GaugeHandle =>
    new client.Gauge({ name: spec.name, help: spec.help, registers: [registry as never] }) as GaugeHandle;
  const rssGauge = make(GAUGES.rss);
  const vmsGauge = hasVms ? make(GAUGES.vms) : null;
  const scoreGauge = make(GAUGES.score);

  const log = new SampleLog(toLog(logger), logEvery, monitor.options.leakThreshold, monitor.options.leakForSeconds);
  let gauges: GaugeValues | null = null;
  let stopped = false;

  const sample = (): MonitorUpdate => {
    const update = monitor.sample();
    const vmsBytes = hasVms ? readVmsBytes('self') : null;
    gauges = { rssBytes: update.rssBytes, vmsBytes, score: update.score };
    if (!stopped) {
      rssGauge.set(update.rssBytes);
      if (vmsBytes !== null) vmsGauge?.set(vmsBytes);
      scoreGauge.set(update.score);
    }
    log.after(update, vmsBytes);
    return update;
  };

  sample();
  const timer = setInterval(sample, intervalSeconds * 1000);
  timer.unref();

  return {
    monitor,
    registry,
    get gauges() {
      return gauges;
    },
    sample,
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      for (const spec of specs) registry.removeSingleMetric(spec.name);
    },
  };
}
