/**
 * The robust opinion on a stream (issue 12): samples go in one at a time,
 * in time order, and memory stays bounded whatever their number. Restarts
 * open a new segment; each segment keeps at most 2 × `fineBuckets` fine
 * buckets (merged pairwise, doubling their width, when full); at most
 * `maxSegments` segments are kept, and earlier ones are only counted. The
 * O(n²) statistics run at `finish` on the few floor points made from them.
 */
import type { RobustOptions } from './options.js';
import { FineBuckets } from './fine-buckets.js';
import { judge, type RobustSeries, type SegmentInput } from './judge.js';

export interface RobustAnalyser {
  /** One sample: seconds and bytes, in time order, de-duplicated. */
  push(timeSeconds: number, valueBytes: number): void;
  /** The verdict on everything pushed. Pure: it may be called again after more pushes. */
  finish(): RobustSeries;
  /** What is held now, for tests of the memory bound. */
  retained(): { segments: number; fineBuckets: number; intervalSamples: number };
  /** Gives the buckets' arrays back for reuse (float-pool.ts): push and finish no more. */
  release(): void;
}

/** Intervals kept to find the median sampling interval: the first ones are enough. */
const INTERVAL_SAMPLES = 255;

/**
 * `skipSeconds` is the fixed `--skip` (applied from the first sample, as
 * SPEC §3 does); `stalenessSeconds` is the gap that counts as a restart when
 * RSS is lower after it; `restartTimes` (sorted seconds) are restarts the
 * data reports (src/k8s/): the first sample at or after each opens a
 * segment, with or without a drop.
 */
export function createRobustAnalyser(
  options: RobustOptions,
  context: { skipSeconds: number; stalenessSeconds: number; restartTimes?: ArrayLike<number> },
): RobustAnalyser {
  const reported = context.restartTimes ?? [];
  let nextReported = 0;
  const segments: SegmentInput[] = [];
  let omitted = 0;
  let firstTime = NaN;
  // The previous sample as two numbers, not an object: this runs per sample.
  let previousTime = NaN;
  let previousBytes = NaN;
  const intervals: number[] = [];

  return {
    push(time, bytes) {
      const started = previousTime === previousTime;
      if (!started) firstTime = time;
      if (started && intervals.length < INTERVAL_SAMPLES && time > previousTime) intervals.push(time - previousTime);
      let current = segments[segments.length - 1];
      let crossed = false;
      while (nextReported < reported.length && (reported[nextReported] as number) <= time) {
        nextReported++;
        crossed = options.restarts && started;
      }
      // isRestart (restarts.ts), written out so that no object is made per sample.
      const restart =
        crossed ||
        (options.restarts &&
          started &&
          (bytes < 0.5 * previousBytes || (time - previousTime > context.stalenessSeconds && bytes < previousBytes)));
      if (current === undefined || restart) {
        const cause = current === undefined ? 'start' : crossed ? 'reported' : bytes < 0.5 * previousBytes ? 'drop' : 'gap';
        // A segment no longer kept lends its buckets' storage to the new one.
        let fine: FineBuckets;
        if (segments.length > 0 && segments.length >= options.maxSegments) {
          fine = (segments.shift() as SegmentInput).fine;
          fine.reset();
          omitted++;
        } else fine = new FineBuckets(options.fineBuckets);
        current = { cause, start: time, end: time, samples: 0, firstKept: NaN, fine };
        segments.push(current);
      }
      current.samples++;
      current.end = time;
      previousTime = time;
      previousBytes = bytes;
      // SPEC §3's fixed skip: from the first sample of the series.
      if (time < firstTime + context.skipSeconds) return;
      if (Number.isNaN(current.firstKept)) current.firstKept = time;
      current.fine.push(time, bytes);
    },
    finish() {
      return judge(segments, { intervalSeconds: median(intervals), segmentsOmitted: omitted }, options);
    },
    release() {
      for (const segment of segments) segment.fine.release();
      segments.length = 0;
    },
    retained() {
      return {
        segments: segments.length,
        fineBuckets: segments.reduce((sum, s) => sum + s.fine.size, 0),
        intervalSamples: intervals.length,
      };
    },
  };
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
