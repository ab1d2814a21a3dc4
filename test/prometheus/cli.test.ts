/**
 * The CLI end to end against a real Prometheus (issue 6): `leak-score
 * --prometheus …` fetches and scores like a file, `--save` keeps a file that
 * scores the same, errors quote Prometheus and never a credential, and
 * `leak-score rules` prints rules that promtool accepts and that, loaded into
 * the server, compute the score the CLI computes — the fleet recipe of the
 * README. No mock of Prometheus' API: data is backfilled with promtool; a
 * forwarding proxy adds bearer auth, which a lone Prometheus cannot ask for.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { startProxy } from '../support/http-proxy.js';
import {
  instantQuery,
  loadedRules,
  promtool,
  shouldSkipPrometheus,
  startPrometheus,
  type PrometheusServer,
  type SeriesSpec,
} from '../support/prometheus-server.js';

const skip = shouldSkipPrometheus();
const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'leak-score.js');

/** Whole seconds, 30 s scrapes on the 30 s grid of `--start T0 --step 30s`: each point is one sample. */
const T0 = 1_700_000_010;
const HOURS = 2;
const END = T0 + HOURS * 3600;
const MiB = 1_048_576;
const SELECTOR = 'process_resident_memory_bytes{job="api"}';

/** Deterministic jitter of a few hundred KiB, so R² is high but not 1. */
const jitter = (i: number): number => (((i * 7919) % 13) - 6) * 60_000;

function series(instance: string, mibPerHour: number, baseMiB: number): SeriesSpec {
  const samples: Array<[number, number]> = [];
  for (let i = 0; T0 + 30 * i <= END; i++) {
    samples.push([T0 + 30 * i, Math.round(baseMiB * MiB + (mibPerHour * MiB * 30 * i) / 3600 + jitter(i))]);
  }
  return { name: 'process_resident_memory_bytes', labels: { job: 'api', instance }, samples };
}

/** `leaky` grows 40 MiB/h (MemoryLeakDetected fires); `steady` is flat. Neither reaches 400 MiB. */
const DATA = [series('leaky', 40, 200), series('steady', 0, 150)];

interface JsonSeries {
  labels: Record<string, string>;
  verdict: string;
  samples: number;
  final: { slopeMiBPerHour: number | null; r2: number | null; score: number };
  alerts: Array<{ name: string }>;
}
interface JsonResult {
  source: string;
  verdict: string;
  exitCode: number;
  series: JsonSeries[];
}

const range = ['--start', String(T0), '--end', String(END), '--step', '30s'];

function byInstance(result: JsonResult): Map<string, JsonSeries> {
  return new Map(result.series.map((one) => [one.labels.instance as string, one]));
}

function withoutSource(result: JsonResult): Omit<JsonResult, 'source'> {
  const { source: _source, ...rest } = result;
  return rest;
}

