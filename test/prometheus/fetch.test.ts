/**
 * fetchRange against a real Prometheus (issue 6: "The fetch path is tested
 * against that server"). No mock of its API: data is backfilled with
 * promtool, and where a lone server cannot misbehave on cue (503, 429,
 * dropped connections, bearer auth) a plain forwarding proxy sits in front.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeakScoreError } from '../../src/errors.js';
import { readPrometheus } from '../../src/formats/prometheus.js';
import { fetchRange } from '../../src/prometheus/fetch.js';
import { startProxy } from '../support/http-proxy.js';
import { freePort, shouldSkipPrometheus, startPrometheus, type PrometheusServer, type SeriesSpec } from '../support/prometheus-server.js';

const skip = shouldSkipPrometheus();
const T0 = 1_700_000_000;
/** 30,000 s at 1 s: a step-1s query over it needs three requests. */
const SPAN = 30_000;

function series(instance: string, slope: number): SeriesSpec {
  const samples: Array<[number, number]> = [];
  for (let i = 0; i <= SPAN; i++) samples.push([T0 + i, 100_000_000 + slope * i + (i % 7) * 1000]);
  return { name: 'rss_bytes', labels: { job: 'api', instance }, samples };
}
const DATA = [series('a', 10), series('b', -3)];

/** What the query should return for one series at `step`: the sample at each evaluation time. */
function expected(spec: SeriesSpec, start: number, end: number, step: number): Array<[number, string]> {
  const byTime = new Map(spec.samples.map(([t, v]) => [t, v]));
  const out: Array<[number, string]> = [];
  for (let t = start; t <= end; t += step) out.push([t, String(byTime.get(t))]);
  return out;
}

function caught(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error,
  );
}

