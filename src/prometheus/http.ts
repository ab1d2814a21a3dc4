/**
 * One HTTP exchange with timeouts and retries (issue 6, Fetch): a request
 * is retried with exponential backoff on network errors, timeouts, 429 and
 * 5xx; any other answer is returned for the caller to interpret. Each attempt
 * has its own `AbortController` deadline. Messages never contain
 * credentials: the URL given here has none (they travel in headers) and
 * every message passes through the caller's `Redactor`.
 */
import { LeakScoreError } from '../errors.js';
import { redactUrl, type Redactor } from './redact.js';

export interface RetryPolicy {
  /** Per-attempt deadline. */
  timeoutMs: number;
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff; doubles each retry, capped at `maxDelayMs`. */
  retryBaseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  timeoutMs: 30_000,
  retries: 3,
  retryBaseDelayMs: 500,
  maxDelayMs: 30_000,
});

export interface HttpAnswer {
  status: number;
  contentType: string;
  body: string;
  /** The `Location` of a redirect, which is not followed (it could carry the credentials elsewhere). */
  location: string | null;
  /** Attempts made, 1 + retries used. */
  attempts: number;
}

export interface HttpRequest {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

export type FetchLike = typeof fetch;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

/** `Retry-After` in seconds or as an HTTP date → ms, if present and sane. */
function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Node's fetch says only "fetch failed"; the reason is in `cause`.
  const cause = (error as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) return `${error.message}: ${cause.message}`;
  return error.message;
}

/**
 * Sends the request, retrying per `policy`. Resolves with the last answer
 * (which may be a 5xx after the retries are spent); rejects with
 * `LeakScoreError` when no answer came at all.
 */
export async function sendWithRetry(
  request: HttpRequest,
  policy: RetryPolicy,
  redactor: Redactor,
  fetchImpl: FetchLike = fetch,
): Promise<HttpAnswer> {
  const shown = redactor.redact(redactUrl(request.url));
  let lastFailure = '';
  for (let attempt = 0; attempt <= policy.retries; attempt++) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
    let delay = Math.min(policy.maxDelayMs, policy.retryBaseDelayMs * 2 ** attempt);
    try {
      const response = await fetchImpl(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
        redirect: 'manual',
      });
      const body = await response.text();
      const answer: HttpAnswer = {
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        body,
        location: response.headers.get('location'),
        attempts: attempt + 1,
      };
      if (!retryable(response.status) || attempt === policy.retries) return answer;
      const hinted = retryAfterMs(response.headers.get('retry-after'));
      if (hinted !== undefined) delay = Math.min(policy.maxDelayMs, Math.max(delay, hinted));
    } catch (error) {
      lastFailure = controller.signal.aborted
        ? `no answer within ${policy.timeoutMs} ms`
        : redactor.redact(describe(error));
      if (attempt === policy.retries) break;
    } finally {
      clearTimeout(timer);
    }
    await sleep(delay);
  }
  const tries = policy.retries + 1;
  throw new LeakScoreError(
    `cannot reach ${shown}: ${lastFailure} (${tries} attempt${tries === 1 ? '' : 's'}); check the --prometheus URL, that the server is up, or raise --timeout`,
  );
}