/** The built binary (`npm run build` first), as a user would run it. */
function runBin(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

function withCredentials(url: string, userinfo: string): string {
  return url.replace('http://', `http://${userinfo}@`);
}

describe.skipIf(skip)(`leak-score --prometheus against a real Prometheus${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: PrometheusServer;
  let dir: string;
  /** The rule file `leak-score rules` printed, loaded into the server. */
  let rules: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'leak-score-cli-prom-'));
    const printed = await runCli(['rules', '--selector', SELECTOR, '--window', '1h']);
    expect(printed.code).toBe(0);
    rules = printed.stdout;
    server = await startPrometheus({ series: DATA, rules });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('fetches both series and scores them: the leak fails, the flat one passes', async () => {
    const run = await runCli(['--prometheus', server.url, '--query', SELECTOR, ...range, '--window', '1h', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as JsonResult;
    expect(result.verdict).toBe('fail');
    expect(result.source).toBe(`${server.url}/api/v1/query_range`);
    expect(result.series).toHaveLength(2);
    const found = byInstance(result);
    expect(found.get('leaky')?.verdict).toBe('fail');
    expect(found.get('leaky')?.alerts.map((alert) => alert.name)).toContain('MemoryLeakDetected');
    expect(found.get('steady')?.verdict).toBe('pass');
    for (const one of result.series) expect(one.samples).toBe(HOURS * 120 + 1);
    expect(found.get('leaky')?.final.slopeMiBPerHour).toBeCloseTo(40, 0);
  });

  it('--save keeps a file that scores to the same JSON, apart from source', async () => {
    const saved = join(dir, 'export.json');
    const flags = ['--window', '1h', '--leak-for', '10m', '--format', 'json'];
    const fetched = await runCli(['--prometheus', server.url, '--query', SELECTOR, ...range, '--save', saved, ...flags]);
    expect(fetched.code).toBe(1);
    const document = JSON.parse(await readFile(saved, 'utf8')) as { status: string; data: { resultType: string; result: unknown[] } };
    expect(document.status).toBe('success');
    expect(document.data.resultType).toBe('matrix');
    expect(document.data.result).toHaveLength(2);
    const fromFile = await runCli([saved, ...flags]);
    expect(fromFile.code).toBe(fetched.code);
    const a = JSON.parse(fetched.stdout) as JsonResult;
    const b = JSON.parse(fromFile.stdout) as JsonResult;
    expect(b.source).toBe(saved);
    expect(withoutSource(a)).toEqual(withoutSource(b));
  });

  it('takes --since back from --end, and analysis and output flags as for a file', async () => {
    const run = await runCli([
      '--prometheus', server.url, '--query', SELECTOR, '--since', '2h', '--end', new Date(END * 1000).toISOString(),
      '--window', '1h', '--gate', 'rss', '--quiet',
    ]);
    expect(run.code).toBe(0); // the leak still fires, but only MemoryHigh gates
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stdout).toMatch(/^PASS/);
    const steady = await runCli([
      '--prometheus', server.url, '--query', SELECTOR, ...range, '--series', 'instance="steady"', '--format', 'json',
    ]);
    expect(steady.code).toBe(0);
    expect((JSON.parse(steady.stdout) as JsonResult).series.map((one) => one.labels.instance)).toEqual(['steady']);
  });

  it('a query error exits 2 quoting Prometheus’ errorType and error', async () => {
    const run = await runCli(['--prometheus', server.url, '--query', 'rate(process_resident_memory_bytes', ...range]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^leak-score: Prometheus at http:\/\/127\.0\.0\.1:\d+\/api\/v1\/query_range returned an error \(bad_data: .*parse error: unclosed left parenthesis\); fix the query or the time range\n$/,
    );
  });

  it('a query that matches nothing exits 2 naming the query and the range', async () => {
    const run = await runCli(['--prometheus', server.url, '--query', 'no_such_metric', '--since', '6h']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/returned no series for no_such_metric between \d{4}-\d\d-\d\dT[\d:.]+Z and [\d:.TZ-]+Z; check the query/);
  });

  it('never prints the URL’s credentials: not in text, JSON, --save or errors (the built binary)', async () => {
    const url = withCredentials(server.url, 'alice:pa55-w0rd-secret');
    const saved = join(dir, 'with-credentials.json');
    const runs = await Promise.all([
      ['--prometheus', url, '--query', SELECTOR, ...range, '--window', '1h', '--save', saved],
      ['--prometheus', url, '--query', SELECTOR, ...range, '--window', '1h', '--format', 'json'],
      ['--prometheus', url, '--query', SELECTOR, ...range, '--format', 'markdown'],
      ['--prometheus', url, '--query', 'rate(x', ...range],
      ['--prometheus', `${url}/wrong/path`, '--query', SELECTOR, ...range],
      ['--prometheus', url, '--query', SELECTOR, ...range, 'leaky.csv'],
    ].map((args) => runBin(args)));
    expect(runs.map((run) => run.status)).toEqual([1, 1, 1, 2, 2, 2]);
    for (const run of runs) {
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/alice|pa55-w0rd-secret/);
    }
    expect(runs[0]?.stdout).toContain(`(${server.url}/api/v1/query_range)`);
    expect((JSON.parse(runs[1]?.stdout ?? '') as JsonResult).source).toBe(`${server.url}/api/v1/query_range`);
    expect(await readFile(saved, 'utf8')).not.toMatch(/alice|pa55/);
    expect(runs[5]?.stderr).toMatch(/choose one/);
  }, 60_000);

  it('sends a bearer token from LEAK_SCORE_PROMETHEUS_TOKEN or --bearer-token-file, and never prints it', async () => {
    const token = 'tok-cli-5e3a9b1f7c';
    const proxy = await startProxy({ target: server.url, bearerToken: token });
    try {
      const args = ['--prometheus', proxy.url, '--query', SELECTOR, ...range, '--window', '1h', '--format', 'json'];
      const fromEnv = await runCli(args, { env: { LEAK_SCORE_PROMETHEUS_TOKEN: token } });
      expect(fromEnv.code).toBe(1);
      const file = join(dir, 'token');
      await writeFile(file, `${token}\n`);
      const fromFile = await runCli([...args, '--bearer-token-file', file]);
      expect(fromFile.code).toBe(1);
      expect(fromFile.stdout).toBe(fromEnv.stdout);
      const refused = await runCli(args, { env: { LEAK_SCORE_PROMETHEUS_TOKEN: 'wrong-token-0123' } });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/refused the request \(HTTP 401\); check the user:password in the URL or the bearer token/);
      for (const run of [fromEnv, fromFile, refused]) expect(`${run.stdout}${run.stderr}`).not.toMatch(/tok-cli|wrong-token/);
      expect(proxy.seen.every((seen) => !seen.url.includes(token) && !seen.body.includes(token))).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('the fleet recipe: the rules the CLI printed, loaded into Prometheus, give the CLI’s final score per series', async () => {
    const loaded = await loadedRules(server);
    expect(loaded.map((rule) => rule.name)).toEqual([
      'leak_score:slope_mib_per_hour:1h',
      'leak_score:r2:1h',
      'leak_score:samples:1h',
      'leak_score:score:1h',
      'MemoryLeakDetected',
      'MemoryHigh',
    ]);
    const query = (name: string): string => loaded.find((rule) => rule.name === name)?.query as string;
    const run = await runCli(['--prometheus', server.url, '--query', SELECTOR, ...range, '--window', '1h', '--format', 'json']);
    const cli = byInstance(JSON.parse(run.stdout) as JsonResult);
    // At a sample time both windows are [t − 1h, t] with both ends: the same 121 samples (src/prometheus/README.md).
    for (const [record, pick] of [
      ['leak_score:score:1h', (one: JsonSeries) => one.final.score],
      ['leak_score:slope_mib_per_hour:1h', (one: JsonSeries) => one.final.slopeMiBPerHour as number],
      ['leak_score:r2:1h', (one: JsonSeries) => one.final.r2 as number],
    ] as const) {
      const values = await instantQuery(server, query(record), END);
      expect(values).toHaveLength(2);
      for (const { metric, value } of values) {
        const expected = pick(cli.get(metric.instance as string) as JsonSeries);
        expect(Math.abs(value - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected) + 1e-12);
      }
    }
    expect(cli.get('leaky')?.final.score).toBeGreaterThan(0.8);
  });
});

describe.skipIf(skip)(`leak-score rules, checked by promtool${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'leak-score-cli-rules-'));
  });
  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['the defaults (window 1h)', [] as string[]],
    ['the linear curve, custom thresholds and an evaluation interval', [
      '--window', '45m', '--curve', 'linear', '--severe', '80', '--min-samples', '20', '--leak-threshold', '0.65',
      '--leak-for', '30m', '--rss-threshold', '1GiB', '--rss-for', '0s', '--staleness', '10m', '--evaluation-interval', '30s',
    ]],
  ])('passes promtool check rules: %s', async (_name, extra) => {
    const run = await runCli(['rules', '--selector', SELECTOR, ...extra]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const file = join(dir, `rules-${extra.length}.yml`);
    await writeFile(file, run.stdout);
    const checked = await promtool(['check', 'rules', file]);
    expect(checked.output).toMatch(/SUCCESS: 6 rules found/);
    expect(checked.code).toBe(0);
  });
});

