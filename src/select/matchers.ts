/**
 * `--series` in PromQL matcher syntax: `instance="a:1",job=~"api.*"`,
 * optionally in braces and after a metric name
 * (`process_resident_memory_bytes{job="api"}`, which adds
 * `__name__="process_resident_memory_bytes"`). Operators `=`, `!=`, `=~`,
 * `!~`; values in `"…"`, `'…'` or `` `…` `` with Go's escapes; label names
 * plain (`job`) or quoted (`"service.name"`, Prometheus 3). As in PromQL a
 * missing label has the value "", and regexes are anchored at both ends.
 */
import { compileRegex, RegexSyntaxError, type CompiledRegex } from './regex.js';

export type MatchOperator = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  readonly name: string;
  readonly op: MatchOperator;
  readonly value: string;
  /** True when a label value (`""` for a missing label) satisfies the matcher. */
  matches(labelValue: string): boolean;
}

/** A syntax error, with the 0-based position it was found at. */
export class MatcherSyntaxError extends Error {
  constructor(
    readonly detail: string,
    readonly position: number,
  ) {
    super(detail);
  }
}

const OPERATORS: readonly MatchOperator[] = ['=~', '!~', '!=', '='];

export function parseMatchers(text: string): Matcher[] {
  return new MatcherParser(text).parse();
}

class MatcherParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): Matcher[] {
    const matchers: Matcher[] = [];
    this.space();
    const metric = this.identifier(true);
    this.space();
    if (metric !== '' && !this.at('{')) {
      // A bare word is a metric name, unless an operator follows: then it was a label.
      if (OPERATORS.some((op) => this.at(op))) {
        this.pos = 0;
        this.space();
        return this.list(matchers, undefined);
      }
      if (!this.done()) throw this.error('expected { after the metric name, or an operator after a label name');
      return [exact('__name__', metric)];
    }
    if (metric !== '') matchers.push(exact('__name__', metric));
    if (this.at('{')) {
      this.pos += 1;
      this.list(matchers, '}');
      this.space();
      if (!this.done()) throw this.error('unexpected text after }');
    } else {
      this.list(matchers, undefined);
    }
    if (matchers.length === 0) throw new MatcherSyntaxError('no matcher given', 0);
    return matchers;
  }

  /** `name op "value"` separated by commas, up to `close` (or the end). */
  private list(matchers: Matcher[], close: string | undefined): Matcher[] {
    for (;;) {
      this.space();
      if (close !== undefined && this.at(close)) {
        this.pos += 1;
        return matchers;
      }
      if (close === undefined && this.done()) return matchers;
      matchers.push(this.matcher());
      this.space();
      if (this.at(',')) {
        this.pos += 1;
        continue;
      }
      if (close !== undefined && this.at(close)) continue;
      if (close === undefined && this.done()) return matchers;
      throw this.error(close === undefined ? 'expected , between matchers' : `expected , or ${close}`);
    }
  }

  private matcher(): Matcher {
    const name = this.at('"') || this.at("'") || this.at('`') ? this.string() : this.identifier(false);
    if (name === '') throw this.error('expected a label name');
    this.space();
    const op = OPERATORS.find((candidate) => this.at(candidate));
    if (op === undefined) throw this.error('expected =, !=, =~ or !~ after the label name');
    this.pos += op.length;
    this.space();
    const valueAt = this.pos;
    if (!(this.at('"') || this.at("'") || this.at('`'))) throw this.error('expected a quoted value, e.g. job="api"');
    const value = this.string();
    if (op === '=' || op === '!=') return literal(name, op, value);
    let regex: CompiledRegex;
    try {
      regex = compileRegex(value);
    } catch (error) {
      if (!(error instanceof RegexSyntaxError)) throw error;
      throw new MatcherSyntaxError(`the regex for ${name} is not valid: ${error.detail}`, valueAt + 1 + error.position);
    }
    return {
      name,
      op,
      value,
      matches: op === '=~' ? (labelValue) => regex.matches(labelValue) : (labelValue) => !regex.matches(labelValue),
    };
  }

  /** A quoted string with Go's escapes (none inside backquotes). */
  private string(): string {
    const quote = this.text[this.pos] as string;
    const start = this.pos;
    this.pos += 1;
    let out = '';
    for (;;) {
      if (this.done()) throw new MatcherSyntaxError('a quoted string is not closed', start);
      const char = this.text[this.pos] as string;
      this.pos += 1;
      if (char === quote) return out;
      if (char !== '\\' || quote === '`') {
        out += char;
        continue;
      }
      out += this.escape(start);
    }
  }

  private escape(start: number): string {
    const char = this.text[this.pos];
    if (char === undefined) throw new MatcherSyntaxError('a quoted string is not closed', start);
    this.pos += 1;
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };
    if (Object.hasOwn(simple, char)) return simple[char] as string;
    const hexLength = char === 'x' ? 2 : char === 'u' ? 4 : char === 'U' ? 8 : 0;
    if (hexLength > 0) {
      const digits = this.text.slice(this.pos, this.pos + hexLength);
      if (digits.length !== hexLength || ![...digits].every((d) => '0123456789abcdefABCDEF'.includes(d))) {
        throw this.error(`\\${char} needs ${hexLength} hex digits`);
      }
      this.pos += hexLength;
      const code = Number.parseInt(digits, 16);
      if (code > 0x10ffff) throw this.error('escape beyond Unicode');
      return String.fromCodePoint(code);
    }
    if (char >= '0' && char <= '7') {
      const digits = this.text.slice(this.pos - 1, this.pos + 2);
      if (digits.length !== 3 || ![...digits].every((d) => d >= '0' && d <= '7')) throw this.error('an octal escape needs 3 digits');
      this.pos += 2;
      return String.fromCharCode(Number.parseInt(digits, 8) & 0xff);
    }
    throw this.error(`unknown escape \\${char}`);
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
    while (!this.done() && ' \t\n\r'.includes(this.text[this.pos] as string)) this.pos += 1;
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

function exact(name: string, value: string): Matcher {
  return literal(name, '=', value);
}

function literal(name: string, op: '=' | '!=', value: string): Matcher {
  return { name, op, value, matches: op === '=' ? (labelValue) => labelValue === value : (labelValue) => labelValue !== value };
}
