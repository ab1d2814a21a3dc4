/**
 * `leak-score rules`: the SPEC §2 window score and the SPEC §4 alerts as a
 * Prometheus rule file, so a fleet can compute in Prometheus (or Thanos /
 * Mimir / Cortex rulers) the same number the CLI computes offline (issue 6,
 * Rules).
 *
 * Per series matched by the selector, over the window `W`:
 *
 * - slope, MiB/h: `deriv(m[W]) * 3600 / 1048576` — `deriv` is the OLS slope
 *   over the raw samples in the window (SPEC §2 step 3).
 * - R²: for a simple regression `R² = b² · Var(t) / Var(v)` exactly (both
 *   variances over the same samples; `stdvar_over_time` is the population
 *   variance, as needed). PromQL has `b` and `Var(v)` but no function giving
 *   `Var(t)` of a range's raw timestamps. The issue's
 *   `stdvar_over_time(timestamp(m)[W:step])` resamples at step-aligned
 *   subquery points, which pick the latest sample at or before each point, so
 *   it sees a shifted window: at a sample time with scrapes off the step grid
 *   it holds n−1 samples where the range holds n (R² off by a factor
 *   ((n−1)²−1)/(n²−1), −1.6 % at n = 121), it repeats a sample after a missed
 *   scrape, and it double-counts when the step is below the scrape interval.
 *   These rules instead use the identity, exact for evenly spaced samples
 *   whatever their phase and whatever the evaluation time:
 *   `Var(t) = (t_last − t̄)² · (n+1) / (3(n−1))`, with
 *   `b · (t_last − t̄) = deriv · (timestamp(m) − time()) + predict_linear(m[W], 0) − avg_over_time(m[W])`
 *   (`predict_linear(…, 0)` is the fitted value at the evaluation time, so
 *   the last two terms are `b · (time() − t̄)`). No subquery, no division by
 *   the slope. Missed or jittered scrapes make it approximate; see
 *   `README.md` here for measured errors.
 * - samples: `count_over_time(m[W])`; slope and R² are recorded only when it
 *   is at least `minSamples` (SPEC §2 step 1: null otherwise).
 * - score: the curve (piecewise = `0.5·clamp(r/m,0,1) + 0.5·clamp((r−m)/(s−m),0,1)`,
 *   linear = `clamp_max(r/s, 1)`) times R², capped at 1, and 0 when the slope
 *   is ≤ 0, there are fewer than `minSamples` samples, or the values are
 *   constant (SPEC §2 steps 1, 4, 6, 7).
 *
 * Every recording rule reads only the selector, never another rule's
 * output, so each can be queried at any past time and backfilled with
 * `promtool tsdb create-blocks-from rules`, which cannot chain rules.
 * Prometheus 2.x range selectors include both ends, `[t − W, t]`, as SPEC §2's
 * duration window does (Prometheus 3 excludes `t − W`).
 */
import { LeakScoreError } from '../errors.js';
import type { AnalysisOptions } from '../options.js';
import { formatPromDuration } from './duration.js';
import { renderRuleFile, type AlertingRule, type RecordingRule, type RuleFile } from './rule-yaml.js';
import { checkSelector } from './selector.js';

/** The options the rules depend on: the same ones the CLI's replay uses. */
export type RuleOptions = Pick<
  AnalysisOptions,
  | 'window'
  | 'minSamples'
  | 'curve'
  | 'moderateMiBPerHour'
  | 'severeMiBPerHour'
  | 'leakThreshold'
  | 'leakForSeconds'
  | 'rssThresholdBytes'
  | 'rssForSeconds'
  | 'stalenessSeconds'
>;

export interface RulesInput {
  /** A plain series selector, e.g. `process_resident_memory_bytes{job="api"}`. */
  selector: string;
  options: RuleOptions;
  /** The group's `interval`; omitted → the server's `evaluation_interval`. */
  evaluationIntervalSeconds?: number;
  /** First part of the recorded names (`<prefix>:score:1h`), default `leak_score`. */
  recordPrefix?: string;
  /** Rule group name, default `leak-score-<window>`. */
  groupName?: string;
}

