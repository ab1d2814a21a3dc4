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
import { renderRules } from '../prometheus/index.js';
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
};

const EXAMPLES = `
Examples:
  $ leak-score rules --selector 'process_resident_memory_bytes{job="api"}' --window 1h > leak-score.rules.yml
  $ promtool check rules leak-score.rules.yml
  $ leak-score rules --selector 'nodejs_rss_bytes{app="web"}' --window 45m --curve linear --evaluation-interval 30s

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
    .option('--evaluation-interval <duration>', "the rule group's interval (default: the server's evaluation_interval)");
  addRuleAnalysisOptions(command);
  return command.addHelpText('after', EXAMPLES);
}

export async function runRules(flags: RulesFlags, io: Pick<CliIo, 'stdout'>): Promise<number> {
  if (flags.selector === undefined || flags.selector.trim() === '') {
    throw new LeakScoreError(`say which series to score: --selector 'process_resident_memory_bytes{job="api"}'`);
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
