/**
 * The default `--step` for `--prometheus`: the series' own scrape interval,
 * asked of the server (issue 18). A step coarser than the scrapes throws
 * samples away (and past `--staleness` makes every point reset the alerts);
 * a finer one only repeats samples. So, in order:
 *
 * 1. a short instant query of the raw samples, `QUERY[W]` at the range's end
 *    (then its start), where W is at most 10 minutes: the median spacing of
 *    those samples is the scrape interval as stored, whatever the config
 *    says (recording rules, remote write, federation, backfills);
 * 2. when QUERY is an expression rather than a selector (the server answers
 *    bad_data to `expr[W]`), the server's global `scrape_interval` from
 *    `/api/v1/status/config`;
 * 3. otherwise null, and the caller keeps its fixed default and says so.
 */
import { type Endpoint } from './endpoint.js';
import { DEFAULT_RETRY_POLICY, sendWithRetry, type FetchLike, type RetryPolicy } from './http.js';
import { parseDuration } from '../options.js';
import { formatSeconds } from './range-plan.js';

export interface ScrapeInterval {
  seconds: number;
  /** How it was found, for the report's note. */
  how: 'raw samples' | 'global scrape_interval';
}

export interface ProbeOptions {
  endpoint: Endpoint;
  query: string;
  start: number;
  end: number;
  policy?: RetryPolicy;
  fetchImpl?: FetchLike;
}

/** The probe looks at most this far back: enough for 10 samples at 1 min, small at 1 s. */
const MAX_PROBE_SECONDS = 600;

/** The median spacing of the raw samples in an instant query's matrix, over every series; null with fewer than two samples. */
export function medianSampleSpacing(document: unknown): number | null {
  const result = (document as { data?: { resultType?: unknown; result?: unknown } } | null)?.data;
  if (result?.resultType !== 'matrix' || !Array.isArray(result.result)) return null;
  const gaps: number[] = [];
  for (const series of result.result as Array<{ values?: unknown }>) {
    if (!Array.isArray(series.values)) continue;
    let previous: number | null = null;
    for (const point of series.values as unknown[]) {
      const time = Array.isArray(point) ? Number(point[0]) : NaN;
      if (!Number.isFinite(time)) continue;
      if (previous !== null && time > previous) gaps.push(time - previous);
      previous = time;
    }
  }
  if (gaps.length === 0) return null;
  gaps.sort((a, b) => a - b);
  const middle = Math.floor(gaps.length / 2);
  const median = gaps.length % 2 === 1 ? (gaps[middle] as number) : ((gaps[middle - 1] as number) + (gaps[middle] as number)) / 2;
  // Prometheus stores milliseconds.
  return Math.round(median * 1000) / 1000;
}

/** `global: scrape_interval: 15s` from the YAML of `/api/v1/status/config`; null when absent or unreadable. */
export function globalScrapeInterval(yaml: string): number | null {
  let inGlobal = false;
  for (const line of yaml.split('\n')) {
    if (/^\S/.test(line)) inGlobal = /^global:\s*$/.test(line);
    else if (inGlobal) {
      const match = /^\s+scrape_interval:\s*"?([0-9a-z]+)"?\s*$/.exec(line);
      if (match !== null) {
        try {
          const seconds = parseDuration(match[1] as string);
          return seconds > 0 ? seconds : null;
        } catch {
          return null;
        }
      }
    }
  }
  return null;
}

function apiUrl(endpoint: Endpoint, path: string): URL {
  const url = new URL(endpoint.url);
  url.pathname = url.pathname.replace(/api\/v1\/query_range$/, path);
  return url;
}

/** The scrape interval of `query`'s series, or null when the server cannot say. */
export async function probeScrapeInterval(options: ProbeOptions): Promise<ScrapeInterval | null> {
  const { endpoint } = options;
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const windowSeconds = Math.max(1, Math.min(MAX_PROBE_SECONDS, Math.floor(options.end - options.start)));
  let expression = false;
  for (const at of [options.end, Math.min(options.end, options.start + windowSeconds)]) {
    const answer = await sendWithRetry(
      {
        url: apiUrl(endpoint, 'api/v1/query'),
        method: 'POST',
        headers: { ...endpoint.headers, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query: `${options.query}[${windowSeconds}s]`, time: formatSeconds(Math.round(at * 1000)) }).toString(),
      },
      policy,
      endpoint.redactor,
      options.fetchImpl,
    );
    let document: unknown;
    try {
      document = JSON.parse(answer.body) as unknown;
    } catch {
      return null;
    }
    if (answer.status === 400 && (document as { errorType?: unknown }).errorType === 'bad_data') {
      expression = true;
      break;
    }
    if (answer.status !== 200) return null;
    const spacing = medianSampleSpacing(document);
    if (spacing !== null && spacing > 0) return { seconds: spacing, how: 'raw samples' };
  }
  if (!expression) return null;
  const config = await sendWithRetry(
    { url: apiUrl(endpoint, 'api/v1/status/config'), method: 'GET', headers: endpoint.headers },
    policy,
    endpoint.redactor,
    options.fetchImpl,
  );
  if (config.status !== 200) return null;
  try {
    const yaml = (JSON.parse(config.body) as { data?: { yaml?: unknown } }).data?.yaml;
    const seconds = typeof yaml === 'string' ? globalScrapeInterval(yaml) : null;
    return seconds === null ? null : { seconds, how: 'global scrape_interval' };
  } catch {
    return null;
  }
}
