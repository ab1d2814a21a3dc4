/**
 * The live half end to end, against a real Prometheus (issue 14):
 *
 * 1. `leak-score record --metrics-port` records a Node child leaking 2 MiB/s
 *    for 60 s, sampling every 1 s, and serves the three gauges.
 * 2. A real Prometheus scrapes it every 1 s and evaluates `rules --seed`
 *    (with a short `for`) every 1 s.
 * 3. MemoryLeakDetected (and MemoryHigh, over a lowered threshold) show as
 *    firing in that Prometheus's own /api/v1/alerts.
 * 4. `leak-score --prometheus … --query memory_leak_detection_score` fetches
 *    the score Prometheus stored; it is compared with the score the recorded
 *    file replays to.
 *
 * The tolerance, and why: in value, none. The gauge is the score the
 * record command's monitor computed after a sample, written in the
 * exposition as the shortest decimal that reads back as the same float64,
 * and Prometheus stores and returns that float64 unchanged; replaying the
 * file (the same samples, the same scorer, SPEC §2) gives the same float64.
 * In time, one scrape: a range-query point at P holds the last scrape at or
 * before P, and that scrape holds the score after the last sample taken
 * before it — so the point equals the file's score at some sample a little
 * before P. We look for it among the samples of the 10 s before P (one
 * sample and one scrape interval is 2 s; the rest is for scrapes a loaded
 * CI machine misses), and neighbouring scores differ, so exact equality
 * identifies the sample.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { runCli as runInProcess } from '../cli/run-cli.js';
import { HOLD, lines, removeTempDirs, runCli, startCli, tempDir, waitFor, type Running } from '../record/helpers.js';
import { shouldSkipPrometheus, startPrometheus, type PrometheusServer } from '../support/prometheus-server.js';
import { replayFinal, type Samples } from '../support/replay-at.js';
import { parseExposition } from './exposition-parse.js';

const skip = shouldSkipPrometheus();
const RECORD_SECONDS = 60;
/** record's gate and the rules share the short `for`; the score does not depend on it. */
const LEAK_FOR = '10s';

interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: string;
  activeAt: string;
  value: string;
}

async function alerts(server: PrometheusServer): Promise<PromAlert[]> {
  const response = await fetch(`${server.url}/api/v1/alerts`);
  const body = (await response.json()) as { status: string; data: { alerts: PromAlert[] } };
  expect(body.status).toBe('success');
  return body.data.alerts;
}

function fileSamples(path: string): Samples {
  return lines(path).map((line) => {
    const { time, rss_bytes } = JSON.parse(line) as { time: number; rss_bytes: number };
    return [time, rss_bytes];
  });
}

