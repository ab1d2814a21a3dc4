/**
 * A fleet export → one scored series per workload (issue 17). When the input
 * holds several of the known memory metrics for one container (working set,
 * RSS, usage, a restart counter …), they are paired by namespace/pod/
 * container; the working set is scored (or RSS, or usage, whichever the
 * workload has, in that order: docs/kubernetes.md says why) and the rest are
 * companions that explain it. Restarts read from the data split the scored
 * series (src/analysis/robust/ opens a segment at each) and the samples of the
 * settling time after each are left out.
 *
 * Pure: a ReadResult in, a ReadResult out plus what the report needs.
 */
import type { Labels, RawSeries, ReadResult } from '../series.js';
import { makeLabels, MAX_DROPPED_EXAMPLES } from '../series.js';
import { metricRole, SCORED_ROLES, type MetricRole } from './metric-names.js';
import { counterRestarts, instanceRestarts, mergeRestarts, settling, startTimeRestarts, type Restart } from './restarts.js';
import { growthMiBPerHour } from './slope.js';
import { groupWorkloads, isPodAggregate, workloadOf, type RoleSeries, type Workload } from './workloads.js';

export interface FleetWorkload {
  subject: string;
  kubernetes: boolean;
  /** The role scored, and the metric name it came from. */
  scoredRole: MetricRole;
  scoredName: string;
  /** Roles present besides the scored one. */
  companions: MetricRole[];
  restarts: Restart[];
  /** Scored samples left out because they fell in a settling window. */
  settlingSamples: number;
  /** Growth rates in MiB/h (null when a companion is missing or too short), split at restarts. */
  rates: {
    scored: number | null;
    workingSet: number | null;
    rss: number | null;
    usage: number | null;
    /** usage − working set (inactive file cache), or `container_memory_cache`. */
    pageCache: number | null;
  };
  /** The last memory limit seen, in bytes; null without a limit series (or an unlimited container). */
  limitBytes: number | null;
}

export interface Fleet {
  read: ReadResult;
  /** One per series of `read.series`, in order; null for a series that is not a workload (no known metric name). */
  workloads: Array<FleetWorkload | null>;
}

/**
 * Whether the series are worth pairing: some workload has two kinds of
 * memory metric, a restart signal, or several container instances of one.
 * Usage alone too: it counts page cache, and the report must say so. A lone
 * working set or RSS per workload (the usual Prometheus query) is read as before.
 */
export function wantsFleet(labels: readonly Labels[]): boolean {
  const seen = new Map<string, { roles: Set<MetricRole>; instances: number }>();
  let scored = false;
  let signals = false;
  for (const set of labels) {
    const role = metricRole(set.__name__);
    if (role === undefined) continue;
    if (role === 'usage') return true;
    if (SCORED_ROLES.includes(role)) scored = true;
    else signals = true;
    const { key } = workloadOf(set);
    const entry = seen.get(key) ?? { roles: new Set(), instances: 0 };
    if (entry.roles.has(role) && SCORED_ROLES.includes(role)) entry.instances++;
    entry.roles.add(role);
    seen.set(key, entry);
  }
  if (!scored) return false;
  if (signals) return true;
  for (const entry of seen.values()) if (entry.roles.size > 1 || entry.instances > 0) return true;
  return false;
}

