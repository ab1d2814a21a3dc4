/**
 * Flags that say how to read the input (SPEC §1, §6) → ReadOptions.
 */
import { Option, type Command } from 'commander';
import type { ReadOptions } from '../samples/index.js';
import type { InputFormat } from '../series.js';

const INPUT_FORMATS: readonly InputFormat[] = ['csv', 'jsonl', 'prometheus', 'victoriametrics', 'proc', 'otlp'];

export interface InputFlags {
  inputFormat?: string;
  timeCol?: string;
  valueCol?: string;
  timeKey?: string;
  valueKey?: string;
  unit?: string;
  labelCol?: string;
  series?: string;
  strict?: boolean;
}

export function addInputOptions(command: Command): Command {
  return command
    .addOption(new Option('--input-format <format>', 'force the input format (default: detected)').choices(INPUT_FORMATS))
    .option('--time-col <name|n>', 'CSV time column, by name or 1-based index')
    .option('--value-col <name|n>', 'CSV value (RSS) column, by name or 1-based index')
    .option('--time-key <key>', 'JSON Lines time key (dotted path allowed)')
    .option('--value-key <key>', 'JSON Lines value key, e.g. heapUsed or memory.rss')
    .option('--unit <unit>', 'unit of values written without one: B, KiB, MiB, GiB, kB, MB, GB (default: bytes, or the unit in the column name)')
    .option('--label-col <name|n>', 'CSV column naming the series of each row (long format), e.g. pod')
    .option('--series <matchers>', 'score only series matching PromQL matchers, e.g. \'job="api",instance=~"api-1.*"\'')
    .option('--strict', 'any dropped row is an input error (exit 2)');
}

export function readOptionsFromFlags(flags: InputFlags, source: string): ReadOptions {
  return {
    source,
    inputFormat: flags.inputFormat as InputFormat | undefined,
    timeColumn: flags.timeCol,
    valueColumn: flags.valueCol,
    timeKey: flags.timeKey,
    valueKey: flags.valueKey,
    unit: flags.unit,
    labelColumn: flags.labelCol,
    series: flags.series,
    strict: flags.strict === true,
  };
}
