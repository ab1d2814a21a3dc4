/**
 * The default command: read a recording, score it, report, and return the
 * gate's exit code.
 */
import type { Command } from 'commander';
import { analyse } from '../analyse.js';
import { LeakScoreError } from '../errors.js';
import { readInput, readSource } from '../ingest/index.js';
import { renderResult } from '../report/render.js';
import { addAnalysisOptions, optionsFromFlags, type AnalysisFlags } from './analysis-flags.js';
import { addInputOptions, readOptionsFromFlags, type InputFlags } from './input-flags.js';
import type { CliIo } from './io.js';
import { addOutputOptions, renderSettingsFromFlags, type OutputFlags } from './output-flags.js';

type Flags = AnalysisFlags & InputFlags & OutputFlags;

export function configureAnalyseCommand(command: Command): Command {
  command.argument('[file]', 'CSV, JSON Lines or Prometheus query_range JSON; - reads standard input');
  addOutputOptions(command);
  addInputOptions(command);
  addAnalysisOptions(command);
  return command;
}

export async function runAnalyse(file: string | undefined, flags: Flags, io: CliIo): Promise<number> {
  if (file === undefined) {
    throw new LeakScoreError('no input given: name a file (leak-score samples.csv) or - to read standard input');
  }
  const options = optionsFromFlags(flags);
  const settings = renderSettingsFromFlags(flags, io);
  const text = await readSource(file, io.stdin);
  const source = file === '-' ? 'standard input' : file;
  const read = readInput(text, readOptionsFromFlags(flags, source));
  const result = analyse({ source, format: read.format, notes: read.notes, series: read.series }, options);
  io.stdout.write(renderResult(result, settings));
  return result.exitCode;
}
