/**
 * The one parser of PromQL series selectors, used by `--series` (which
 * series of a file to score) and by `rules --selector` (which series the
 * generated rules watch): `process_resident_memory_bytes{job="api"}`,
 * `{job=~"api-.*",instance!="a:1"}` or just a metric name.
 *
 * It follows Prometheus' own lexer and parser rather than a guess at them,
 * and test/samples/select/promtool.test.ts checks it against promtool on a list of
 * tricky selectors: the same ones accepted and refused. Details that follow
 * Prometheus:
 * - metric names `[a-zA-Z_:][a-zA-Z0-9_:]*`, label names `[a-zA-Z_][a-zA-Z0-9_]*`;
 *   `bool`, `on`, `ignoring`, `group_left`, `group_right`, `atan2`, `nan`
 *   and `inf` (any case) are not metric names: PromQL reads them as keywords
 *   or numbers;
 * - values in `"…"` or `'…'` with Go's escapes (only the string's own quote
 *   may be escaped; no newline inside), or raw in backquotes;
 * - space, tab, CR and LF between tokens; a trailing comma in `{…}`;
 * - a metric name and a `__name__` matcher together are refused;
 * - regexes (`=~`, `!~`) are RE2's (regex.ts), fully anchored;
 * - Prometheus 3's quoted names, `{"service.name"="cart"}` and
 *   `{"my.metric"}`, are read too (Prometheus 2 refuses them).
 *
 * Where the two uses differ, on purpose:
 * - a PromQL selector must have a matcher that does not match the empty
 *   string (Prometheus refuses `{job!="batch"}` alone, since it would scan
 *   every series in its index). `--series` filters series already read, so it
 *   allows that, and also a bare list without braces: `job="api",instance=~"a.*"`.
 * - `#` starts a comment in PromQL; here it is refused, since the rules
 *   embed the selector inside larger expressions, where a comment would
 *   swallow the rest of the line.
 */
import { compileRegex, RegexSyntaxError } from './regex.js';

export type MatchOperator = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  readonly name: string;
  readonly op: MatchOperator;
  readonly value: string;
  /** True when a label value (`""` for a missing label) satisfies the matcher. */
  matches(labelValue: string): boolean;
}

export interface Selector {
  /** The metric name, written before the braces or quoted inside them; undefined if none. */
  readonly metricName: string | undefined;
  /** Every matcher, the metric name included as `__name__="…"` first. */
  readonly matchers: readonly Matcher[];
}

/** How the selector is used: a PromQL expression (rules), or a filter of series already read (`--series`). */
export type SelectorUse = 'promql' | 'series';

/** A syntax error, with the 0-based position it was found at. */
export class MatcherSyntaxError extends Error {
  constructor(
    readonly detail: string,
    readonly position: number,
  ) {
    super(detail);
  }
}

/** Reads a selector; throws MatcherSyntaxError saying what is wrong and where. */
export function parseSelector(text: string, use: SelectorUse): Selector {
  return new SelectorParser(text, use).parse();
}

/** `--series`: the matchers of a selector, or of a bare comma list of matchers. */
export function parseMatchers(text: string): Matcher[] {
  return [...parseSelector(text, 'series').matchers];
}

const OPERATORS: readonly MatchOperator[] = ['=~', '!~', '!=', '='];
/** Words PromQL's lexer reads as keywords or numbers wherever a metric name could stand. */
const NOT_METRIC_NAMES = new Set(['bool', 'on', 'ignoring', 'group_left', 'group_right', 'atan2', 'nan', 'inf']);
const SPACE = ' \t\r\n';
const QUOTES = '"\'`';

class SelectorParser {
  private pos = 0;
  private metricName: string | undefined;
  private readonly matchers: Matcher[] = [];

  constructor(
    private readonly text: string,
    private readonly use: SelectorUse,
  ) {}

