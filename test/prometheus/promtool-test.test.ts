/**
 * `promtool test rules` — Prometheus' own rule engine in unit-test mode —
 * run on the generated rules with a fixture as input, asserting the recorded
 * score and the alert firing times the library's replay (SPEC §3, §4)
 * computes for the same data (issue 6, "Verified against the real thing").
 *
 * The fixtures are scraped every 30 s; promtool evaluates the rules every
 * 30 s from the first sample, so each evaluation is at a sample time, where
 * Prometheus' `[t − 1h, t]` and SPEC §2's duration window hold the same
 * samples and Prometheus' alert state machine steps exactly as SPEC §4's.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse, type SeriesResult } from '../../src/analysis/analyse.js';
import { DEFAULT_OPTIONS, type AnalysisOptions } from '../../src/options.js';
import { buildRules, renderRules } from '../../src/prometheus/rules.js';
import { makeLabels } from '../../src/series.js';
import { promtool, shouldSkipPrometheus } from '../support/prometheus-server.js';
import { renderPromtoolTest, type AlertTest, type ExprTest, type PromtoolTest } from '../support/promtool-unit-test.js';
import { readFixture, replayFinal, type Samples } from '../support/replay-at.js';

const skip = shouldSkipPrometheus();
const INTERVAL = 30;
const SELECTOR = 'process_resident_memory_bytes{job="api"}';
const OPTIONS: AnalysisOptions = {
  ...DEFAULT_OPTIONS,
  window: { kind: 'duration', seconds: 3600 },
  // Low enough that MemoryHigh fires on the leaking fixture (it ends near 299 MiB).
  rssThresholdBytes: 250 * 1048576,
};
const FIXTURES: Record<string, Samples> = {
  leaking: readFixture('fixtures/leaking.csv'),
  flat: readFixture('fixtures/flat.csv'),
};

function replay(samples: Samples): SeriesResult {
  const result = analyse(
    {
      source: 'fixture',
      format: 'csv',
      series: [
        {
          labels: makeLabels(),
          times: Float64Array.from(samples, ([t]) => t),
          values: Float64Array.from(samples, ([, v]) => v),
          dropped: 0,
          droppedExamples: [],
        },
      ],
    },
    OPTIONS,
  );
  return result.series[0] as SeriesResult;
}

/** Builds the promtool test from the fixtures and the replay's results. */
function buildTest(ruleFile: string): { test: PromtoolTest; firings: string[] } {
  const { names, file } = buildRules({ selector: SELECTOR, options: OPTIONS });
  const annotations = (alert: string): Record<string, string> => {
    const found = file.groups[0]?.rules.find((one) => 'alert' in one && one.alert === alert);
    return (found as { annotations: Record<string, string> }).annotations;
  };
  const replays = Object.fromEntries(Object.entries(FIXTURES).map(([instance, samples]) => [instance, replay(samples)]));
  const t0 = (FIXTURES.leaking?.[0] as [number, number])[0];
  for (const samples of Object.values(FIXTURES)) {
    samples.forEach(([t], i) => expect(t - t0, 'fixtures must be on one 30 s grid').toBe(i * INTERVAL));
  }

  const exprTests: ExprTest[] = [];
  for (const [instance, samples] of Object.entries(FIXTURES)) {
    for (const index of [0, 8, 9, 10, 30, 54, 60, 119, 120, 121, 160, 200, 239]) {
      const expected = replayFinal(samples, index, OPTIONS).score;
      const tolerance = 1e-9 * Math.abs(expected) + 1e-12;
      exprTests.push({
        expr: `abs(${names.score}{instance="${instance}"} - ${expected}) <= bool ${tolerance}`,
        evalSeconds: index * INTERVAL,
        samples: [{ labels: `{instance="${instance}", job="api"}`, value: 1 }],
      });
    }
  }

  // Alert expectations at every firing, resolution, and the evaluation before each.
  const firings: string[] = [];
  const alertTests: AlertTest[] = [];
  for (const alert of [names.leakAlert, names.rssAlert]) {
    const episodes = Object.entries(replays).flatMap(([instance, result]) =>
      result.episodes.filter((one) => one.name === alert && one.firedAt !== null).map((one) => ({ instance, ...one })),
    );
    const firingAt = (seconds: number): string[] =>
      episodes
        .filter((one) => (one.firedAt as number) - t0 <= seconds && (one.resolvedAt === null || one.resolvedAt - t0 > seconds))
        .map((one) => one.instance);
    const times = new Set<number>([0]);
    for (const one of episodes) {
      firings.push(`${alert} ${one.instance} fired +${(one.firedAt as number) - t0}s resolved ${one.resolvedAt === null ? '-' : `+${one.resolvedAt - t0}s`}`);
      for (const at of [one.activeAt, one.firedAt as number, one.resolvedAt]) {
        if (at === null) continue;
        times.add(at - t0);
        times.add(at - t0 - INTERVAL);
      }
    }
    for (const seconds of [...times].filter((s) => s >= 0).sort((a, b) => a - b)) {
      alertTests.push({
        alertname: alert,
        evalSeconds: seconds,
        alerts: firingAt(seconds).map((instance) => ({ labels: { instance, job: 'api' }, annotations: annotations(alert) })),
      });
    }
  }

  const test: PromtoolTest = {
    ruleFile,
    intervalSeconds: INTERVAL,
    series: Object.entries(FIXTURES).map(([instance, samples]) => ({
      series: `process_resident_memory_bytes{job="api", instance="${instance}"}`,
      values: samples.map(([, v]) => v),
    })),
    exprTests,
    alertTests,
  };
  return { test, firings };
}

