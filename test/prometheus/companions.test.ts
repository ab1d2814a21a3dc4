/**
 * Which companion series a `--prometheus` query's result calls for
 * (issue 17), and that each companion query is a PromQL selector (read by
 * the project's promtool-checked parser) selecting exactly the returned
 * workloads' label values, however odd the values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { belongsTo, planCompanions, workloadKeys, WORKLOADS_PER_QUERY } from '../../src/prometheus/companions.js';
import { parseSelector } from '../../src/samples/select/matchers.js';

const ws = (pod: string, container = 'app', extra: Record<string, string> = {}): Record<string, string> => ({
  __name__: 'container_memory_working_set_bytes',
  namespace: 'shop',
  pod,
  container,
  job: 'kubelet',
  id: `/kubepods/${pod}`,
  ...extra,
});

describe('planCompanions', () => {
  it('a working-set query gets RSS, usage, cache, the limit, the restart counter and the start time, for its own pods only', () => {
    const plan = planCompanions([ws('a-1'), ws('b-2'), ws('c.3')]);
    expect(plan.map((one) => one.name)).toEqual([
      'container_memory_rss',
      'container_memory_usage_bytes',
      'container_memory_cache',
      'container_spec_memory_limit_bytes',
      'kube_pod_container_status_restarts_total',
      'process_start_time_seconds',
    ]);
    // Matched by namespace, pod and container as the series spell them; job="kubelet" is not copied (kube-state-metrics has its own).
    expect(plan[0]?.query).toBe('container_memory_rss{namespace="shop",pod=~"a-1|b-2|c\\\\.3",container="app"}');
  });

  it('never fetches a sibling that would be scored instead of what the query asked for', () => {
    const rss = planCompanions([{ ...ws('a'), __name__: 'container_memory_rss' }]).map((one) => one.name);
    expect(rss).not.toContain('container_memory_working_set_bytes');
    expect(rss).toContain('container_memory_usage_bytes');
    const usage = planCompanions([{ ...ws('a'), __name__: 'container_memory_usage_bytes' }]).map((one) => one.name);
    expect(usage).not.toContain('container_memory_working_set_bytes');
    expect(usage).not.toContain('container_memory_rss');
    expect(usage).toContain('container_memory_cache');
  });

  it('skips names the query already returned', () => {
    const plan = planCompanions([ws('a'), { ...ws('a'), __name__: 'container_memory_rss' }]).map((one) => one.name);
    expect(plan).not.toContain('container_memory_rss');
    expect(plan).toContain('container_memory_usage_bytes');
  });

  it('a plain process gets only its start time, matched by all its identity labels', () => {
    const plan = planCompanions([
      { __name__: 'process_resident_memory_bytes', job: 'api', instance: 'a:9100' },
      { __name__: 'process_resident_memory_bytes', job: 'api', instance: 'b:9100' },
    ]);
    expect(plan).toEqual([{ name: 'process_start_time_seconds', role: 'startTime', query: 'process_start_time_seconds{instance=~"a:9100|b:9100",job="api"}' }]);
  });

  it('nothing for an expression (no metric name) or an unknown metric', () => {
    expect(planCompanions([{ namespace: 'shop', pod: 'a' }])).toEqual([]);
    expect(planCompanions([{ __name__: 'http_requests_total', pod: 'a' }])).toEqual([]);
    expect(planCompanions([])).toEqual([]);
  });

  it(`batches ${WORKLOADS_PER_QUERY} workloads a query on a large fleet`, () => {
    const plan = planCompanions(Array.from({ length: 120 }, (_, i) => ws(`pod-${i}`)));
    expect(plan.filter((one) => one.name === 'container_memory_rss')).toHaveLength(3);
  });

  it('keeps only companion series of a workload the query returned (not a sidecar of the same pod)', () => {
    const keys = workloadKeys([ws('a', 'app')]);
    expect(belongsTo(keys, { ...ws('a', 'app'), __name__: 'container_memory_rss', id: '/other' })).toBe(true);
    expect(belongsTo(keys, { __name__: 'kube_pod_container_status_restarts_total', namespace: 'shop', pod: 'a', container: 'app', job: 'kube-state-metrics', uid: 'u' })).toBe(true);
    expect(belongsTo(keys, { ...ws('a', 'istio-proxy'), __name__: 'container_memory_rss' })).toBe(false);
    expect(belongsTo(keys, { ...ws('a', ''), __name__: 'container_memory_rss' })).toBe(false);
  });

  it('every companion query parses as PromQL and its matchers select exactly the workloads given (hostile values)', () => {
    const value = fc.string({ minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(value, value, value), { minLength: 1, maxLength: 6, selector: (t) => t.join('\u0000') }), (workloads) => {
        const main = workloads.map(([namespace, pod, container]) => ({ __name__: 'container_memory_working_set_bytes', namespace, pod, container }));
        const plan = planCompanions(main);
        expect(plan.length).toBeGreaterThan(0);
        for (const one of plan) {
          const selector = parseSelector(one.query, 'promql');
          expect(selector.metricName).toBe(one.name);
          for (const labels of main) {
            const own = { ...labels, __name__: one.name };
            expect(selector.matchers.every((m) => m.matches(own[m.name as keyof typeof own] ?? ''))).toBe(true);
          }
          const stranger = { __name__: one.name, namespace: `${main[0]?.namespace}x`, pod: main[0]?.pod ?? '', container: main[0]?.container ?? '' };
          if (!main.some((labels) => labels.namespace === stranger.namespace)) {
            expect(selector.matchers.every((m) => m.matches(stranger[m.name as keyof typeof stranger] ?? ''))).toBe(false);
          }
        }
      }),
    );
  });
});
