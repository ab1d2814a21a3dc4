/**
 * Issue 17's done-when: a fleet export with working set, RSS, usage and a
 * restart counter for three pods gets the right verdict per pod — one pod's
 * growth is page cache only (pass), one leaks (fail), one restarts (pass,
 * each run judged on its own) — and the report explains each pod in words.
 * The same through the OTLP/JSON file with no flags.
 */
import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/analysis/analyse.js';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { analyseSource } from '../../src/pipeline/index.js';
import { toJson } from '../../src/report/json.js';
import { renderText } from '../../src/report/text.js';
import { ROBUST_PROFILE } from '../../src/analysis/robust/options.js';

const FLEET = 'fixtures/k8s/fleet-three-pods.jsonl';
const OTLP = 'fixtures/k8s/otlp-kubeletstats.jsonl';

async function run(path: string, options = DEFAULT_OPTIONS): Promise<Result> {
  return analyseSource({ path, read: {} }, options);
}

function pod(result: Result, name: string) {
  const series = result.series.find((one) => one.labels.pod?.startsWith(name));
  if (series === undefined) throw new Error(`no series for ${name}: ${result.series.map((one) => JSON.stringify(one.labels)).join(' ')}`);
  return series;
}

describe('a fleet export of three pods (cAdvisor + kube-state-metrics, VictoriaMetrics export)', () => {
  it('pairs the 19 series into one scored working-set series per pod', async () => {
    const result = await run(FLEET);
    expect(result.format).toBe('victoriametrics');
    expect(result.series).toHaveLength(3);
    for (const series of result.series) {
      expect(series.labels.__name__).toBe('container_memory_working_set_bytes');
      expect(Object.keys(series.labels).sort()).toEqual(['__name__', 'container', 'namespace', 'pod']);
    }
    expect(result.valueName).toBe('working set');
  });

  for (const [profile, options] of [
    ['seed', DEFAULT_OPTIONS],
    ['robust', { ...DEFAULT_OPTIONS, robust: ROBUST_PROFILE }],
  ] as const) {
    it(`gives the right verdict per pod (${profile} profile)`, async () => {
      const result = await run(FLEET, options);
      expect(pod(result, 'orders').verdict).toBe('fail');
      expect(pod(result, 'catalog').verdict).toBe('pass');
      expect(pod(result, 'checkout').verdict).toBe('pass');
      expect(result.exitCode).toBe(1);
    });
  }

  it('explains each pod in words: a leak in anonymous memory, page cache, restarts', async () => {
    const result = await run(FLEET);
    const orders = pod(result, 'orders').explanation;
    expect(orders?.hints).toContain('anonymous-growth');
    expect(orders?.sentences.join(' ')).toMatch(/RSS grows with the working set/);
    const catalog = pod(result, 'catalog').explanation;
    expect(catalog?.hints).toEqual(['page-cache']);
    expect(catalog?.sentences.join(' ')).toMatch(/growth is page cache, not a leak/i);
    const checkout = pod(result, 'checkout').explanation;
    expect(checkout?.hints).toEqual(['restarts']);
    expect(checkout?.sentences.join(' ')).toMatch(/Restarted 2 times: .*restart counter.*kubernetes\/kubernetes#128538/);
    const text = renderText(result, { color: false, chart: false, quiet: false, width: 100 });
    for (const subject of ['shop/orders-7d9f8c6b5-x2k4q/orders', 'shop/catalog-5f6d7b8c9-p8m2n/catalog', 'shop/checkout-6c8d9e7f4-q7w3z/checkout']) {
      expect(text).toContain(subject);
    }
    expect(text).toMatch(/Growth is page cache, not a leak: usage − working set grew \+30\.\d MiB\/h/);
    const json = toJson(result) as { series: Array<{ explanation?: { hints: string[] } }> };
    expect(json.series.map((series) => series.explanation?.hints ?? [])).toContainEqual(['page-cache']);
    // Time to the container's own 512 MiB limit, not to --rss-threshold: only the leaking pod gets there.
    expect(pod(result, 'orders').explanation?.containerLimit?.bytes).toBe(512 * 1048576);
    expect(pod(result, 'orders').explanation?.containerLimit?.secondsFromEnd).toBeGreaterThan(3600);
    expect(pod(result, 'orders').explanation?.sentences.join(' ')).toMatch(/Memory limit 512\.0 MiB; the last working set is \d+ % of it; to this limit: in \dh/);
    expect(pod(result, 'catalog').explanation?.containerLimit?.secondsFromEnd ?? Infinity).toBeGreaterThan(365 * 86400);
  });

  it('finds both restarts from the counter and the new container ids, and leaves out the settling samples', async () => {
    const result = await run(FLEET, { ...DEFAULT_OPTIONS, robust: ROBUST_PROFILE });
    const checkout = pod(result, 'checkout');
    // 790 scrapes, 10 in each 5-minute settling window; the dead container's 8 stale scrapes are dropped for the new one's.
    expect(checkout.samples).toBe(790 - 20);
    const segments = checkout.robust?.segments ?? [];
    expect(segments.map((segment) => segment.cause)).toEqual(['start', 'reported', 'reported']);
  });

  it('usage alone would have read as a leak: the page-cache pod fails when only usage is scored', async () => {
    // The claim behind scoring working set: with --series picking usage only, catalog's page cache fails the gate.
    const result = await analyseSource(
      { path: FLEET, read: { series: '__name__="container_memory_usage_bytes",pod=~"catalog.*"' } },
      DEFAULT_OPTIONS,
    );
    expect(result.series).toHaveLength(1);
    expect(result.series[0]?.verdict).toBe('fail');
    expect(result.series[0]?.explanation?.hints).toContain('usage-scored');
  });
});

describe('the OTLP/JSON file of the kubeletstats receiver, with no flags', () => {
  it('is read as OTLP, pairs working set with RSS and usage per container, and explains the page cache', async () => {
    const result = await run(OTLP);
    expect(result.format).toBe('otlp');
    expect(result.series.map((series) => series.labels.__name__)).toEqual(['container.memory.working_set', 'container.memory.working_set']);
    expect(pod(result, 'orders').verdict).toBe('fail');
    expect(pod(result, 'catalog').verdict).toBe('pass');
    expect(pod(result, 'catalog').explanation?.hints).toEqual(['page-cache']);
    expect(result.notes.join('\n')).toMatch(/not of memory in bytes skipped \(e\.g\. "container\.cpu\.time" in "s"\)/);
  });
});