describe.skipIf(skip)(`record --metrics-port scraped by a real Prometheus${skip ? ` (skipped: ${skip})` : ''}`, () => {
  afterAll(removeTempDirs);

  it(
    'fires MemoryLeakDetected in Prometheus, and Prometheus holds the score the file replays to',
    async () => {
      const dir = tempDir();
      const out = join(dir, 'soak.jsonl');
      const rules = await runInProcess(['rules', '--seed', '--leak-for', LEAK_FOR, '--rss-threshold', '80MiB', '--rss-for', '5s']);
      expect(rules.code).toBe(0);

      let record: Running | null = null;
      let server: PrometheusServer | null = null;
      try {
        record = startCli(
          ['record', '--metrics-port', '0', '--interval', '1s', '--duration', `${RECORD_SECONDS}s`, '--gate', 'leak', '--leak-for', LEAK_FOR, '--out', out, '--', 'node', HOLD],
          { MIB_PER_TICK: '1', TICK_MS: '500' },
        );
        const running = record;
        const url = await waitFor('the metrics URL', () => /serving the gauges at (http:\/\/[^ ]+\/metrics)/.exec(running.stderr())?.[1]);
        const target = new URL(url).host;
        server = await startPrometheus({
          rules: rules.stdout,
          evaluationInterval: '1s',
          extraConfig: [
            'scrape_configs:',
            '  - job_name: leak-score-record',
            '    scrape_interval: 1s',
            '    scrape_timeout: 1s',
            '    static_configs:',
            `      - targets: [${JSON.stringify(target)}]`,
          ].join('\n'),
        });

        // Watch Prometheus's own view of the alerts while the recording runs.
        let firing: PromAlert[] = [];
        let scraped = '';
        const deadline = Date.now() + (RECORD_SECONDS - 3) * 1000;
        while (Date.now() < deadline) {
          const now = await alerts(server);
          if (scraped === '' && lines(out).length >= 20) scraped = await (await fetch(url)).text();
          if (['MemoryLeakDetected', 'MemoryHigh'].every((name) => now.some((a) => a.labels.alertname === name && a.state === 'firing'))) {
            firing = now;
            if (scraped !== '') break;
          }
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        console.log(`record's /metrics, as Prometheus scraped it:\n${scraped}`);
        console.log(`Prometheus /api/v1/alerts:\n${JSON.stringify(firing, null, 2)}`);
        const leak = firing.find((a) => a.labels.alertname === 'MemoryLeakDetected');
        expect(leak).toMatchObject({ state: 'firing', labels: { job: 'leak-score-record', instance: target } });
        expect(Number(leak?.value)).toBeGreaterThan(0.8);
        expect(leak?.annotations.summary).toBe(
          `Memory leak suspected: leak-score-record on ${target} has had a leak score above 0.8 for ${LEAK_FOR}`,
        );
        expect(firing.find((a) => a.labels.alertname === 'MemoryHigh')?.state).toBe('firing');
        expect(parseExposition(scraped).memory_leak_detection_score).toBeGreaterThan(0);

        const finished = await record.finished;
        // The recorder's own monitor agreed: its gate failed on the same alert.
        expect(finished.stderr).toMatch(/MemoryLeakDetected pending → firing/);
        expect(finished.code).toBe(1);

        // The score Prometheus stored, fetched by leak-score itself.
        const samples = fileSamples(out);
        expect(samples.length).toBeGreaterThanOrEqual(RECORD_SECONDS - 5);
        const start = Math.floor((samples[0] as [number, number])[0]);
        const end = Math.ceil((samples.at(-1) as [number, number])[0]);
        const saved = join(dir, 'scores.json');
        const fetched = await runCli([
          '--prometheus', server.url, '--query', 'memory_leak_detection_score', '--start', String(start), '--end', String(end),
          '--step', '1s', '--save', saved, '--format', 'json',
        ]);
        expect(fetched.stderr).toBe('');
        expect([0, 3]).toContain(fetched.code);
        const report = JSON.parse(fetched.stdout) as { series: Array<{ rss: { last: number; max: number } }> };
        const points = (
          JSON.parse(readFileSync(saved, 'utf8')) as { data: { result: Array<{ values: Array<[number, string]> }> } }
        ).data.result[0]?.values.map(([t, v]) => [t, Number(v)] as const) ?? [];
        expect(points.length).toBeGreaterThanOrEqual(RECORD_SECONDS - 10);

        // The recorded file, scored by the CLI, and by the library after every sample.
        const options = { ...DEFAULT_OPTIONS, leakForSeconds: 10, gate: ['leak' as const] };
        const replayed = samples.map((_, index) => replayFinal(samples, index, options).score);
        const scored = await runCli([out, '--format', 'json', '--gate', 'leak', '--leak-for', LEAK_FOR]);
        const final = (JSON.parse(scored.stdout) as { series: Array<{ final: { score: number } }> }).series[0]?.final.score;
        expect(final).toBe(replayed.at(-1));

        let matched = 0;
        for (const [time, value] of points) {
          const candidates = replayed.filter((_, j) => {
            const t = (samples[j] as [number, number])[0];
            return t <= time + 0.1 && t >= time - 10;
          });
          expect(candidates, `Prometheus's score ${value} at ${time}`).toContain(value);
          if (value > 0) matched++;
        }
        expect(matched).toBeGreaterThanOrEqual(RECORD_SECONDS - 20);
        const last = report.series[0]?.rss.last as number;
        console.log(
          `score: Prometheus's last ${last} (leak-score --prometheus), the file's final ${final} (leak-score FILE), ` +
            `difference ${Math.abs(last - (final as number))}; ${points.length} points, ${matched} non-zero, each equal to the file's score at a sample ≤ 10 s before it`,
        );
        expect(replayed.slice(-10)).toContain(last);
      } finally {
        if (record !== null && record.process.exitCode === null) record.process.kill('SIGTERM');
        await server?.stop();
      }
    },
    120_000,
  );
});
