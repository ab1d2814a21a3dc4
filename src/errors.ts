/**
 * The one error type for user mistakes: a bad flag, a missing file, input
 * that cannot be read. Its message is one line that says what to do next.
 * Only `cli.ts` turns it into exit code 2 (SPEC §5); anything else thrown is
 * a bug and keeps its stack trace.
 */
export class LeakScoreError extends Error {
  override readonly name = 'LeakScoreError';
  constructor(message: string) {
    super(message);
  }
}

export function isLeakScoreError(error: unknown): error is LeakScoreError {
  return error instanceof LeakScoreError;
}
