/**
 * The rule file's YAML carries user text (the selector inside every `expr`,
 * and in a comment), so whatever the strings hold, the YAML must read back
 * as exactly the rules given, and comments must stay comments.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderRuleFile, type RuleFile } from '../../src/prometheus/rule-yaml.js';
import { FUZZ_RUNS } from '../formats/fuzz-runs.js';

const text = fc.string({ unit: fc.oneof(fc.constantFrom('\n', '\r', '\t', ' ', '\u0001', '"', "'", '`', '#', ':', '|', '-', '\\', '\u2028', 'é'), fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' })), maxLength: 40 });

const ruleFile: fc.Arbitrary<RuleFile> = fc.record({
  comments: fc.array(text, { maxLength: 3 }),
  groups: fc.array(
    fc.record(
      {
        name: text,
        interval: fc.constantFrom('30s', '1m'),
        rules: fc.array(
          fc.oneof(
            fc.record({ record: text, expr: text }),
            fc.record(
              { alert: text, expr: text, for: fc.constantFrom('15m', '0s'), labels: fc.dictionary(text, text, { maxKeys: 2 }), annotations: fc.dictionary(text, text, { maxKeys: 2 }) },
              { requiredKeys: ['alert', 'expr', 'for'] },
            ),
          ),
          { maxLength: 3 },
        ),
      },
      { requiredKeys: ['name', 'rules'] },
    ),
    { maxLength: 2 },
  ),
});

/** What a reader of the file should see: empty label and annotation maps are left out. */
function expected(file: RuleFile): unknown {
  return {
    groups: file.groups.map((group) => ({
      ...group,
      rules: group.rules.map((rule) => {
        if ('record' in rule) return rule;
        const { labels, annotations, ...rest } = rule;
        return {
          ...rest,
          ...(labels !== undefined && Object.keys(labels).length > 0 ? { labels } : {}),
          ...(annotations !== undefined && Object.keys(annotations).length > 0 ? { annotations } : {}),
        };
      }),
    })),
  };
}

describe('renderRuleFile', () => {
  it('writes expr as a literal block when it can, so the PromQL reads as written', () => {
    const out = renderRuleFile({ comments: ['one', ''], groups: [{ name: 'g', rules: [{ record: 'r', expr: 'a\n  and b{x="y"}' }] }] });
    expect(out).toBe('# one\n#\ngroups:\n  - name: "g"\n    rules:\n      - record: "r"\n        expr: |-\n          a\n            and b{x="y"}\n');
  });

  it(`reads back as the same rules, and its comments stay comments, for ${Math.ceil(FUZZ_RUNS / 10)} random files`, () => {
    fc.assert(
      fc.property(ruleFile, (file) => {
        const out = renderRuleFile(file);
        const lines = out.split(/\r\n|\r|\n|\u2028|\u2029/);
        expect(lines.slice(0, file.comments.length).every((line) => line.startsWith('#'))).toBe(true);
        expect(lines[file.comments.length]).toBe(file.groups.length === 0 ? 'groups: []' : 'groups:');
        expect(parse(out)).toEqual(expected(file));
      }),
      { numRuns: Math.ceil(FUZZ_RUNS / 10) },
    );
  });
});
