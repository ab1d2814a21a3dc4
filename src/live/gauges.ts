/**
 * The seed monitor's three gauges (issue 14), named once for every place that
 * exports them: `startLeakMonitor` (on a prom-client registry), `leak-score
 * record --metrics-port` (hand-written exposition), `rules --seed` (alerts
 * over them) and the Grafana dashboard in examples/grafana/.
 */
export const RSS_GAUGE = 'process_memory_rss_bytes';
export const VMS_GAUGE = 'process_memory_vms_bytes';
export const SCORE_GAUGE = 'memory_leak_detection_score';

export interface GaugeSpec {
  name: string;
  help: string;
}

export const GAUGES: Readonly<Record<'rss' | 'vms' | 'score', GaugeSpec>> = Object.freeze({
  rss: { name: RSS_GAUGE, help: 'Resident set size of the process, in bytes (sampled by leak-score).' },
  vms: { name: VMS_GAUGE, help: 'Virtual memory size of the process (VmSize in /proc/PID/status), in bytes.' },
  score: {
    name: SCORE_GAUGE,
    help: 'leak-score window score, 0 to 1: the RSS growth-rate curve times R^2 over the last window of samples.',
  },
});

/** One reading of the three gauges; `vmsBytes` is null where the platform has no /proc. */
export interface GaugeValues {
  rssBytes: number;
  vmsBytes: number | null;
  score: number;
}
