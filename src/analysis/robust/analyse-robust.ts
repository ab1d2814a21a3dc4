/**
 * The robust opinion on one normalised series held in memory: a thin
 * wrapper over the streaming analyser, so there is one implementation
 * (src/analysis/robust/streaming-analyser.ts collects, src/analysis/robust/judge.ts decides).
 */
import type { RobustOptions } from './options.js';
import type { RobustSeries } from './judge.js';
import { createRobustAnalyser } from './streaming-analyser.js';

export type { RobustSegment, RobustSeries, RobustSlope, RobustTrend, RobustVerdict, SegmentFinding } from './judge.js';
export { formatSpan, projectionWords, trendEvidence } from './judge.js';
export { createRobustAnalyser, type RobustAnalyser } from './streaming-analyser.js';

/** The robust opinion on a whole series: `times` in seconds, `values` in bytes, in time order. */
export function analyseRobust(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  options: RobustOptions,
  context: { skipSeconds?: number; stalenessSeconds?: number; restartTimes?: ArrayLike<number> } = {},
): RobustSeries {
  const analyser = createRobustAnalyser(options, {
    skipSeconds: context.skipSeconds ?? 0,
    stalenessSeconds: context.stalenessSeconds ?? 300,
    ...(context.restartTimes === undefined ? {} : { restartTimes: context.restartTimes }),
  });
  for (let i = 0; i < times.length; i++) analyser.push(times[i] as number, values[i] as number);
  return analyser.finish();
}
