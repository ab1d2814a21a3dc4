/** The comparison as Markdown, for a pull request comment or the GitHub step summary. */
import { formatDuration } from '../report/format.js';
import { describeSizeBudget } from './budget.js';
import type { CompareResult, CompareVerdict, PairResult } from './compare.js';
import { confidenceText, headline, pairName, plain, withInterval } from './words.js';

const ICON: Readonly<Record<CompareVerdict, string>> = { worse: '❌ worse', same: '✅ same', inconclusive: '⚠️ inconclusive' };

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function rows(pair: PairResult): string[] {
  const name = cell(pairName(pair));
  const out: string[] = [];
  const g = pair.growth;
  if (g !== null) {
    out.push(`| ${name} | growth | ${withInterval(g.base, 'MiB/h')} | ${withInterval(g.head, 'MiB/h')} | ${withInterval(g.difference, 'MiB/h')} | ${g.budget === null ? 'n/a' : plain(g.budget, 'MiB/h')} | ${ICON[g.verdict]} |`);
  }
  const l = pair.level;
  if (l !== null) {
    out.push(`| ${name} | level at +${formatDuration(l.atSeconds)} | ${withInterval(l.base?.mib ?? null, 'MiB', false)} | ${withInterval(l.head?.mib ?? null, 'MiB', false)} | ${withInterval(l.difference, 'MiB')} | ${l.budget === null ? 'n/a' : plain(l.budget, 'MiB')} | ${ICON[l.verdict]} |`);
  }
  if (out.length === 0) out.push(`| ${name} | — | ${pair.base === null ? 'absent' : 'present'} | ${pair.head === null ? 'absent' : 'present'} | | | ${ICON[pair.verdict]} |`);
  return out;
}

export function renderCompareMarkdown(result: CompareResult): string {
  const out = [
    `### leak-score compare: ${ICON[result.verdict]}`,
    '',
    `${headline(result)}.`,
    '',
    `BASE \`${result.base.source}\` → HEAD \`${result.head.source}\``,
    '',
    '| series | measure | BASE | HEAD | HEAD − BASE | budget | verdict |',
    '|---|---|---|---|---|---|---|',
    ...result.pairs.flatMap(rows),
    '',
  ];
  const reasons = result.pairs.filter((p) => p.verdict !== 'same');
  for (const pair of reasons) out.push(`- **${cell(pairName(pair))}**: ${pair.reasons.join('; ')}`);
  if (reasons.length > 0) out.push('');
  out.push(
    `<sub>${confidenceText(result)}; worse means the lower end is above the budget. Growth budget ${result.options.budget.text} or ${Math.round(result.options.tolerance * 100)} % of BASE's growth, whichever is more; level budget ${describeSizeBudget(result.options.levelBudget)}.</sub>`,
  );
  for (const note of result.notes) out.push('', `> ${note}`);
  return `${out.join('\n')}\n`;
}