describe.skipIf(skip)(`fetchRange against a real Prometheus${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: PrometheusServer;
  beforeAll(async () => {
    server = await startPrometheus({ series: DATA });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('splits a range over the 11,000-point limit and merges two series exactly', async () => {
    const result = await fetchRange({
      url: server.url,
      query: 'rss_bytes{job="api"}',
      start: T0,
      end: T0 + SPAN,
      stepSeconds: 1,
      timeoutMs: 20_000,
      retries: 0,
    });
    expect(result.requests).toBe(3); // 30,001 points: 11,000 + 11,000 + 8,001
    expect(result.attempts).toBe(3);
    expect(result.series).toBe(2);
    const document = JSON.parse(result.text) as {
      status: string;
      data: { resultType: string; result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
    };
    expect(document.status).toBe('success');
    expect(document.data.resultType).toBe('matrix');
    const byInstance = new Map(document.data.result.map((item) => [item.metric.instance, item]));
    for (const spec of DATA) {
      const item = byInstance.get(spec.labels?.instance as string);
      expect(item?.metric).toEqual({ __name__: 'rss_bytes', job: 'api', instance: spec.labels?.instance });
      expect(item?.values).toEqual(expected(spec, T0, T0 + SPAN, 1));
    }
  });

  it('gives the same document as one unsplit request, whatever the piece size', async () => {
    const base = { url: server.url, query: 'rss_bytes', start: T0 + 0.5, end: T0 + 9_000, stepSeconds: 7 };
    const whole = await fetchRange(base);
    expect(whole.requests).toBe(1);
    const split = await fetchRange({ ...base, maxPointsPerRequest: 97 });
    expect(split.requests).toBe(Math.ceil((Math.floor((9_000 - 0.5) / 7) + 1) / 97));
    expect(split.text).toBe(whole.text);
  });

  it('saves a document that readPrometheus reads back to the same samples', async () => {
    const result = await fetchRange({ url: server.url, query: 'rss_bytes', start: T0, end: T0 + 3600, stepSeconds: 30, maxPointsPerRequest: 50 });
    const read = readPrometheus(result.text, { source: 'export.json' });
    expect(read.series).toHaveLength(2);
    for (const raw of read.series) {
      const spec = DATA.find((one) => one.labels?.instance === raw.labels.instance) as SeriesSpec;
      const want = expected(spec, T0, T0 + 3600, 30);
      expect(Array.from(raw.times)).toEqual(want.map(([t]) => t));
      expect(Array.from(raw.values)).toEqual(want.map(([, v]) => Number(v)));
      expect(raw.dropped).toBe(0);
    }
  });

  it('quotes Prometheus’ errorType and error for a bad query, without retrying', async () => {
    const parse = await caught(fetchRange({ url: server.url, query: 'rate(rss_bytes', start: T0, end: T0 + 60, stepSeconds: 30 }));
    expect(parse).toBeInstanceOf(LeakScoreError);
    expect(parse.message).toMatch(/^Prometheus at http:\/\/127\.0\.0\.1:\d+\/api\/v1\/query_range returned an error \(bad_data: 1:\d+: parse error: unclosed left parenthesis\); fix the query or the time range$/);

    // A many-to-many match is an execution error (HTTP 422).
    const execution = await caught(
      fetchRange({ url: server.url, query: 'rss_bytes + on(job) rss_bytes', start: T0, end: T0 + 60, stepSeconds: 30 }),
    );
    expect(execution).toBeInstanceOf(LeakScoreError);
    expect(execution.message).toMatch(/returned an error \(execution: .*many-to-many matching not allowed.*\)/);
  });

  it('an empty result is a document with no series, not an error', async () => {
    const result = await fetchRange({ url: server.url, query: 'no_such_metric', start: T0, end: T0 + 60, stepSeconds: 30 });
    expect(JSON.parse(result.text)).toEqual({ status: 'success', data: { resultType: 'matrix', result: [] } });
  });

  it('a wrong path says to give the base URL, with credentials redacted', async () => {
    const url = server.url.replace('http://', 'http://alice:hunter2-secret@');
    const error = await caught(
      fetchRange({ url: `${url}/not-prometheus/api/v1/query_range/x`, query: 'rss_bytes', start: T0, end: T0 + 60, stepSeconds: 30 }),
    );
    expect(error).toBeInstanceOf(LeakScoreError);
    expect(error.message).toMatch(/answered HTTP 404.*give the base URL of a Prometheus server/);
    expect(error.message).not.toMatch(/alice|hunter2/);
  });

  it('retries 503, 429 and dropped connections with backoff, then succeeds', async () => {
    const proxy = await startProxy({
      target: server.url,
      plan: [
        { kind: 'status', status: 503, body: '{"status":"error","errorType":"unavailable","error":"busy"}' },
        { kind: 'status', status: 429, retryAfter: '0' },
        { kind: 'drop' },
      ],
    });
    try {
      const result = await fetchRange({ url: proxy.url, query: 'rss_bytes', start: T0, end: T0 + 600, stepSeconds: 30, retries: 3, retryBaseDelayMs: 10 });
      expect(result.attempts).toBe(4);
      expect(result.series).toBe(2);
      expect(proxy.seen).toHaveLength(4);
    } finally {
      await proxy.close();
    }
  });

  it('gives up after the retries, quoting the last Prometheus error', async () => {
    const busy = { kind: 'status' as const, status: 503, body: '{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}' };
    const proxy = await startProxy({ target: server.url, plan: [busy, busy, busy] });
    try {
      const error = await caught(fetchRange({ url: proxy.url, query: 'rss_bytes', start: T0, end: T0 + 60, stepSeconds: 30, retries: 2, retryBaseDelayMs: 1 }));
      expect(error).toBeInstanceOf(LeakScoreError);
      expect(error.message).toMatch(/returned an error \(timeout: query timed out in expression evaluation\) after 3 attempts/);
    } finally {
      await proxy.close();
    }
  });

  it('a 5xx that is not Prometheus JSON says the server is failing, after the retries', async () => {
    const bad = { kind: 'status' as const, status: 502, body: '<html>Bad Gateway</html>' };
    const proxy = await startProxy({ target: server.url, plan: [bad, bad] });
    try {
      const error = await caught(fetchRange({ url: proxy.url, query: 'rss_bytes', start: T0, end: T0 + 60, stepSeconds: 30, retries: 1, retryBaseDelayMs: 1 }));
      expect(error.message).toMatch(/answered HTTP 502 after 2 attempts: <html>Bad Gateway<\/html>; the server is failing or overloaded/);
    } finally {
      await proxy.close();
    }
  });

  it('times out an answer that never comes, and retries it', async () => {
    const proxy = await startProxy({ target: server.url, plan: [{ kind: 'hang' }] });
    try {
      const result = await fetchRange({ url: proxy.url, query: 'rss_bytes', start: T0, end: T0 + 60, stepSeconds: 30, timeoutMs: 300, retries: 1, retryBaseDelayMs: 1 });
      expect(result.attempts).toBe(2);
    } finally {
      await proxy.close();
    }
    const stuck = await startProxy({ target: server.url, plan: [{ kind: 'hang' }, { kind: 'hang' }] });
    try {
      const error = await caught(fetchRange({ url: stuck.url, query: 'rss_bytes', start: T0, end: T0 + 60, stepSeconds: 30, timeoutMs: 200, retries: 1, retryBaseDelayMs: 1 }));
      expect(error.message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:\d+\/api\/v1\/query_range: no answer within 200 ms \(2 attempts\); check the --prometheus URL/);
    } finally {
      await stuck.close();
    }
  });

  it('sends a bearer token only as a header', async () => {
    const token = 'tok-9f8e7d6c5b4a';
    const proxy = await startProxy({ target: server.url, bearerToken: token });
    try {
      const result = await fetchRange({ url: proxy.url, query: 'rss_bytes', start: T0, end: T0 + 60, stepSeconds: 30, token });
      expect(result.series).toBe(2);
      expect(proxy.seen.every((seen) => !seen.url.includes(token) && !seen.body.includes(token))).toBe(true);
      const refused = await caught(fetchRange({ url: proxy.url, query: 'rss_bytes', start: T0, end: T0 + 60, stepSeconds: 30, token: 'wrong-token-123' }));
      expect(refused.message).toMatch(/refused the request \(HTTP 401\); check the user:password in the URL or the bearer token/);
      expect(refused.message).not.toContain('wrong-token-123');
    } finally {
      await proxy.close();
    }
  });

  it('does not follow a redirect, which could carry the credentials to another host', async () => {
    const proxy = await startProxy({ target: server.url, plan: [{ kind: 'status', status: 302, location: 'http://elsewhere.example/api/v1/query_range' }] });
    try {
      const url = proxy.url.replace('http://', 'http://alice:hunter2-secret@');
      const error = await caught(fetchRange({ url, query: 'rss_bytes', start: T0, end: T0 + 60, stepSeconds: 30 }));
      expect(error.message).toMatch(/redirects \(HTTP 302\) to http:\/\/elsewhere\.example\/api\/v1\/query_range; give that URL as --prometheus/);
      expect(proxy.seen).toHaveLength(1);
      expect(error.message).not.toMatch(/alice|hunter2/);
    } finally {
      await proxy.close();
    }
  });

  it('reports an unreachable server with the URL’s credentials redacted', async () => {
    const port = await freePort();
    const error = await caught(
      fetchRange({ url: `http://alice:hunter2-secret@127.0.0.1:${port}/`, query: 'rss_bytes', start: T0, end: T0 + 60, stepSeconds: 30, retries: 1, retryBaseDelayMs: 1 }),
    );
    expect(error).toBeInstanceOf(LeakScoreError);
    expect(error.message).toMatch(new RegExp(`^cannot reach http://127\\.0\\.0\\.1:${port}/api/v1/query_range: fetch failed: .*ECONNREFUSED.* \\(2 attempts\\)`));
    expect(error.message).not.toMatch(/alice|hunter2/);
  });
});

