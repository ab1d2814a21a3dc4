/**
 * `--html FILE`: one self-contained page for an incident ticket — the
 * verdict, the numbers table, and per series an SVG chart of RSS over time
 * with the fitted lines, the score track and the alert bands, plus the
 * facts behind the verdict. Everything is inline: no fonts, scripts or
 * styles from anywhere, and a Content-Security-Policy that forbids loading
 * them. The charts are hand-written SVG (see html-svg.ts): no library, a
 * small file, and a page that prints and reads without JavaScript.
 */
import type { Result } from '../analysis/analyse.js';
import type { Verdict } from '../gate.js';
import { alertLines, type AlertsMode } from './alert-summary.js';
import { escapeControlKeepLines } from './escape.js';
import { ALERT_SHORT_NAMES, detailPlan, summarise, type Limit, type SummaryRow } from './facts.js';
import {
  formatDuration,
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
  formatTimeCompact,
} from './format.js';
import { rowName } from './fleet-table.js';
import { SCRIPT, STYLE } from './html-assets.js';
import { escapeHtml, renderSeriesSvg, type ChartData } from './html-svg.js';
import { settingsPhrases, valueName, verdictReason, windowText } from './words.js';

export interface HtmlOptions {
  /** Chart every series, however many (`--chart all`). */
  chartAll?: boolean;
  limitBytes?: number | null;
  /** `--alerts`: a summary per alert (the default) or every episode. */
  alerts?: AlertsMode;
}

/** Fleets up to this size get a chart for every series; larger ones chart the failing ones. */
export const HTML_CHART_ALL_UP_TO = 12;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/** Every string on the page: HTML-escaped, and control characters written out (line feeds become <br> later). */
const h = (text: string): string => escapeHtml(escapeControlKeepLines(text));

function badge(verdict: Verdict): string {
  return `<span class="badge v-${verdict}">${verdict.toUpperCase()}</span>`;
}

