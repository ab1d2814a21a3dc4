/**
 * The pure core end to end: raw series → normalise → replay → gate → Result.
 * Every reporter renders from the Result and recomputes nothing.
 */
import { gateRun, gateSeries, type InconclusiveReason, type Verdict } from './gate.js';
import { normaliseSeries } from './ingest/normalise.js';
import type { AnalysisOptions } from './options.js';
import { replaySeries, type SeriesReplay } from './replay/replay-series.js';
import type { InputFormat, RawSeries } from './series.js';

export interface SeriesResult extends SeriesReplay {
  verdict: Verdict;
  inconclusiveReason: InconclusiveReason | null;
}

export interface Result {
  source: string;
  format: InputFormat | null;
  notes: string[];
  options: AnalysisOptions;
  verdict: Verdict;
  exitCode: number;
  series: SeriesResult[];
}

export interface AnalyseInput {
  source: string;
  format: InputFormat | null;
  notes?: string[];
  series: readonly RawSeries[];
}

export function analyse(input: AnalyseInput, options: AnalysisOptions): Result {
  const series = input.series.map((raw): SeriesResult => {
    const replay = replaySeries(normaliseSeries(raw), options);
    const gate = gateSeries(replay, options);
    return { ...replay, verdict: gate.verdict, inconclusiveReason: gate.reason };
  });
  const run = gateRun(
    series.map((one) => one.verdict),
    options,
  );
  return {
    source: input.source,
    format: input.format,
    notes: input.notes ?? [],
    options,
    verdict: run.verdict,
    exitCode: run.exitCode,
    series,
  };
}
