/**
 * The selector parser against Prometheus' own (issue 16): over a list of
 * tricky selectors, `rules --selector` accepts exactly those that
 * `promtool check rules` accepts, and `--series` those too (with its two
 * documented extensions), except for a short list of known differences,
 * each asserted as a difference, so a change on either side shows.
 *
 * The oracle puts a selector where the rules put it, `deriv(S[1h]) *
 * timestamp(S)`, and asks promtool 2.42 (Debian's) to check one rule file
 * per selector, all in one run. Accepted selectors also go through the
 * whole `renderRules` output, so the YAML that carries them is checked too.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LeakScoreError } from '../../../src/errors.js';
import { DEFAULT_OPTIONS } from '../../../src/options.js';
import { renderRules } from '../../../src/prometheus/rules.js';
import { checkSelector } from '../../../src/prometheus/selector.js';
import { compileSelector } from '../../../src/samples/select/select.js';
import { shouldSkipPrometheus } from '../../support/prometheus-server.js';

const skip = shouldSkipPrometheus();

/** Selectors chosen at the edges of PromQL's lexer and parser. */
const TRICKY: readonly string[] = [
  // names
  'x', '  x', 'x:y:z', ':x', '_x', 'x0', '0x', 'x.y', 'x-y', 'é', 'x y',
  'by', 'without', 'sum', 'SUM', 'topk', 'count_values', 'group', 'and', 'or', 'unless', 'offset', 'start', 'end', 'step',
  'bool', 'BOOL', 'on', 'ignoring', 'group_left', 'group_right', 'atan2', 'nan', 'NaN', 'inf', 'Inf', 'INF',
  'infinity', 'Infinity', 'nanx', 'inf_total',
  // braces and matchers
  'x{}', '{}', 'x{a="b"}', 'x{a="b",}', 'x{,}', 'x{a="b",,}', 'x{a="b" b="c"}', 'x{a="b"}{c="d"}', 'x{a="b"}}', 'x{a="b"',
  'x\t{ a = "b" , }', 'x\n{a="b"}', 'x\r{a="b"}', 'x{a="b"}\n',
  'x{a}', 'x{="b"}', 'x{a=b}', 'x{a=1}', 'x{_a="c"}', 'x{A="c"}', 'x{0a="c"}', 'x{a.b="c"}', 'x{a:b="c"}', 'x{é="a"}',
  'x{by="a"}', 'x{on="a"}', 'x{nan="a"}', 'x{__name__="x"}', 'x{__name__=~"x"}', 'x{__name__!="y"}',
  '{__name__="x"}', '{__name__=~"x|y"}',
  'x{a~"b"}', 'x{a=="b"}', 'x{a=!"b"}', 'x{a = ~"b"}',
  // matchers that match the empty string
  '{a=""}', '{a!=""}', '{a=~".*"}', '{a=~".+"}', '{a!~".*"}', '{a=~""}', 'x{a=~""}', '{a=~"a|"}', '{a!~"a"}', '{a!="b"}',
  '{a="",b="c"}',
  // strings and escapes
  'x{a="\\x41"}', 'x{a="\\xff"}', 'x{a="\\x4"}', 'x{a="\\u00e9"}', 'x{a="\\ud800"}', 'x{a="\\uDFFF"}', 'x{a="\\U0001F600"}',
  'x{a="\\U0010ffff"}', 'x{a="\\U00110000"}', 'x{a="\\101"}', 'x{a="\\177"}', 'x{a="\\400"}', 'x{a="\\0"}', 'x{a="\\q"}',
  'x{a="\\\\"}', 'x{a="\\""}', 'x{a="\\\'"}', "x{a='\\''}", "x{a='\\\"'}", "x{a='x\\'y'}", 'x{a="\\n\\t\\a\\b\\f\\r\\v"}',
  'x{a=`raw\\q`}', 'x{a=`a\nb`}', 'x{a="a\nb"}', "x{a='a\nb'}", 'x{a="\u0001"}', 'x{a=`\u0001`}', 'x{a="é"}',
  'x{a="#"}', 'x{a="}"}', 'x{a="b\\"}"}',
  // regexes
  'x{a=~"\\\\bx"}', 'x{a=~"\\\\pL"}', 'x{a=~"\\\\pN"}', 'x{a=~"\\\\p{Greek}"}', 'x{a=~"\\\\p{Foo}"}', 'x{a=~"\\\\Q.*\\\\E"}',
  'x{a=~"(?i)a"}', 'x{a=~"(?i:a)"}', 'x{a=~"(?U)a*"}', 'x{a=~"(?m)^a$"}', 'x{a=~"(?s)."}', 'x{a=~"(?P<n>a)"}',
  'x{a=~"a{1001}"}', 'x{a=~"(a{100}){100}"}', 'x{a=~"((a{10}){10}){11}"}', 'x{a=~"x**"}', 'x{a=~"x{2}{3}"}',
  'x{a=~"\\\\C"}', 'x{a=~"\\\\z"}', 'x{a=~"\\\\Z"}', 'x{a=~"\\\\8"}', 'x{a=~"[a"}', 'x{a=~"(a"}', 'x{a=~"a)|(b"}',
  'x{a=~"a\\\\"}', 'x{a=~"[[:word:]]"}', 'x{a=~"[[:foo:]]"}', 'x{a=~"\\\\x{10FFFF}"}', 'x{a!~"(a+)+b"}',
  // not a plain selector
  'x{a="b"}[5m]', 'x offset 5m', 'x @ 100', '(x)', '-x', 'rate(x[5m])', 'sum by (job) (x)', 'x # c', 'x{a="b"} # c',
  // Prometheus 3 and newer Go
  'x{"a"="b"}', '{"x"}', '{"x.y", a="b"}', 'x{a=~"(?<n>a)"}',
];

