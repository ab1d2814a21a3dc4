/**
 * Series → workloads (issue 17): the memory series of one container, from
 * however many exporters and container instances, grouped so they can be
 * scored as one and compared with each other. A Kubernetes workload is its
 * namespace, pod and container, in cAdvisor's, kube-state-metrics' or the
 * OpenTelemetry Collector's label names; anything else (a plain
 * `process_resident_memory_bytes{instance="api-1:9100"}`) is every label but
 * the metric name, job and instance stay part of it.
 */
import { makeLabels, type Labels, type RawSeries } from '../series.js';
import {
  CONTAINER_ID_LABELS,
  CONTAINER_LABELS,
  metricRole,
  NAMESPACE_LABELS,
  POD_LABELS,
  type MetricRole,
} from './metric-names.js';

export interface RoleSeries {
  raw: RawSeries;
  /** The container instance (cAdvisor `id`, OTel `container.id`), or '' when the series has none. */
  instance: string;
}

export interface Workload {
  key: string;
  /** `namespace/pod/container` for Kubernetes, the label set otherwise. */
  subject: string;
  /** Identity labels, shared by every series of the workload. */
  labels: Labels;
  /** Whether the identity came from Kubernetes pod labels. */
  kubernetes: boolean;
  byRole: Map<MetricRole, RoleSeries[]>;
}

function first(labels: Labels, names: readonly string[]): string | undefined {
  for (const name of names) if (Object.hasOwn(labels, name)) return labels[name];
  return undefined;
}

/** The workload a series belongs to: its key, words and identity labels. */
export function workloadOf(labels: Labels): { key: string; subject: string; labels: Labels; kubernetes: boolean } {
  const pod = first(labels, POD_LABELS);
  if (pod !== undefined && pod !== '') {
    const namespace = first(labels, NAMESPACE_LABELS) ?? '';
    const container = first(labels, CONTAINER_LABELS) ?? '';
    const identity: Array<[string, string]> = [];
    if (namespace !== '') identity.push(['namespace', namespace]);
    identity.push(['pod', pod]);
    if (container !== '') identity.push(['container', container]);
    const subject = [namespace, pod, container].filter((part) => part !== '').join('/');
    return { key: JSON.stringify(['k8s', namespace, pod, container]), subject, labels: makeLabels(identity), kubernetes: true };
  }
  const identity = Object.keys(labels)
    .filter((name) => name !== '__name__' && !CONTAINER_ID_LABELS.includes(name))
    .sort()
    .map((name): [string, string] => [name, labels[name] as string]);
  const subject = identity.length === 0 ? 'the process' : identity.map(([name, value]) => `${name}=${value}`).join(', ');
  return { key: JSON.stringify(identity), subject, labels: makeLabels(identity), kubernetes: false };
}

/** Series with a known role, grouped by workload, in the order first seen; series of no known role are returned apart. */
export function groupWorkloads(series: readonly RawSeries[]): { workloads: Workload[]; unknown: RawSeries[] } {
  const workloads = new Map<string, Workload>();
  const unknown: RawSeries[] = [];
  for (const raw of series) {
    const role = metricRole(raw.labels.__name__);
    if (role === undefined) {
      unknown.push(raw);
      continue;
    }
    const identity = workloadOf(raw.labels);
    let workload = workloads.get(identity.key);
    if (workload === undefined) {
      workload = { ...identity, byRole: new Map() };
      workloads.set(identity.key, workload);
    }
    const list = workload.byRole.get(role) ?? [];
    list.push({ raw, instance: first(raw.labels, CONTAINER_ID_LABELS) ?? '' });
    workload.byRole.set(role, list);
  }
  return { workloads: [...workloads.values()], unknown };
}

/**
 * cAdvisor exports a pod's cgroup as well as its containers' (`container=""`)
 * and the pause container (`container="POD"`): with container-level series
 * present they would count the same memory twice, so they are left out.
 */
export function isPodAggregate(workload: Workload, all: readonly Workload[]): boolean {
  if (!workload.kubernetes) return false;
  const container = workload.labels.container;
  if (container !== undefined && container !== 'POD') return false;
  return all.some(
    (other) =>
      other !== workload &&
      other.kubernetes &&
      other.labels.pod === workload.labels.pod &&
      other.labels.namespace === workload.labels.namespace &&
      other.labels.container !== undefined &&
      other.labels.container !== 'POD',
  );
}
