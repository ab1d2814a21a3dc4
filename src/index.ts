/**
 * The library API: the same functions the CLI is built on.
 *
 * @example
 * import { readFile } from 'node:fs/promises';
 * import { analyse, readInput, DEFAULT_OPTIONS } from 'leak-score';
 * const text = await readFile('samples.csv', 'utf8');
 * const read = readInput(text, { source: 'samples.csv' });
 * const result = analyse({ source: 'samples.csv', format: read.format, series: read.series }, DEFAULT_OPTIONS);
 * console.log(result.verdict, result.series[0]?.final.slopeMiBPerHour);
 */
export { analyse, type AnalyseInput, type Result, type SeriesResult } from './analysis/analyse.js';
/** A file or stdin, streamed and scored as the CLI does it (any size, flat memory). */
export { analyseSource, type SourceRequest } from './pipeline/index.js';
export { LeakScoreError, isLeakScoreError } from './errors.js';
export {
  gateRun,
  gateSeries,
  EXIT_FAIL,
  EXIT_INCONCLUSIVE,
  EXIT_PASS,
  EXIT_USAGE,
  type InconclusiveReason,
  type Verdict,
} from './gate.js';
export { readInput, readSource, type ReadOptions } from './samples/index.js';
export { normaliseSeries } from './samples/normalise.js';
export {
  DEFAULT_OPTIONS,
  parseDuration,
  parseSize,
  parseWindow,
  validateOptions,
  type AlertKey,
  type AnalysisOptions,
  type CurveName,
  type Window,
} from './options.js';
export { AlertRule, type AlertEpisode, type AlertName } from './analysis/seed/alert-rule.js';
export { replaySeries, type SeriesReplay } from './analysis/seed/replay-series.js';
// Issue 6: Prometheus both ways — fetch a range, and the score as rules.
export {
  BEARER_TOKEN_ENV,
  buildRules,
  fetchRange,
  readBearerToken,
  redactUrl,
  renderRules,
  resolveTimeRange,
  ruleNames,
  type FetchRangeOptions,
  type FetchRangeResult,
  type RuleNames,
  type RuleOptions,
  type RulesInput,
  type TimeRange,
  type TimeRangeFlags,
} from './prometheus/index.js';
export { renderJson, toJson } from './report/json.js';
export { renderText, type TextOptions } from './report/text.js';
export { curveValue } from './analysis/seed/curves.js';
export { SlidingRegression } from './analysis/seed/sliding-regression.js';
export { twoPassFit } from './analysis/seed/two-pass-fit.js';
export { scoreFit, type Fit, type ScoredFit } from './analysis/seed/window-score.js';
export { makeLabels, type Labels, type RawSeries, type Series } from './series.js';
// The streaming form (the seed's live monitor, in-process) and samples a program keeps itself.
export {
  createMonitor,
  Monitor,
  type AlertListener,
  type AlertState,
  type AlertTransition,
  type MonitorOptions,
  type MonitorUpdate,
} from './live/monitor.js';
export { analyseSamples, type AnalyseSamplesSettings, type Sample } from './live/analyse-samples.js';
// Issue 14: the live half — the seed's three gauges on a prom-client registry (an optional peer dependency).
export {
  DEFAULT_MONITOR_INTERVAL_SECONDS,
  startLeakMonitor,
  type LeakMonitor,
  type LeakMonitorLogger,
  type LeakMonitorOptions,
  type MetricsRegistry,
} from './live/leak-monitor.js';
export { buildSeedRules, renderSeedRules, type SeedRuleOptions, type SeedRulesInput } from './prometheus/seed-rules.js';
export { GAUGES, RSS_GAUGE, SCORE_GAUGE, VMS_GAUGE, type GaugeSpec, type GaugeValues } from './live/gauges.js';
export { resolveOptions } from './live/resolve-options.js';
// Recording a process, as `leak-score record` does (Linux).
export {
  describeOutcome,
  startRecording,
  type Recording,
  type RecordOptions,
  type RecordOutcome,
  type RecordTarget,
  type StopReason,
} from './record/recorder.js';
export type { ChildExit } from './record/child.js';
export type { RecordedSample, RecordingFormat } from './record/sample-writer.js';
// Issue 15: BASE against HEAD — is the branch's memory worse than main's?
export {
  compareRuns,
  readRun,
  renderCompareJson,
  renderCompareJunit,
  renderCompareMarkdown,
  renderCompareText,
  DEFAULT_COMPARE_OPTIONS,
  type CompareOptions,
  type CompareResult,
  type CompareVerdict,
  type PairResult,
  type RunInput,
} from './compare/index.js';
