/**
 * Where the bearer token comes from (issue 6, Fetch: "bearer token from an
 * environment variable or a file, never from argv" — argv is visible to
 * every user in `ps` and lands in shell history and CI logs).
 */
import { readFile } from 'node:fs/promises';
import { LeakScoreError } from '../errors.js';

/** The environment variable holding a bearer token for `--prometheus`. */
export const BEARER_TOKEN_ENV = 'LEAK_SCORE_PROMETHEUS_TOKEN';

export interface TokenSources {
  /** `--bearer-token-file PATH`; wins over the environment. */
  file?: string;
  /** Defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The token from `file` (whitespace around it trimmed, so a trailing newline
 * is fine) or else from `LEAK_SCORE_PROMETHEUS_TOKEN`; undefined when neither
 * is set. Throws `LeakScoreError` for an unreadable or empty file.
 */
export async function readBearerToken(sources: TokenSources = {}): Promise<string | undefined> {
  if (sources.file !== undefined) {
    let text: string;
    try {
      text = await readFile(sources.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
      throw new LeakScoreError(`cannot read --bearer-token-file ${sources.file} (${code}); give a file holding only the token`);
    }
    const token = text.trim();
    if (token === '') throw new LeakScoreError(`--bearer-token-file ${sources.file} is empty; put the token in it`);
    return token;
  }
  const value = (sources.env ?? process.env)[BEARER_TOKEN_ENV];
  if (value === undefined || value.trim() === '') return undefined;
  return value.trim();
}