/**
 * Real warnings: a Prometheus whose `remote_read` endpoint is down answers
 * with the local data plus a warning (a failed secondary storage is not an
 * error), which the merged document keeps and the result returns.
 */
describe.skipIf(skip)(`fetchRange passes Prometheus warnings through${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: PrometheusServer;
  beforeAll(async () => {
    const deadPort = await freePort();
    server = await startPrometheus({
      series: [{ name: 'rss_bytes', labels: { job: 'warn' }, samples: [[T0, 1], [T0 + 30, 2]] }],
      extraConfig: `remote_read:\n  - url: "http://127.0.0.1:${deadPort}/read"\n    remote_timeout: 1s\n`,
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('keeps warnings in the document, once each, across pieces', async () => {
    const result = await fetchRange({ url: server.url, query: 'rss_bytes', start: T0, end: T0 + 30, stepSeconds: 30, maxPointsPerRequest: 1 });
    expect(result.requests).toBe(2);
    expect(result.warnings.length).toBeGreaterThan(0);
    expect(result.warnings.join(' ')).toMatch(/connection refused|remote/i);
    const document = JSON.parse(result.text) as { warnings: string[]; data: { result: Array<{ values: unknown[] }> } };
    expect(document.warnings).toEqual(result.warnings);
    expect(document.data.result[0]?.values).toEqual([[T0, '1'], [T0 + 30, '2']]);
    const read = readPrometheus(result.text, { source: 'export.json' });
    expect(read.notes.length).toBe(result.warnings.length);
  });
});

/** Real basic auth: Prometheus' own `--web.config.file` with a bcrypt user. */
describe.skipIf(skip)(`fetchRange with basic auth from URL userinfo${skip ? ` (skipped: ${skip})` : ''}`, () => {
  // bcrypt (cost 4) of "open-sesame-42", made with Python's crypt; a test-only credential.
  const HASH = '$2b$04$piMiIEIuyH5LA9IF0HzwF.jGVNC73rHNwy2Q2qiDIAv1dK9bM6bBS';
  let server: PrometheusServer;
  beforeAll(async () => {
    server = await startPrometheus({
      series: [{ name: 'rss_bytes', labels: { job: 'auth' }, samples: [[T0, 1], [T0 + 30, 2]] }],
      webConfig: `basic_auth_users:\n  alice: ${JSON.stringify(HASH)}\n`,
      readyHeaders: { Authorization: `Basic ${Buffer.from('alice:open-sesame-42').toString('base64')}` },
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('authenticates with user:password from the URL', async () => {
    const url = server.url.replace('http://', 'http://alice:open-sesame-42@');
    const result = await fetchRange({ url, query: 'rss_bytes', start: T0, end: T0 + 30, stepSeconds: 30 });
    expect(JSON.parse(result.text).data.result[0].values).toEqual([[T0, '1'], [T0 + 30, '2']]);
    expect(result.endpoint).not.toContain('open-sesame');
  });

  it('a wrong password is a LeakScoreError that does not echo it', async () => {
    const url = server.url.replace('http://', 'http://alice:wrong-password-7@');
    const error = await caught(fetchRange({ url, query: 'rss_bytes', start: T0, end: T0 + 30, stepSeconds: 30 }));
    expect(error).toBeInstanceOf(LeakScoreError);
    expect(error.message).toMatch(/refused the request \(HTTP 401\)/);
    expect(error.message).not.toMatch(/alice|wrong-password/);
  });
});
