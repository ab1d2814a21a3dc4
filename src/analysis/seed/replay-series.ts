/**
 * SPEC §3 for a series already in memory: push every sample through a
 * SeriesReplayer. Streaming callers use SeriesReplayer directly.
 */
import type { AnalysisOptions } from '../../options.js';
import type { Series } from '../../series.js';
import { SeriesReplayer, type SeriesReplay } from './series-replayer.js';

export type { FitLine, RssSummary, SeriesReplay } from './series-replayer.js';

export function replaySeries(series: Series, options: AnalysisOptions): SeriesReplay {
  const replayer = new SeriesReplayer(series.labels, options);
  const { times, values } = series;
  replayer.pushEach(times, values, times.length);
  return replayer.finish(series);
}
