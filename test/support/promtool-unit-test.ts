/**
 * Writes a `promtool test rules` file (Prometheus' own rule unit tests) for
 * generated rules: input series at a fixed interval, PromQL expectations and
 * alert expectations. A hand-written YAML emitter for this one shape; every
 * scalar is a JSON string, which YAML reads as a double-quoted scalar.
 */
export interface InputSeries {
  /** A series in PromQL form, e.g. `m{job="a"}`. */
  series: string;
  values: readonly number[];
}

export interface ExprTest {
  expr: string;
  /** Seconds from the start of the test. */
  evalSeconds: number;
  samples: Array<{ labels: string; value: number }>;
}

export interface AlertTest {
  alertname: string;
  evalSeconds: number;
  /** Alerts expected to be firing (pending ones are not listed by promtool). */
  alerts: Array<{ labels: Record<string, string>; annotations: Record<string, string> }>;
}

export interface PromtoolTest {
  ruleFile: string;
  intervalSeconds: number;
  series: InputSeries[];
  exprTests: ExprTest[];
  alertTests: AlertTest[];
}

const q = (text: string): string => JSON.stringify(text);
const seconds = (value: number): string => q(`${Math.round(value * 1000)}ms`);

function map(entries: Record<string, string>, indent: string): string[] {
  const list = Object.entries(entries);
  if (list.length === 0) return [];
  return list.map(([key, value]) => `${indent}${q(key)}: ${q(value)}`);
}

export function renderPromtoolTest(test: PromtoolTest): string {
  const lines = [
    `rule_files:`,
    `  - ${q(test.ruleFile)}`,
    `evaluation_interval: ${seconds(test.intervalSeconds)}`,
    `tests:`,
    `  - interval: ${seconds(test.intervalSeconds)}`,
    `    input_series:`,
  ];
  for (const input of test.series) {
    lines.push(`      - series: ${q(input.series)}`, `        values: ${q(input.values.map(String).join(' '))}`);
  }
  lines.push(`    promql_expr_test:`);
  for (const one of test.exprTests) {
    lines.push(`      - expr: ${q(one.expr)}`, `        eval_time: ${seconds(one.evalSeconds)}`, `        exp_samples:`);
    for (const sample of one.samples) {
      lines.push(`          - labels: ${q(sample.labels)}`, `            value: ${sample.value}`);
    }
  }
  lines.push(`    alert_rule_test:`);
  for (const one of test.alertTests) {
    lines.push(`      - eval_time: ${seconds(one.evalSeconds)}`, `        alertname: ${q(one.alertname)}`);
    if (one.alerts.length === 0) {
      lines.push(`        exp_alerts: []`);
      continue;
    }
    lines.push(`        exp_alerts:`);
    for (const alert of one.alerts) {
      lines.push(`          - exp_labels:`, ...map(alert.labels, '              '));
      if (Object.keys(alert.annotations).length > 0) {
        lines.push(`            exp_annotations:`, ...map(alert.annotations, '              '));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
