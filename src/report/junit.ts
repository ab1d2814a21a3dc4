/**
 * `--format junit`: one testcase per series, for CI systems that read JUnit
 * XML (GitLab, Jenkins, Azure, CircleCI, the test-reporter actions). A failing
 * series is a `<failure>` whose message carries the score, slope and alert
 * times; an inconclusive one is `<skipped>` with the reason, since the data
 * could not decide either way.
 *
 * There is no `time` attribute: it means how long a test ran, and the length
 * of a recording is not that.
 */
import type { Result } from '../analysis/analyse.js';
import { ALERT_NAMES } from '../gate.js';
import { alertLines, firedPhrases, type AlertsMode } from './alert-summary.js';
import { escapeControlKeepLines } from './escape.js';
import { summarise, type Limit, type SummaryRow } from './facts.js';
import {
  formatInconclusiveReason,
  formatLimit,
  formatMiB,
  formatProjection,
  formatR2,
  formatRate,
  formatScore,
  formatSeriesName,
  formatTime,
} from './format.js';
import { settingsPhrases, valueName, windowText } from './words.js';

export interface JunitOptions {
  limitBytes?: number | null;
  /** `--alerts`: a summary per alert (the default) or every episode. */
  alerts?: AlertsMode;
}

/** XML 1.0 text and attribute values: escaped, and without the characters XML cannot hold. */
export function xml(text: string): string {
  // Control characters are written out first (escape.ts), so a hostile label stays readable and the XML valid.
  return (
    escapeControlKeepLines(text)
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/\n/g, '&#10;')
  );
}

/** Element text may keep its line breaks. */
function xmlText(text: string): string {
  return xml(text).replace(/&#10;/g, '\n');
}

export function renderJunit(result: Result, options: JunitOptions = {}): string {
  const summary = summarise(result, options.limitBytes);
  const rows = summary.rows;
  const command = result.commandFailure;
  const failures = rows.filter((row) => row.series.verdict === 'fail').length + (command === undefined ? 0 : 1);
  const skipped = rows.filter((row) => row.series.verdict === 'inconclusive').length;
  const tests = rows.length + (command === undefined ? 0 : 1);
  const counts = `tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}"`;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="leak-score" ${counts}>`);
  out.push(`  <testsuite name="${xml(`leak-score ${result.source}`)}" ${counts}>`);
  out.push('    <properties>');
  out.push(`      <property name="verdict" value="${result.verdict}"/>`);
  out.push(`      <property name="exitCode" value="${result.exitCode}"/>`);
  for (const phrase of settingsPhrases(result)) out.push(`      <property name="setting" value="${xml(phrase)}"/>`);
  out.push('    </properties>');
  if (command !== undefined) {
    // `record`: the recorded command is a test of its own, failed when it crashed or exited non-zero.
    out.push(
      `    <testcase classname="${xml(`leak-score.${result.source}`)}" name="recorded command">`,
      `      <failure message="${xml(`the recorded command failed: ${command.message}`)}" type="CommandFailed">${xmlText(command.message)}</failure>`,
      '    </testcase>',
    );
  }
  for (const row of rows) out.push(...testcase(result, row, summary.limit, options.alerts));
  out.push('  </testsuite>', '</testsuites>');
  return `${out.join('\n')}\n`;
}

function testcase(result: Result, row: SummaryRow, limit: Limit, alerts: AlertsMode | undefined): string[] {
  const s = row.series;
  const name = formatSeriesName(s.labels);
  const open = `    <testcase classname="${xml(`leak-score.${result.source}`)}" name="${xml(name)}"`;
  const body = evidence(result, row, limit, alerts);
  if (s.verdict === 'pass') {
    return [`${open}>`, `      <system-out>${xmlText(body)}</system-out>`, '    </testcase>'];
  }
  if (s.verdict === 'inconclusive') {
    const why = formatInconclusiveReason(s.inconclusiveReason) ?? 'the data cannot decide';
    return [`${open}>`, `      <skipped message="${xml(`inconclusive: ${why}`)}"/>`, `      <system-out>${xmlText(body)}</system-out>`, '    </testcase>'];
  }
  const gating = new Set(result.options.gate.map((key) => ALERT_NAMES[key]));
  const fired = s.episodes.filter((episode) => episode.firedAt !== null && gating.has(episode.name));
  const first = fired[0];
  const message =
    `${[...new Set(fired.map((episode) => episode.name))].join(' and ')} fired: ` +
    `score ${formatScore(s.final.score)}, slope ${formatRate(s.final.slopeMiBPerHour)}, R² ${formatR2(s.final.r2)}; ` +
    firedPhrases(s, gating).join('; ');
  return [
    `${open}>`,
    `      <failure message="${xml(message)}" type="${xml(first?.name ?? 'leak-score')}">${xmlText(body)}</failure>`,
    '    </testcase>',
  ];
}

/** The numbers behind a verdict, as the failure body or system-out. */
function evidence(result: Result, row: SummaryRow, limit: Limit, alerts: AlertsMode | undefined): string {
  const s = row.series;
  const lines = [
    // Issue 17: what was scored, restarts and hints, in words (src/k8s/, src/diagnose/).
    ...(s.explanation?.sentences ?? []),
    `final (${windowText(result)}): score ${formatScore(s.final.score)}, slope ${formatRate(s.final.slopeMiBPerHour)}, R² ${formatR2(s.final.r2)}`,
    `whole run: score ${formatScore(s.overall.score)}, slope ${formatRate(s.overall.slopeMiBPerHour)}, R² ${formatR2(s.overall.r2)}`,
    `peak score ${formatScore(s.peak.score)} at ${formatTime(s.peak.time)}`,
    `samples ${s.samples} from ${formatTime(s.start)} to ${formatTime(s.end)}`,
  ];
  if (s.rss !== null) {
    lines.push(`${valueName(result)} first ${formatMiB(s.rss.first)}, min ${formatMiB(s.rss.min)}, max ${formatMiB(s.rss.max)}, last ${formatMiB(s.rss.last)}`);
  }
  lines.push(`to ${formatLimit(limit)}: ${formatProjection(row.projection)}`);
  for (const line of alertLines(s, alerts)) lines.push(line.nested ? `  ${line.text}` : line.text);
  return lines.join('\n');
}
