/**
 * Flags that say how to read the input (SPEC §1, §6) → ReadOptions.
 */
import { Option, type Command } from 'commander';
import type { ReadOptions } from '../ingest/index.js';
import type { InputFormat } from '../series.js';

const INPUT_FORMATS: readonly InputFormat[] = ['csv', 'jsonl', 'prometheus'];

export interface InputFlags {
  inputFormat?: string;
  timeCol?: string;
  valueCol?: string;
  timeKey?: string;
  valueKey?: string;
}

export function addInputOptions(command: Command): Command {
  return command
    .addOption(new Option('--input-format <format>', 'force the input format (default: detected)').choices(INPUT_FORMATS))
    .option('--time-col <name|n>', 'CSV time column, by name or 1-based index')
    .option('--value-col <name|n>', 'CSV value (RSS) column, by name or 1-based index')
    .option('--time-key <key>', 'JSON Lines time key (dotted path allowed)')
    .option('--value-key <key>', 'JSON Lines value key, e.g. heapUsed or memory.rss');
}

export function readOptionsFromFlags(flags: InputFlags, source: string): ReadOptions {
  return {
    source,
    inputFormat: flags.inputFormat as InputFormat | undefined,
    timeColumn: flags.timeCol,
    valueColumn: flags.valueCol,
    timeKey: flags.timeKey,
    valueKey: flags.valueKey,
  };
}
