/**
 * `leak-score rules --seed` (issue 14): the seed's two alerts over the live
 * gauges, checked by Prometheus' own tools — `promtool check rules`, and
 * `promtool test rules` with gauge series that cross the thresholds, so the
 * `for` holds and the annotations' templates are expanded by Prometheus.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import type { AlertingRule } from '../../src/prometheus/rule-yaml.js';
import { buildSeedRules, renderSeedRules } from '../../src/prometheus/seed-rules.js';
import { runCli } from '../cli/run-cli.js';
import { promtool, shouldSkipPrometheus } from '../support/prometheus-server.js';
import { renderPromtoolTest, type AlertTest, type PromtoolTest } from '../support/promtool-unit-test.js';

const skip = shouldSkipPrometheus();
const MiB = 1048576;

function alerts(): Record<string, AlertingRule> {
  const file = buildSeedRules({ options: DEFAULT_OPTIONS });
  return Object.fromEntries((file.groups[0]?.rules ?? []).map((rule) => [(rule as AlertingRule).alert, rule as AlertingRule]));
}

describe('rules --seed', () => {
  it('writes the seed’s two alerts over the gauges, with summary, description and runbook', () => {
    const rules = alerts();
    expect(Object.keys(rules)).toEqual(['MemoryHigh', 'MemoryLeakDetected']);
    expect(rules.MemoryHigh).toMatchObject({ expr: 'process_memory_rss_bytes > 419430400', for: '10m' });
    expect(rules.MemoryLeakDetected).toMatchObject({ expr: 'memory_leak_detection_score > 0.8', for: '15m' });
    for (const rule of Object.values(rules)) {
      expect(Object.keys(rule.annotations ?? {})).toEqual(['summary', 'description', 'runbook']);
      expect(rule.annotations?.runbook).toContain("leak-score --prometheus <PROMETHEUS_URL> --query 'process_memory_rss_bytes{instance=\"{{ $labels.instance }}\"}'");
    }
  });

  it('is what the CLI prints, with the alert flags applied and the others refused', async () => {
    const run = await runCli(['rules', '--seed']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(renderSeedRules({ options: DEFAULT_OPTIONS }));
    const short = await runCli(['rules', '--seed', '--leak-for', '20s', '--leak-threshold', '0.5', '--rss-threshold', '100MiB', '--rss-for', '1m', '--evaluation-interval', '5s']);
    expect(short.stdout).toContain('interval: "5s"');
    expect(short.stdout).toMatch(/expr: \|-\n\s+memory_leak_detection_score > 0\.5\n\s+for: "20s"/);
    expect(short.stdout).toMatch(/expr: \|-\n\s+process_memory_rss_bytes > 104857600\n\s+for: "1m"/);
    for (const [flags, message] of [
      [['--selector', 'rss'], /--seed alerts on the gauges .* so it takes no --selector/],
      [['--window', '30m'], /--window has no meaning with --seed/],
      [['--curve', 'linear'], /--curve has no meaning with --seed/],
      [['--min-samples', '5'], /--min-samples has no meaning with --seed/],
      [['--evaluation-interval', '0s'], /--evaluation-interval must be longer than 0/],
    ] as Array<[string[], RegExp]>) {
      const bad = await runCli(['rules', '--seed', ...flags]);
      expect(bad.code).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toMatch(message);
    }
  });
});

describe.skipIf(skip)(`rules --seed in promtool${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let dir: string;
  const INTERVAL = 30;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'leak-score-seed-'));
    await writeFile(join(dir, 'seed.yml'), renderSeedRules({ options: DEFAULT_OPTIONS }));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** The annotations as Prometheus should expand them for instance "a" of job "api". */
  function expanded(alert: string, value: string): Record<string, string> {
    const annotations = alerts()[alert]?.annotations ?? {};
    return Object.fromEntries(
      Object.entries(annotations).map(([key, text]) => [
        key,
        text
          .replaceAll('{{ $labels.job }}', 'api')
          .replaceAll('{{ $labels.instance }}', 'a')
          .replaceAll('{{ $value | humanize1024 }}', value)
          .replaceAll('{{ $value | printf "%.2f" }}', value),
      ]),
    );
  }

  /**
   * 60 samples 30 s apart: the score is 0.5 for 10 min, 0.9 from +10 min
   * (pending; firing 15 min later, at +25 min) to +28 min, then 0.3; RSS is
   * 300 MiB, 450 MiB from +5 min (firing at +15 min) on.
   */
  function seedTest(shiftSeconds = 0): PromtoolTest {
    const minutes = (m: number): number => m * 60;
    const score = Array.from({ length: 60 }, (_, i) => (i < 20 ? 0.5 : i <= 56 ? 0.9 : 0.3));
    const rss = Array.from({ length: 60 }, (_, i) => (i < 10 ? 300 : 450) * MiB);
    const firing = (alert: string, at: number, value: string): AlertTest => ({
      alertname: alert,
      evalSeconds: at + shiftSeconds,
      alerts: [{ labels: { alertname: alert, instance: 'a', job: 'api' }, annotations: expanded(alert, value) }],
    });
    const none = (alert: string, at: number): AlertTest => ({ alertname: alert, evalSeconds: at, alerts: [] });
    return {
      ruleFile: 'seed.yml',
      intervalSeconds: INTERVAL,
      series: [
        { series: 'memory_leak_detection_score{job="api", instance="a"}', values: score },
        { series: 'process_memory_rss_bytes{job="api", instance="a"}', values: rss },
      ],
      exprTests: [],
      alertTests: [
        none('MemoryLeakDetected', minutes(24.5)),
        firing('MemoryLeakDetected', minutes(25), '0.90'),
        firing('MemoryLeakDetected', minutes(28), '0.90'),
        none('MemoryLeakDetected', minutes(28.5)),
        none('MemoryHigh', minutes(14.5)),
        firing('MemoryHigh', minutes(15), '450Mi'),
        firing('MemoryHigh', minutes(29.5), '450Mi'),
      ],
    };
  }

  it('passes promtool check rules', async () => {
    const { code, output } = await promtool(['check', 'rules', join(dir, 'seed.yml')]);
    expect(output).toContain('SUCCESS: 2 rules found');
    expect(code).toBe(0);
  });

  it('fires each alert after its for, with the annotations expanded, and resolves with the score', async () => {
    await writeFile(join(dir, 'test.yml'), renderPromtoolTest(seedTest()));
    const { code, output } = await promtool(['test', 'rules', join(dir, 'test.yml')]);
    expect(output).toContain('SUCCESS');
    expect(code).toBe(0);
  });

  it('fails when a firing is expected one evaluation early (the test is not vacuous)', async () => {
    const early = seedTest(-INTERVAL);
    early.alertTests = early.alertTests.filter((one) => one.alerts.length > 0).slice(0, 1);
    await writeFile(join(dir, 'early.yml'), renderPromtoolTest(early));
    const { code, output } = await promtool(['test', 'rules', join(dir, 'early.yml')]);
    expect(output).toMatch(/FAILED/);
    expect(code).not.toBe(0);
  });
});