/** Pairs the series of a read into workloads; undefined when `wantsFleet` says there is nothing to pair. */
export function pairFleet(read: ReadResult): Fleet | undefined {
  if (!wantsFleet(read.series.map((series) => series.labels))) return undefined;
  const { workloads, unknown } = groupWorkloads(read.series);
  const notes = [...read.notes];
  const series: RawSeries[] = [];
  const found: Array<FleetWorkload | null> = [];
  const aggregates: string[] = [];
  const unpaired: string[] = [];
  for (const workload of workloads) {
    const scoredRole = SCORED_ROLES.find((role) => (workload.byRole.get(role)?.length ?? 0) > 0);
    if (scoredRole === undefined) {
      unpaired.push(workload.subject);
      continue;
    }
    if (isPodAggregate(workload, workloads.filter(hasScored))) {
      aggregates.push(workload.subject);
      continue;
    }
    const built = buildWorkload(workload, scoredRole, workloads);
    series.push(built.series);
    found.push(built.workload);
  }
  for (const raw of unknown) {
    series.push(raw);
    found.push(null);
  }
  if (aggregates.length > 0) {
    notes.push(
      `${aggregates.length} pod-level series left out (${listed(aggregates)}): the pod's cgroup and its pause container count the same memory as its containers`,
    );
  }
  if (unpaired.length > 0) {
    notes.push(`${plural(unpaired.length, 'workload')} with restart or limit series but no memory series to pair them with (${listed(unpaired)})`);
  }
  const paired = found.filter((workload) => workload !== null).length;
  notes.push(`${plural(paired, 'workload')} paired by namespace, pod and container; see docs/kubernetes.md for the metric names understood`);
  return { read: { ...read, series, notes }, workloads: found };
}

/**
 * The series of one metric name: two names for one role (cAdvisor's
 * container_memory_rss and the app's own process_resident_memory_bytes)
 * measure differently and must not be interleaved; the first name found wins.
 */
function oneName(list: readonly RoleSeries[]): RoleSeries[] {
  const name = list[0]?.raw.labels.__name__;
  return list.filter((one) => one.raw.labels.__name__ === name);
}

function hasScored(workload: Workload): boolean {
  return SCORED_ROLES.some((role) => (workload.byRole.get(role)?.length ?? 0) > 0);
}

function buildWorkload(workload: Workload, scoredRole: MetricRole, all: readonly Workload[]): { series: RawSeries; workload: FleetWorkload } {
  const scored = oneName(workload.byRole.get(scoredRole) as RoleSeries[]);
  // A pod-level workload (OTel k8s.pod.memory.*) restarts when any of its containers does.
  const signalsFrom = (role: MetricRole): RoleSeries[] =>
    workload.labels.container === undefined && workload.kubernetes
      ? all.filter((other) => other.labels.pod === workload.labels.pod && other.labels.namespace === workload.labels.namespace).flatMap((other) => other.byRole.get(role) ?? [])
      : (workload.byRole.get(role) ?? []);
  const restarts = mergeRestarts([
    counterRestarts(signalsFrom('restarts')),
    startTimeRestarts(signalsFrom('startTime')),
    instanceRestarts(scored),
  ]);
  const merged = mergeRole(scored, restarts);
  const name = scored[0]?.raw.labels.__name__ ?? scoredRole;
  const labels = makeLabels([['__name__', name], ...Object.entries(workload.labels)]);
  const boundaries = restarts.map((restart) => restart.time);
  const role = (wanted: MetricRole): { times: Float64Array; values: Float64Array } | null => {
    if (wanted === scoredRole) return merged;
    const list = workload.byRole.get(wanted);
    return list === undefined || list.length === 0 ? null : mergeRole(oneName(list), restarts);
  };
  const rate = (samples: { times: Float64Array; values: Float64Array } | null): number | null =>
    samples === null ? null : growthMiBPerHour(samples.times, samples.values, boundaries);
  const workingSet = role('workingSet');
  const usage = role('usage');
  const cache = role('cache');
  const pageCache = usage !== null && workingSet !== null ? difference(usage, workingSet) : cache;
  const limit = role('limit');
  const lastLimit = limit === null || limit.values.length === 0 ? null : (limit.values[limit.values.length - 1] as number);
  const series: RawSeries = {
    labels,
    times: merged.times,
    values: merged.values,
    dropped: scored.reduce((sum, one) => sum + one.raw.dropped, 0),
    droppedExamples: scored.flatMap((one) => one.raw.droppedExamples).slice(0, MAX_DROPPED_EXAMPLES),
    droppedReasons: scored.flatMap((one) => one.raw.droppedReasons ?? []),
    ...(boundaries.length === 0 ? {} : { restarts: Float64Array.from(boundaries) }),
  };
  return {
    series,
    workload: {
      subject: workload.subject,
      kubernetes: workload.kubernetes,
      scoredRole,
      scoredName: name,
      companions: [...workload.byRole.keys()].filter((other) => other !== scoredRole),
      restarts,
      settlingSamples: merged.settling,
      rates: {
        scored: rate(merged),
        workingSet: rate(workingSet),
        rss: rate(role('rss')),
        usage: rate(usage),
        pageCache: rate(pageCache),
      },
      // 0 or a huge value (cAdvisor's "no limit" is the node's memory or 2^63) is no limit.
      limitBytes: lastLimit !== null && lastLimit > 0 && lastLimit < 2 ** 60 ? lastLimit : null,
    },
  };
}

