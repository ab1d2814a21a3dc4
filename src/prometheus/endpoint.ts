/**
 * `--prometheus URL` → the `query_range` endpoint and its credentials
 * (issue 6, Fetch). Userinfo (`https://user:pass@host`) is taken out of the
 * URL and becomes a Basic `Authorization` header; a bearer token comes from
 * the caller (an environment variable or a file, never argv). The URL that
 * is requested, and every URL shown, carries no credentials.
 */
import { LeakScoreError } from '../errors.js';
import { Redactor, redactUrl } from './redact.js';

export interface Endpoint {
  /** The `/api/v1/query_range` URL, without userinfo. */
  url: URL;
  /** Request headers, including `Authorization` when credentials were given. */
  headers: Record<string, string>;
  /** The URL as it may be printed. */
  shown: string;
  redactor: Redactor;
}

const API_PATH = 'api/v1/query_range';

function checkToken(token: string): string {
  const trimmed = token.trim();
  if (trimmed === '') throw new LeakScoreError('the bearer token is empty; put the token (and nothing else) in the file or variable');
  if (/[\s\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new LeakScoreError('the bearer token contains spaces or control characters; the file or variable should hold only the token');
  }
  return trimmed;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * Resolves the endpoint. Accepts the server's base URL (`http://host:9090`,
 * also behind a path prefix such as `/prometheus`) or the full
 * `…/api/v1/query_range` URL; query parameters (e.g. Thanos' `dedup=true`)
 * are kept.
 */
export function resolveEndpoint(base: string, token?: string): Endpoint {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new LeakScoreError(
      `--prometheus ${JSON.stringify(redactUrl(base))} is not a URL; give the server's base URL, e.g. http://prometheus:9090`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LeakScoreError(`--prometheus ${redactUrl(url)} must be an http:// or https:// URL`);
  }
  const username = decode(url.username);
  const password = decode(url.password);
  const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'leak-score' };
  const secrets: Array<string | undefined> = [password];
  if (username !== '' || password !== '') {
    if (token !== undefined) {
      throw new LeakScoreError(
        'give either credentials in the --prometheus URL or a bearer token, not both',
      );
    }
    const basic = Buffer.from(`${username}:${password}`).toString('base64');
    headers.Authorization = `Basic ${basic}`;
    secrets.push(basic, `${username}:${password}`);
  } else if (token !== undefined) {
    const checked = checkToken(token);
    headers.Authorization = `Bearer ${checked}`;
    secrets.push(checked);
  }
  url.username = '';
  url.password = '';
  url.hash = '';
  if (!url.pathname.endsWith(`/${API_PATH}`)) {
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/${API_PATH}`;
  }
  const redactor = new Redactor(secrets);
  return { url, headers, shown: redactor.redact(redactUrl(url)), redactor };
}
