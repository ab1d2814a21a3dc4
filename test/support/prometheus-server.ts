/**
 * A real Prometheus for tests (issue 6, "Verified against the real thing"):
 * write OpenMetrics, backfill it with `promtool tsdb create-blocks-from
 * openmetrics`, start `prometheus` on 127.0.0.1 with a free port over the
 * backfilled blocks, wait for `/-/ready`, and stop it by PID.
 *
 * Backfilled data is old, hence `--storage.tsdb.retention.time=100y`.
 * Timestamps are written in seconds with at most millisecond precision;
 * promtool truncates `seconds × 1000` to an integer, so tests should use
 * times whose millisecond value is exact in binary (whole seconds, .5, .25 …).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SeriesSpec {
  /** Metric name, e.g. `process_resident_memory_bytes`. */
  name: string;
  labels?: Record<string, string>;
  /** `[seconds since the epoch, value]`, in increasing time order. */
  samples: ReadonlyArray<readonly [number, number]>;
}

/** Whether `prometheus` and `promtool` are on PATH, and if not, why the tests skip. */
export function prometheusAvailability(): { available: boolean; reason: string } {
  const missing = ['prometheus', 'promtool'].filter(
    (tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status !== 0,
  );
  if (missing.length === 0) return { available: true, reason: '' };
  return {
    available: false,
    reason: `${missing.join(' and ')} not installed (apt-get install prometheus); set CI to make this a failure`,
  };
}

/**
 * Tests needing a real server run when CI is set (and then fail loudly if the
 * tools are missing); without CI they skip only when the tools are missing.
 */
export function shouldSkipPrometheus(): string | false {
  if (process.env.CI) return false;
  const { available, reason } = prometheusAvailability();
  return available ? false : reason;
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatLabels(labels: Record<string, string> | undefined): string {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return '';
  return `{${entries.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/**
 * OpenMetrics text for the given series, each family declared as a gauge and
 * its series contiguous, ending with the mandatory `# EOF`.
 */
export function openMetricsText(series: readonly SeriesSpec[]): string {
  const families = new Map<string, SeriesSpec[]>();
  for (const one of series) {
    const list = families.get(one.name) ?? [];
    list.push(one);
    families.set(one.name, list);
  }
  const lines: string[] = [];
  for (const [name, members] of families) {
    lines.push(`# TYPE ${name} gauge`);
    for (const member of members) {
      const labels = formatLabels(member.labels);
      for (const [seconds, value] of member.samples) {
        lines.push(`${name}${labels} ${formatNumber(value)} ${formatNumber(seconds)}`);
      }
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

function run(command: string, args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Runs `promtool` with the given arguments; resolves with exit code and combined output. */
export function promtool(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return run('promtool', args);
}

/** Backfills OpenMetrics text into TSDB blocks under `dataDir`. */
export async function backfill(text: string, dataDir: string): Promise<void> {
  const file = join(dataDir, '..', `backfill-${process.pid}-${Date.now()}.om`);
  await writeFile(file, text);
  try {
    const { code, output } = await promtool(['tsdb', 'create-blocks-from', 'openmetrics', file, dataDir]);
    if (code !== 0) throw new Error(`promtool create-blocks-from failed (${code}):\n${output}`);
  } finally {
    await rm(file, { force: true });
  }
}

/** A port nobody listens on right now (the usual bind-to-0 trick). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface PrometheusServer {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  pid: number;
  /** The directory holding config, data and log; removed by `stop`. */
  dir: string;
  /** The server's own log so far (stdout and stderr). */
  log(): string;
  /** Stops the server by PID (SIGTERM, then SIGKILL) and removes its directory. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Series to backfill before starting. */
  series?: readonly SeriesSpec[];
  /** Rule file contents (YAML) to load; several become several `rule_files`. */
  rules?: string | readonly string[];
  /** Global `evaluation_interval`, default `15s`. */
  evaluationInterval?: string;
  /** Top-level configuration lines appended to prometheus.yml, e.g. a `remote_read:` block. */
  extraConfig?: string;
  /** `--web.config.file` contents (YAML), e.g. `basic_auth_users`. */
  webConfig?: string;
  /** Headers for the readiness probe, e.g. Basic auth when `webConfig` requires it. */
  readyHeaders?: Record<string, string>;
  /** Extra command-line flags. */
  flags?: readonly string[];
}

async function waitReady(
  url: string,
  child: ChildProcess,
  log: () => string,
  headers: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`${url}/-/ready`, { headers, signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`prometheus at ${url} not ready after ${timeoutMs} ms:\n${log()}`);
}

/** Servers still running, killed by PID if the test process exits without `stop()`. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) {
    try {
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

async function stopChild(child: ChildProcess): Promise<void> {
  running.delete(child);
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = once(child, 'exit');
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      process.kill(child.pid, 'SIGKILL');
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

/** Starts a Prometheus over backfilled `series`, optionally loading `rules`. */
export async function startPrometheus(options: StartOptions = {}): Promise<PrometheusServer> {
  const dir = await mkdtemp(join(tmpdir(), 'leak-score-prom-'));
  const dataDir = join(dir, 'data');
  if (options.series !== undefined && options.series.length > 0) {
    await backfill(openMetricsText(options.series), dataDir);
  }
  const config: string[] = ['global:', `  evaluation_interval: ${options.evaluationInterval ?? '15s'}`];
  const ruleTexts = options.rules === undefined ? [] : typeof options.rules === 'string' ? [options.rules] : options.rules;
  if (ruleTexts.length > 0) {
    config.push('rule_files:');
    for (const [index, text] of ruleTexts.entries()) {
      const rulesFile = join(dir, `rules-${index}.yml`);
      await writeFile(rulesFile, text);
      config.push(`  - ${JSON.stringify(rulesFile)}`);
    }
  }
  if (options.extraConfig !== undefined) config.push(options.extraConfig.trimEnd());
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(configFile, `${config.join('\n')}\n`);
  const extraFlags = [...(options.flags ?? [])];
  if (options.webConfig !== undefined) {
    const webConfigFile = join(dir, 'web.yml');
    await writeFile(webConfigFile, options.webConfig);
    extraFlags.push(`--web.config.file=${webConfigFile}`);
  }

  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(
      'prometheus',
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${dataDir}`,
        '--storage.tsdb.retention.time=100y',
        `--web.listen-address=127.0.0.1:${port}`,
        ...extraFlags,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    running.add(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const log = (): string => output;
    try {
      await waitReady(url, child, log, options.readyHeaders);
    } catch (error) {
      lastError = error;
      await stopChild(child);
      continue; // most likely the port was taken in between; try another
    }
    return {
      url,
      pid: child.pid as number,
      dir,
      log,
      async stop() {
        await stopChild(child);
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}

/** GET `/api/v1/query` at `time` (seconds); returns the vector's samples. */
export async function instantQuery(
  server: { url: string },
  query: string,
  time: number,
): Promise<Array<{ metric: Record<string, string>; value: number }>> {
  const url = new URL('/api/v1/query', server.url);
  url.searchParams.set('query', query);
  url.searchParams.set('time', String(time));
  const response = await fetch(url);
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data?: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
  };
  if (body.status !== 'success' || body.data === undefined) {
    throw new Error(`query ${query} at ${time} failed: ${body.error ?? response.status}`);
  }
  if (body.data.resultType === 'scalar') {
    const value = body.data.result as unknown as [number, string];
    return [{ metric: {}, value: Number(value[1]) }];
  }
  return body.data.result.map((item) => ({ metric: item.metric, value: Number(item.value[1]) }));
}

/** The rules the server actually loaded (`/api/v1/rules`). */
export async function loadedRules(
  server: { url: string },
): Promise<Array<{ name: string; query: string; type: 'recording' | 'alerting'; duration?: number }>> {
  const response = await fetch(new URL('/api/v1/rules', server.url));
  const body = (await response.json()) as {
    data: { groups: Array<{ rules: Array<{ name: string; query: string; type: 'recording' | 'alerting'; duration?: number }> }> };
  };
  return body.data.groups.flatMap((group) => group.rules);
}

/** Reads a file the server wrote (for debugging failed tests). */
export function readServerFile(server: PrometheusServer, name: string): Promise<string> {
  return readFile(join(server.dir, name), 'utf8');
}