export interface RuleNames {
  slope: string;
  r2: string;
  samples: string;
  score: string;
  leakAlert: 'MemoryLeakDetected';
  rssAlert: 'MemoryHigh';
}

/** Prometheus' default lookback, which plays SPEC §4's staleness in a server. */
const PROMETHEUS_LOOKBACK_SECONDS = 300;

function number(value: number, flag: string): string {
  if (!Number.isFinite(value)) throw new LeakScoreError(`${flag} must be a finite number for PromQL`);
  return String(value);
}

function windowLiteral(options: RuleOptions): string {
  if (options.window.kind === 'count') {
    throw new LeakScoreError(
      `--window ${options.window.samples} is a sample count, but PromQL selects samples by time, so only duration windows make sense in rules; give --window 1h (120 samples at a 30 s scrape interval)`,
    );
  }
  return formatPromDuration(options.window.seconds, '--window');
}

function checkPrefix(prefix: string): string {
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(prefix)) {
    throw new LeakScoreError(
      `record prefix ${JSON.stringify(prefix)} is not valid; use letters, digits and _ (e.g. leak_score)`,
    );
  }
  return prefix;
}

/** The names the rules record and alert under, for dashboards and tests. */
export function ruleNames(options: Pick<RuleOptions, 'window'>, recordPrefix = 'leak_score'): RuleNames {
  const prefix = checkPrefix(recordPrefix);
  const window = windowLiteral(options as RuleOptions);
  return {
    slope: `${prefix}:slope_mib_per_hour:${window}`,
    r2: `${prefix}:r2:${window}`,
    samples: `${prefix}:samples:${window}`,
    score: `${prefix}:score:${window}`,
    leakAlert: 'MemoryLeakDetected',
    rssAlert: 'MemoryHigh',
  };
}

/** PromQL fragments over one selector and window. */
function expressions(selector: string, window: string, options: RuleOptions) {
  const range = `${selector}[${window}]`;
  const count = `count_over_time(${range})`;
  const enough = `${count} >= ${number(options.minSamples, '--min-samples')}`;
  const slope = `deriv(${range}) * 3600 / 1048576`;
  // R² = (b·(t_last − t̄))² · (n+1)/(3(n−1)) / Var(v); absent when Var(v) = 0.
  const r2 = [
    'clamp(',
    '  (',
    `    deriv(${range}) * (timestamp(${selector}) - time())`,
    `    + predict_linear(${range}, 0) - avg_over_time(${range})`,
    '  ) ^ 2',
    `  * (${count} + 1) / (3 * (${count} - 1))`,
    `  / (stdvar_over_time(${range}) > 0),`,
    '  0, 1',
    ')',
  ];
  const moderate = number(options.moderateMiBPerHour, '--moderate');
  const severe = number(options.severeMiBPerHour, '--severe');
  const curve =
    options.curve === 'linear'
      ? [`clamp_max(${slope} / ${severe}, 1)`]
      : [
          '(',
          `  0.5 * clamp(${slope} / ${moderate}, 0, 1)`,
          `  + 0.5 * clamp((${slope} - ${moderate}) / ${number(
            options.severeMiBPerHour - options.moderateMiBPerHour,
            '--severe',
          )}, 0, 1)`,
          ')',
        ];
  const indent = (lines: string[]): string[] => lines.map((line) => `  ${line}`);
  return {
    slope: [slope, `and ${enough}`].join('\n'),
    r2: ['(', ...indent(r2), `  or 0 * stdvar_over_time(${range})`, ')', `and ${enough}`].join('\n'),
    samples: count,
    score: [
      'clamp_max(',
      ...indent(curve),
      '  *',
      ...indent(r2),
      '  , 1',
      ')',
      `and deriv(${range}) > 0`,
      `and ${enough}`,
      `or 0 * ${count}`,
    ].join('\n'),
  };
}

