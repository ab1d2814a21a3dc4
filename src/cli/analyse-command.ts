/**
 * The default command: read a recording, score it, report, and return the
 * gate's exit code.
 */
import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { withCommandFailure, type Result } from '../analysis/analyse.js';
import type { CommandFailure } from '../gate.js';
import { LeakScoreError } from '../errors.js';
import { analyseSource } from '../pipeline/index.js';
import { createProgress } from '../report/progress.js';
import { renderResult } from '../report/render.js';
import { addAnalysisOptions, optionsFromFlags, type AnalysisFlags } from './analysis-flags.js';
import { addInputOptions, readOptionsFromFlags, type InputFlags } from './input-flags.js';
import type { CliIo } from './io.js';
import { kibHint } from './unit-hint.js';
import { valuePolicy } from './value-name.js';
import { addOutputOptions, renderSettingsFromFlags, writeSideOutputs, type OutputFlags } from './output-flags.js';
import { addPrometheusOptions, analysePrometheus, wantsPrometheus, type PrometheusFlags } from './prometheus-flags.js';

type Flags = AnalysisFlags & InputFlags & OutputFlags & PrometheusFlags;

export function configureAnalyseCommand(command: Command): Command {
  command.argument('[file]', 'CSV, JSON Lines, Prometheus query_range JSON, VictoriaMetrics export or OTLP/JSON metrics; - reads standard input');
  addOutputOptions(command);
  addInputOptions(command);
  addAnalysisOptions(command);
  addPrometheusOptions(command);
  return command;
}

/** `failure`: from `record`, how the recorded command failed (it fails the run, exit 4). */
export async function runAnalyse(file: string | undefined, flags: Flags, io: CliIo, failure: CommandFailure | null = null): Promise<number> {
  if (file === undefined && !wantsPrometheus(flags)) {
    throw new LeakScoreError('no input given: name a file (leak-score samples.csv) or - to read standard input');
  }
  // Issue 18: a value that is not RSS is named so, and not compared with an RSS limit unasked.
  const value = valuePolicy(flags, optionsFromFlags(flags));
  const options = value.options;
  const settings = renderSettingsFromFlags(flags, io);
  let result: Result;
  if (file === undefined || wantsPrometheus(flags)) {
    // Issue 6: --prometheus fetches the input (prometheus-flags.ts, which refuses a file given too).
    result = await analysePrometheus(file, flags, options, io);
  } else {
    const { source: _source, ...read } = readOptionsFromFlags(flags, file);
    const progress = createProgress(io.stderr, { label: file === '-' ? 'standard input' : file, totalBytes: fileSize(file) });
    try {
      result = await analyseSource({ path: file, stdin: io.stdin, read, progress: (bytes) => progress.update(bytes) }, options);
    } finally {
      progress.done();
    }
  }
  result = withCommandFailure(result, failure);
  if (value.valueName !== null) result = { ...result, valueName: value.valueName, notes: [...value.notes, ...result.notes] };
  const hint = kibHint(result, flags.unit !== undefined);
  if (hint !== null) result = { ...result, notes: [...result.notes, hint] };
  await writeSideOutputs(result, settings, io);
  io.stdout.write(renderResult(result, settings));
  return result.exitCode;
}

/** A file's size for the progress percentage; null for stdin or when it cannot be known. */
function fileSize(file: string): number | null {
  if (file === '-') return null;
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
}
