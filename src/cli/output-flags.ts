/**
 * Flags that say how to report: format, colour, chart, quiet.
 */
import { Option, type Command } from 'commander';
import { OUTPUT_FORMATS, type OutputFormat, type RenderSettings } from '../report/render.js';
import type { CliIo } from './io.js';

export interface OutputFlags {
  format: string;
  quiet?: boolean;
  chart: boolean;
  color?: boolean;
}

export function addOutputOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'output format').choices(OUTPUT_FORMATS).default('text'))
    .option('-q, --quiet', 'print only the verdict line')
    .option('--no-chart', 'leave out the chart')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour (also when NO_COLOR is set or output is not a terminal)');
}

function useColor(flags: OutputFlags, io: CliIo): boolean {
  if (flags.color !== undefined) return flags.color;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdout.isTTY === true;
}

export function renderSettingsFromFlags(flags: OutputFlags, io: CliIo): RenderSettings {
  const quiet = flags.quiet === true;
  return {
    format: flags.format as OutputFormat,
    color: useColor(flags, io),
    chart: flags.chart && !quiet,
    quiet,
    width: io.stdout.columns ?? 80,
  };
}