describe.skipIf(skip)(`promtool test rules on a fixture${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'leak-score-promtool-'));
    await writeFile(join(dir, 'rules.yml'), renderRules({ selector: SELECTOR, options: OPTIONS }));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('records the replay’s score and fires both alerts when the replay does', async () => {
    const { test, firings } = buildTest('rules.yml');
    // The leak fires on the leaking fixture only, and so does MemoryHigh; neither resolves.
    expect(firings).toEqual([expect.stringMatching(/^MemoryLeakDetected leaking fired \+\d+s resolved -$/), expect.stringMatching(/^MemoryHigh leaking fired \+\d+s resolved -$/)]);
    console.log(firings.join('\n'));
    await writeFile(join(dir, 'test.yml'), renderPromtoolTest(test));
    const { code, output } = await promtool(['test', 'rules', join(dir, 'test.yml')]);
    expect(output).toContain('SUCCESS');
    expect(code).toBe(0);
  });

  it('fails when an expectation is off by one evaluation (the test is not vacuous)', async () => {
    const { test } = buildTest('rules.yml');
    const firing = test.alertTests.find((one) => one.alertname === 'MemoryLeakDetected' && one.alerts.length > 0);
    const moved = { ...test, alertTests: [{ ...(firing as AlertTest), evalSeconds: (firing as AlertTest).evalSeconds - INTERVAL }] };
    await writeFile(join(dir, 'wrong-alert.yml'), renderPromtoolTest(moved));
    expect((await promtool(['test', 'rules', join(dir, 'wrong-alert.yml')])).code).not.toBe(0);

    const score = test.exprTests.find((one) => one.evalSeconds === 200 * INTERVAL) as ExprTest;
    const shifted = { ...test, alertTests: [], exprTests: [{ ...score, expr: score.expr.replace(/ - ([\d.e-]+)\)/, (_, value: string) => ` - ${Number(value) * (1 + 1e-6)})`) }] };
    await writeFile(join(dir, 'wrong-score.yml'), renderPromtoolTest(shifted));
    expect((await promtool(['test', 'rules', join(dir, 'wrong-score.yml')])).code).not.toBe(0);
  });
});
