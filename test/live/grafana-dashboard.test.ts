/**
 * examples/grafana/leak-score-live.json (issue 14): shipped, not run in
 * Grafana, so this checks what can go wrong without Grafana — it parses,
 * names the three gauges and both alerts, draws the seed's thresholds, uses
 * the data-source variable everywhere, and every query is PromQL that
 * Prometheus' own parser (promtool) accepts.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GAUGES } from '../../src/live/gauges.js';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { renderRuleFile } from '../../src/prometheus/rule-yaml.js';
import { promtool, shouldSkipPrometheus } from '../support/prometheus-server.js';

const PATH = join(import.meta.dirname, '..', '..', 'examples', 'grafana', 'leak-score-live.json');

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource: { type: string; uid: string };
  targets: Array<{ expr: string; datasource: { uid: string } }>;
  fieldConfig: { defaults: { thresholds?: { steps: Array<{ value: number | null }> } } };
}

interface Dashboard {
  title: string;
  uid: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: Array<{ name: string; type: string; query?: unknown }> };
  annotations: { list: Array<{ expr: string }> };
}

const dashboard = JSON.parse(readFileSync(PATH, 'utf8')) as Dashboard;
const exprs = [...dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr)), ...dashboard.annotations.list.map((a) => a.expr)];

describe('the Grafana dashboard', () => {
  it('names the three gauges and both alerts', () => {
    for (const gauge of Object.values(GAUGES)) expect(exprs.some((expr) => expr.startsWith(`${gauge.name}{`))).toBe(true);
    for (const alert of ['MemoryLeakDetected', 'MemoryHigh']) expect(exprs.some((expr) => expr.includes(alert))).toBe(true);
    expect(dashboard.title).toBe('leak-score: live memory leak score');
  });

  it('draws the seed’s thresholds where the alerts fire', () => {
    const steps = (title: string): Array<number | null> =>
      (dashboard.panels.find((panel) => panel.title === title)?.fieldConfig.defaults.thresholds?.steps ?? []).map((step) => step.value);
    expect(steps('Leak score')).toContain(DEFAULT_OPTIONS.leakThreshold);
    expect(steps('Leak score now')).toContain(DEFAULT_OPTIONS.leakThreshold);
    expect(steps('Resident memory (RSS)')).toContain(DEFAULT_OPTIONS.rssThresholdBytes);
    expect(steps('RSS now')).toContain(DEFAULT_OPTIONS.rssThresholdBytes);
  });

  it('is well formed: unique ids, panels on the 24-column grid, the data-source variable everywhere', () => {
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels) {
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      expect(panel.datasource.uid).toBe('${datasource}');
      for (const target of panel.targets) expect(target.datasource.uid).toBe('${datasource}');
      expect(panel.targets.length).toBeGreaterThan(0);
    }
    expect(dashboard.templating.list.map((variable) => variable.name)).toEqual(['datasource', 'job', 'instance']);
    // Every variable a query uses is defined.
    for (const expr of exprs) for (const [, name] of expr.matchAll(/\$(\w+)/g)) expect(['job', 'instance']).toContain(name);
  });

  const skip = shouldSkipPrometheus();
  it.skipIf(skip)(`every query is valid PromQL (promtool)${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'leak-score-grafana-'));
    try {
      // Grafana's variables as a query would see them with "All" selected.
      const rules = exprs.map((expr, i) => ({ record: `grafana:panel_query:${i}`, expr: expr.replaceAll('$job', '.*').replaceAll('$instance', '.*') }));
      const file = join(dir, 'queries.yml');
      await writeFile(file, renderRuleFile({ comments: [], groups: [{ name: 'grafana', rules }] }));
      const { code, output } = await promtool(['check', 'rules', file]);
      expect(output).toContain(`SUCCESS: ${exprs.length} rules found`);
      expect(code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
