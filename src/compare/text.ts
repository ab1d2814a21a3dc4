/** The text report of a comparison: verdict line, per pair the numbers, and the chart. */
import { Chalk, type ChalkInstance } from 'chalk';
import { formatDuration } from '../report/format.js';
import { describeSizeBudget } from './budget.js';
import { renderCompareChart } from './chart.js';
import type { CompareResult, CompareVerdict, PairResult } from './compare.js';
import type { RunSeriesStats } from './run-stats.js';
import { confidenceText, headline, pairName, plain, VERDICT_WORDS, withInterval } from './words.js';

export interface CompareTextOptions {
  color: boolean;
  chart: boolean;
  quiet: boolean;
  width: number;
  height: number;
}

function paint(chalk: ChalkInstance, verdict: CompareVerdict): string {
  const word = VERDICT_WORDS[verdict];
  if (verdict === 'worse') return chalk.bold.red(word);
  if (verdict === 'same') return chalk.bold.green(word);
  return chalk.bold.yellow(word);
}

function runLine(stats: RunSeriesStats | null): string {
  if (stats === null) return 'absent';
  const restarts = stats.segments > 1 ? `, ${stats.segments - 1} restart${stats.segments > 2 ? 's' : ''} (last life compared)` : '';
  return `${stats.samples} samples over ${formatDuration(stats.durationSeconds)}, warm-up ${formatDuration(stats.warmupSeconds)}, floor bucket ${formatDuration(stats.bucketSeconds)}${restarts}`;
}

function pairBlock(pair: PairResult, options: CompareTextOptions, chalk: ChalkInstance): string[] {
  const label = (name: string): string => chalk.dim(name.padEnd(9));
  const lines = [`${chalk.bold(pairName(pair))}  ${paint(chalk, pair.verdict)}`];
  const g = pair.growth;
  if (g !== null) {
    lines.push(
      `  ${label('growth')}BASE ${withInterval(g.base, 'MiB/h')}   HEAD ${withInterval(g.head, 'MiB/h')}`,
      `  ${label('')}HEAD − BASE ${withInterval(g.difference, 'MiB/h')}, budget ${g.budget === null ? 'n/a' : plain(g.budget, 'MiB/h')}  ${paint(chalk, g.verdict)}`,
    );
  }
  const l = pair.level;
  if (l !== null) {
    lines.push(
      `  ${label('level')}BASE ${withInterval(l.base?.mib ?? null, 'MiB', false)}   HEAD ${withInterval(l.head?.mib ?? null, 'MiB', false)}   at +${formatDuration(l.atSeconds)}`,
      `  ${label('')}HEAD − BASE ${withInterval(l.difference, 'MiB')}, budget ${l.budget === null ? 'n/a' : plain(l.budget, 'MiB')}  ${paint(chalk, l.verdict)}`,
    );
  }
  lines.push(`  ${label('BASE')}${runLine(pair.base)}`, `  ${label('HEAD')}${runLine(pair.head)}`);
  for (const reason of pair.reasons) lines.push(`  ${chalk.dim('why')}      ${reason}`);
  if (options.chart && pair.base !== null && pair.head !== null) {
    const chart = renderCompareChart(pair.base, pair.head, { width: options.width - 2, height: options.height, color: options.color });
    if (chart !== '') lines.push('', ...chart.split('\n').map((row) => `  ${row}`));
  }
  return lines;
}

export function renderCompareText(result: CompareResult, options: CompareTextOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const top = `${paint(chalk, result.verdict)}  ${headline(result)}  ${chalk.dim(`(${result.base.source} → ${result.head.source})`)}`;
  if (options.quiet) return `${top}\n`;
  const out = [top];
  // Worse first, then inconclusive, then same: what needs reading comes first.
  const order: Record<CompareVerdict, number> = { worse: 0, inconclusive: 1, same: 2 };
  const pairs = [...result.pairs].sort((a, b) => order[a.verdict] - order[b.verdict]);
  const charted = pairs.filter((p) => p.verdict !== 'same').length > 0 ? new Set(pairs.filter((p) => p.verdict !== 'same')) : new Set(pairs.slice(0, 1));
  for (const pair of pairs) out.push('', ...pairBlock(pair, { ...options, chart: options.chart && charted.has(pair) }, chalk));
  out.push('', chalk.dim(`${confidenceText(result)}; worse means the interval's lower end is above the budget. Budgets: growth ${result.options.budget.text} or ${Math.round(result.options.tolerance * 100)} % of BASE's growth, whichever is more; level ${describeSizeBudget(result.options.levelBudget)}.`));
  for (const note of result.notes) out.push(chalk.dim(`note: ${note}`));
  return `${out.join('\n')}\n`;
}
