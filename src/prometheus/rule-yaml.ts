/**
 * A YAML emitter for exactly one shape: a Prometheus rule file
 * (`groups → rules → record/alert, expr, for, annotations`). Hand-written on
 * purpose — the shape is fixed, so a YAML library would be a dependency for
 * twenty lines. Every scalar is written as a JSON string, which is a valid
 * YAML double-quoted scalar; `expr` is a `|-` literal block so the PromQL
 * stays readable. `promtool check rules` parses the output in the tests.
 */

export interface RecordingRule {
  record: string;
  expr: string;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  /** A Prometheus duration literal, e.g. `15m`. */
  for: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export type Rule = RecordingRule | AlertingRule;

export interface RuleGroup {
  name: string;
  /** A Prometheus duration literal; omitted → the server's `evaluation_interval`. */
  interval?: string;
  rules: Rule[];
}

export interface RuleFile {
  /** Lines written as `# …` comments above `groups:`. */
  comments: string[];
  groups: RuleGroup[];
}

const quote = (text: string): string => JSON.stringify(text);

function block(text: string, indent: string): string[] {
  return ['|-', ...text.split('\n').map((line) => (line === '' ? '' : `${indent}${line.trimEnd()}`))];
}

function map(name: string, entries: Record<string, string> | undefined, indent: string): string[] {
  const list = Object.entries(entries ?? {});
  if (list.length === 0) return [];
  return [`${indent}${name}:`, ...list.map(([key, value]) => `${indent}  ${quote(key)}: ${quote(value)}`)];
}

function rule(one: Rule): string[] {
  const lines: string[] = [];
  const [head, ...rest] = block(one.expr, '          ');
  if ('record' in one) {
    lines.push(`      - record: ${quote(one.record)}`);
  } else {
    lines.push(`      - alert: ${quote(one.alert)}`);
  }
  lines.push(`        expr: ${head}`, ...rest);
  if ('alert' in one) {
    lines.push(`        for: ${quote(one.for)}`);
    lines.push(...map('labels', one.labels, '        '), ...map('annotations', one.annotations, '        '));
  }
  return lines;
}

export function renderRuleFile(file: RuleFile): string {
  const lines = file.comments.map((line) => (line === '' ? '#' : `# ${line}`));
  lines.push('groups:');
  for (const group of file.groups) {
    lines.push(`  - name: ${quote(group.name)}`);
    if (group.interval !== undefined) lines.push(`    interval: ${quote(group.interval)}`);
    lines.push('    rules:');
    for (const one of group.rules) lines.push(...rule(one));
  }
  return `${lines.join('\n')}\n`;
}
