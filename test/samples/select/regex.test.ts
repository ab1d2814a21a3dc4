import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRegex, RegexSyntaxError } from '../../../src/samples/select/regex.js';
import { FUZZ_RUNS } from '../../formats/fuzz-runs.js';

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

  it('refuses what RE2 refuses, with RE2\'s reason and where', () => {
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
    expect(error('a**').detail).toBe('invalid nested repetition operator: **');
    expect(error('*a').detail).toBe('missing argument to repetition operator: *');
    expect(error('(a)\\1')).toMatchObject({ detail: 'invalid escape sequence: \\1', position: 3 });
    expect(error('a(?=b)').detail).toBe('invalid or unsupported Perl syntax: (?=');
    expect(error('a(?<!b)').detail).toContain('invalid named capture');
    expect(error('x{1001}').detail).toBe('invalid repeat count: {1001}');
    expect(error('x{3,2}').detail).toBe('invalid repeat count: {3,2}');
    expect(error('[z-a]')).toMatchObject({ detail: 'invalid character class range: z-a', position: 1 });
    expect(error('a\\').detail).toBe('trailing backslash at end of expression');
    expect(error('\\Z').detail).toBe('invalid escape sequence');
    expect(error('(a{100}){100}').detail).toContain('invalid repeat count');
    // Prometheus parses the pattern alone as well as wrapped in ^(?:…)$, so this is refused although the wrapper would parse.
    expect(error('a)|(b').detail).toBe('unexpected )');
  });

  it('reads the RE2 syntax the old hand-written engine lacked: \\b, \\pL, \\Q…\\E', () => {
    expect(full('\\bapi\\b.*', 'api-1')).toBe(true);
    expect(full('\\pL+', 'Grüße')).toBe(true);
    expect(full('\\p{Greek}+', 'αβγ')).toBe(true);
    expect(full('\\Qa.b\\E', 'a.b')).toBe(true);
    expect(full('\\Qa.b\\E', 'axb')).toBe(false);
  });
});

describe('compileRegex: linear time on hostile label values', () => {
  it('finishes patterns that make backtracking engines hang', () => {
    const value = `${'a'.repeat(50_000)}!`;
    for (const pattern of ['(a+)+b', '(a|a)*b', '(a*)*b', '.*a.*a.*a.*b', '(?:a|aa)+c', '(a|ab)*(a{10}){10}b']) {
      expect(full(pattern, value), pattern).toBe(false);
    }
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