  parse(): Selector {
    this.space();
    const nameAt = this.pos;
    const name = this.identifier(true);
    if (name !== '') {
      this.space();
      if (this.use === 'series' && !this.at('{') && OPERATORS.some((op) => this.at(op))) {
        // `job="api",…` without braces: a bare list of matchers.
        this.pos = nameAt;
        this.list(undefined);
        return this.finish();
      }
      if (NOT_METRIC_NAMES.has(name.toLowerCase())) {
        throw new MatcherSyntaxError(`${name} is a PromQL keyword or number, not a metric name`, nameAt);
      }
      this.metricName = name;
    }
    if (this.at('{')) {
      this.pos += 1;
      this.list('}');
      this.space();
    }
    if (!this.done()) {
      if (this.at('#')) throw this.error('a # comment cannot follow the selector');
      throw this.error(
        name !== '' && this.matchers.length === 0 && this.use === 'series'
          ? 'expected { after the metric name, or an operator after a label name'
          : `unexpected ${JSON.stringify(this.text.slice(this.pos, this.pos + 12))} after the selector; give only a metric name and {…} matchers`,
      );
    }
    return this.finish();
  }

  private finish(): Selector {
    const matchers = this.metricName === undefined ? this.matchers : [literal('__name__', '=', this.metricName), ...this.matchers];
    if (matchers.length === 0) throw new MatcherSyntaxError('no matcher given: the selector selects nothing', 0);
    if (this.use === 'promql' && matchers.every((matcher) => matcher.matches(''))) {
      throw new MatcherSyntaxError('every matcher also matches a missing label, so the selector would select every series; add a metric name or a matcher such as job="api"', 0);
    }
    return { metricName: this.metricName, matchers };
  }

  /** `name op "value"` separated by commas, up to `close` (or the end). */
  private list(close: string | undefined): void {
    for (;;) {
      this.space();
      if (close !== undefined && this.at(close)) {
        this.pos += 1;
        return;
      }
      if (close === undefined && this.done()) return;
      this.item(close);
      this.space();
      if (this.at(',')) {
        this.pos += 1;
        this.space();
        if (this.at(',')) throw this.error('expected a label name after ,');
        continue;
      }
      if (close !== undefined && this.at(close)) continue;
      if (close === undefined && this.done()) return;
      throw this.error(close === undefined ? 'expected , between matchers' : `expected , or ${close}`);
    }
  }

  /** One matcher, or (Prometheus 3) a quoted metric name standing alone in the braces. */
  private item(close: string | undefined): void {
    const nameAt = this.pos;
    const quoted = QUOTES.includes(this.peek());
    const name = quoted ? this.string() : this.identifier(false);
    if (name === '' && !quoted) throw this.error(this.at(',') && close !== undefined ? 'expected a label name before ,' : 'expected a label name');
    this.space();
    const op = OPERATORS.find((candidate) => this.at(candidate));
    if (op === undefined) {
      if (quoted && close !== undefined && (this.at(',') || this.at(close))) return this.setMetricName(name, nameAt);
      throw this.error('expected =, !=, =~ or !~ after the label name');
    }
    this.pos += op.length;
    this.space();
    const valueAt = this.pos;
    if (!QUOTES.includes(this.peek())) throw this.error('expected a quoted value, e.g. job="api"');
    const value = this.string();
    if (name === '__name__' && this.metricName !== undefined) {
      throw new MatcherSyntaxError(`the metric name is given twice: ${this.metricName} and a __name__ matcher`, nameAt);
    }
    this.matchers.push(op === '=' || op === '!=' ? literal(name, op, value) : regex(name, op, value, valueAt));
  }

  private setMetricName(name: string, at: number): void {
    if (this.metricName !== undefined || this.matchers.some((matcher) => matcher.name === '__name__')) {
      throw new MatcherSyntaxError(`the metric name is given twice: ${this.metricName ?? '__name__'} and ${JSON.stringify(name)}`, at);
    }
    this.metricName = name;
  }

