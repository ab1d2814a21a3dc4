/**
 * `leak-score rules --selector 'process_resident_memory_bytes{job="api"}' --window 1h`:
 * print a Prometheus rule file computing, per series, the same window score
 * and alerts the CLI replays (issue 6, Rules; src/prometheus/rules.ts).
 *
 * The analysis flags that the rules depend on are the CLI's own, taken from
 * `addAnalysisOptions` so names, help and defaults cannot drift — except
 * `--window`, which defaults to `1h` here: PromQL selects samples by time, so
 * a sample-count window (the CLI's default `120`) is refused with the
 * module's message.
 */
import { Command, Option } from 'commander';
import { parseDuration } from '../options.js';
import { LeakScoreError } from '../errors.js';
import { renderRules, renderSeedRules } from '../prometheus/index.js';
import { addAnalysisOptions, optionsFromFlags, type AnalysisFlags } from './analysis-flags.js';
import type { CliIo } from './io.js';

/** The analysis flags the rule file uses; the others (gate, skip, robust …) have no meaning there. */
const RULE_FLAGS = new Set([
  '--window',
  '--min-samples',
  '--curve',
  '--moderate',
  '--severe',
  '--leak-threshold',
  '--leak-for',
  '--rss-threshold',
  '--rss-for',
  '--staleness',
]);

const DEFAULT_RULES_WINDOW = '1h';

export type RulesFlags = Pick<
  AnalysisFlags,
  'window' | 'minSamples' | 'curve' | 'moderate' | 'severe' | 'leakThreshold' | 'leakFor' | 'rssThreshold' | 'rssFor' | 'staleness'
> & {
  selector?: string;
  evaluationInterval?: string;
  seed?: boolean;
};

/** With --seed the score is a gauge computed in the process, so these shape nothing (issue 14). */
const NOT_WITH_SEED = ['window', 'minSamples', 'curve', 'moderate', 'severe', 'staleness'] as const;

const EXAMPLES = `
Examples:
  $ leak-score rules --selector 'process_resident_memory_bytes{job="api"}' --window 1h > leak-score.rules.yml
  $ promtool check rules leak-score.rules.yml
  $ leak-score rules --selector 'nodejs_rss_bytes{app="web"}' --window 45m --curve linear --evaluation-interval 30s
  $ leak-score rules --seed > seed.rules.yml     the seed's two alerts over the gauges of startLeakMonitor / record --metrics-port

Load the file with rule_files in prometheus.yml (or a Thanos, Mimir or Cortex ruler). Each series
gets leak_score:score:<window>, :slope_mib_per_hour:, :r2: and :samples:, and the alerts
MemoryLeakDetected and MemoryHigh. When one fires, analyse the range offline:
  $ leak-score --prometheus http://prometheus:9090 --query '<the series>' --since 6h --window 1h`;

/** The subset of `addAnalysisOptions`, with the rules' own `--window` default. */
function addRuleAnalysisOptions(command: Command): Command {
  const all = addAnalysisOptions(new Command()).options;
  for (const option of all) {
    if (option.long === undefined || !RULE_FLAGS.has(option.long)) continue;
    if (option.long === '--window') {
      command.addOption(
        new Option(option.flags, 'score window, a duration (PromQL selects samples by time, so not a count)').default(
          DEFAULT_RULES_WINDOW,
        ),
      );
    } else {
      command.addOption(option);
    }
  }
  return command;
}

export function configureRulesCommand(command: Command): Command {
  command
    .description(
      'Print Prometheus recording and alerting rules (YAML) that compute the same score and alerts per series, ' +
        'so a fleet is scored continuously by Prometheus (or a Thanos, Mimir or Cortex ruler).',
    )
    .option('--selector <selector>', 'the series to score, a plain selector: process_resident_memory_bytes{job="api"}')
    .option('--evaluation-interval <duration>', "the rule group's interval (default: the server's evaluation_interval)")
    .option(
      '--seed',
      "the seed's alerts over the live gauges instead: MemoryHigh (process_memory_rss_bytes, --rss-threshold, --rss-for) and " +
        'MemoryLeakDetected (memory_leak_detection_score, --leak-threshold, --leak-for)',
    );
  addRuleAnalysisOptions(command);
  return command.addHelpText('after', EXAMPLES);
}

export async function runRules(flags: RulesFlags, io: Pick<CliIo, 'stdout'>): Promise<number> {
  if (flags.seed === true) return runSeedRules(flags, io);
  if (flags.selector === undefined || flags.selector.trim() === '') {
    throw new LeakScoreError(
      `say which series to score: --selector 'process_resident_memory_bytes{job="api"}' (or --seed for the seed's alerts over the live gauges)`,
    );
  }
  // The same parsing and checks as scoring a file; gate and skip do not reach the rules.
  const options = optionsFromFlags({ ...flags, gate: 'leak,rss', skip: '0s' });
  const evaluationIntervalSeconds =
    flags.evaluationInterval === undefined ? undefined : parseDuration(flags.evaluationInterval, '--evaluation-interval');
  io.stdout.write(
    renderRules({
      selector: flags.selector,
      options,
      ...(evaluationIntervalSeconds === undefined ? {} : { evaluationIntervalSeconds }),
    }),
  );
  return 0;
}

/** The option defaults of this command, to tell which flags a user gave. */
function ruleDefaults(): Record<string, unknown> {
  const command = addRuleAnalysisOptions(new Command());
  return Object.fromEntries(command.options.map((option) => [option.attributeName(), option.defaultValue]));
}

async function runSeedRules(flags: RulesFlags, io: Pick<CliIo, 'stdout'>): Promise<number> {
  if (flags.selector !== undefined) {
    throw new LeakScoreError(
      `--seed alerts on the gauges process_memory_rss_bytes and memory_leak_detection_score, so it takes no --selector; drop one of the two`,
    );
  }
  const defaults = ruleDefaults();
  for (const name of NOT_WITH_SEED) {
    if (flags[name] !== defaults[name]) {
      const flag = `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
      throw new LeakScoreError(
        `${flag} has no meaning with --seed: the score gauge is computed in the process; set it there (startLeakMonitor options, or record ${flag})`,
      );
    }
  }
  const options = optionsFromFlags({ ...flags, gate: 'leak,rss', skip: '0s' });
  const evaluationIntervalSeconds =
    flags.evaluationInterval === undefined ? undefined : parseDuration(flags.evaluationInterval, '--evaluation-interval');
  io.stdout.write(renderSeedRules({ options, ...(evaluationIntervalSeconds === undefined ? {} : { evaluationIntervalSeconds }) }));
  return 0;
}
