/**
 * TEMPORARY adapter until src/robust exports its own streaming analyser
 * (`createRobustAnalyser`, built in the robust worktree): the same
 * interface over today's RobustCollector, which analyseRobust itself runs
 * on, so `--profile robust` already goes through the streaming pipeline.
 */
import { RobustCollector, type RobustSeries } from '../robust/analyse-robust.js';
import type { RobustOptions } from '../robust/options.js';

export interface RobustAnalyser {
  push(time: number, bytes: number): void;
  finish(): RobustSeries;
}

export function createRobustAnalyser(
  options: RobustOptions,
  context: { skipSeconds: number; stalenessSeconds: number },
): RobustAnalyser {
  const collector = new RobustCollector(options, context);
  return { push: (time, bytes) => collector.push(time, bytes), finish: () => collector.finish() };
}
