/**
 * Checks that `--selector` is a plain series selector such as
 * `process_resident_memory_bytes{job="api"}` (issue 6, Rules): the generated
 * rules append a range (`[1h]`) and wrap it in `deriv`, `timestamp` … which
 * PromQL only allows on a selector, not on an arbitrary expression.
 *
 * The selector is read by the same parser as `--series`
 * (src/samples/select/matchers.ts), in its PromQL form, which accepts and refuses
 * what Prometheus' parser does (test/samples/select/promtool.test.ts).
 */
import { LeakScoreError } from '../errors.js';
import { MatcherSyntaxError, parseSelector } from '../samples/select/matchers.js';

/** Returns the trimmed selector, or throws `LeakScoreError` saying what a selector looks like. */
export function checkSelector(text: string, flag = '--selector'): string {
  const trimmed = text.trim();
  try {
    parseSelector(trimmed, 'promql');
  } catch (error) {
    if (!(error instanceof MatcherSyntaxError)) throw error;
    const shown = JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
    throw new LeakScoreError(
      `${flag} ${shown} is not a plain series selector (${error.detail}, at position ${error.position + 1}); give one such as process_resident_memory_bytes{job="api"}, since the rules apply range functions like deriv(…[1h]) to it`,
    );
  }
  return trimmed;
}
