/**
 * Runs a command and, when it ends in a user error, first writes the error
 * document its `--format` calls for (report/error-document.ts) to stdout;
 * the error then goes on to cli.ts, which prints it on stderr and exits 2.
 */
import { isLeakScoreError } from '../errors.js';
import { EXIT_USAGE } from '../gate.js';
import { renderErrorDocument } from '../report/error-document.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../report/render.js';
import type { CliIo } from './io.js';

export async function withErrorDocument(
  io: CliIo,
  format: string | undefined,
  source: () => string | null,
  run: () => Promise<number>,
): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (isLeakScoreError(error) && format !== undefined && (OUTPUT_FORMATS as readonly string[]).includes(format)) {
      const document = renderErrorDocument(format as OutputFormat, { message: error.message, source: source(), exitCode: EXIT_USAGE });
      if (document !== null) io.stdout.write(document);
    }
    throw error;
  }
}

/**
 * The `--format` a command line asked for, read before commander could parse
 * it (a usage error stops parsing): words after `--` belong to `record`'s
 * command, and `rules` has no report format.
 */
export function formatInArgv(argv: readonly string[]): OutputFormat | undefined {
  if (argv[0] === 'rules') return undefined;
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === '--') break;
    if (word === '--format' || word === '-f') found = argv[i + 1];
    else if (word.startsWith('--format=')) found = word.slice('--format='.length);
  }
  return found !== undefined && (OUTPUT_FORMATS as readonly string[]).includes(found) ? (found as OutputFormat) : undefined;
}

/** A usage error commander caught: the document for the format the command line asked for, if any. */
export function writeUsageDocument(io: CliIo, argv: readonly string[], message: string): void {
  const format = formatInArgv(argv);
  if (format === undefined) return;
  const text = message.replace(/^error: /, '').replace(/\s+/g, ' ').trim();
  const document = renderErrorDocument(format, { message: text, source: null, exitCode: EXIT_USAGE });
  if (document !== null) io.stdout.write(document);
}
