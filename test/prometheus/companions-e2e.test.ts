/**
 * `--prometheus` fetches a working-set query's companion series itself
 * (issue 17), against a REAL Prometheus: the three-pod fleet of
 * fixtures/k8s/fleet-three-pods.jsonl (cAdvisor + kube-state-metrics) is
 * backfilled with promtool, only the working set is queried, and each pod's
 * verdict and explanation match the file route on the same export — the
 * page-cache pod passes with "page cache, not a leak", the restarting pod's
 * restarts are found from the counter and the container ids, the leaking pod
 * fails with the time to its own 512 MiB limit. `--no-companions` fetches
 * the query alone; a failing companion fetch is a note, not a failed run.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { startProxy } from '../support/http-proxy.js';
import { shouldSkipPrometheus, startPrometheus, type PrometheusServer, type SeriesSpec } from '../support/prometheus-server.js';

const skip = shouldSkipPrometheus();
const FLEET = 'fixtures/k8s/fleet-three-pods.jsonl';
const QUERY = 'container_memory_working_set_bytes{namespace="shop"}';
const MiB = 1_048_576;

interface ExportLine {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}

/** The VictoriaMetrics export as backfill series: the same labels and samples. */
function fleetSeries(): { series: SeriesSpec[]; start: number; end: number } {
  const lines = readFileSync(FLEET, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as ExportLine);
  let start = Infinity;
  let end = -Infinity;
  const series = lines.map(({ metric, values, timestamps }) => {
    const { __name__: name, ...labels } = metric;
    for (const ms of timestamps) {
      start = Math.min(start, ms / 1000);
      end = Math.max(end, ms / 1000);
    }
    return { name: name as string, labels, samples: timestamps.map((ms, i): [number, number] => [ms / 1000, values[i] as number]) };
  });
  return { series, start, end };
}

interface JsonSeries {
  labels: Record<string, string>;
  verdict: string;
  explanation?: { subject: string; hints: string[]; sentences: string[]; containerLimit?: { bytes: number; secondsFromEnd: number | null } };
}
interface JsonResult {
  verdict: string;
  exitCode: number;
  notes: string[];
  valueName?: string;
  series: JsonSeries[];
}

/** A plain process (no pod labels) restarted at `restartAt`: RSS at the same level, only its start time says so. */
function restartedProcess(start: number, end: number, restartAt: number): SeriesSpec[] {
  const labels = { job: 'api', instance: 'api-1:9100' };
  const times: number[] = [];
  for (let t = start; t <= end; t += 30) times.push(t);
  const rss = times.map((t, i): [number, number] => [t, 180 * MiB + ((i * 7919) % 13) * 50_000]);
  const started = times.map((t): [number, number] => [t, t < restartAt ? start - 600 : restartAt]);
  return [
    { name: 'process_resident_memory_bytes', labels, samples: rss },
    { name: 'process_start_time_seconds', labels, samples: started },
    // Another job's start time on the same instance: not this process, so not fetched (the note counts 1 series).
    { name: 'process_start_time_seconds', labels: { job: 'worker', instance: 'api-1:9100' }, samples: started },
  ];
}

function byPod(result: JsonResult): Map<string, JsonSeries> {
  return new Map(result.series.map((one) => [(one.labels.pod ?? '').split('-')[0] as string, one]));
}