/**
 * The samples of one role's series as one, in time order: a container
 * instance's samples stop where a later instance starts (the kubelet's
 * stale reports of the dead one), and samples in a settling window are
 * left out (counted in `settling`).
 */
function mergeRole(list: readonly RoleSeries[], restarts: readonly Restart[]): { times: Float64Array; values: Float64Array; settling: number } {
  const starts = list.map((one) => {
    let earliest = Infinity;
    for (const time of one.raw.times) if (time < earliest) earliest = time;
    return earliest;
  });
  const samples: Array<[number, number]> = [];
  let settled = 0;
  list.forEach((one, i) => {
    const own = starts[i] as number;
    // The next instance to start after this one, when instances are known.
    let until = Infinity;
    if (one.instance !== '') {
      list.forEach((other, j) => {
        const start = starts[j] as number;
        if (other.instance !== '' && other.instance !== one.instance && start > own && start < until) until = start;
      });
    }
    for (let k = 0; k < one.raw.times.length; k++) {
      const time = one.raw.times[k] as number;
      if (time >= until) continue;
      if (settling(time, restarts)) {
        settled++;
        continue;
      }
      samples.push([time, one.raw.values[k] as number]);
    }
  });
  samples.sort((a, b) => a[0] - b[0]);
  return {
    times: Float64Array.from(samples, (sample) => sample[0]),
    values: Float64Array.from(samples, (sample) => sample[1]),
    settling: settled,
  };
}

/** `a − b` at the times of `a`, with `b` taken at its nearest sample within half a typical interval. */
function difference(a: { times: Float64Array; values: Float64Array }, b: { times: Float64Array; values: Float64Array }): { times: Float64Array; values: Float64Array } {
  const times: number[] = [];
  const values: number[] = [];
  const tolerance = Math.max(1, medianStep(b.times) / 2);
  let j = 0;
  for (let i = 0; i < a.times.length; i++) {
    const time = a.times[i] as number;
    while (j + 1 < b.times.length && Math.abs((b.times[j + 1] as number) - time) <= Math.abs((b.times[j] as number) - time)) j++;
    if (b.times.length === 0 || Math.abs((b.times[j] as number) - time) > tolerance) continue;
    times.push(time);
    values.push((a.values[i] as number) - (b.values[j] as number));
  }
  return { times: Float64Array.from(times), values: Float64Array.from(values) };
}

function medianStep(times: Float64Array): number {
  if (times.length < 2) return 0;
  const steps: number[] = [];
  for (let i = 1; i < times.length && steps.length < 255; i++) steps.push((times[i] as number) - (times[i - 1] as number));
  steps.sort((x, y) => x - y);
  return steps[steps.length >> 1] as number;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function listed(subjects: readonly string[]): string {
  return subjects.length <= 3 ? subjects.join(', ') : `${subjects.slice(0, 3).join(', ')} and ${subjects.length - 3} more`;
}