export function renderHtml(result: Result, options: HtmlOptions = {}): string {
  const summary = summarise(result, options.limitBytes);
  const fleet = summary.rows.length > 1;
  const chartAll = options.chartAll === true || summary.rows.length <= HTML_CHART_ALL_UP_TO;
  const charts: Record<string, ChartData> = {};
  const sections: string[] = [];
  summary.rows.forEach((row, i) => {
    const plan = detailPlan(row, fleet, { chart: true, chartAll });
    if (plan.details) sections.push(section(result, row, i, fleet, plan.chart, summary.limit, charts, options.alerts));
  });

  const verdict = result.verdict;
  const shared = formatLabels(summary.common);
  const parts = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="leak-score">',
    `<title>${h(`leak-score: ${verdict.toUpperCase()} — ${result.source}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header class="verdict v-${verdict}" data-verdict="${verdict}">`,
    `<h1>${verdict.toUpperCase()}</h1>`,
    `<p>${h(verdictReason(result))}</p>`,
    `<p class="muted"><code>${h(result.source)}</code>${fleet && shared !== '{}' ? ` · ${summary.rows.length} series of <code>${h(shared)}</code>` : ''}</p>`,
    '</header>',
    ...result.notes.map((note) => `<p class="notes">note: ${h(note)}</p>`),
    table(summary.rows, fleet, summary.limit, valueName(result)),
    ...sections,
    `<footer>${settingsPhrases(result).map(h).join(' · ')} · exit code ${result.exitCode} · made by leak-score</footer>`,
    `<script type="application/json" id="leak-score-data">${JSON.stringify({ charts }).replace(/</g, '\\u003c')}</script>`,
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
  ];
  return `${parts.join('\n')}\n`;
}

function seriesId(i: number): string {
  return `series-${i + 1}`;
}

function table(rows: readonly SummaryRow[], fleet: boolean, limit: Limit, what: string): string {
  const out: string[] = ['<div class="table-wrap"><table class="numbers">'];
  out.push(
    '<thead><tr><th>series</th><th class="left">verdict</th><th>score</th><th>slope MiB/h</th><th>R²</th>' +
      '<th>peak</th><th class="left">first firing</th>' +
      `<th class="left">to ${h(formatMiB(limit.bytes))}</th><th>max ${h(what)}</th><th>samples</th></tr></thead>`,
  );
  out.push('<tbody>');
  const reference = rows[0]?.series.start ?? null;
  rows.forEach((row, i) => {
    const s = row.series;
    const name = fleet ? rowName(row, i) : formatSeriesName(s.labels);
    const firing =
      row.firstFiring === null
        ? '—'
        : `${formatTimeCompact(row.firstFiring.firedAt, reference)} ${ALERT_SHORT_NAMES[row.firstFiring.name]}`;
    out.push(
      `<tr class="v-${s.verdict}" data-verdict="${s.verdict}"><td><a href="#${seriesId(i)}"><code>${h(name)}</code></a></td>` +
        `<td class="left">${badge(s.verdict)}</td><td>${formatScore(s.final.score)}</td>` +
        `<td>${formatRateNumber(s.final.slopeMiBPerHour)}</td><td>${formatR2(s.final.r2)}</td>` +
        `<td>${formatScore(s.peak.score)}</td>` +
        `<td class="left">${h(firing)}</td><td class="left">${h(formatProjectionShort(row.projection))}</td>` +
        `<td>${s.rss === null ? '—' : h(formatMiB(s.rss.max))}</td><td>${s.samples}</td></tr>`,
    );
  });
  out.push('</tbody></table></div>');
  return out.join('\n');
}

function legend(row: SummaryRow, what: string): string {
  const s = row.series;
  const item = (toggle: string, swatch: string, text: string): string =>
    `<li><button type="button" aria-pressed="true" data-toggle="${toggle}">${swatch}${h(text)}</button></li>`;
  const items = [item('rss', '<span class="swatch" style="--c: var(--rss)"></span>', `${what} (min–max per pixel)`)];
  if (s.overallLine !== null) {
    items.push(item('fit-overall', '<span class="swatch dotted" style="--c: var(--fit-overall)"></span>', `whole-run fit ${formatRate(s.overall.slopeMiBPerHour)}`));
  }
  if (s.finalLine !== null) {
    items.push(item('fit-final', '<span class="swatch dashed" style="--c: var(--fit-final)"></span>', `final-window fit ${formatRate(s.final.slopeMiBPerHour)}`));
  }
  items.push(item('score', '<span class="swatch" style="--c: var(--score)"></span>', 'score'));
  if (s.episodes.length > 0) {
    items.push(
      item(
        'bands',
        '<span class="swatch box" style="--c: var(--pending)"></span><span class="swatch box" style="--c: var(--firing)"></span>',
        'alert pending / firing',
      ),
    );
  }
  return `<ul class="legend">${items.join('')}</ul>`;
}

function section(
  result: Result,
  row: SummaryRow,
  i: number,
  fleet: boolean,
  withChart: boolean,
  limit: Limit,
  charts: Record<string, ChartData>,
  alerts: AlertsMode | undefined,
): string {
  const s = row.series;
  const title = fleet ? rowName(row, i) : formatSeriesName(s.labels);
  const out: string[] = [`<section class="series v-${s.verdict}" id="${seriesId(i)}" data-verdict="${s.verdict}">`];
  out.push(`<h2><code>${h(formatSeriesName(s.labels))}</code> ${badge(s.verdict)}</h2>`);
  // Issue 17: what was scored, restarts and hints, in words (src/k8s/, src/diagnose/).
  const sentences = s.explanation?.sentences ?? [];
  if (sentences.length > 0) out.push(`<ul class="explanation">${sentences.map((sentence) => `<li>${h(sentence)}</li>`).join('')}</ul>`);
  if (withChart) {
    const chart = renderSeriesSvg(s, result.options, title, valueName(result));
    if (chart !== null) {
      const key = String(i + 1);
      charts[key] = chart.data;
      out.push(
        `<figure class="chart" data-chart="${key}" tabindex="0" aria-label="${h(`chart of ${title}; arrow keys move the cursor`)}">`,
        chart.svg,
        '<div class="tooltip" hidden></div>',
        '</figure>',
        legend(row, valueName(result)),
      );
    }
  }
  const facts: Array<[string, string]> = [];
  const why = formatInconclusiveReason(s.inconclusiveReason);
  if (why !== null) facts.push(['why', why]);
  if (s.samples === 0) {
    facts.push(['samples', 'none left to score']);
  } else {
    facts.push(
      ['final', `score ${formatScore(s.final.score)}, slope ${formatRate(s.final.slopeMiBPerHour)}, R² ${formatR2(s.final.r2)} (${windowText(result)})`],
      ['whole run', `score ${formatScore(s.overall.score)}, slope ${formatRate(s.overall.slopeMiBPerHour)}, R² ${formatR2(s.overall.r2)}`],
      ['peak', `score ${formatScore(s.peak.score)} at ${formatTime(s.peak.time)}`],
      ['samples', `${s.samples} from ${formatTime(s.start)} to ${formatTime(s.end)} (${formatDuration(s.durationSeconds)})`],
    );
    if (s.rss !== null) {
      facts.push([valueName(result), `first ${formatMiB(s.rss.first)}, min ${formatMiB(s.rss.min)}, max ${formatMiB(s.rss.max)}, last ${formatMiB(s.rss.last)}`]);
    }
    facts.push([`to ${formatLimit(limit)}`, formatProjection(row.projection)]);
    const input: string[] = [];
    if (s.skipped > 0) input.push(`${s.skipped} skipped as warm-up`);
    if (s.dropped > 0) input.push(`${s.dropped} dropped`);
    if (s.duplicates > 0) input.push(`${s.duplicates} duplicate timestamps (last one kept)`);
    if (input.length > 0) facts.push(['input', input.join(', ')]);
    const lines = alertLines(s, alerts).map((line) => (line.nested ? `\u2003${line.text}` : line.text));
    facts.push(['alerts', lines.length === 0 ? 'none went pending' : lines.join('\n')]);
  }
  out.push(
    `<dl class="facts">${facts.map(([term, text]) => `<dt>${h(term)}</dt><dd>${h(text).replace(/\n/g, '<br>')}</dd>`).join('')}</dl>`,
  );
  out.push('</section>');
  return out.join('\n');
}