function header(input: RulesInput, window: string, names: RuleNames): string[] {
  const { options } = input;
  const curve =
    options.curve === 'linear'
      ? `linear, severe ${options.severeMiBPerHour} MiB/h`
      : `piecewise, moderate ${options.moderateMiBPerHour} MiB/h, severe ${options.severeMiBPerHour} MiB/h`;
  const lines = [
    'Generated by `leak-score rules`: the leak-score window score (growth rate scored 0–1, times R²) and its two alerts as Prometheus rules.',
    `Selector: ${input.selector.trim()}`,
    `Window: ${window}; min samples ${options.minSamples}; curve ${curve}.`,
    `Records per series: ${names.slope}, ${names.r2}, ${names.samples}, ${names.score}.`,
    'R² = b²·Var(t)/Var(v), with Var(t) from the sample count and last timestamp: exact when scrapes are evenly spaced.',
    'Rules evaluate at the group interval, not at each sample, so alert times can differ from an offline',
    'leak-score replay by up to one evaluation interval. Analyse what they flag with leak-score --prometheus.',
  ];
  if (options.stalenessSeconds !== PROMETHEUS_LOOKBACK_SECONDS) {
    lines.push(
      `Staleness ${options.stalenessSeconds}s: in Prometheus that is the server flag --query.lookback-delta (default 5m); rules cannot set it.`,
    );
  }
  return lines;
}

/** The rule file as data (what `renderRules` prints), for tests and other renderers. */
export function buildRules(input: RulesInput): { file: RuleFile; names: RuleNames } {
  const selector = checkSelector(input.selector);
  const { options } = input;
  const window = windowLiteral(options);
  const names = ruleNames(options, input.recordPrefix);
  const expr = expressions(selector, window, options);
  const recording: RecordingRule[] = [
    { record: names.slope, expr: expr.slope },
    { record: names.r2, expr: expr.r2 },
    { record: names.samples, expr: expr.samples },
    { record: names.score, expr: expr.score },
  ];
  const leakFor = formatPromDuration(options.leakForSeconds, '--leak-for');
  const rssFor = formatPromDuration(options.rssForSeconds, '--rss-for');
  const alerts: AlertingRule[] = [
    {
      alert: names.leakAlert,
      expr: `${names.score} > ${number(options.leakThreshold, '--leak-threshold')}`,
      for: leakFor,
      annotations: {
        summary: `Memory grows like a leak: leak-score over ${window} above ${options.leakThreshold} for ${leakFor}`,
        description: `${names.score} is the growth rate scored 0–1 (--moderate MiB/h scores 0.5, --severe 1) times R² (how steady the growth is). Fetch the range and run leak-score on it for the full report.`,
      },
    },
    {
      alert: names.rssAlert,
      expr: `${selector} > ${number(options.rssThresholdBytes, '--rss-threshold')}`,
      for: rssFor,
      annotations: {
        summary: `Resident memory above ${options.rssThresholdBytes} bytes for ${rssFor}`,
      },
    },
  ];
  const interval =
    input.evaluationIntervalSeconds === undefined
      ? undefined
      : formatPromDuration(input.evaluationIntervalSeconds, '--evaluation-interval');
  if (interval === '0s') throw new LeakScoreError('--evaluation-interval must be longer than 0, e.g. 30s');
  const file: RuleFile = {
    comments: header(input, window, names),
    groups: [
      {
        name: input.groupName ?? `leak-score-${window}`,
        ...(interval === undefined ? {} : { interval }),
        rules: [...recording, ...alerts],
      },
    ],
  };
  return { file, names };
}

/** The Prometheus rule file (YAML) for `leak-score rules`. */
export function renderRules(input: RulesInput): string {
  return renderRuleFile(buildRules(input).file);
}
