/**
 * One series' chart as inline SVG: RSS over time (every column's min–max,
 * so peaks survive downsampling), the whole run's and the final window's
 * fitted lines, the RSS threshold when it is in view, the score track under
 * it with the leak threshold, and a band per alert phase (pending, firing)
 * across both panels. Drawn here rather than in the browser so the file
 * prints and reads without JavaScript; the page's script only adds the
 * crosshair and tooltip.
 */
import type { AnalysisOptions } from '../options.js';
import type { SeriesResult } from '../analysis/analyse.js';
import { columnTime, foldColumns, type Columns } from './columns.js';
import { lineMiBAt } from './facts.js';
import { formatTime } from './format.js';
import { niceTicks, timeTicks } from './ticks.js';

/** Columns an HTML chart keeps: about one per pixel of its plot. */
export const HTML_COLUMNS = 600;

export const LAYOUT = {
  width: 960,
  left: 72,
  right: 16,
  top: 22,
  rssHeight: 240,
  gap: 26,
  scoreHeight: 64,
  axis: 30,
} as const;

const HEIGHT = LAYOUT.top + LAYOUT.rssHeight + LAYOUT.gap + LAYOUT.scoreHeight + LAYOUT.axis;
const PLOT_WIDTH = LAYOUT.width - LAYOUT.left - LAYOUT.right;
const SCORE_TOP = LAYOUT.top + LAYOUT.rssHeight + LAYOUT.gap;
const BYTES_PER_MIB = 1048576;

