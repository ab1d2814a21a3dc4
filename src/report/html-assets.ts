/**
 * The HTML report's inline style and script. Both are plain text inlined in
 * the page: the report loads nothing from anywhere (its Content-Security-
 * Policy forbids it), so it opens the same from an incident ticket, an
 * e-mail attachment or a CI artefact.
 */

export const STYLE = `
:root {
  --fg: #1d2330; --muted: #5d6677; --bg: #ffffff; --panel: #f6f7f9; --rule: #dfe3ea;
  --rss: #1f6feb; --fit-overall: #8250df; --fit-final: #d4720b; --score: #1a7f37;
  --pending: #e3a008; --firing: #d1242f; --pass: #1a7f37; --fail: #d1242f; --inconclusive: #9a6700;
}
@media screen and (prefers-color-scheme: dark) {
  :root {
    --fg: #e6edf3; --muted: #9da7b3; --bg: #0d1117; --panel: #161b22; --rule: #30363d;
    --rss: #58a6ff; --fit-overall: #bc8cff; --fit-final: #f0883e; --score: #3fb950;
    --pending: #d29922; --firing: #f85149; --pass: #3fb950; --fail: #f85149; --inconclusive: #d29922;
  }
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 1040px; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 28px; margin: 0; letter-spacing: .02em; }
h2 { font-size: 17px; margin: 0 0 6px; font-weight: 600; overflow-wrap: anywhere; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
header.verdict { border-left: 8px solid var(--v); padding: 8px 16px; margin-bottom: 20px; background: var(--panel); border-radius: 4px; }
header.verdict h1 { color: var(--v); }
header.verdict p { margin: 4px 0 0; }
.v-fail { --v: var(--fail); } .v-pass { --v: var(--pass); } .v-inconclusive { --v: var(--inconclusive); }
.badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; background: var(--v); vertical-align: 2px; }
.muted { color: var(--muted); }
.notes { color: var(--inconclusive); }
.table-wrap { overflow-x: auto; margin-bottom: 24px; }
table.numbers { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
table.numbers th, table.numbers td { padding: 4px 8px; border-bottom: 1px solid var(--rule); text-align: right; white-space: nowrap; }
table.numbers th { font-weight: 600; color: var(--muted); font-size: 12px; }
table.numbers th:first-child, table.numbers td:first-child, table.numbers td.left, table.numbers th.left { text-align: left; }
table.numbers td:first-child { white-space: normal; overflow-wrap: anywhere; }
section.series { margin: 0 0 28px; padding-top: 12px; border-top: 1px solid var(--rule); break-inside: avoid; page-break-inside: avoid; }
figure.chart { position: relative; margin: 8px 0; outline: none; }
figure.chart:focus-visible { box-shadow: 0 0 0 2px var(--rss); }
svg.chart-svg { display: block; width: 100%; height: auto; overflow: visible; }
svg .grid line { stroke: var(--rule); stroke-width: 1; }
svg .grid .x-tick { stroke-dasharray: 2 4; }
svg text { fill: var(--muted); font-size: 11px; font-family: system-ui, sans-serif; }
svg .y-label { text-anchor: end; dominant-baseline: middle; }
svg .x-label { text-anchor: middle; }
svg .panel-label { font-weight: 600; }
svg .band-pending { fill: var(--pending); opacity: .18; }
svg .band-firing { fill: var(--firing); opacity: .16; }
svg .rss-line { fill: none; stroke: var(--rss); stroke-width: 1.4; stroke-linejoin: round; }
svg .score-line { fill: none; stroke: var(--score); stroke-width: 1.4; }
svg .fit { stroke-width: 2; }
svg .fit-overall { stroke: var(--fit-overall); stroke-dasharray: 2 3; }
svg .fit-final { stroke: var(--fit-final); stroke-dasharray: 8 4; }
svg .threshold { stroke: var(--firing); stroke-width: 1; stroke-dasharray: 4 3; opacity: .7; }
svg .crosshair { stroke: var(--muted); stroke-width: 1; }
svg .hit { fill: transparent; cursor: crosshair; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 4px 0 0; padding: 0; list-style: none; font-size: 12.5px; }
.legend button { all: unset; cursor: pointer; display: inline-flex; align-items: center; gap: 6px; }
.legend button[aria-pressed="false"] { opacity: .4; text-decoration: line-through; }
.legend button:focus-visible { outline: 2px solid var(--rss); }
.swatch { display: inline-block; width: 18px; height: 0; border-top: 2px solid var(--c); }
.swatch.box { height: 10px; border: 0; background: var(--c); opacity: .5; }
.swatch.dashed { border-top-style: dashed; } .swatch.dotted { border-top-style: dotted; }
.hide-rss .rss-line, .hide-fit-overall .fit-overall, .hide-fit-final .fit-final, .hide-score .score-line, .hide-bands .bands { display: none; }
.tooltip { position: absolute; pointer-events: none; background: var(--bg); border: 1px solid var(--rule); border-radius: 4px; padding: 6px 8px; font-size: 12px; line-height: 1.35; box-shadow: 0 2px 8px rgba(0,0,0,.15); white-space: nowrap; z-index: 1; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; font-variant-numeric: tabular-nums; }
footer { color: var(--muted); font-size: 12px; margin-top: 24px; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .tooltip, .legend button[aria-pressed="false"] { display: none !important; }
  .table-wrap { overflow: visible; }
  table.numbers { font-size: 9pt; }
  table.numbers th, table.numbers td { white-space: normal; padding: 2px 4px; }
  section.series { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

/**
 * Crosshair and tooltip (pointer and arrow keys), and legend buttons that
 * show or hide a line. Reads the column data from the page's JSON block.
 */
export const SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('leak-score-data').textContent);
  function pad(n) { return String(n).padStart(2, '0'); }
  function duration(s) {
    var out = [], rest = Math.round(s);
    [['d', 86400], ['h', 3600], ['m', 60]].forEach(function (u) {
      if (rest >= u[1]) { out.push(Math.floor(rest / u[1]) + u[0]); rest %= u[1]; }
    });
    if (rest > 0 || out.length === 0) out.push(rest + 's');
    return out.join(' ');
  }
  function time(t, relative) {
    if (relative) return 't+' + duration(t);
    var d = new Date(t * 1000);
    return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' ' +
      pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds()) + 'Z';
  }
  function nearest(ts, t) {
    var lo = 0, hi = ts.length - 1;
    while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (ts[mid] <= t) lo = mid; else hi = mid; }
    return Math.abs(ts[hi] - t) < Math.abs(ts[lo] - t) ? hi : lo;
  }
  function alertsAt(episodes, t) {
    return episodes.filter(function (e) { return e.activeAt <= t && (e.resolvedAt === null || t < e.resolvedAt); })
      .map(function (e) { return e.name + (e.firedAt !== null && e.firedAt <= t ? ' firing' : ' pending'); });
  }
  document.querySelectorAll('figure.chart').forEach(function (figure) {
    var d = data.charts[figure.getAttribute('data-chart')];
    var svg = figure.querySelector('svg');
    var cross = svg.querySelector('.crosshair');
    var tip = figure.querySelector('.tooltip');
    var current = -1;
    function xOf(t) { return d.x0 + (t - d.start) / (d.end - d.start) * (d.x1 - d.x0); }
    function show(i) {
      if (i < 0 || i >= d.t.length) return;
      current = i;
      var t = d.t[i], x = xOf(t);
      cross.setAttribute('x1', x); cross.setAttribute('x2', x); cross.setAttribute('visibility', 'visible');
      var rss = d.min[i] === d.max[i] ? d.max[i].toFixed(1) + ' MiB' : d.min[i].toFixed(1) + '–' + d.max[i].toFixed(1) + ' MiB';
      var lines = [time(t, d.relative), d.valueName + ' ' + rss, 'score ' + d.score[i].toFixed(2)].concat(alertsAt(d.episodes, t));
      tip.textContent = '';
      lines.forEach(function (text, k) { var div = document.createElement('div'); div.textContent = text; if (k === 0) div.style.fontWeight = '600'; tip.appendChild(div); });
      tip.hidden = false;
      var box = svg.getBoundingClientRect(), scale = box.width / svg.viewBox.baseVal.width;
      var left = x * scale + 12;
      if (left + tip.offsetWidth > box.width) left = x * scale - tip.offsetWidth - 12;
      tip.style.left = Math.max(0, left) + 'px';
      tip.style.top = '8px';
    }
    function hide() { cross.setAttribute('visibility', 'hidden'); tip.hidden = true; }
    svg.addEventListener('pointermove', function (event) {
      var box = svg.getBoundingClientRect(), scale = svg.viewBox.baseVal.width / box.width;
      var x = (event.clientX - box.left) * scale;
      if (x < d.x0 || x > d.x1) { hide(); return; }
      show(nearest(d.t, d.start + (x - d.x0) / (d.x1 - d.x0) * (d.end - d.start)));
    });
    svg.addEventListener('pointerleave', hide);
    figure.addEventListener('keydown', function (event) {
      var step = event.shiftKey ? 10 : 1;
      if (event.key === 'ArrowRight') show(Math.min(d.t.length - 1, current < 0 ? 0 : current + step));
      else if (event.key === 'ArrowLeft') show(Math.max(0, current < 0 ? d.t.length - 1 : current - step));
      else if (event.key === 'Escape') hide();
      else return;
      event.preventDefault();
    });
    figure.addEventListener('blur', hide);
    figure.parentNode.querySelectorAll('.legend button').forEach(function (button) {
      button.addEventListener('click', function () {
        var on = button.getAttribute('aria-pressed') !== 'true';
        button.setAttribute('aria-pressed', String(on));
        figure.classList.toggle('hide-' + button.getAttribute('data-toggle'), !on);
      });
    });
  });
  document.documentElement.setAttribute('data-ready', 'true');
})();
`;
