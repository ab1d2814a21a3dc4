/**
 * The companion series of a Kubernetes/process memory query (issue 17):
 * `--prometheus … --query 'container_memory_working_set_bytes{namespace="shop"}'`
 * also fetches the same containers' RSS, usage, page cache, memory limit,
 * restart counter and process start time, so the fetched range pairs and
 * explains like a file export holding them all (src/k8s/fleet.ts).
 *
 * Pure: the main result's series in, the companion queries out, and a
 * filter for what they return. The queries are built from the labels of the
 * series the query actually returned, not from the query text: the query
 * may be any selector (its `job="kubelet"` would wrongly exclude
 * kube-state-metrics' restart counter), and the labels are what the pairing
 * goes by. Each companion query selects the returned workloads' namespace,
 * pod and container values (`pod=~"a|b|c"`); since a product of value lists
 * can select more (another container of the same pod), only companion series
 * of a workload the main query returned are kept.
 *
 * Companions never change what is scored: the memory siblings fetched are
 * only those ranked below the best one the query returned (SCORED_ROLES:
 * working set, then RSS, then usage), so a query for RSS still scores RSS.
 */
import { CONTAINER_LABELS, metricRole, NAMESPACE_LABELS, POD_LABELS, SCORED_ROLES, type MetricRole } from '../k8s/metric-names.js';
import { workloadOf } from '../k8s/workloads.js';
import { makeLabels } from '../series.js';

/** cAdvisor's metric per role, kube-state-metrics' restart counter, the client libraries' start time. */
const CADVISOR: ReadonlyArray<readonly [MetricRole, string]> = [
  ['workingSet', 'container_memory_working_set_bytes'],
  ['rss', 'container_memory_rss'],
  ['usage', 'container_memory_usage_bytes'],
  ['cache', 'container_memory_cache'],
];
const SIGNALS: ReadonlyArray<readonly [MetricRole, string]> = [
  ['limit', 'container_spec_memory_limit_bytes'],
  ['restarts', 'kube_pod_container_status_restarts_total'],
  ['startTime', 'process_start_time_seconds'],
];

/** Workloads per companion query: keeps a query's regexes to a few kilobytes on a fleet of hundreds of pods. */
export const WORKLOADS_PER_QUERY = 50;

export interface CompanionQuery {
  /** The metric fetched, e.g. `container_memory_rss`. */
  name: string;
  role: MetricRole;
  /** PromQL, e.g. `container_memory_rss{namespace="shop",pod=~"a|b"}`. */
  query: string;
}

/** The labels of one series of the main result. */
type SeriesLabels = Readonly<Record<string, string>>;

function firstPresent(labels: SeriesLabels, names: readonly string[]): string | undefined {
  return names.find((name) => Object.hasOwn(labels, name) && labels[name] !== '');
}

/**
 * The label names and values a companion query matches one workload by:
 * for Kubernetes, its namespace, pod and container labels as the main series
 * spell them; otherwise every label that is part of its identity (job,
 * instance …), as src/k8s/workloads.ts groups them.
 */
function matchLabels(labels: SeriesLabels): Array<[string, string]> {
  const identity = workloadOf(makeLabels(Object.entries(labels)));
  if (!identity.kubernetes) return Object.entries(identity.labels).map(([name, value]): [string, string] => [name, value]);
  const out: Array<[string, string]> = [];
  for (const names of [NAMESPACE_LABELS, POD_LABELS, CONTAINER_LABELS]) {
    const name = firstPresent(labels, names);
    if (name !== undefined) out.push([name, labels[name] as string]);
  }
  return out;
}

/** A PromQL double-quoted string (Go escapes: backslash, quote, newline). */
export function promString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** An RE2 pattern matching exactly `value` (anchoring is PromQL's). */
function literalRegex(value: string): string {
  return value.replace(/[\\.^$|?*+()[\]{}]/g, '\\$&');
}

/** `name="v"` for one value, `name=~"v1|v2"` for several. */
function matcher(name: string, values: readonly string[]): string {
  if (values.length === 1) return `${name}=${promString(values[0] as string)}`;
  return `${name}=~${promString(values.map(literalRegex).join('|'))}`;
}

/** Which companions the main result's series call for; empty when no series has a known memory name. */
export function planCompanions(main: readonly SeriesLabels[]): CompanionQuery[] {
  const roles = main.map((labels) => metricRole(labels.__name__));
  const bestRank = Math.min(...roles.map((role) => (role === undefined ? Infinity : SCORED_ROLES.indexOf(role) < 0 ? Infinity : SCORED_ROLES.indexOf(role))));
  if (bestRank === Infinity) return [];
  const present = new Set(main.map((labels) => labels.__name__));
  const scoredNames = main.filter((labels) => {
    const role = metricRole(labels.__name__);
    return role !== undefined && SCORED_ROLES.includes(role);
  });
  const cadvisor = scoredNames.some((labels) => (labels.__name__ ?? '').startsWith('container_memory_'));
  const kubernetes = scoredNames.some((labels) => workloadOf(makeLabels(Object.entries(labels))).kubernetes);
  const wanted: Array<readonly [MetricRole, string]> = [];
  if (cadvisor) {
    // Siblings ranked below the best scored role only (cache is never scored): see the module comment.
    for (const entry of CADVISOR) {
      const rank = SCORED_ROLES.indexOf(entry[0]);
      if (rank < 0 || rank > bestRank) wanted.push(entry);
    }
  }
  for (const entry of SIGNALS) if (entry[0] === 'startTime' || kubernetes) wanted.push(entry);
  // One query per label-name shape (a container-level and a pod-level workload match by different labels).
  const shapes = new Map<string, Array<Array<[string, string]>>>();
  const seen = new Set<string>();
  for (const labels of scoredNames) {
    const pairs = matchLabels(labels);
    if (pairs.length === 0) continue;
    const key = JSON.stringify(pairs);
    if (seen.has(key)) continue;
    seen.add(key);
    const shape = JSON.stringify(pairs.map(([name]) => name));
    const list = shapes.get(shape) ?? [];
    list.push(pairs);
    shapes.set(shape, list);
  }
  const selectors: string[] = [];
  for (const list of shapes.values()) {
    for (let from = 0; from < list.length; from += WORKLOADS_PER_QUERY) {
      const batch = list.slice(from, from + WORKLOADS_PER_QUERY);
      const names = (batch[0] as Array<[string, string]>).map(([name]) => name);
      const parts = names.map((name, i) => matcher(name, [...new Set(batch.map((pairs) => (pairs[i] as [string, string])[1]))].sort()));
      selectors.push(`{${parts.join(',')}}`);
    }
  }
  const out: CompanionQuery[] = [];
  for (const [role, name] of wanted) {
    if (present.has(name)) continue;
    for (const selector of selectors) out.push({ name, role, query: `${name}${selector}` });
  }
  return out;
}

/** The workload keys of the main result's series that have a known memory name. */
export function workloadKeys(main: readonly SeriesLabels[]): Set<string> {
  const keys = new Set<string>();
  for (const labels of main) {
    const role = metricRole(labels.__name__);
    if (role !== undefined && SCORED_ROLES.includes(role)) keys.add(workloadOf(makeLabels(Object.entries(labels))).key);
  }
  return keys;
}

/** Whether a companion series belongs to a workload the main query returned. */
export function belongsTo(keys: ReadonlySet<string>, labels: SeriesLabels): boolean {
  return keys.has(workloadOf(makeLabels(Object.entries(labels))).key);
}