/** What the page script needs to read values back under the pointer. */
export interface ChartData {
  /** Column middle times (seconds). */
  t: number[];
  min: number[];
  max: number[];
  score: number[];
  /** Plot x of the first and last time. */
  x0: number;
  x1: number;
  start: number;
  end: number;
  relative: boolean;
  /** What the values are (RSS unless named otherwise), for the tooltip. */
  valueName: string;
  episodes: Array<{ name: string; activeAt: number; firedAt: number | null; resolvedAt: number | null }>;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Short axis time: `07:30` within a day, `11-19 07:30` across days, `t+30m` for relative recordings. */
function tickLabel(t: number, span: number): string {
  const full = formatTime(t);
  if (full.startsWith('t+') || !full.endsWith('Z')) return full;
  return span > 86400 ? `${full.slice(5, 10)} ${full.slice(11, 16)}` : full.slice(11, span < 600 ? 19 : 16);
}

const round = (x: number): string => (Math.round(x * 10) / 10).toString();

/** The SVG and the data behind it; null when the series has fewer than two distinct times. */
export function renderSeriesSvg(
  series: SeriesResult,
  options: AnalysisOptions,
  title: string,
  valueName = 'RSS',
): { svg: string; data: ChartData } | null {
  const columns = foldColumns(series.track, Math.max(2, Math.min(HTML_COLUMNS, series.track.length)));
  if (columns === null) return null;
  const { lo, hi } = valueRange(series, columns);
  const x = (t: number): number => LAYOUT.left + ((t - columns.start) / (columns.end - columns.start)) * PLOT_WIDTH;
  const y = (mib: number): number => LAYOUT.top + (1 - (mib - lo) / (hi - lo)) * LAYOUT.rssHeight;
  const ys = (score: number): number => SCORE_TOP + (1 - score) * LAYOUT.scoreHeight;
  const out: string[] = [];
  const label = `${title}: ${valueName} from ${formatTime(columns.start)} to ${formatTime(columns.end)}`;
  out.push(
    `<svg class="chart-svg" viewBox="0 0 ${LAYOUT.width} ${HEIGHT}" role="img" aria-label="${escapeHtml(label)}" xmlns="http://www.w3.org/2000/svg">`,
  );

  // Alert bands first, so everything else draws over them.
  out.push('<g class="bands">');
  const bandTop = LAYOUT.top;
  const bandHeight = SCORE_TOP + LAYOUT.scoreHeight - LAYOUT.top;
  const band = (phase: 'pending' | 'firing', name: string, from: number, to: number, text: string): void => {
    const x0 = x(Math.max(columns.start, from));
    const x1 = Math.max(x0 + 1.5, x(Math.min(columns.end, to)));
    out.push(
      `<rect class="band band-${phase}" data-alert="${name}" x="${round(x0)}" y="${bandTop}" width="${round(x1 - x0)}" height="${bandHeight}"><title>${escapeHtml(text)}</title></rect>`,
    );
  };
  for (const episode of series.episodes) {
    const end = episode.resolvedAt ?? columns.end;
    const until = episode.resolvedAt === null ? 'still active at the end' : `resolved ${formatTime(episode.resolvedAt)}`;
    if (episode.firedAt === null) {
      band('pending', episode.name, episode.activeAt, end, `${episode.name} pending ${formatTime(episode.activeAt)}, never fired, ${until}`);
    } else {
      band('pending', episode.name, episode.activeAt, episode.firedAt, `${episode.name} pending ${formatTime(episode.activeAt)}`);
      band('firing', episode.name, episode.firedAt, end, `${episode.name} firing ${formatTime(episode.firedAt)}, ${until}`);
    }
  }
  out.push('</g>');

  // Grid and axes.
  out.push('<g class="grid">');
  for (const tick of niceTicks(lo, hi, 5)) {
    const ty = round(y(tick));
    out.push(`<line x1="${LAYOUT.left}" x2="${LAYOUT.width - LAYOUT.right}" y1="${ty}" y2="${ty}"/>`);
    out.push(`<text class="y-label" x="${LAYOUT.left - 6}" y="${ty}">${escapeHtml(formatTick(tick, hi - lo))}</text>`);
  }
  for (const score of [0, 0.5, 1]) {
    const ty = round(ys(score));
    out.push(`<line x1="${LAYOUT.left}" x2="${LAYOUT.width - LAYOUT.right}" y1="${ty}" y2="${ty}"/>`);
    out.push(`<text class="y-label" x="${LAYOUT.left - 6}" y="${ty}">${score.toFixed(1)}</text>`);
  }
  const axisY = SCORE_TOP + LAYOUT.scoreHeight;
  const span = columns.end - columns.start;
  for (const t of timeTicks(columns.start, columns.end, 7)) {
    const tx = round(x(t));
    out.push(`<line class="x-tick" x1="${tx}" x2="${tx}" y1="${LAYOUT.top}" y2="${axisY + 4}"/>`);
    out.push(`<text class="x-label" x="${tx}" y="${axisY + 16}">${escapeHtml(tickLabel(t, span))}</text>`);
  }
  out.push(`<text class="panel-label" x="${LAYOUT.left}" y="${LAYOUT.top - 8}">${escapeHtml(valueName)} (MiB)</text>`);
  out.push(`<text class="panel-label" x="${LAYOUT.left}" y="${SCORE_TOP - 8}">score</text>`);
  out.push('</g>');

  // RSS: each measured column from its max to its min, so the line keeps every peak.
  const points: string[] = [];
  for (let c = 0; c < columns.count; c++) {
    if (!columns.measured[c]) continue;
    const tx = round(x(columnTime(columns, c)));
    const top = round(y(columns.maxMiB[c] as number));
    const bottom = round(y(columns.minMiB[c] as number));
    points.push(`${tx},${top}`);
    if (bottom !== top) points.push(`${tx},${bottom}`);
  }
  out.push(`<path class="series rss-line" data-series="rss" d="M${points.join('L')}"/>`);

  const rssThreshold = options.rssThresholdBytes / BYTES_PER_MIB;
  if (rssThreshold >= lo && rssThreshold <= hi) {
    const ty = round(y(rssThreshold));
    out.push(`<line class="threshold rss-threshold" x1="${LAYOUT.left}" x2="${LAYOUT.width - LAYOUT.right}" y1="${ty}" y2="${ty}"><title>MemoryHigh threshold ${rssThreshold.toFixed(1)} MiB</title></line>`);
  }
  for (const [kind, line] of [
    ['overall', series.overallLine],
    ['final', series.finalLine],
  ] as const) {
    if (line === null) continue;
    const from = Math.max(line.from, columns.start);
    const to = Math.min(line.to, columns.end);
    const name = kind === 'final' ? 'final-window fit' : 'whole-run fit';
    out.push(
      `<line class="series fit fit-${kind}" data-series="fit-${kind}" x1="${round(x(from))}" y1="${round(y(lineMiBAt(line, from)))}" x2="${round(x(to))}" y2="${round(y(lineMiBAt(line, to)))}"><title>${name}: ${(line.slopeMiBPerSecond * 3600).toFixed(2)} MiB/h</title></line>`,
    );
  }

  // Score track and the leak threshold.
  const scorePoints: string[] = [];
  for (let c = 0; c < columns.count; c++) {
    if (!columns.measured[c]) continue;
    scorePoints.push(`${round(x(columnTime(columns, c)))},${round(ys(columns.maxScore[c] as number))}`);
  }
  out.push(`<path class="series score-line" data-series="score" d="M${scorePoints.join('L')}"/>`);
  const leak = ys(options.leakThreshold);
  out.push(
    `<line class="threshold leak-threshold" x1="${LAYOUT.left}" x2="${LAYOUT.width - LAYOUT.right}" y1="${round(leak)}" y2="${round(leak)}"><title>MemoryLeakDetected threshold ${options.leakThreshold}</title></line>`,
  );

  out.push(
    `<line class="crosshair" x1="0" x2="0" y1="${LAYOUT.top}" y2="${axisY}" visibility="hidden"/>`,
    `<rect class="hit" x="${LAYOUT.left}" y="${LAYOUT.top}" width="${PLOT_WIDTH}" height="${axisY - LAYOUT.top}"/>`,
    '</svg>',
  );

  const measured = [...columns.measured.keys()].filter((c) => columns.measured[c]);
  const data: ChartData = {
    t: measured.map((c) => Math.round(columnTime(columns, c) * 1000) / 1000),
    min: measured.map((c) => Number((columns.minMiB[c] as number).toFixed(3))),
    max: measured.map((c) => Number((columns.maxMiB[c] as number).toFixed(3))),
    score: measured.map((c) => Number((columns.maxScore[c] as number).toFixed(4))),
    x0: LAYOUT.left,
    x1: LAYOUT.left + PLOT_WIDTH,
    start: columns.start,
    end: columns.end,
    relative: formatTime(columns.start).startsWith('t+'),
    valueName,
    episodes: series.episodes.map(({ name, activeAt, firedAt, resolvedAt }) => ({ name, activeAt, firedAt, resolvedAt })),
  };
  return { svg: out.join(''), data };
}

function valueRange(series: SeriesResult, columns: Columns): { lo: number; hi: number } {
  let lo = Math.min(...columns.minMiB);
  let hi = Math.max(...columns.maxMiB);
  for (const line of [series.finalLine, series.overallLine]) {
    if (line === null) continue;
    for (const t of [Math.max(line.from, columns.start), Math.min(line.to, columns.end)]) {
      const value = lineMiBAt(line, t);
      if (Number.isFinite(value)) {
        lo = Math.min(lo, value);
        hi = Math.max(hi, value);
      }
    }
  }
  const pad = hi > lo ? (hi - lo) * 0.06 : Math.max(1, Math.abs(hi) * 0.01);
  return { lo: lo - pad, hi: hi + pad };
}

function formatTick(mib: number, range: number): string {
  const decimals = range >= 20 ? 0 : range >= 2 ? 1 : Math.min(6, Math.ceil(-Math.log10(range)) + 2);
  return mib.toFixed(decimals);
}