  /** A quoted string: Go's escapes in "…" and '…' (as PromQL's lexer reads them), none in `…`. */
  private string(): string {
    const quote = this.peek();
    const start = this.pos;
    this.pos += 1;
    let out = '';
    for (;;) {
      if (this.done()) throw new MatcherSyntaxError('a quoted string is not closed', start);
      const char = this.peek();
      if (char === '\n' && quote !== '`') throw new MatcherSyntaxError('a quoted string is not closed on its line (use \\n for a newline)', start);
      this.pos += 1;
      if (char === quote) return out;
      if (char !== '\\' || quote === '`') {
        out += char;
        continue;
      }
      out += this.escape(start, quote);
    }
  }

  private escape(start: number, quote: string): string {
    const char = this.text[this.pos];
    if (char === undefined) throw new MatcherSyntaxError('a quoted string is not closed', start);
    this.pos += 1;
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
    if (char === quote) return quote;
    if (Object.hasOwn(simple, char)) return simple[char] as string;
    const escapeAt = this.pos - 2;
    const counted = (length: number, base: number, max: number, from: number): string => {
      const digits = this.text.slice(from, from + length);
      const allowed = base === 8 ? '01234567' : '0123456789abcdefABCDEF';
      if (digits.length !== length || ![...digits].every((d) => allowed.includes(d))) {
        throw new MatcherSyntaxError(`\\${char} needs ${length} ${base === 8 ? 'octal' : 'hex'} digits`, escapeAt);
      }
      const code = Number.parseInt(digits, base);
      if (code > max || (code >= 0xd800 && code < 0xe000)) throw new MatcherSyntaxError(`\\${char}${base === 8 ? digits.slice(1) : digits} is not a valid character`, escapeAt);
      this.pos = from + length;
      return String.fromCodePoint(code);
    };
    if (char === 'x') return counted(2, 16, 0xff, this.pos);
    if (char === 'u') return counted(4, 16, 0x10ffff, this.pos);
    if (char === 'U') return counted(8, 16, 0x10ffff, this.pos);
    if (char >= '0' && char <= '7') return counted(3, 8, 0xff, this.pos - 1);
    const only = quote === '`' ? '' : ` (in ${quote}…${quote} only \\${quote} and \\a \\b \\f \\n \\r \\t \\v \\\\ \\x \\u \\U and octal)`;
    throw new MatcherSyntaxError(`unknown escape \\${char}${only}`, escapeAt);
  }

  private identifier(metric: boolean): string {
    const start = this.pos;
    while (!this.done()) {
      const code = this.text.charCodeAt(this.pos);
      const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || (metric && code === 58);
      const digit = code >= 48 && code <= 57;
      if (!(letter || (digit && this.pos > start))) break;
      this.pos += 1;
    }
    return this.text.slice(start, this.pos);
  }

  private space(): void {
    while (!this.done() && SPACE.includes(this.peek())) this.pos += 1;
  }

  private peek(): string {
    return this.text[this.pos] ?? '';
  }

  private at(token: string): boolean {
    return this.text.startsWith(token, this.pos);
  }

  private done(): boolean {
    return this.pos >= this.text.length;
  }

  private error(detail: string): MatcherSyntaxError {
    return new MatcherSyntaxError(detail, this.pos);
  }
}

function literal(name: string, op: '=' | '!=', value: string): Matcher {
  return { name, op, value, matches: op === '=' ? (labelValue) => labelValue === value : (labelValue) => labelValue !== value };
}

function regex(name: string, op: '=~' | '!~', value: string, valueAt: number): Matcher {
  try {
    const compiled = compileRegex(value);
    return { name, op, value, matches: op === '=~' ? (labelValue) => compiled.matches(labelValue) : (labelValue) => !compiled.matches(labelValue) };
  } catch (error) {
    if (!(error instanceof RegexSyntaxError)) throw error;
    throw new MatcherSyntaxError(`the regex for ${name} is not valid: ${error.detail}`, valueAt + 1 + error.position);
  }
}
