/**
 * Writes a Prometheus rule file (`groups → rules → record/alert, expr, for,
 * labels, annotations`) with the `yaml` package. The expressions carry a
 * user's selector, and PromQL strings may hold newlines, CRs and control
 * characters (a backquoted value may span lines): a hand-written emitter
 * got those wrong, and the library quotes whatever a block cannot hold.
 * `expr` is a `|-` literal block where it can be, so the PromQL stays
 * readable; other strings are double-quoted. `promtool check rules` parses
 * the output in the tests (test/prometheus/, test/samples/select/promtool.test.ts).
 */
import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');
let yaml: Yaml | undefined;
/** Loaded on the first rule file: the package costs tens of ms to load, and every other command would pay it. */
function library(): Yaml {
  yaml ??= createRequire(import.meta.url)('yaml') as Yaml;
  return yaml;
}

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

/** A comment line cannot break out of the comment: control characters are shown escaped. */
function commentLine(line: string): string {
  const shown = line.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return shown === '' ? '#' : `# ${shown}`;
}

function plain(rule: Rule): Record<string, unknown> {
  if ('record' in rule) return { record: rule.record, expr: rule.expr };
  const out: Record<string, unknown> = { alert: rule.alert, expr: rule.expr, for: rule.for };
  if (rule.labels !== undefined && Object.keys(rule.labels).length > 0) out.labels = { ...rule.labels };
  if (rule.annotations !== undefined && Object.keys(rule.annotations).length > 0) out.annotations = { ...rule.annotations };
  return out;
}

export function renderRuleFile(file: RuleFile): string {
  const { Document, isMap, isScalar, Scalar, visit } = library();
  const groups = file.groups.map((group) => ({
    name: group.name,
    ...(group.interval === undefined ? {} : { interval: group.interval }),
    rules: group.rules.map(plain),
  }));
  const doc = new Document({ groups });
  visit(doc, {
    Pair(_, pair, path) {
      if (!isScalar(pair.value)) return;
      const parent = path[path.length - 1];
      const inLabels = isMap(parent) && path.length >= 2 && ['labels', 'annotations'].some((key) => isKey(path[path.length - 2], key));
      if (inLabels && isScalar(pair.key)) pair.key.type = Scalar.QUOTE_DOUBLE;
      const isExpr = isScalar(pair.key) && pair.key.value === 'expr' && !inLabels;
      // yaml 2.9 writes a block of only spaces without an indentation indicator, which reads back as "": quote those.
      pair.value.type = isExpr && /\S/.test(String(pair.value.value)) ? Scalar.BLOCK_LITERAL : Scalar.QUOTE_DOUBLE;
    },
  });
  const header = file.comments.map(commentLine);
  return [...header, doc.toString({ indentSeq: true, lineWidth: 0 })].join('\n');
}

function isKey(node: unknown, key: string): boolean {
  return typeof node === 'object' && node !== null && 'key' in node && library().isScalar(node.key) && (node.key as { value: unknown }).value === key;
}
