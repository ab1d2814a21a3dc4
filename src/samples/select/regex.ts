/**
 * PromQL regular expressions (`=~`, `!~`), matched in linear time by re2js,
 * a port of RE2: the engine (and syntax) of Go's regexp, which Prometheus
 * uses. JavaScript's RegExp differs in syntax and backtracks, so a user's
 * `(a+)+b` could hang on a long label value from a hostile file.
 *
 * Prometheus accepts a pattern when both the pattern itself and
 * `^(?:pattern)$` parse (`a)|(b` parses only in the wrapper, and is refused),
 * and matches label values against the anchored form. `.` matches a newline
 * as in Prometheus 3 (`(?s:`; 2.x used `(?:`, so there `.` stopped at one).
 *
 * re2js is loaded on the first regex, not at start-up: most runs have no
 * `=~` and should not pay its load time (docs/dependencies.md).
 */
import { createRequire } from 'node:module';
import type { RE2JS as RE2JSClass } from 're2js';

export class RegexSyntaxError extends Error {
  constructor(
    readonly detail: string,
    readonly position: number,
  ) {
    super(`${detail} at position ${position + 1}`);
  }
}

export interface CompiledRegex {
  /** True when the whole value matches, as a PromQL matcher tests it. */
  matches(value: string): boolean;
}

type Re2js = { RE2JS: typeof RE2JSClass; RE2JSException: new (...args: never[]) => Error };

let re2js: Re2js | undefined;
function engine(): Re2js {
  re2js ??= createRequire(import.meta.url)('re2js') as Re2js;
  return re2js;
}

/** Compiles a PromQL regex, or throws RegexSyntaxError with RE2's reason and where it is. */
export function compileRegex(pattern: string): CompiledRegex {
  const { RE2JS, RE2JSException } = engine();
  try {
    RE2JS.compile(pattern);
    const anchored = RE2JS.compile(`^(?s:${pattern})$`);
    return { matches: (value) => anchored.testExact(value) };
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    throw syntaxError(pattern, error);
  }
}

/** re2js says "error parsing regexp: missing closing ): `(a`"; keep the reason and find the quoted part. */
function syntaxError(pattern: string, error: Error): RegexSyntaxError {
  const described = error as Error & { error?: unknown; input?: unknown };
  const detail = typeof described.error === 'string' ? described.error : error.message.replace(/^error parsing regexp: /, '');
  const fragment = typeof described.input === 'string' ? described.input : '';
  const at = fragment === '' ? -1 : pattern.indexOf(fragment);
  return new RegexSyntaxError(fragment === '' || fragment === pattern ? detail : `${detail}: ${fragment}`, Math.max(0, at));
}
