/**
 * `leak-score record --metrics-port`: the seed's three gauges for the process
 * being recorded, served while it is recorded, so a soak test can be watched
 * live (Prometheus, Grafana) and alerted on with `rules --seed`.
 *
 * The score is the one the record command's monitor computes from the same
 * samples it writes (createMonitor, SPEC §2), so the gauge at a sample time
 * equals what `leak-score FILE` replays for the recording at that sample.
 * RSS is the recorded sample (summed with --include-children); VMS is read
 * from /proc/PID/status right after it, over the same processes.
 */
import type { RecordedSample } from '../record/sample-writer.js';
import { renderGauges } from './exposition.js';
import { GAUGES, type GaugeValues } from './gauges.js';
import { startMetricsServer, type MetricsServer } from './metrics-server.js';
import { readVmsBytes } from './process-memory.js';

export const DEFAULT_METRICS_HOST = '127.0.0.1';

export interface RecordMetricsOptions {
  port: number;
  host: string;
  includeChildren: boolean;
}

export class RecordMetrics {
  private values: GaugeValues | null = null;

  private constructor(
    private readonly server: MetricsServer,
    private readonly includeChildren: boolean,
  ) {}

  /** Listens before anything is recorded, so a busy port fails the command before it starts. */
  static async start(options: RecordMetricsOptions): Promise<RecordMetrics> {
    let metrics: RecordMetrics | null = null;
    const server = await startMetricsServer({
      port: options.port,
      host: options.host,
      render: () => (metrics as RecordMetrics).render(),
    });
    metrics = new RecordMetrics(server, options.includeChildren);
    return metrics;
  }

  get url(): string {
    return this.server.url;
  }

  get gauges(): GaugeValues | null {
    return this.values;
  }

  /** One recorded sample of `pid` and the monitor's score after it. */
  observe(sample: RecordedSample, pid: number, score: number): void {
    this.values = { rssBytes: sample.rssBytes, vmsBytes: readVmsBytes(pid, this.includeChildren), score };
  }

  /** The exposition text; before the first sample, the families without samples. */
  render(): string {
    const values = this.values;
    return renderGauges([
      { spec: GAUGES.rss, value: values?.rssBytes ?? null },
      { spec: GAUGES.vms, value: values?.vmsBytes ?? null },
      { spec: GAUGES.score, value: values?.score ?? null },
    ]);
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
