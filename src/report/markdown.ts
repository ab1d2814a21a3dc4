/**
 * `--format markdown`: the verdict, a worst-first table and, per series that
 * needs it, the alert timeline and the chart in a collapsed block. Written
 * for `$GITHUB_STEP_SUMMARY` and pull-request comments (GitHub-flavoured
 * tables, `<details>`), and readable as plain text too.
 */
import type { Result } from '../analysis/analyse.js';
import type { Verdict } from '../gate.js';
import { alertLines, type AlertsMode } from './alert-summary.js';
import { escapeControl } from './escape.js';
import { DEFAULT_CHART_HEIGHT, renderRssChart } from './chart.js';
import { ALERT_SHORT_NAMES, detailPlan, summarise, type Limit, type SummaryRow } from './facts.js';
import {
  formatInconclusiveReason,
  formatLabels,
  formatLimit,
  formatMiB,
  formatProjection,
  formatProjectionShort,
  formatR2,
  formatRate,
  formatRateNumber,
  formatScore,
  formatSeriesName,
  formatTime,
} from './format.js';
import { rowName } from './fleet-table.js';
import { settingsPhrases, valueName, verdictReason, windowText } from './words.js';

export interface MarkdownOptions {
  chart: boolean;
  chartAll?: boolean;
  chartScore?: boolean;
  height?: number;
  limitBytes?: number | null;
  /** `--alerts`: a summary per alert (the default) or every episode. */
  alerts?: AlertsMode;
}

/** Charts in Markdown sit in a code block: GitHub shows about this many columns without scrolling. */
const CHART_WIDTH = 80;

const VERDICT_MARK: Readonly<Record<Verdict, string>> = {
  fail: '❌ FAIL',
  pass: '✅ PASS',
  inconclusive: '⚠️ INCONCLUSIVE',
};

/**
 * Text inside a table cell or inline HTML: no markup, no column breaks, no
 * control characters. GitHub parses Markdown inside inline HTML too, so the
 * characters that make links, emphasis, code or @-mentions are entities: a
 * label value like `[x](https://…)` or `@org/team` shows as written. (`_`
 * stays: inside a word it does not emphasise, and metric names are full of it.)
 */
function cell(text: string): string {
  return escapeControl(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/[[\]`*~\\@]/g, (char) => `&#${char.charCodeAt(0)};`);
}

function code(text: string): string {
  return `<code>${cell(text)}</code>`;
}

export function renderMarkdown(result: Result, options: MarkdownOptions): string {
  const summary = summarise(result, options.limitBytes);
  const fleet = summary.rows.length > 1;
  const out: string[] = [];
  out.push(`### ${VERDICT_MARK[result.verdict]} leak-score`, '');
  out.push(`**${cell(verdictReason(result))}** in ${code(result.source)}`, '');
  for (const note of result.notes) out.push(`> note: ${cell(note)}`, '');

  const shared = formatLabels(summary.common);
  if (fleet && shared !== '{}') out.push(`${summary.rows.length} series of ${code(shared)}, worst first.`, '');
  out.push(
    `| series | verdict | score | slope MiB/h | R² | peak | first firing | ${cell(formatLimit(summary.limit))} |`,
    '| :-- | :-- | --: | --: | --: | --: | :-- | :-- |',
  );
  summary.rows.forEach((row, i) => {
    const s = row.series;
    const firing =
      row.firstFiring === null ? '—' : `${formatTime(row.firstFiring.firedAt)} ${ALERT_SHORT_NAMES[row.firstFiring.name]}`;
    out.push(
      `| ${code(fleet ? rowName(row, i) : formatSeriesName(s.labels))} | ${VERDICT_MARK[s.verdict]} | ${formatScore(s.final.score)} | ` +
        `${formatRateNumber(s.final.slopeMiBPerHour)} | ${formatR2(s.final.r2)} | ${formatScore(s.peak.score)} | ` +
        `${cell(firing)} | ${formatProjectionShort(row.projection)} |`,
    );
  });
  out.push('');

  summary.rows.forEach((row, i) => {
    const plan = detailPlan(row, fleet, options);
    if (plan.details) out.push(...details(result, row, fleet ? rowName(row, i) : formatSeriesName(row.series.labels), plan.chart, options, summary.limit));
  });
  out.push(`<sub>${settingsPhrases(result).map(cell).join(' · ')}</sub>`);
  return `${out.join('\n')}\n`;
}

function details(
  result: Result,
  row: SummaryRow,
  name: string,
  withChart: boolean,
  options: MarkdownOptions,
  limit: Limit,
): string[] {
  const s = row.series;
  const open = s.verdict === 'fail' ? ' open' : '';
  const out = [`<details${open}><summary>${code(name)}: ${VERDICT_MARK[s.verdict]}</summary>`, ''];
  if (s.samples === 0) {
    out.push('No samples left to score.', '', '</details>', '');
    return out;
  }
  const why = formatInconclusiveReason(s.inconclusiveReason);
  if (why !== null) out.push(`- why: ${cell(why)}`);
  // Issue 17: what was scored, restarts and hints, in words (src/k8s/, src/diagnose/).
  for (const sentence of s.explanation?.sentences ?? []) out.push(`- ${cell(sentence)}`);
  out.push(
    `- final (${windowText(result)}): score ${formatScore(s.final.score)}, slope ${formatRate(s.final.slopeMiBPerHour)}, R² ${formatR2(s.final.r2)}`,
    `- whole run: score ${formatScore(s.overall.score)}, slope ${formatRate(s.overall.slopeMiBPerHour)}, R² ${formatR2(s.overall.r2)}`,
    `- peak score ${formatScore(s.peak.score)} at ${formatTime(s.peak.time)}`,
  );
  if (s.rss !== null) {
    out.push(
      `- ${cell(valueName(result))} first ${formatMiB(s.rss.first)}, min ${formatMiB(s.rss.min)}, max ${formatMiB(s.rss.max)}, last ${formatMiB(s.rss.last)}`,
    );
  }
  out.push(`- to ${cell(formatLimit(limit))}: ${cell(formatProjection(row.projection))}`);
  if (s.episodes.length === 0) out.push('- alerts: none went pending');
  for (const line of alertLines(s, options.alerts)) out.push(`${line.nested ? '  - ' : '- '}${cell(line.text)}`);
  if (withChart) {
    const chart = renderRssChart(s.track, {
      width: CHART_WIDTH,
      height: options.height ?? DEFAULT_CHART_HEIGHT,
      color: false,
      finalLine: s.finalLine,
      overallLine: s.overallLine,
      episodes: s.episodes,
      score: options.chartScore === true,
      leakThreshold: result.options.leakThreshold,
      valueName: valueName(result),
    });
    if (chart !== '') out.push('', '```text', chart, '```');
  }
  out.push('', '</details>', '');
  return out;
}

