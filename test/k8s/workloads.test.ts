/**
 * Pairing series into workloads (issue 17): the same container in
 * cAdvisor's, kube-state-metrics' and OpenTelemetry's label names is one
 * workload; pod-level cgroups are left out next to their containers; a
 * lone metric per series is not paired at all (read as before).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pairFleet, wantsFleet } from '../../src/k8s/fleet.js';
import { knownMetricNames, metricRole } from '../../src/k8s/metric-names.js';
import { groupWorkloads, workloadOf } from '../../src/k8s/workloads.js';
import { readInput } from '../../src/samples/read-input.js';
import { makeLabels, type RawSeries } from '../../src/series.js';

function raw(labels: Record<string, string>, count = 20): RawSeries {
  return {
    labels: makeLabels(Object.entries(labels)),
    times: Float64Array.from({ length: count }, (_, i) => 1_732_000_000 + i * 30),
    values: Float64Array.from({ length: count }, () => 100 * 1048576),
    dropped: 0,
    droppedExamples: [],
  };
}

describe('workloads', () => {
  it('cAdvisor, kube-state-metrics and OTel labels of one container are one workload', () => {
    const a = workloadOf(makeLabels([['__name__', 'container_memory_working_set_bytes'], ['namespace', 'shop'], ['pod', 'p-1'], ['container', 'c'], ['id', '/x'], ['job', 'kubelet']]));
    const b = workloadOf(makeLabels([['__name__', 'kube_pod_container_status_restarts_total'], ['namespace', 'shop'], ['pod', 'p-1'], ['container', 'c'], ['uid', 'u'], ['job', 'kube-state-metrics']]));
    const c = workloadOf(makeLabels([['__name__', 'container.memory.rss'], ['k8s.namespace.name', 'shop'], ['k8s.pod.name', 'p-1'], ['k8s.container.name', 'c'], ['container.id', 'abc']]));
    expect(a.key).toBe(b.key);
    expect(a.key).toBe(c.key);
    expect(a.subject).toBe('shop/p-1/c');
  });

  it('outside Kubernetes every label but the metric name and container id is identity', () => {
    const one = workloadOf(makeLabels([['__name__', 'process_resident_memory_bytes'], ['job', 'api'], ['instance', 'a:1']]));
    const two = workloadOf(makeLabels([['__name__', 'process_resident_memory_bytes'], ['job', 'api'], ['instance', 'b:1']]));
    expect(one.key).not.toBe(two.key);
    expect(one.kubernetes).toBe(false);
  });

  it('every known name has exactly one role, and the issue\'s names are all known', () => {
    const names = knownMetricNames().flatMap(([, list]) => list);
    expect(new Set(names).size).toBe(names.length);
    for (const name of [
      'container_memory_working_set_bytes', 'container_memory_rss', 'container_memory_usage_bytes', 'container_memory_cache',
      'process_resident_memory_bytes', 'container.memory.working_set', 'k8s.pod.memory.working_set', 'process.memory.usage',
      'k8s_pod_memory_working_set_bytes', 'process_memory_usage_bytes', 'kube_pod_container_status_restarts_total',
      'process_start_time_seconds', 'container_spec_memory_limit_bytes',
    ]) {
      expect(metricRole(name), name).toBeDefined();
    }
  });

  it('a lone metric per workload is not paired: the Prometheus two-series fixture is read as before', () => {
    const read = readInput(readFileSync('fixtures/prometheus-two-series.json', 'utf8'), { source: 'f' });
    expect(wantsFleet(read.series.map((series) => series.labels))).toBe(false);
    expect(pairFleet(read)).toBeUndefined();
  });

  it('the pod cgroup (container="") and the pause container are left out next to the containers, with a note', () => {
    const base = { namespace: 'shop', pod: 'p-1' };
    const fleet = pairFleet({
      format: 'prometheus',
      notes: [],
      series: [
        raw({ __name__: 'container_memory_working_set_bytes', ...base, container: 'app' }),
        raw({ __name__: 'container_memory_rss', ...base, container: 'app' }),
        raw({ __name__: 'container_memory_working_set_bytes', ...base }),
        raw({ __name__: 'container_memory_working_set_bytes', ...base, container: 'POD' }),
      ],
    });
    expect(fleet?.read.series.map((series) => series.labels.container)).toEqual(['app']);
    expect(fleet?.read.notes.join('\n')).toMatch(/2 pod-level series left out/);
  });

  it('series of unknown names pass through unpaired', () => {
    const { workloads, unknown } = groupWorkloads([raw({ __name__: 'container_memory_rss', pod: 'a' }), raw({ __name__: 'my_gauge', pod: 'a' })]);
    expect(workloads).toHaveLength(1);
    expect(unknown.map((series) => series.labels.__name__)).toEqual(['my_gauge']);
  });
});
