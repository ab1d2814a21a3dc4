import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRegex, RegexSyntaxError } from '../../src/select/regex.js';
import { FUZZ_RUNS } from '../ingest/fuzz-runs.js';

const full = (pattern: string, text: string): boolean => compileRegex(pattern).matches(text);

describe('compileRegex: PromQL semantics (RE2 syntax, anchored, dot matches newline)', () => {
  it('anchors at both ends, as PromQL does', () => {
    expect(full('api', 'api')).toBe(true);
    expect(full('api', 'api-1')).toBe(false);
    expect(full('api.*', 'api-1')).toBe(true);
    expect(full('.*-1', 'api-1')).toBe(true);
    expect(full('', '')).toBe(true);
    expect(full('', 'x')).toBe(false);
  });

  it('lets . match a newline (Prometheus compiles with (?s))', () => {
    expect(full('a.b', 'a\nb')).toBe(true);
    expect(full('(?-s)a.b', 'a\nb')).toBe(false);
  });

  it('reads alternation, groups, classes and counted repeats', () => {
    expect(full('api-(1|2):9100', 'api-2:9100')).toBe(true);
    expect(full('api-(1|2):9100', 'api-3:9100')).toBe(false);
    expect(full('[a-c]+\\d{2,3}', 'abca12')).toBe(true);
    expect(full('[a-c]+\\d{2,3}', 'abca1234')).toBe(false);
    expect(full('[^-]+-\\w+', 'web-x_1')).toBe(true);
    expect(full('x{3}', 'xxx')).toBe(true);
    expect(full('x{3}', 'xx')).toBe(false);
    expect(full('x{2,}', 'xxxxx')).toBe(true);
    expect(full('(?:ab)?c', 'c')).toBe(true);
    expect(full('(?P<host>[a-z]+):\\d+', 'api:80')).toBe(true);
    expect(full('a.+?b', 'axxb')).toBe(true);
    expect(full('[[:digit:]]+', '0123')).toBe(true);
    expect(full('[[:^alpha:]]', '1')).toBe(true);
    expect(full('\\x41\\x{42}', 'AB')).toBe(true);
    expect(full('a\\.b', 'a.b')).toBe(true);
    expect(full('a\\.b', 'axb')).toBe(false);
    expect(full('x{', 'x{')).toBe(true); // a { that starts no repeat is a literal, as in RE2
    expect(full('^api$', 'api')).toBe(true);
  });

  it('matches case-insensitively under (?i), also in a group', () => {
    expect(full('(?i)API-.*', 'api-1')).toBe(true);
    expect(full('(?i:api)-X', 'Api-X')).toBe(true);
    expect(full('(?i:api)-X', 'Api-x')).toBe(false);
  });

  it('reads code points, not UTF-16 units', () => {
    expect(full('.', '😀')).toBe(true);
    expect(full('ü+', 'üü')).toBe(true);
  });

  it('refuses what RE2 refuses, and what this engine does not support, with the position', () => {
    const error = (pattern: string): RegexSyntaxError => {
      try {
        compileRegex(pattern);
      } catch (caught) {
        if (caught instanceof RegexSyntaxError) return caught;
        throw caught;
      }
      throw new Error(`${pattern} compiled`);
    };
    expect(error('(a').detail).toBe('missing closing )');
    expect(error('a)').detail).toBe('unexpected )');
    expect(error('[a').detail).toBe('missing closing ]');
    expect(error('a**').detail).toContain('nested repetition');
    expect(error('*a').detail).toContain('missing argument');
    expect(error('(a)\\1').detail).toContain('backreferences');
    expect(error('a(?=b)').detail).toContain('lookahead');
    expect(error('a(?<!b)').detail).toContain('lookahead');
    expect(error('\\bword').detail).toContain('not supported');
    expect(error('x{1001}').detail).toContain('above 1000');
    expect(error('x{3,2}').detail).toContain('n ≤ m');
    expect(error('[z-a]').detail).toContain('backwards');
    expect(error('a\\').detail).toBe('trailing backslash');
    expect(error('('.repeat(500) + ')'.repeat(500)).detail).toContain('nest deeper');
    expect(error('(a{1000}){1000}').detail).toContain('too large');
    expect(error('((){1000}){1000}){1000}'.replace(/^/, '(')).detail).toContain('too large');
    expect(error('ab(c').position).toBe(2);
  });
});

describe('compileRegex: linear time on hostile label values', () => {
  it('finishes patterns that make backtracking engines hang', () => {
    const value = `${'a'.repeat(50_000)}!`;
    const started = performance.now();
    for (const pattern of ['(a+)+b', '(a|a)*b', '(a*)*b', '.*a.*a.*a.*b', '(?:a|aa)+c', '(a|ab)*(a{10}){10}b']) {
      expect(full(pattern, value), pattern).toBe(false);
    }
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

/**
 * Patterns in the subset where RE2 and JavaScript agree on syntax; both then
 * describe the same language, so full matches agree. Groups get at most `?`
 * or `{0,2}`: an unbounded loop around another loop sends RegExp — the
 * reference here — into the exponential backtracking this engine exists to avoid.
 */
const pattern: fc.Arbitrary<string> = fc.letrec<{ re: string; piece: string }>((tie) => ({
  piece: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .tuple(fc.constantFrom('a', 'b', 'c', '.', '[ab]', '[^a]', '\\d', '\\n', '[a-c]'), fc.constantFrom('', '', '*', '+', '?', '{2}', '{0,2}', '{1,}', '*?'))
      .map(([atom, quantifier]) => atom + quantifier),
    fc.tuple(tie('re'), fc.constantFrom('', '?', '{0,2}')).map(([inner, quantifier]) => `(${inner})${quantifier}`),
  ),
  re: fc
    .array(tie('piece'), { minLength: 0, maxLength: 4 })
    .chain((parts) => fc.constantFrom(parts.join(''), `${parts.join('')}|${parts.slice(1).join('')}`)),
})).re;

describe('compileRegex: agrees with RegExp on the common subset (property)', () => {
  it(`full matches agree for ${FUZZ_RUNS} random patterns and strings`, () => {
    fc.assert(
      fc.property(pattern, fc.string({ unit: fc.constantFrom('a', 'b', 'c', '1', '\n'), maxLength: 8 }), (re, text) => {
        const expected = new RegExp(`^(?:${re})$`, 's').test(text);
        expect(full(re, text)).toBe(expected);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('never throws anything but RegexSyntaxError, on any pattern', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (re, text) => {
        let compiled;
        try {
          compiled = compileRegex(re);
        } catch (error) {
          expect(error).toBeInstanceOf(RegexSyntaxError);
          return;
        }
        expect(typeof compiled.matches(text)).toBe('boolean');
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
