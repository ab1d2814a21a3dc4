/**
 * `compare --format junit`: a testcase per pair and measure (growth,
 * level); worse is a `<failure>`, inconclusive `<skipped>` with what is
 * missing, as the gate's JUnit does.
 */
import { xml } from '../report/junit.js';
import type { CompareResult, GrowthTest, LevelTest } from './compare.js';
import { pairName } from './words.js';

function testcase(suite: string, name: string, test: GrowthTest | LevelTest | null, fallback: string, verdict: string): string[] {
  const head = `    <testcase classname="${xml(suite)}" name="${xml(name)}"`;
  const v = test?.verdict ?? verdict;
  const reason = test?.reason ?? fallback;
  if (v === 'worse') return [`${head}>`, `      <failure message="${xml(reason)}" type="worse"/>`, '    </testcase>'];
  if (v === 'inconclusive') return [`${head}>`, `      <skipped message="${xml(reason)}"/>`, '    </testcase>'];
  return [`${head}>`, `      <system-out>${xml(reason)}</system-out>`, '    </testcase>'];
}

export function renderCompareJunit(result: CompareResult): string {
  const cases: string[][] = [];
  const suite = `leak-score compare ${result.base.source} ${result.head.source}`;
  for (const pair of result.pairs) {
    const name = pairName(pair);
    const fallback = pair.reasons.join('; ');
    cases.push(testcase(suite, `${name} growth`, pair.growth, fallback, pair.verdict));
    cases.push(testcase(suite, `${name} level`, pair.level, fallback, pair.verdict));
  }
  const failures = cases.filter((c) => c.some((line) => line.includes('<failure'))).length;
  const skipped = cases.filter((c) => c.some((line) => line.includes('<skipped'))).length;
  const counts = `tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="leak-score compare" ${counts}>`,
    `  <testsuite name="${xml(suite)}" ${counts}>`,
    '    <properties>',
    `      <property name="verdict" value="${result.verdict}"/>`,
    `      <property name="confidence" value="${result.confidence}"/>`,
    `      <property name="budget" value="${xml(result.options.budget.text)}"/>`,
    '    </properties>',
    ...cases.flat(),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
