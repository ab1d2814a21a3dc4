/**
 * Flags that say how to report — format, colour, chart, limit, the HTML
 * file — and the outputs that go beside stdout: the HTML report, the GitHub
 * step summary and GitHub annotations.
 */
import { appendFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { Result } from '../analysis/analyse.js';
import { LeakScoreError } from '../errors.js';
import { parseNumber, parseSize } from '../options.js';
import { ALERTS_MODES, type AlertsMode } from '../report/alert-summary.js';
import { DEFAULT_CHART_HEIGHT } from '../report/chart.js';
import { DEFAULT_FLEET_ROWS } from '../report/fleet-table.js';
import { renderAnnotations } from '../report/github.js';
import { renderHtml } from '../report/html.js';
import { renderMarkdown } from '../report/markdown.js';
import { OUTPUT_FORMATS, type OutputFormat, type RenderSettings } from '../report/render.js';
import { describeWriteError, writeFileAtomic } from './atomic-write.js';
import { isClosedPipe, type CliIo } from './io.js';

export interface OutputFlags {
  format?: string;
  quiet?: boolean;
  /** `--chart rss,score` gives the list; `--no-chart` gives false. */
  chart: string | boolean;
  height?: string;
  limit?: string;
  html?: string;
  color?: boolean;
  alerts?: string;
  fleetRows?: string;
}

/** What the CLI needs beyond rendering: where the side outputs go. */
export interface OutputSettings extends RenderSettings {
  /** `--html FILE`, or null. */
  htmlFile: string | null;
  /** Whether `--format` was given (the step summary is appended only when it was not). */
  formatGiven: boolean;
}

const CHART_PARTS = ['rss', 'score', 'all'] as const;

export function addOutputOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'output format (default: text)').choices(OUTPUT_FORMATS))
    .option('-q, --quiet', 'print only the verdict line')
    .option('--chart <parts>', 'rss, rss,score (add the score track), all (chart every series of a fleet)', 'rss')
    .option('--no-chart', 'leave out the chart')
    .option('--height <rows>', 'rows of the RSS chart', String(DEFAULT_CHART_HEIGHT))
    .option('--limit <size>', 'say when the current trend reaches this RSS, e.g. 512MiB (default: --rss-threshold)')
    .addOption(
      new Option('--alerts <summary|all>', 'alert episodes: per alert the count, first, longest, last and time firing; or all of them')
        .choices(ALERTS_MODES)
        .default('summary'),
    )
    .option('--fleet-rows <n|all>', `rows of a fleet's table: every series that does not pass, and the worst passing ones up to n (default: ${DEFAULT_FLEET_ROWS}), or all`)
    .option('--html <file>', 'also write a self-contained HTML report (chart, alert bands, numbers) to this file')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour (also when NO_COLOR is set or output is not a terminal)');
}

function useColor(flags: OutputFlags, io: CliIo): boolean {
  if (flags.color !== undefined) return flags.color;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdout.isTTY === true;
}

function parseChart(value: string | boolean): { chart: boolean; chartScore: boolean; chartAll: boolean } {
  if (value === false) return { chart: false, chartScore: false, chartAll: false };
  const parts = String(value === true ? 'rss' : value)
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  for (const part of parts) {
    if (!(CHART_PARTS as readonly string[]).includes(part)) {
      throw new LeakScoreError(
        `--chart ${JSON.stringify(String(value))} is not valid: "${part}" is not a chart; give rss, rss,score or rss,all (or --no-chart)`,
      );
    }
  }
  return { chart: true, chartScore: parts.includes('score'), chartAll: parts.includes('all') };
}

function parseFleetRows(value: string | undefined): number | 'all' {
  if (value === undefined) return DEFAULT_FLEET_ROWS;
  if (value.trim() === 'all') return 'all';
  return parseNumber(value, '--fleet-rows', { min: 1, integer: true });
}

export function renderSettingsFromFlags(flags: OutputFlags, io: CliIo): OutputSettings {
  const quiet = flags.quiet === true;
  const chart = parseChart(flags.chart);
  const limitBytes = flags.limit === undefined ? null : parseSize(flags.limit, '--limit');
  if (limitBytes !== null && !(limitBytes > 0)) {
    throw new LeakScoreError(`--limit ${JSON.stringify(flags.limit)} is not valid: give a size above 0, e.g. 512MiB`);
  }
  return {
    format: (flags.format ?? 'text') as OutputFormat,
    color: useColor(flags, io),
    chart: chart.chart && !quiet,
    chartScore: chart.chartScore,
    chartAll: chart.chartAll,
    height: parseNumber(flags.height ?? String(DEFAULT_CHART_HEIGHT), '--height', { min: 3, max: 200, integer: true }),
    limitBytes,
    quiet,
    width: io.stdout.columns ?? 80,
    alerts: (flags.alerts ?? 'summary') as AlertsMode,
    fleetRows: parseFleetRows(flags.fleetRows),
    htmlFile: flags.html ?? null,
    formatGiven: flags.format !== undefined,
  };
}

/**
 * The outputs beside stdout, from the same Result:
 * - `--html FILE` writes the HTML report (a failure to write is a user error, exit 2);
 * - under GitHub Actions, `::error` annotations go to stderr (stdout keeps the chosen format clean);
 * - when `$GITHUB_STEP_SUMMARY` is set and `--format` was not given, the Markdown summary is
 *   appended there (a failure to append is a warning: the verdict still stands).
 */
export async function writeSideOutputs(result: Result, settings: OutputSettings, io: CliIo): Promise<void> {
  if (settings.htmlFile !== null) {
    try {
      // A temporary file renamed into place: a full disk or Ctrl-C never leaves half a report.
      await writeFileAtomic(settings.htmlFile, renderHtml(result, settings));
    } catch (error) {
      // `--html /dev/stdout | head`: the reader going away is not an error, as for stdout itself.
      if (!isClosedPipe(error)) {
        throw new LeakScoreError(
          `cannot write --html ${settings.htmlFile}: ${describeWriteError(error, settings.htmlFile)}; check the folder exists, is writable and has space`,
        );
      }
    }
  }
  if (io.env.GITHUB_ACTIONS === 'true') io.stderr.write(renderAnnotations(result, settings));
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (summaryFile !== undefined && summaryFile !== '' && !settings.formatGiven) {
    try {
      await appendFile(summaryFile, `${renderMarkdown(result, settings)}\n`);
    } catch (error) {
      io.stderr.write(`leak-score: warning: cannot append to $GITHUB_STEP_SUMMARY (${summaryFile}): ${describeWriteError(error, summaryFile)}\n`);
    }
  }
}
