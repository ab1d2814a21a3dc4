/**
 * `leak-score --prometheus URL --query … --since 6h --step 30s`: fetch a
 * range from Prometheus' `/api/v1/query_range` (issue 6, Fetch).
 *
 * The range is split so no request exceeds 11,000 points per series
 * (`range-plan.ts`), pieces are fetched in order with timeouts and retries
 * (`http.ts`) and merged per series (`merge.ts`) into one document in
 * Prometheus' own shape: `--save` writes it, `readPrometheus` (SPEC §6)
 * reads it. Prometheus' `status: "error"` becomes a `LeakScoreError` quoting
 * `errorType` and `error`; `warnings` are kept in the document and returned.
 * Credentials never appear in a URL that is sent or in any message
 * (`endpoint.ts`, `redact.ts`).
 */
import { LeakScoreError } from '../errors.js';
import { resolveEndpoint, type Endpoint } from './endpoint.js';
import { DEFAULT_RETRY_POLICY, sendWithRetry, type FetchLike, type HttpAnswer } from './http.js';
import { MatrixMerger } from './merge.js';
import { formatSeconds, MAX_POINTS_PER_SERIES, planRange, type RangePiece } from './range-plan.js';

export interface FetchRangeOptions {
  /** Prometheus base URL; `user:password@` userinfo becomes Basic auth. */
  url: string;
  /** PromQL, e.g. `process_resident_memory_bytes{job="api"}`. */
  query: string;
  /** Range start and end, seconds since the epoch (whole milliseconds). */
  start: number;
  end: number;
  stepSeconds: number;
  /** Bearer token, read by the caller from a file or the environment — never argv. */
  token?: string;
  /** Per-request deadline, default 30 000 ms. */
  timeoutMs?: number;
  /** Retries per request on network errors, timeouts, 429 and 5xx; default 3. */
  retries?: number;
  /** First retry delay, doubling each time; default 500 ms. */
  retryBaseDelayMs?: number;
  /** Default 11 000 (Prometheus' limit). */
  maxPointsPerRequest?: number;
  /** Default: Node's global `fetch`. */
  fetchImpl?: FetchLike;
}

export interface FetchRangeResult {
  /** The merged `query_range` JSON document, in Prometheus' shape. */
  text: string;
  /** `query_range` requests made: one per piece of the range. */
  requests: number;
  /** HTTP attempts including retries. */
  attempts: number;
  /** Series in the result. */
  series: number;
  /** Prometheus' `warnings`, de-duplicated across pieces. */
  warnings: string[];
  /** The endpoint as it may be printed (credentials redacted). */
  endpoint: string;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns one answer into the piece's result list and warnings, or a `LeakScoreError`. */
function interpret(answer: HttpAnswer, endpoint: Endpoint): { result: unknown[]; warnings: string[] } {
  const { shown, redactor } = endpoint;
  const say = (text: string): never => {
    throw new LeakScoreError(redactor.redact(oneLine(text)));
  };
  const tries = answer.attempts > 1 ? ` after ${answer.attempts} attempts` : '';
  if (answer.status >= 300 && answer.status < 400) {
    say(
      `${shown} redirects (HTTP ${answer.status}) to ${answer.location ?? 'elsewhere'}; give that URL as --prometheus (redirects are not followed, so credentials only go where you said)`,
    );
  }
  const document = parseJson(answer.body);
  if (isRecord(document) && document.status === 'error') {
    say(
      `Prometheus at ${shown} returned an error (${String(document.errorType ?? 'unknown')}: ${String(document.error ?? 'no message')})${tries}; fix the query or the time range`,
    );
  }
  if (answer.status === 401 || answer.status === 403) {
    say(
      `${shown} refused the request (HTTP ${answer.status}); check the user:password in the URL or the bearer token`,
    );
  }
  if (answer.status < 200 || answer.status >= 300) {
    const snippet = answer.body.slice(0, 200);
    const detail = `${shown} answered HTTP ${answer.status}${tries}${snippet === '' ? '' : `: ${snippet}`}`;
    say(
      answer.status >= 500 || answer.status === 429
        ? `${detail}; the server is failing or overloaded: try again later, a shorter range or a larger --step`
        : `${detail}; give the base URL of a Prometheus server, e.g. http://prometheus:9090`,
    );
  }
  if (!isRecord(document) || document.status !== 'success' || !isRecord(document.data)) {
    say(`${shown} did not answer with a Prometheus API response (JSON with "status" and "data"); is it the right URL?`);
  }
  const data = (document as { data: Record<string, unknown> }).data;
  if (data.resultType !== 'matrix' || !Array.isArray(data.result)) {
    say(`${shown} returned resultType ${JSON.stringify(data.resultType)}, expected a matrix; query_range always gives one`);
  }
  const rawWarnings = (document as Record<string, unknown>).warnings;
  const warnings = Array.isArray(rawWarnings) ? rawWarnings.map((warning) => oneLine(String(warning))) : [];
  return { result: data.result as unknown[], warnings };
}

function form(query: string, piece: RangePiece, stepSeconds: number): string {
  const stepMs = Math.round(stepSeconds * 1000);
  return new URLSearchParams({
    query,
    start: formatSeconds(piece.startMs),
    end: formatSeconds(piece.endMs),
    step: formatSeconds(stepMs),
  }).toString();
}

/** Fetches `[start, end]` at `stepSeconds` and merges the pieces. */
export async function fetchRange(options: FetchRangeOptions): Promise<FetchRangeResult> {
  if (options.query.trim() === '') {
    throw new LeakScoreError('--query is empty; give PromQL such as process_resident_memory_bytes{job="api"}');
  }
  if (options.timeoutMs !== undefined && !(options.timeoutMs > 0)) {
    throw new LeakScoreError(`--timeout ${options.timeoutMs} ms is not valid; give a duration above 0, e.g. 30s`);
  }
  if (options.retries !== undefined && !(Number.isInteger(options.retries) && options.retries >= 0)) {
    throw new LeakScoreError(`--retries ${options.retries} is not valid; give a whole number of at least 0, e.g. 3`);
  }
  const endpoint = resolveEndpoint(options.url, options.token);
  const pieces = planRange({
    start: options.start,
    end: options.end,
    stepSeconds: options.stepSeconds,
    maxPoints: options.maxPointsPerRequest ?? MAX_POINTS_PER_SERIES,
  });
  const policy = {
    ...DEFAULT_RETRY_POLICY,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.retries === undefined ? {} : { retries: options.retries }),
    ...(options.retryBaseDelayMs === undefined ? {} : { retryBaseDelayMs: options.retryBaseDelayMs }),
  };
  const merger = new MatrixMerger();
  let attempts = 0;
  for (const piece of pieces) {
    const answer = await sendWithRetry(
      {
        url: endpoint.url,
        method: 'POST',
        headers: { ...endpoint.headers, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form(options.query, piece, options.stepSeconds),
      },
      policy,
      endpoint.redactor,
      options.fetchImpl,
    );
    attempts += answer.attempts;
    const { result, warnings } = interpret(answer, endpoint);
    merger.add(result, warnings, endpoint.shown);
  }
  return {
    text: JSON.stringify(merger.toDocument()),
    requests: pieces.length,
    attempts,
    series: merger.seriesCount,
    warnings: merger.warningList,
    endpoint: endpoint.shown,
  };
}
