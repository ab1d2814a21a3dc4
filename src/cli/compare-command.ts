/**
 * `leak-score compare BASE HEAD`: is HEAD's memory worse than BASE's?
 * Exit 1 worse, 0 same, 3 inconclusive, 2 a usage or input error.
 */
import { appendFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { COMPARE_EXIT, compareRuns, DEFAULT_COMPARE_OPTIONS, type CompareOptions, type CompareResult } from '../compare/compare.js';
import { parseFraction, parseRateBudget, parseSizeBudget } from '../compare/budget.js';
import { renderCompareAnnotations } from '../compare/github.js';
import { renderCompareJson } from '../compare/json.js';
import { renderCompareJunit } from '../compare/junit.js';
import { renderCompareMarkdown } from '../compare/markdown.js';
import { readRun } from '../compare/read-run.js';
import { renderCompareText } from '../compare/text.js';
import { LeakScoreError } from '../errors.js';
import { parseDuration, parseNumber } from '../options.js';
import { DEFAULT_CHART_HEIGHT } from '../report/chart.js';
import { OUTPUT_FORMATS } from '../report/render.js';
import { DEFAULT_BUDGET_TEXT } from '../analysis/robust/budget.js';
import { isSkipAuto } from '../analysis/robust/flags.js';
import { addInputOptions, readOptionsFromFlags, type InputFlags } from './input-flags.js';
import type { CliIo } from './io.js';

export interface CompareFlags extends InputFlags {
  budget: string;
  levelBudget: string;
  tolerance: string;
  alpha: string;
  skip: string;
  bucket?: string;
  staleness: string;
  unresolved: string;
  format?: string;
  quiet?: boolean;
  chart: boolean;
  height: string;
  color?: boolean;
}

const EXAMPLES = `
Examples:
  $ leak-score compare main.jsonl branch.jsonl          worse, same or inconclusive, with a chart of both runs
  $ leak-score compare main.csv pr.csv --budget 2%/h    allow growth of 2 % of main's level per hour
  $ leak-score compare base.json head.json --format markdown >> "$GITHUB_STEP_SUMMARY"
  $ leak-score compare base.json head.json --level-budget 20MiB --format junit > compare.xml

For every series (a fleet pairs up by labels) it reports both runs' Theil–Sen
slope on the post-GC floor after warm-up, and their level once both have
warmed up, each with its interval, and the differences with theirs.
HEAD is worse when a difference's lower end is above its budget.

Exit codes: 0 same, 1 worse, 2 usage or input error, 3 inconclusive (says what is missing).`;

export function configureCompareCommand(command: Command): Command {
  const d = DEFAULT_COMPARE_OPTIONS;
  command
    .description("Compare two recordings (main's soak and the branch's): does HEAD grow faster or sit higher than BASE?")
    .argument('<base>', 'the reference recording (e.g. main), any supported format; - reads standard input')
    .argument('<head>', 'the recording to judge (e.g. the pull request)')
    .option('--budget <rate>', `growth HEAD may add: a rate (5MiB/h, 100MB/d) or a share of BASE's level per hour (2%/h)`, DEFAULT_BUDGET_TEXT)
    .option('--level-budget <size|%>', "level HEAD may add after warm-up: a size (20MiB) or a share of BASE's level (5%)", `${d.levelBudget.kind === 'relative' ? d.levelBudget.fraction * 100 : 5}%`)
    .option('--tolerance <percent>', "also allow this share of BASE's own growth (runs of one program differ)", `${d.tolerance * 100}%`)
    .option('--alpha <p>', 'chance of calling HEAD worse when it is not, shared by all tests', String(d.alpha))
    .option('--skip <duration|auto>', 'warm-up to leave out of each run: auto finds it', 'auto')
    .option('--bucket <duration>', 'floor bucket width (default: from each run\'s span, at most 10m)')
    .option('--staleness <duration>', 'a gap longer than this, to a lower RSS, is a restart', '5m')
    .option('--unresolved <same|inconclusive>', 'a difference not shown worse whose interval still reaches past the budget: same, or inconclusive (exit 3)', 'same')
    .addOption(new Option('-f, --format <format>', 'output format (default: text)').choices(OUTPUT_FORMATS))
    .option('-q, --quiet', 'print only the verdict line')
    .option('--no-chart', 'leave out the chart')
    .option('--height <rows>', 'rows of the chart', String(DEFAULT_CHART_HEIGHT))
    .option('--color', 'force colour')
    .option('--no-color', 'no colour (also when NO_COLOR is set or output is not a terminal)')
    .addHelpText('after', EXAMPLES);
  return addInputOptions(command);
}

export function compareOptionsFromFlags(flags: CompareFlags): CompareOptions {
  const bucket = flags.bucket === undefined ? null : parseDuration(flags.bucket, '--bucket');
  if (bucket !== null && !(bucket > 0)) throw new LeakScoreError(`--bucket ${JSON.stringify(flags.bucket)} is not valid: give a duration above 0, e.g. 30s`);
  const staleness = parseDuration(flags.staleness, '--staleness');
  if (!(staleness > 0)) throw new LeakScoreError(`--staleness ${JSON.stringify(flags.staleness)} is not valid: give a duration above 0, e.g. 5m`);
  const alpha = parseNumber(flags.alpha, '--alpha', { min: 0, max: 0.5, minExclusive: true });
  if (flags.unresolved !== 'same' && flags.unresolved !== 'inconclusive') {
    throw new LeakScoreError(`--unresolved ${JSON.stringify(flags.unresolved)} is not valid: give same (not shown worse passes) or inconclusive (exit 3 until shown within budget)`);
  }
  return {
    unresolved: flags.unresolved,
    budget: parseRateBudget(flags.budget, '--budget'),
    levelBudget: parseSizeBudget(flags.levelBudget, '--level-budget'),
    tolerance: parseFraction(flags.tolerance, '--tolerance'),
    alpha,
    skipSeconds: isSkipAuto(flags.skip) ? null : parseDuration(flags.skip, '--skip'),
    stalenessSeconds: staleness,
    bucketSeconds: bucket,
  };
}

function useColor(flags: CompareFlags, io: CliIo): boolean {
  if (flags.color !== undefined) return flags.color;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdout.isTTY === true;
}

function render(result: CompareResult, flags: CompareFlags, io: CliIo): string {
  switch (flags.format ?? 'text') {
    case 'json':
      return renderCompareJson(result);
    case 'markdown':
      return renderCompareMarkdown(result);
    case 'junit':
      return renderCompareJunit(result);
    default:
      return renderCompareText(result, {
        color: useColor(flags, io),
        chart: flags.chart !== false && flags.quiet !== true,
        quiet: flags.quiet === true,
        width: io.stdout.columns ?? 80,
        height: parseNumber(flags.height, '--height', { min: 3, max: 200, integer: true }),
      });
  }
}

export async function runCompare(basePath: string, headPath: string, flags: CompareFlags, io: CliIo): Promise<number> {
  if (basePath === '-' && headPath === '-') {
    throw new LeakScoreError('BASE and HEAD cannot both be standard input: name a file for at least one of them');
  }
  const options = compareOptionsFromFlags(flags);
  const { source: _source, ...read } = readOptionsFromFlags(flags, basePath);
  const base = await readRun(basePath, read, io.stdin);
  const head = await readRun(headPath, read, io.stdin);
  const result = compareRuns(base, head, options);
  const output = render(result, flags, io);
  if (io.env.GITHUB_ACTIONS === 'true') io.stderr.write(renderCompareAnnotations(result));
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (summaryFile !== undefined && summaryFile !== '' && flags.format === undefined) {
    try {
      await appendFile(summaryFile, `${renderCompareMarkdown(result)}\n`);
    } catch (error) {
      io.stderr.write(`leak-score: warning: cannot append to $GITHUB_STEP_SUMMARY (${summaryFile}): ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  io.stdout.write(output);
  return COMPARE_EXIT[result.verdict];
}
