/**
 * The pure core end to end: raw series → normalise → replay → gate → Result.
 * Every reporter renders from the Result and recomputes nothing.
 */
import { gateCommand, gateRun, gateSeries, type CommandFailure, type InconclusiveReason, type Verdict } from '../gate.js';
import { normaliseSeries } from '../samples/normalise.js';
import type { AnalysisOptions } from '../options.js';
import { replaySeries, type SeriesReplay } from './seed/replay-series.js';
import { hasRobust, robustGate, robustOpinion, type RobustResult } from './robust/attach.js';
import type { InputFormat, RawSeries, Selection, UnattributedDrops } from '../series.js';
import type { Explanation } from '../diagnose/explanation.js';

export interface SeriesResult extends SeriesReplay {
  verdict: Verdict;
  inconclusiveReason: InconclusiveReason | null;
  /** Issue 5: the robust opinion, present only when robust options are on. */
  robust?: RobustResult;
  /** Issue 17: what was scored, restarts and hints in words (src/k8s/, src/diagnose/); absent when there is nothing to add. */
  explanation?: Explanation;
}

export interface Result {
  source: string;
  format: InputFormat | null;
  notes: string[];
  /** What `--series` kept and skipped (absent without a selector). */
  selection?: Selection;
  /** Input lines that belonged to no series (absent when there were none). */
  unattributed?: UnattributedDrops;
  options: AnalysisOptions;
  verdict: Verdict;
  exitCode: number;
  series: SeriesResult[];
  /**
   * What the values are when they are not RSS (`--value-key heapUsed`, a
   * working set): the reports name them so. Absent means RSS.
   */
  valueName?: string;
  /** `record`: how the recorded command failed, when it did (absent otherwise). */
  commandFailure?: CommandFailure;
}

export interface AnalyseInput {
  source: string;
  format: InputFormat | null;
  notes?: string[];
  selection?: Selection;
  unattributed?: UnattributedDrops;
  series: readonly RawSeries[];
}

export function analyse(input: AnalyseInput, options: AnalysisOptions): Result {
  if (!hasRobust(options)) {
    const replays = input.series.map((raw) => replaySeries(normaliseSeries(raw), options));
    return resultFromReplays(input, replays, options);
  }
  // Issue 5: the robust opinion needs the whole normalised series, and may lend its warm-up to the replay.
  const opinions: RobustParts[] = [];
  const replays = input.series.map((raw) => {
    const series = normaliseSeries(raw);
    const { opinion, replayOptions, seedSkipSeconds } = robustOpinion(series, options);
    opinions.push({ opinion, seedSkipSeconds });
    return replaySeries(series, replayOptions);
  });
  return resultFromReplays(input, replays, options, opinions);
}

interface RobustParts {
  opinion: ReturnType<typeof robustOpinion>['opinion'];
  seedSkipSeconds: number;
}

/** Gates replayed series and assembles the Result (the streaming pipeline replays on its own). */
export function resultFromReplays(
  input: Omit<AnalyseInput, 'series'>,
  replays: readonly SeriesReplay[],
  options: AnalysisOptions,
  opinions?: readonly RobustParts[],
): Result {
  const series = replays.map((replay, i): SeriesResult => {
    const seed = gateSeries(replay, options);
    const parts = opinions?.[i];
    if (parts === undefined || !hasRobust(options)) {
      return { ...replay, verdict: seed.verdict, inconclusiveReason: seed.reason };
    }
    const gate = robustGate(replay, seed, parts.opinion, options);
    const robust: RobustResult = {
      ...parts.opinion,
      profile: options.robust.profile,
      seedVerdict: seed.verdict,
      seedInconclusiveReason: seed.reason,
      seedSkipSeconds: parts.seedSkipSeconds,
    };
    return { ...replay, verdict: gate.verdict, inconclusiveReason: gate.reason, robust };
  });
  const run = gateRun(
    series.map((one) => one.verdict),
    options,
  );
  return {
    source: input.source,
    format: input.format,
    notes: input.notes ?? [],
    ...(input.selection === undefined ? {} : { selection: input.selection }),
    ...(input.unattributed === undefined ? {} : { unattributed: input.unattributed }),
    options,
    verdict: run.verdict,
    exitCode: run.exitCode,
    series,
  };
}

/** `record`: the Result with the recorded command's failure gated in (gate.ts, gateCommand). */
export function withCommandFailure(result: Result, failure: CommandFailure | null): Result {
  if (failure === null) return result;
  return { ...result, ...gateCommand(result, failure), commandFailure: failure };
}