describe('leak-score rules and --prometheus usage errors (no server needed)', () => {
  it('rules defaults to a 1h window and takes the analysis flags', async () => {
    const run = await runCli(['rules', '--selector', SELECTOR]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('record: "leak_score:score:1h"');
    expect(run.stdout).toContain(`count_over_time(${SELECTOR}[1h]) >= 10`);
    const custom = await runCli(['rules', '--selector', SELECTOR, '-w', '30m', '--min-samples', '20', '--leak-for', '5m']);
    expect(custom.stdout).toContain('record: "leak_score:score:30m"');
    expect(custom.stdout).toContain(`>= 20`);
    expect(custom.stdout).toMatch(/alert: "MemoryLeakDetected"\n[^]*?for: "5m"/);
  });

  it('rules refuses a count window with the reason (exit 2)', async () => {
    const run = await runCli(['rules', '--selector', SELECTOR, '--window', '120']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'leak-score: --window 120 is a sample count, but PromQL selects samples by time, so only duration windows make sense in rules; give --window 1h (120 samples at a 30 s scrape interval)\n',
    );
  });

  it('rules needs a plain selector, and refuses flags that mean nothing there', async () => {
    expect((await runCli(['rules'])).stderr).toMatch(/say which series to score: --selector/);
    expect((await runCli(['rules', '--selector', 'sum(rss)'])).stderr).toMatch(/is not a plain series selector/);
    const gate = await runCli(['rules', '--selector', SELECTOR, '--gate', 'leak']);
    expect(gate.code).toBe(2);
    expect(gate.stderr).toMatch(/unknown option '--gate'/);
  });

  it('rules --help and --help show examples', async () => {
    const rules = await runCli(['rules', '--help']);
    expect(rules.code).toBe(0);
    expect(rules.stdout).toContain('Examples:');
    expect(rules.stdout).toContain('promtool check rules');
    const root = await runCli(['--help']);
    expect(root.stdout).toContain('Fetch from Prometheus (instead of a file):');
    expect(root.stdout).toContain('--bearer-token-file <file>');
    expect(root.stdout).toMatch(/leak-score --prometheus http:\/\/prometheus:9090 --query/);
  });

  it('a file and --prometheus together: choose one (exit 2)', async () => {
    const run = await runCli(['samples.csv', '--prometheus', 'http://127.0.0.1:9', '--query', 'up', '--since', '1h']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/both a file \(samples\.csv\) and --prometheus were given; choose one/);
  });

  it('fetch flags without --prometheus, and missing --query or range, are usage errors', async () => {
    expect((await runCli(['--query', 'up', '--since', '1h'])).stderr).toMatch(/--query is for fetching from Prometheus; add --prometheus URL/);
    expect((await runCli(['samples.csv', '--save', 'x.json'])).stderr).toMatch(/--save is for fetching from Prometheus/);
    expect((await runCli(['samples.csv', '--no-companions'])).stderr).toMatch(/--no-companions is for fetching from Prometheus; add --prometheus URL, or leave --no-companions out/);
    expect((await runCli(['--prometheus', 'http://127.0.0.1:9', '--since', '1h'])).stderr).toMatch(/say what to fetch: --query/);
    expect((await runCli(['--prometheus', 'http://127.0.0.1:9', '--query', 'up'])).stderr).toMatch(/say which range to fetch: --since 6h/);
    const step = await runCli(['--prometheus', 'http://127.0.0.1:9', '--query', 'up', '--since', '1h', '--step', '0s']);
    expect(step.code).toBe(2);
    expect(step.stderr).toMatch(/--step 0s is not valid/);
  });

  it('refuses a token on the command line without echoing it', async () => {
    const run = await runCli(['--prometheus', 'http://127.0.0.1:9', '--query', 'up', '--since', '1h', '--bearer-token', 'sekrit-123']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/a bearer token on the command line shows in ps.*--bearer-token-file.*LEAK_SCORE_PROMETHEUS_TOKEN/);
    expect(run.stderr).not.toContain('sekrit');
  });

  it('an unreachable server is exit 2 with the credentials redacted', async () => {
    const run = await runCli([
      '--prometheus', 'http://bob:hunter2-pw@127.0.0.1:9', '--query', 'up', '--since', '1h', '--retries', '0', '--timeout', '2s',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^leak-score: cannot reach http:\/\/127\.0\.0\.1:9\/api\/v1\/query/);
    expect(run.stderr).not.toMatch(/bob|hunter2/);
  });
});
