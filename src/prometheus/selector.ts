/**
 * Checks that `--selector` is a plain instant-vector selector such as
 * `process_resident_memory_bytes{job="api"}` (issue 6, Rules): the generated
 * rules append a range (`[1h]`) and wrap it in `deriv`, `timestamp` … which
 * PromQL only allows on a selector, not on an arbitrary expression.
 *
 * A small hand-written scanner, not a PromQL parser: metric name, then an
 * optional `{…}` of `label op "value"` matchers. `promtool check rules`
 * validates the final rule file in the tests.
 */
import { LeakScoreError } from '../errors.js';

const METRIC_START = /[a-zA-Z_:]/;
const METRIC_PART = /[a-zA-Z0-9_:]/;
const LABEL_START = /[a-zA-Z_]/;
const LABEL_PART = /[a-zA-Z0-9_]/;
const OPERATORS = ['=~', '!~', '!=', '='] as const;

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}
  get done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(): string {
    return this.text[this.pos] ?? '';
  }
  skipSpace(): void {
    while (this.peek() === ' ') this.pos++;
  }
  take(pattern: RegExp, rest: RegExp): string {
    const start = this.pos;
    if (!pattern.test(this.peek())) return '';
    this.pos++;
    while (rest.test(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }
  startsWith(token: string): boolean {
    return this.text.startsWith(token, this.pos);
  }
}

/** Reads a quoted label value; returns an error detail or undefined. */
function readString(scanner: Scanner): string | undefined {
  const quote = scanner.peek();
  if (quote !== '"' && quote !== "'" && quote !== '`') return 'a label value must be quoted';
  scanner.pos++;
  while (!scanner.done) {
    const char = scanner.peek();
    scanner.pos++;
    if (char === quote) return undefined;
    if (char === '\\' && quote !== '`') scanner.pos++;
  }
  return 'a quoted label value is not closed';
}

function readMatchers(scanner: Scanner): { count: number; error?: string } {
  let count = 0;
  scanner.pos++; // '{'
  for (;;) {
    scanner.skipSpace();
    if (scanner.peek() === '}') {
      scanner.pos++;
      return { count };
    }
    if (scanner.take(LABEL_START, LABEL_PART) === '') return { count, error: 'expected a label name' };
    scanner.skipSpace();
    const operator = OPERATORS.find((op) => scanner.startsWith(op));
    if (operator === undefined) return { count, error: 'expected =, !=, =~ or !~ after a label name' };
    scanner.pos += operator.length;
    scanner.skipSpace();
    const error = readString(scanner);
    if (error !== undefined) return { count, error };
    count++;
    scanner.skipSpace();
    if (scanner.peek() === ',') scanner.pos++;
    else if (scanner.peek() !== '}') return { count, error: 'expected , or } after a matcher' };
  }
}

function problem(text: string): string | undefined {
  // YAML block scalars and PromQL both dislike control characters; a selector never needs one.
  if (/[\u0000-\u001f\u007f]/.test(text)) return 'it contains a newline or control character';
  const scanner = new Scanner(text);
  const name = scanner.take(METRIC_START, METRIC_PART);
  scanner.skipSpace();
  let matchers = 0;
  if (scanner.peek() === '{') {
    const read = readMatchers(scanner);
    if (read.error !== undefined) return read.error;
    matchers = read.count;
  }
  scanner.skipSpace();
  if (!scanner.done) return `unexpected ${JSON.stringify(text.slice(scanner.pos, scanner.pos + 12))}`;
  if (name === '' && matchers === 0) return 'it selects nothing';
  return undefined;
}

/** Returns the trimmed selector, or throws `LeakScoreError` saying what a selector looks like. */
export function checkSelector(text: string, flag = '--selector'): string {
  const trimmed = text.trim();
  const detail = problem(trimmed);
  if (detail !== undefined) {
    throw new LeakScoreError(
      `${flag} ${JSON.stringify(text)} is not a plain series selector (${detail}); give one such as process_resident_memory_bytes{job="api"}, since the rules apply range functions like deriv(…[1h]) to it`,
    );
  }
  return trimmed;
}
