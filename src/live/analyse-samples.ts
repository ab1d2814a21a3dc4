/**
 * For programs that keep their own samples: score an array of
 * `{ time, rssBytes }` exactly as the CLI scores a file — the same SPEC §1
 * checks and normalisation, replay and gate — and get the same Result the
 * reporters render.
 *
 * @example
 * import { analyseSamples } from 'leak-score';
 * const samples = [];
 * for (let i = 0; i < 240; i++) samples.push({ time: i * 30, rssBytes: 150e6 + i * 500e3 });
 * const result = analyseSamples(samples, { leakForSeconds: 600 });
 * console.log(result.verdict, result.exitCode);
 */
import { analyse, type Result } from '../analysis/analyse.js';
import { SeriesBuilder } from '../samples/series-builder.js';
import { readEpochNumber } from '../formats/time.js';
import { readByteNumber } from '../formats/value.js';
import type { AnalysisOptions } from '../options.js';
import type { Labels } from '../series.js';
import { resolveOptions } from './resolve-options.js';

export interface Sample {
  /** Seconds since the epoch (milliseconds and smaller units are recognised by magnitude, SPEC §1), or relative seconds. */
  time: number;
  rssBytes: number;
}

export interface AnalyseSamplesSettings {
  /** Names the samples in the Result (`source`); default "samples". */
  source?: string;
  labels?: Labels;
}

export function analyseSamples(
  samples: Iterable<Sample>,
  options: Partial<AnalysisOptions> = {},
  settings: AnalyseSamplesSettings = {},
): Result {
  const builder = new SeriesBuilder(settings.labels);
  let index = 0;
  for (const sample of samples) {
    index++;
    const time = readEpochNumber(sample.time);
    if (!time.ok) {
      builder.drop(index, time.reason);
      continue;
    }
    const value = readByteNumber(sample.rssBytes);
    if (!value.ok) {
      builder.drop(index, value.reason);
      continue;
    }
    builder.add(time.seconds, value.bytes);
  }
  return analyse({ source: settings.source ?? 'samples', format: null, series: [builder.build()] }, resolveOptions(options));
}
