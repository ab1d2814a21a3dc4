/**
 * The library's replay (src/analysis/analyse.ts) of a sample list as it stood at
 * sample `index`: what the CLI reports as `final` had the recording ended
 * there. Used to compare Prometheus' rule values at that sample's time.
 */
import { analyse } from '../../src/analysis/analyse.js';
import { readInput } from '../../src/samples/read-input.js';
import type { AnalysisOptions } from '../../src/options.js';
import { makeLabels } from '../../src/series.js';
import type { ScoredFit } from '../../src/analysis/seed/window-score.js';
import { readFileSync } from 'node:fs';

export type Samples = Array<[number, number]>;

export function replayFinal(samples: Samples, index: number, options: AnalysisOptions): ScoredFit {
  const kept = samples.slice(0, index + 1);
  const result = analyse(
    {
      source: 'test',
      format: 'csv',
      series: [
        {
          labels: makeLabels(),
          times: Float64Array.from(kept, ([t]) => t),
          values: Float64Array.from(kept, ([, v]) => v),
          dropped: 0,
          droppedExamples: [],
        },
      ],
    },
    options,
  );
  return (result.series[0] as { final: ScoredFit }).final;
}

/** Reads a fixture CSV through the real ingest path. */
export function readFixture(path: string): Samples {
  const read = readInput(readFileSync(path, 'utf8'), { source: path });
  const series = read.series[0];
  if (series === undefined) throw new Error(`${path} has no series`);
  return Array.from(series.times, (t, i) => [t, series.values[i] as number]);
}
