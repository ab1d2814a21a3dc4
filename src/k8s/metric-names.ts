/**
 * The memory metrics Kubernetes and OpenTelemetry really export (issue 17),
 * by what they measure. Names are as the exporters write them: cAdvisor in
 * the kubelet (`/metrics/cadvisor`), kube-state-metrics, the Prometheus
 * client libraries' process collector, the OpenTelemetry Collector's
 * kubeletstats / k8s_cluster / hostmetrics receivers, and those OTel names
 * as the Collector's Prometheus exporters translate them (dots → `_`, the
 * unit `By` → a `_bytes` suffix, `{restart}` dropped).
 */

/**
 * What a metric measures:
 * - `workingSet`: usage minus inactive file cache — what the kubelet evicts
 *   on, `kubectl top` shows and the OOM limit is compared with;
 * - `rss`: anonymous memory (heap, stacks, native allocations), no file cache;
 * - `usage`: everything charged to the cgroup, page cache included — it
 *   "reads exactly like a memory leak" when a process reads files;
 * - `cache`: the page cache alone;
 * - `available`: memory left before the limit (falls as usage grows: never scored);
 * - `limit`: the container's memory limit;
 * - `restarts`: a restart counter; `startTime`: the process start time.
 */
export type MetricRole = 'workingSet' | 'rss' | 'usage' | 'cache' | 'available' | 'limit' | 'restarts' | 'startTime';

const ROLES: ReadonlyArray<readonly [MetricRole, readonly string[]]> = [
  [
    'workingSet',
    [
      'container_memory_working_set_bytes', // cAdvisor; also OTel container.memory.working_set translated
      'container.memory.working_set', // OTel kubeletstats
      'k8s.pod.memory.working_set', // OTel kubeletstats, pod level
      'k8s_pod_memory_working_set_bytes',
      'k8s_pod_memory_working_set',
      'container_memory_working_set',
    ],
  ],
  [
    'rss',
    [
      'container_memory_rss', // cAdvisor
      'container.memory.rss', // OTel kubeletstats
      'container_memory_rss_bytes',
      'k8s.pod.memory.rss',
      'k8s_pod_memory_rss_bytes',
      'process_resident_memory_bytes', // Prometheus client libraries, node/process exporters
      'process.memory.usage', // OTel semantic conventions: the process's physical memory (RSS)
      'process_memory_usage_bytes',
      'process_memory_usage',
    ],
  ],
  [
    'usage',
    [
      'container_memory_usage_bytes', // cAdvisor; also OTel container.memory.usage translated
      'container.memory.usage', // OTel kubeletstats
      'k8s.pod.memory.usage',
      'k8s_pod_memory_usage_bytes',
      'container_memory_usage',
    ],
  ],
  ['cache', ['container_memory_cache', 'container_memory_cache_bytes']],
  [
    'available',
    ['container.memory.available', 'k8s.pod.memory.available', 'container_memory_available_bytes', 'k8s_pod_memory_available_bytes'],
  ],
  [
    'limit',
    [
      'container_spec_memory_limit_bytes', // cAdvisor
      'kube_pod_container_resource_limits_memory_bytes', // kube-state-metrics before v2
      'k8s.container.memory_limit', // OTel k8s_cluster
      'k8s_container_memory_limit_bytes',
      'k8s_container_memory_limit',
    ],
  ],
  [
    'restarts',
    [
      'kube_pod_container_status_restarts_total', // kube-state-metrics
      'k8s.container.restarts', // OTel k8s_cluster
      'k8s_container_restarts',
    ],
  ],
  ['startTime', ['process_start_time_seconds', 'process.start_time', 'process.creation.time']],
];

const BY_NAME: ReadonlyMap<string, MetricRole> = new Map(ROLES.flatMap(([role, names]) => names.map((name) => [name, role] as const)));

/** The role of a metric name, or undefined for a name this module does not know. */
export function metricRole(name: string | undefined): MetricRole | undefined {
  return name === undefined ? undefined : BY_NAME.get(name);
}

/** Every name understood, by role, for docs and `--help`. */
export function knownMetricNames(): ReadonlyArray<readonly [MetricRole, readonly string[]]> {
  return ROLES;
}

/** Roles that can be scored, best first: why working set first is in docs/kubernetes.md. */
export const SCORED_ROLES: readonly MetricRole[] = ['workingSet', 'rss', 'usage'];

/** What a role is called in the report. */
export const ROLE_WORDS: Readonly<Record<MetricRole, string>> = {
  workingSet: 'working set',
  rss: 'RSS',
  usage: 'usage (page cache included)',
  cache: 'page cache',
  available: 'memory available',
  limit: 'memory limit',
  restarts: 'restart counter',
  startTime: 'process start time',
};

/** Label names of one workload's identity, in each exporter's spelling. */
export const NAMESPACE_LABELS = ['namespace', 'k8s.namespace.name', 'k8s_namespace_name', 'kubernetes_namespace', 'exported_namespace'];
export const POD_LABELS = ['pod', 'k8s.pod.name', 'k8s_pod_name', 'pod_name', 'kubernetes_pod_name', 'exported_pod'];
export const CONTAINER_LABELS = ['container', 'k8s.container.name', 'k8s_container_name', 'container_name', 'exported_container'];
/** Labels that name one container instance: a new value is a new container (a restart). */
export const CONTAINER_ID_LABELS = ['id', 'container_id', 'container.id', 'container_id_label'];