/**
 * Where we differ from promtool 2.42, and why. Each is asserted to still differ.
 * - Quoted names are Prometheus 3 syntax (for OpenTelemetry's dotted names);
 *   a user who writes them runs Prometheus 3.
 * - `(?<name>…)` is Go 1.22's regexp syntax, which Prometheus 3 is built
 *   with; Debian's promtool 2.42 was built with an older Go.
 */
const KNOWN_DIFFERENCES: ReadonlyMap<string, string> = new Map([
  ['x{"a"="b"}', 'quoted label names: Prometheus 3'],
  ['{"x"}', 'quoted metric names: Prometheus 3'],
  ['{"x.y", a="b"}', 'quoted metric names: Prometheus 3'],
  ['x{a=~"(?<n>a)"}', '(?<name>…) groups: Go 1.22, Prometheus 3'],
]);

const dir = mkdtempSync(join(tmpdir(), 'leak-score-selectors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** promtool's verdict on each rule file: true when it says SUCCESS. */
function promtoolCheck(files: readonly string[]): boolean[] {
  // One stream, so each FAILED (stderr) stays under its Checking line (stdout).
  const run = spawnSync('sh', ['-c', 'exec promtool check rules "$@" 2>&1', 'sh', ...files], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const output = run.stdout;
  return files.map((file) => {
    const start = output.indexOf(`Checking ${file}\n`);
    if (start === -1) throw new Error(`promtool said nothing about ${file}:\n${output.slice(0, 2000)}`);
    const next = output.indexOf('\nChecking ', start + 1);
    const block = output.slice(start, next === -1 ? undefined : next);
    if (block.includes('SUCCESS')) return true;
    if (block.includes('FAILED')) return false;
    throw new Error(`promtool's verdict on ${file} is unclear:\n${block}`);
  });
}

/** promtool's verdict on each selector, placed where the rules place one. */
function promtoolAccepts(selectors: readonly string[], name: string): boolean[] {
  const files = selectors.map((selector, i) => {
    const file = join(dir, `${name}-${i}.yml`);
    const expr = `deriv(${selector}[1h]) * timestamp(${selector})`;
    writeFileSync(file, `groups:\n- name: g\n  rules:\n  - record: r\n    expr: ${JSON.stringify(expr)}\n`);
    return file;
  });
  return promtoolCheck(files);
}

function accepts(parse: () => unknown): boolean {
  try {
    parse();
    return true;
  } catch (error) {
    if (error instanceof LeakScoreError) return false;
    throw error;
  }
}

describe.skipIf(skip)(`selectors against promtool check rules${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const verdicts = promtoolAccepts(TRICKY, 'tricky');
  const table = TRICKY.map((selector, i) => ({ selector, promtool: verdicts[i] as boolean, ours: accepts(() => checkSelector(selector)) }));

  it('the list has both outcomes in quantity', () => {
    expect(table.filter((row) => row.promtool).length).toBeGreaterThan(40);
    expect(table.filter((row) => !row.promtool).length).toBeGreaterThan(40);
  });

  it('rules --selector accepts and refuses what Prometheus does', () => {
    const disagree = table.filter((row) => row.ours !== row.promtool && !KNOWN_DIFFERENCES.has(row.selector));
    expect(disagree).toEqual([]);
  });

  it.each([...KNOWN_DIFFERENCES])('known difference: %s (%s)', (selector) => {
    const row = table.find((one) => one.selector === selector);
    expect(row).toMatchObject({ promtool: false, ours: true });
  });

  it('--series accepts the same, plus a bare matcher list and selectors whose matchers all match ""', () => {
    const onlyEmptyMatchers = (selector: string): boolean => {
      try {
        checkSelector(selector);
        return false;
      } catch (error) {
        return error instanceof LeakScoreError && error.message.includes('would select every series');
      }
    };
    const disagree = table.filter((row) => {
      const expected = row.promtool || KNOWN_DIFFERENCES.has(row.selector) || onlyEmptyMatchers(row.selector);
      return accepts(() => compileSelector(row.selector)) !== expected;
    });
    expect(disagree.map((row) => row.selector)).toEqual([]);
    expect(table.filter((row) => onlyEmptyMatchers(row.selector)).length).toBeGreaterThan(4);
    // The bare list means exactly the braced one.
    const bare = ['a="b",c=~"d.*"', 'a!="b"', 'a="\\x41" , b=`c`', 'a="b",,'];
    const braced = promtoolAccepts(bare.map((list) => `x{${list}}`), 'bare');
    expect(bare.map((list) => accepts(() => compileSelector(list)))).toEqual(braced);
  });

  it('every accepted selector survives the whole rule file: promtool checks what renderRules prints', () => {
    const accepted = table.filter((row) => row.ours && !KNOWN_DIFFERENCES.has(row.selector));
    const files = accepted.map((row, i) => {
      const file = join(dir, `rules-${i}.yml`);
      writeFileSync(file, renderRules({ selector: row.selector, options: { ...DEFAULT_OPTIONS, window: { kind: 'duration', seconds: 3600 } } }));
      return file;
    });
    const verdict = promtoolCheck(files);
    expect(accepted.filter((_, i) => !verdict[i]).map((row) => row.selector)).toEqual([]);
  });
});
