/** Runs the CLI in-process with captured output, as the bin would. */
import { Readable } from 'node:stream';
import { main } from '../../src/cli.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  args: string[],
  { stdin = '', env = {}, columns = 80 }: { stdin?: string | Buffer; env?: Record<string, string>; columns?: number } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text), isTTY: false, columns },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    stdin: Readable.from([typeof stdin === 'string' ? Buffer.from(stdin) : stdin]),
    env,
  });
  return { code, stdout, stderr };
}
