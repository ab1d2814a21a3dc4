/**
 * Restarts read from the data (issue 17), not guessed from a fall in
 * memory: a change of `process_start_time_seconds`, an increment of a
 * restart counter (`kube_pod_container_status_restarts_total`,
 * `k8s.container.restarts`), or a new container instance (cAdvisor's `id`,
 * OTel's `container.id`). One restart seen by several signals is one
 * restart.
 */
import type { RawSeries } from '../series.js';
import type { RoleSeries } from './workloads.js';

/**
 * How long after a restart memory samples are ignored: the kubelet keeps
 * reporting the dead container's working set for 3–4.5 minutes after it is
 * replaced (kubernetes/kubernetes#128538), so 5 minutes covers it with a
 * scrape to spare.
 */
export const SETTLE_SECONDS = 300;

export type RestartSignal = 'start time' | 'restart counter' | 'new container';

export interface Restart {
  /** When the new process or container is known to exist, in seconds. */
  time: number;
  /** The last sample before it that still showed the old one (the restart happened after this); `time` when unknown. */
  after: number;
  signals: RestartSignal[];
}

/** Sorted samples of a raw series, so readers' order does not matter. */
function sortedSamples(raw: RawSeries): Array<[number, number]> {
  const samples: Array<[number, number]> = [];
  for (let i = 0; i < raw.times.length; i++) samples.push([raw.times[i] as number, raw.values[i] as number]);
  return samples.sort((a, b) => a[0] - b[0]);
}

/**
 * One restart for each pair of consecutive samples (in time order) that
 * `restartAt` calls a change, in each series: the one loop behind the counter
 * and start-time signals, which differ only in what counts as a change and
 * when the new process is known to exist. `restartAt` gets the earlier sample
 * and the later one and returns the restart, or undefined for no change.
 */
function restartsWhere(
  series: readonly RoleSeries[],
  restartAt: (before: number, previous: number, time: number, value: number) => Restart | undefined,
): Restart[] {
  const restarts: Restart[] = [];
  for (const { raw } of series) {
    const samples = sortedSamples(raw);
    for (let i = 1; i < samples.length; i++) {
      const [time, value] = samples[i] as [number, number];
      const [before, previous] = samples[i - 1] as [number, number];
      const restart = restartAt(before, previous, time, value);
      if (restart !== undefined) restarts.push(restart);
    }
  }
  return restarts;
}

/** A counter's increments (or resets, a re-created pod): each is a restart seen at that sample. */
export function counterRestarts(series: readonly RoleSeries[]): Restart[] {
  return restartsWhere(series, (before, previous, time, value) =>
    value !== previous ? { time, after: before, signals: ['restart counter'] } : undefined,
  );
}

/** A start time that changes: the new value is the moment the new process started. */
export function startTimeRestarts(series: readonly RoleSeries[]): Restart[] {
  return restartsWhere(series, (before, previous, time, value) => {
    // A second of jitter is not a restart (some exporters round the boot time).
    if (Math.abs(value - previous) <= 1) return undefined;
    const started = value > before && value <= time ? value : time;
    return { time: started, after: Math.min(before, started), signals: ['start time'] };
  });
}

/** Instances (container ids) in order of their first sample: each after the first is a new container. */
export function instanceRestarts(series: readonly RoleSeries[]): Restart[] {
  const firstSeen = new Map<string, number>();
  for (const { raw, instance } of series) {
    if (instance === '' || raw.times.length === 0) continue;
    let earliest = Infinity;
    for (const time of raw.times) if (time < earliest) earliest = time;
    firstSeen.set(instance, Math.min(firstSeen.get(instance) ?? Infinity, earliest));
  }
  const starts = [...firstSeen.values()].sort((a, b) => a - b);
  // Instances seen from the very first sample ran side by side (two cgroup paths of one container): not a restart.
  const first = starts[0];
  return starts.filter((time) => time !== first).map((time) => ({ time, after: time, signals: ['new container'] }));
}

/** Restarts from every signal, sorted, with those closer than the settling time merged into the earliest. */
export function mergeRestarts(lists: ReadonlyArray<readonly Restart[]>): Restart[] {
  const all = lists.flat().sort((a, b) => a.time - b.time);
  const merged: Restart[] = [];
  for (const restart of all) {
    const last = merged[merged.length - 1];
    if (last !== undefined && restart.time - last.time < SETTLE_SECONDS) {
      last.after = Math.min(last.after, restart.after);
      for (const signal of restart.signals) if (!last.signals.includes(signal)) last.signals.push(signal);
      continue;
    }
    merged.push({ time: restart.time, after: restart.after, signals: [...restart.signals] });
  }
  return merged;
}

/** Whether a sample at `time` falls in a restart's settling window: after the old one was last seen, before `time + SETTLE_SECONDS`. */
export function settling(time: number, restarts: readonly Restart[], settleSeconds = SETTLE_SECONDS): boolean {
  for (const restart of restarts) {
    const afterOld = time > restart.after || time === restart.time;
    if (afterOld && time < restart.time + settleSeconds) return true;
  }
  return false;
}
