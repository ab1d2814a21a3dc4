/**
 * The command line: flags → validated options → analyse → report → exit
 * code. The only place that turns a LeakScoreError into exit 2.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { analyse } from './analyse.js';
import { isLeakScoreError, LeakScoreError } from './errors.js';
import { EXIT_USAGE } from './gate.js';
import { readInput, readSource } from './ingest/index.js';
import {
  DEFAULT_OPTIONS,
  parseCurve,
  parseDuration,
  parseGate,
  parseNumber,
  parseSize,
  parseWindow,
  validateOptions,
  type AnalysisOptions,
} from './options.js';
import { renderJson } from './report/json.js';
import { renderText } from './report/text.js';
import type { InputFormat } from './series.js';

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
}

const OUTPUT_FORMATS = ['text', 'json'] as const;
const INPUT_FORMATS: readonly InputFormat[] = ['csv', 'jsonl', 'prometheus'];

const EXAMPLES = `
Examples:
  $ leak-score samples.csv                      score a recording, print the report and chart
  $ leak-score export.json --format json        a Prometheus query_range export, as JSON
  $ leak-score soak.csv --gate leak --quiet     gate CI on the leak alert only; print the verdict
  $ leak-score mem.jsonl --window 1h --skip 15m a duration window, ignoring 15 min of warm-up
  $ kubectl logs pod | leak-score - --input-format jsonl

Exit codes: 0 pass, 1 fail (a gating alert fired), 2 usage or input error,
3 inconclusive (too few samples, or shorter than the longest gating --*-for).
Durations: 0s 90s 15m 1h 1h30m (a bare number is seconds). Sizes: 419430400 400MiB 1.5GB.`;

interface Flags {
  format: string;
  inputFormat?: string;
  timeCol?: string;
  valueCol?: string;
  timeKey?: string;
  valueKey?: string;
  window: string;
  minSamples: string;
  curve: string;
  moderate: string;
  severe: string;
  skip: string;
  leakThreshold: string;
  leakFor: string;
  rssThreshold: string;
  rssFor: string;
  staleness: string;
  gate: string;
  allowInconclusive?: boolean;
  quiet?: boolean;
  chart: boolean;
  color?: boolean;
}

function packageVersion(): string {
  const url = new URL('../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

function buildProgram(io: CliIo): Command {
  const d = DEFAULT_OPTIONS;
  return new Command('leak-score')
    .description(
      "Score a recording of a process's memory for leaks as the seed's live monitor would, " +
        'replay its alerts, and exit with a code that gates CI soak tests.',
    )
    .argument('[file]', 'CSV, JSON Lines or Prometheus query_range JSON; - reads standard input')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .addOption(new Option('-f, --format <format>', 'output format').choices(OUTPUT_FORMATS).default('text'))
    .addOption(new Option('--input-format <format>', 'force the input format (default: detected)').choices(INPUT_FORMATS))
    .option('--time-col <name|n>', 'CSV time column, by name or 1-based index')
    .option('--value-col <name|n>', 'CSV value (RSS) column, by name or 1-based index')
    .option('--time-key <key>', 'JSON Lines time key (dotted path allowed)')
    .option('--value-key <key>', 'JSON Lines value key, e.g. heapUsed or memory.rss')
    .option('-w, --window <n|duration>', 'score window: a sample count or a duration such as 1h', '120')
    .option('--min-samples <n>', 'samples a window needs before it is scored', String(d.minSamples))
    .option('--curve <curve>', 'piecewise (the seed document) or linear (what the seed shipped)', d.curve)
    .option('--moderate <MiB/h>', 'rate that scores 0.5 on the piecewise curve', String(d.moderateMiBPerHour))
    .option('--severe <MiB/h>', 'rate that scores 1', String(d.severeMiBPerHour))
    .option('--skip <duration>', 'ignore this much warm-up at the start', '0s')
    .option('--leak-threshold <score>', 'MemoryLeakDetected fires when the score is above this', String(d.leakThreshold))
    .option('--leak-for <duration>', 'how long the leak condition must hold', '15m')
    .option('--rss-threshold <size>', 'MemoryHigh fires when RSS is above this', '400MiB')
    .option('--rss-for <duration>', 'how long the RSS condition must hold', '10m')
    .option('--staleness <duration>', 'a gap longer than this resets the alerts', '5m')
    .option('--gate <alerts>', 'alerts that decide the exit code: leak,rss | leak | rss', 'leak,rss')
    .option('--allow-inconclusive', 'exit 0 instead of 3 when the data cannot decide')
    .option('-q, --quiet', 'print only the verdict line')
    .option('--no-chart', 'leave out the chart')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour (also when NO_COLOR is set or output is not a terminal)')
    .addHelpText('after', EXAMPLES)
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) =>
        write(`leak-score: ${text.replace(/^error: /, '').replace(/\s+/g, ' ').trim()}; see leak-score --help\n`),
    })
    .exitOverride()
    .showSuggestionAfterError();
}

/** Flags → the validated options of the core. */
export function optionsFromFlags(flags: Flags): AnalysisOptions {
  return validateOptions({
    window: parseWindow(flags.window, '--window'),
    minSamples: parseNumber(flags.minSamples, '--min-samples', { min: 1, integer: true }),
    curve: parseCurve(flags.curve, '--curve'),
    moderateMiBPerHour: parseNumber(flags.moderate, '--moderate', { min: 0, minExclusive: true }),
    severeMiBPerHour: parseNumber(flags.severe, '--severe', { min: 0, minExclusive: true }),
    skipSeconds: parseDuration(flags.skip, '--skip'),
    leakThreshold: parseNumber(flags.leakThreshold, '--leak-threshold', { min: 0, max: 1 }),
    leakForSeconds: parseDuration(flags.leakFor, '--leak-for'),
    rssThresholdBytes: parseSize(flags.rssThreshold, '--rss-threshold'),
    rssForSeconds: parseDuration(flags.rssFor, '--rss-for'),
    stalenessSeconds: positive(parseDuration(flags.staleness, '--staleness'), '--staleness', flags.staleness),
    gate: parseGate(flags.gate, '--gate'),
    allowInconclusive: flags.allowInconclusive === true,
  });
}

