/**
 * The command line: commander wiring and the one place that turns a
 * LeakScoreError into exit 2 (SPEC §5). Each command lives in src/cli/.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { runAnalyse, configureAnalyseCommand } from './cli/analyse-command.js';
import { configureCompareCommand, runCompare, type CompareFlags } from './cli/compare-command.js';
import type { CliIo } from './cli/io.js';
import { configureRecordCommand, runRecord, type RecordFlags } from './cli/record-command.js';
import { withErrorDocument, writeUsageDocument } from './cli/error-document.js';
import { configureRulesCommand, runRules, type RulesFlags } from './cli/rules-command.js';
import { redactUrl } from './prometheus/redact.js';
import { isLeakScoreError } from './errors.js';
import { EXIT_USAGE } from './gate.js';
import { escapeControl } from './report/escape.js';

export type { CliIo } from './cli/io.js';

const EXAMPLES = `
Examples:
  $ leak-score samples.csv                      score a recording, print the report and chart
  $ leak-score export.json --format json        a Prometheus query_range export, as JSON
  $ leak-score soak.csv --gate leak --quiet     gate CI on the leak alert only; print the verdict
  $ leak-score mem.jsonl --window 1h --skip 15m a duration window, ignoring 15 min of warm-up
  $ kubectl logs pod | leak-score - --input-format jsonl
  $ leak-score record -- node server.js         record a soak test, then score it (record --help)
  $ leak-score rules --selector rss > rules.yml the score as Prometheus rules for a fleet (rules --help)
  $ leak-score compare main.jsonl pr.jsonl      is the branch's memory worse than main's? (compare --help)

Exit codes: 0 pass, 1 fail (a gating alert fired), 2 usage or input error
(--format json|junit still write a document saying why), 3 inconclusive: the
data could not decide (too few samples, shorter than a gating --leak-for or
--rss-for, no window ever scored, or gaps over --staleness); the report says
which and what to change. record adds 4: the recorded command failed. 130 interrupted (SIGINT, Ctrl-C),
143 terminated (SIGTERM). A closed pipe (leak-score … | head) is not an error:
the exit code is still the verdict's.
The score: a growth rate of --moderate (10 MiB/h) scores 0.5 and --severe
(50 MiB/h) scores 1, times R² (1 = perfectly steady growth).
Durations: 0s 90s 15m 1h 1h30m (a bare number is seconds). Sizes: 419430400 400MiB 1.5GB.`;

function packageVersion(): string {
  const url = new URL('../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

/** Applies the settings every command shares: output streams, errors, exit override. */
export function configureCommand(command: Command, io: CliIo): Command {
  return command
    .helpOption('-h, --help', 'show this help')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => {
        // A subcommand's mistakes point at its own help.
        const help = command.parent === null ? 'leak-score --help' : `leak-score ${command.name()} --help`;
        write(`leak-score: ${escapeControl(text.replace(/^error: /, '').replace(/\s+/g, ' ').trim())}; see ${help}\n`);
      },
    })
    .exitOverride()
    .showSuggestionAfterError();
}

/** The whole commander program; exported so tests can walk every subcommand. */
export function buildProgram(io: CliIo, setExitCode: (code: number) => void = () => undefined): Command {
  const program = configureCommand(new Command('leak-score'), io)
    .description(
      "Score a recording of a process's memory for leaks: how fast it grows (MiB/h), how steadily (R², 0–1), " +
        'a 0–1 leak score, and when the MemoryLeakDetected and MemoryHigh alerts would have fired; ' +
        'the exit code gates CI soak tests.',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .addHelpText('after', EXAMPLES);
  configureAnalyseCommand(program).action(async (file: string | undefined, flags) => {
    // Issue 18: --format json|junit write a document even when the input cannot be read.
    const source = (): string | null => file ?? (typeof flags.prometheus === 'string' ? safeUrl(flags.prometheus) : null);
    setExitCode(await withErrorDocument(io, flags.format, source, () => runAnalyse(file, flags, io)));
  });
  // Positional options: the root's flags stop at a subcommand's name, so `record` can
  // take the same flag names and pass everything after its command through untouched.
  program.enablePositionalOptions();
  program.addCommand(
    configureRecordCommand(configureCommand(new Command('record'), io)).action(async (words: string[], flags: RecordFlags) => {
      setExitCode(await withErrorDocument(io, flags.format, () => flags.out ?? null, () => runRecord(words, flags, io)));
    }),
  );
  program.addCommand(
    configureRulesCommand(configureCommand(new Command('rules'), io)).action(async (flags: RulesFlags) => {
      setExitCode(await runRules(flags, io));
    }),
  );
  program.addCommand(
    configureCompareCommand(configureCommand(new Command('compare'), io)).action(async (base: string, head: string, flags: CompareFlags) => {
      setExitCode(await runCompare(base, head, flags, io));
    }),
  );
  return program;
}

function safeUrl(url: string): string {
  try {
    return redactUrl(url);
  } catch {
    return 'prometheus';
  }
}

/** Runs the CLI and returns the exit code; never calls process.exit. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      writeUsageDocument(io, argv, error.message);
      return EXIT_USAGE;
    }
    if (isLeakScoreError(error)) {
      // The message may quote the input (a file name, a label): no control character reaches the terminal.
      io.stderr.write(`leak-score: ${escapeControl(error.message)}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