describe.skipIf(skip)(`--prometheus fetches the Kubernetes companion series itself${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: PrometheusServer;
  let dir: string;
  let range: string[];
  let fromFile: JsonResult;
  let processRestart: number;

  beforeAll(async () => {
    const { series, start, end } = fleetSeries();
    // The export's last scrape; the 30 s grid from its first, as the kubelet scraped.
    range = ['--start', String(start), '--end', String(end), '--step', '30s'];
    dir = await mkdtemp(join(tmpdir(), 'leak-score-companions-'));
    processRestart = start + 3 * 3600;
    server = await startPrometheus({ series: [...series, ...restartedProcess(start, end, processRestart)] });
    const file = await runCli([FLEET, '--format', 'json']);
    expect(file.code).toBe(1);
    fromFile = JSON.parse(file.stdout) as JsonResult;
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('a working-set query gets the per-pod verdicts and explanations of the file route', async () => {
    const saved = join(dir, 'fetched.json');
    const run = await runCli(['--prometheus', server.url, '--query', QUERY, ...range, '--save', saved, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const fetched = JSON.parse(run.stdout) as JsonResult;
    expect(fetched.valueName).toBe('working set');
    expect(fetched.series).toHaveLength(3);
    const fetchedPods = byPod(fetched);
    const filePods = byPod(fromFile);
    for (const pod of ['orders', 'catalog', 'checkout']) {
      const a = fetchedPods.get(pod);
      const b = filePods.get(pod);
      expect(a?.verdict, pod).toBe(b?.verdict);
      expect(a?.explanation?.subject, pod).toBe(b?.explanation?.subject);
      expect(a?.explanation?.hints, pod).toEqual(b?.explanation?.hints);
      expect(a?.explanation?.containerLimit?.bytes, pod).toBe(512 * MiB);
      // The first sentence names the scored metric and its companions: the same ones as in the export.
      expect(a?.explanation?.sentences[0], pod).toBe(b?.explanation?.sentences[0]);
    }
    expect(fetchedPods.get('orders')?.verdict).toBe('fail');
    expect(fetchedPods.get('catalog')?.verdict).toBe('pass');
    expect(fetchedPods.get('checkout')?.verdict).toBe('pass');
    expect(fetchedPods.get('catalog')?.explanation?.sentences.join(' ')).toMatch(/Growth is page cache, not a leak/);
    expect(fetchedPods.get('checkout')?.explanation?.sentences.join(' ')).toMatch(/Restarted 2 times: .*restart counter/);
    const orders = fetchedPods.get('orders')?.explanation;
    expect(orders?.sentences.join(' ')).toMatch(/Memory limit 512\.0 MiB; .*; to this limit: in \dh/);
    // Time to its own limit as from the file, within a few scrapes (query_range steps vs raw samples).
    const fileOrders = filePods.get('orders')?.explanation?.containerLimit?.secondsFromEnd as number;
    expect(orders?.containerLimit?.secondsFromEnd).toBeGreaterThan(fileOrders * 0.9);
    expect(orders?.containerLimit?.secondsFromEnd).toBeLessThan(fileOrders * 1.1);
    const notes = fetched.notes.join('\n');
    expect(notes).toMatch(/companion series fetched for the same containers: container_memory_rss \(5 series\), container_memory_usage_bytes \(5 series\), container_memory_cache \(5 series\), container_spec_memory_limit_bytes \(5 series\), kube_pod_container_status_restarts_total \(3 series\); none on the server for process_start_time_seconds/);
    // --save holds the companions too (every series of the export: 5 container instances × 5 cAdvisor metrics + 3 counters), so the saved file scores the same.
    const document = JSON.parse(await readFile(saved, 'utf8')) as { data: { result: unknown[] } };
    expect(document.data.result).toHaveLength(readFileSync(FLEET, 'utf8').trim().split('\n').length);
    const again = await runCli([saved, '--format', 'json']);
    const fromSaved = JSON.parse(again.stdout) as JsonResult;
    expect(fromSaved.series.map((one) => [one.verdict, one.explanation?.hints])).toEqual(fetched.series.map((one) => [one.verdict, one.explanation?.hints]));
  });

  it('--no-companions fetches the query alone: no page-cache explanation, no limit', async () => {
    const run = await runCli(['--prometheus', server.url, '--query', QUERY, ...range, '--no-companions', '--format', 'json']);
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as JsonResult;
    expect(result.notes.join('\n')).not.toMatch(/companion series fetched/);
    const catalog = byPod(result).get('catalog');
    expect(catalog?.explanation?.hints ?? []).not.toContain('page-cache');
    expect(catalog?.explanation?.containerLimit).toBeUndefined();
  });

  it('a query for RSS still scores RSS: no working set is fetched to replace it', async () => {
    const run = await runCli(['--prometheus', server.url, '--query', 'container_memory_rss{namespace="shop"}', ...range, '--format', 'json']);
    const result = JSON.parse(run.stdout) as JsonResult;
    expect(result.series.map((one) => one.labels.__name__)).toEqual(['container_memory_rss', 'container_memory_rss', 'container_memory_rss']);
    expect(result.notes.join('\n')).not.toMatch(/container_memory_working_set_bytes \(/);
    expect(byPod(result).get('orders')?.verdict).toBe('fail');
    expect(byPod(result).get('orders')?.explanation?.containerLimit?.bytes).toBe(512 * MiB);
  });

  it('a companion fetch that fails is a note; the run still scores the query', async () => {
    // The first request (the query) goes through; the second (the first companion, RSS) fails with no retries left.
    const proxy = await startProxy({ target: server.url, plan: [{ kind: 'forward' }, { kind: 'status', status: 503, body: 'overloaded' }] });
    try {
      const run = await runCli(['--prometheus', proxy.url, '--query', QUERY, ...range, '--retries', '0', '--format', 'json']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      const result = JSON.parse(run.stdout) as JsonResult;
      const notes = result.notes.join('\n');
      expect(notes).toMatch(/companion container_memory_rss \(.*HTTP 503.*\) could not be fetched; scored without it/);
      expect(notes).toMatch(/container_memory_usage_bytes \(5 series\)/);
      expect(byPod(result).get('catalog')?.explanation?.hints).toEqual(['page-cache']);
      expect(proxy.seen.some((seen) => decodeURIComponent(seen.body.replace(/\+/g, ' ')).includes('container_memory_rss{namespace="shop",pod=~"'))).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('a plain process query gets its start time: the restart is found though the value never drops', async () => {
    const run = await runCli(['--prometheus', server.url, '--query', 'process_resident_memory_bytes{job="api"}', ...range, '--format', 'json']);
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as JsonResult;
    expect(result.series).toHaveLength(1);
    const explanation = result.series[0]?.explanation;
    expect(explanation?.hints).toEqual(['restarts']);
    expect(explanation?.sentences.join(' ')).toMatch(/Restarted once: .*\(start time\)/);
    expect(result.notes.join('\n')).toMatch(/companion series fetched for the same containers: process_start_time_seconds \(1 series\);/);
  });
});