function positive(value: number, flag: string, text: string): number {
  if (!(value > 0)) throw new LeakScoreError(`${flag} ${JSON.stringify(text)} is not valid: give a duration above 0, e.g. 5m`);
  return value;
}

function useColor(flags: Flags, io: CliIo): boolean {
  if (flags.color === true) return true;
  if (flags.color === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdout.isTTY === true;
}

/** Runs the CLI and returns the exit code; never calls process.exit. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    program.parse(argv as string[], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : EXIT_USAGE;
    }
    throw error;
  }
  const flags = program.opts<Flags>();
  const file = program.args[0];
  try {
    if (file === undefined) {
      throw new LeakScoreError('no input given: name a file (leak-score samples.csv) or - to read standard input');
    }
    const options = optionsFromFlags(flags);
    const text = await readSource(file, io.stdin);
    const source = file === '-' ? 'standard input' : file;
    const read = readInput(text, {
      source,
      inputFormat: flags.inputFormat as InputFormat | undefined,
      timeColumn: flags.timeCol,
      valueColumn: flags.valueCol,
      timeKey: flags.timeKey,
      valueKey: flags.valueKey,
    });
    const result = analyse({ source, format: read.format, notes: read.notes, series: read.series }, options);
    if (flags.format === 'json') {
      io.stdout.write(renderJson(result));
    } else {
      io.stdout.write(
        renderText(result, {
          color: useColor(flags, io),
          chart: flags.chart && flags.quiet !== true,
          quiet: flags.quiet === true,
          width: io.stdout.columns ?? 80,
        }),
      );
    }
    return result.exitCode;
  } catch (error) {
    if (isLeakScoreError(error)) {
      io.stderr.write(`leak-score: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
