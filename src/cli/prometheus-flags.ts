/**
 * `leak-score --prometheus URL --query … --since 6h --step 30s`: the fetch
 * flags, and the input they fetch instead of a file (issue 6, Fetch).
 *
 * The range comes from `/api/v1/query_range` (src/prometheus/fetch.ts), is
 * optionally written to `--save FILE` as fetched, and is then read exactly as
 * that saved file would be (`readInput` with the Prometheus reader, SPEC §6),
 * so `leak-score FILE` with the same flags gives the same result apart from
 * `source`. Credentials: URL userinfo becomes Basic auth; a bearer token comes
 * from `--bearer-token-file` or LEAK_SCORE_PROMETHEUS_TOKEN, never argv (argv
 * shows in `ps`, shell history and CI logs). What can be printed — the
 * Result's `source` and notes, every error — has them redacted.
 */
import { Option, type Command } from 'commander';
import { analyse, type Result } from '../analysis/analyse.js';
import { LeakScoreError } from '../errors.js';
import { readInput } from '../samples/read-input.js';
import { analyseFleet } from '../k8s/index.js';
import { parseDuration, parseNumber, type AnalysisOptions } from '../options.js';
import { resolveEndpoint } from '../prometheus/endpoint.js';
import { DEFAULT_RETRY_POLICY } from '../prometheus/http.js';
import { probeScrapeInterval } from '../prometheus/scrape-interval.js';
import {
  BEARER_TOKEN_ENV,
  fetchCompanions,
  fetchRange,
  formatPromDuration,
  readBearerToken,
  Redactor,
  resolveTimeRange,
  type FetchRangeOptions,
} from '../prometheus/index.js';
import { describeWriteError, writeFileAtomic } from './atomic-write.js';
import { readOptionsFromFlags, type InputFlags } from './input-flags.js';
import type { CliIo } from './io.js';

export interface PrometheusFlags {
  prometheus?: string;
  query?: string;
  since?: string;
  start?: string;
  end?: string;
  step?: string;
  timeout?: string;
  retries?: string;
  bearerTokenFile?: string;
  save?: string;
  /** False with --no-companions: fetch only the query, not its Kubernetes companion series (issue 17). */
  companions?: boolean;
  /** Hidden: only there to refuse a token on argv without echoing it. */
  bearerToken?: string;
}

/** Defaults live here, not in commander, so "was any fetch flag given?" stays answerable. */
const DEFAULT_STEP = '30s';
const DEFAULT_TIMEOUT = '30s';
const DEFAULT_RETRIES = '3';

const GROUP = 'Fetch from Prometheus (instead of a file):';

/** Every fetch flag but --prometheus itself, as the user types it. */
const FETCH_FLAGS: ReadonlyArray<readonly [Exclude<keyof PrometheusFlags, 'prometheus' | 'bearerToken'>, string]> = [
  ['query', '--query'],
  ['since', '--since'],
  ['start', '--start'],
  ['end', '--end'],
  ['step', '--step'],
  ['timeout', '--timeout'],
  ['retries', '--retries'],
  ['bearerTokenFile', '--bearer-token-file'],
  ['save', '--save'],
];

const PROMETHEUS_EXAMPLES = `
Fetching from Prometheus:
  $ leak-score --prometheus http://prometheus:9090 --query 'process_resident_memory_bytes{job="api"}' --since 6h --step 30s
  $ leak-score --prometheus https://user:pass@prom.example --query 'container_memory_rss{pod=~"api-.*"}' \\
      --start 2024-11-19T07:00:00Z --end 2024-11-19T13:00:00Z --window 1h --save incident.json
  $ leak-score --prometheus http://prometheus:9090 --query 'container_memory_working_set_bytes{namespace="shop"}' --since 6h
      also fetches those containers' RSS, usage, page cache, memory limit and restart counter (--no-companions: the query only)
  $ LEAK_SCORE_PROMETHEUS_TOKEN=… leak-score --prometheus https://prom.example --query 'rss{job="api"}' --since 2h
  $ leak-score incident.json --window 1h         the saved range again: the same result`;

export function addPrometheusOptions(command: Command): Command {
  const option = (flags: string, description: string): Option => new Option(flags, description).helpGroup(GROUP);
  return command
    .addOption(option('--prometheus <url>', 'Prometheus base URL; user:password@ in it is sent as Basic auth'))
    .addOption(option('--query <promql>', 'PromQL whose every series is scored, e.g. process_resident_memory_bytes{job="api"}'))
    .addOption(option('--since <duration>', 'fetch this much before --end (default: now), e.g. 6h'))
    .addOption(option('--start <time>', 'range start: RFC 3339 (2024-11-19T07:00:00Z) or epoch seconds'))
    .addOption(option('--end <time>', 'range end: RFC 3339 or epoch seconds (default: now)'))
    .addOption(option('--step <duration>', `time between fetched points (default: the series' scrape interval, asked of the server; ${DEFAULT_STEP} if it cannot say)`))
    .addOption(option('--timeout <duration>', `per request (default: ${DEFAULT_TIMEOUT})`))
    .addOption(option('--retries <n>', `retries on network errors, timeouts, 429 and 5xx, with backoff (default: ${DEFAULT_RETRIES})`))
    .addOption(option('--bearer-token-file <file>', `file holding a bearer token (or set ${BEARER_TOKEN_ENV}; never a token on the command line)`))
    .addOption(option('--save <file>', 'also write the fetched range (query_range JSON) to this file, for the incident record'))
    .addOption(option('--no-companions', "fetch only the query: not the same containers' RSS, usage, cache, memory limit, restart counter and start time (docs/kubernetes.md)"))
    .addOption(new Option('--bearer-token <token>').hideHelp())
    .addHelpText('after', PROMETHEUS_EXAMPLES);
}

/** True when the run is a fetch: --prometheus or any fetch flag was given. */
export function wantsPrometheus(flags: PrometheusFlags): boolean {
  return (
    flags.prometheus !== undefined ||
    flags.bearerToken !== undefined ||
    flags.companions === false ||
    FETCH_FLAGS.some(([key]) => flags[key] !== undefined)
  );
}

/** The request the flags describe; reads the token from the file or `env`. */
export async function fetchOptionsFromFlags(
  flags: PrometheusFlags,
  env: Readonly<Record<string, string | undefined>>,
  nowSeconds: number,
): Promise<FetchRangeOptions> {
  if (flags.bearerToken !== undefined) {
    // Not echoed: the point is that it should not have been typed at all.
    throw new LeakScoreError(
      `a bearer token on the command line shows in ps, shell history and CI logs; put it in a file for --bearer-token-file, or in ${BEARER_TOKEN_ENV}`,
    );
  }
  if (flags.prometheus === undefined) {
    const given = FETCH_FLAGS.find(([key]) => flags[key] !== undefined)?.[1] ?? (flags.companions === false ? '--no-companions' : '--query');
    throw new LeakScoreError(`${given} is for fetching from Prometheus; add --prometheus URL, or leave ${given} out to read a file`);
  }
  if (flags.query === undefined || flags.query.trim() === '') {
    throw new LeakScoreError(`say what to fetch: --query 'process_resident_memory_bytes{job="api"}'`);
  }
  const range = resolveTimeRange({ since: flags.since, start: flags.start, end: flags.end }, nowSeconds);
  // Without --step the caller asks the server for the scrape interval (defaultStep); DEFAULT_STEP is the fallback.
  const stepSeconds = parseDuration(flags.step ?? DEFAULT_STEP, '--step');
  if (!(stepSeconds > 0)) throw new LeakScoreError(`--step ${flags.step} is not valid: give a duration above 0, e.g. 30s`);
  const timeoutSeconds = parseDuration(flags.timeout ?? DEFAULT_TIMEOUT, '--timeout');
  if (!(timeoutSeconds > 0)) throw new LeakScoreError(`--timeout ${flags.timeout} is not valid: give a duration above 0, e.g. 30s`);
  const retries = parseNumber(flags.retries ?? DEFAULT_RETRIES, '--retries', { min: 0, integer: true });
  const token = await readBearerToken({ file: flags.bearerTokenFile, env });
  return {
    url: flags.prometheus,
    query: flags.query,
    start: range.start,
    end: range.end,
    stepSeconds,
    timeoutMs: timeoutSeconds * 1000,
    retries,
    ...(token === undefined ? {} : { token }),
  };
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * A second line of defence over everything this run prints: the URL's
 * password and the token, wherever they might turn up (the fetch layer
 * already keeps them out of its own messages).
 */
function credentialRedactor(url: string | undefined, token: string | undefined): Redactor {
  const secrets: Array<string | undefined> = [token];
  try {
    if (url !== undefined) {
      const parsed = new URL(url);
      secrets.push(decoded(parsed.password), parsed.password);
    }
  } catch {
    // Not a URL: fetchRange words that error, and userinfo is still removed structurally.
  }
  return new Redactor(secrets);
}

/**
 * No --step: the series' scrape interval, asked of the server
 * (prometheus/scrape-interval.ts); DEFAULT_STEP only when it cannot say.
 */
async function defaultStep(request: FetchRangeOptions): Promise<{ request: FetchRangeOptions; note: string }> {
  const found = await probeScrapeInterval({
    endpoint: resolveEndpoint(request.url, request.token),
    query: request.query,
    start: request.start,
    end: request.end,
    // One quick try: an unreachable server is reported by the fetch itself, with its own retries.
    policy: { ...DEFAULT_RETRY_POLICY, timeoutMs: Math.min(10_000, request.timeoutMs ?? DEFAULT_RETRY_POLICY.timeoutMs), retries: 0 },
  });
  if (found === null) {
    return {
      request,
      note: `--step not given and the server could not say the scrape interval: fetched every ${DEFAULT_STEP}; give --step to match the scrapes`,
    };
  }
  const how = found.how === 'raw samples' ? "the spacing of the series' raw samples" : "the server's global scrape_interval (the query is an expression)";
  return {
    request: { ...request, stepSeconds: found.seconds },
    note: `--step not given: fetched every ${formatPromDuration(found.seconds, '--step')}, the scrape interval (${how})`,
  };
}

function isoSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function save(path: string, text: string): Promise<void> {
  try {
    // A temporary file renamed into place: the incident record is whole or absent, never cut short.
    await writeFileAtomic(path, `${text}\n`);
  } catch (error) {
    throw new LeakScoreError(`cannot write --save ${path} (${describeWriteError(error, path)}); give a path in a writable directory`);
  }
}

type Flags = PrometheusFlags & InputFlags;

/**
 * The default command's input when `--prometheus` is given: fetch →
 * `--save` → read → analyse. The caller renders and gates the Result as it
 * does for a file. Its `source` is the endpoint with credentials redacted,
 * and every error message is redacted too.
 */
export async function analysePrometheus(
  file: string | undefined,
  flags: Flags,
  options: AnalysisOptions,
  io: Pick<CliIo, 'env'>,
): Promise<Result> {
  let redactor = credentialRedactor(flags.prometheus, undefined);
  try {
    if (file !== undefined && flags.prometheus !== undefined) {
      throw new LeakScoreError(
        `both a file (${file}) and --prometheus were given; choose one: the file, or --prometheus URL --query … to fetch`,
      );
    }
    if (flags.inputFormat !== undefined && flags.inputFormat !== 'prometheus') {
      throw new LeakScoreError(
        `--input-format ${flags.inputFormat} does not apply to --prometheus, which always reads query_range JSON; leave it out`,
      );
    }
    const given = await fetchOptionsFromFlags(flags, io.env, Date.now() / 1000);
    redactor = credentialRedactor(given.url, given.token);
    const { request, note: stepNote } = flags.step === undefined ? await defaultStep(given) : { request: given, note: null };
    const main = await fetchRange(request);
    // Issue 17: the same containers' RSS, usage, cache, limit, restarts and start time, paired below as in a file.
    const fetched = flags.companions === false || main.series === 0 ? { ...main, notes: [] } : { ...main, ...(await fetchCompanions(request, main)) };
    // Saved before anything can refuse the data: the record of what the server said.
    if (flags.save !== undefined) await save(flags.save, fetched.text);
    const source = fetched.endpoint;
    if (fetched.series === 0) {
      throw new LeakScoreError(
        `Prometheus at ${source} returned no series for ${request.query} between ${isoSeconds(request.start)} and ${isoSeconds(request.end)}; check the query in the Prometheus UI, and the range`,
      );
    }
    // Read as the saved file would be (SPEC §6), so scoring --save FILE gives the same result.
    const read = readInput(fetched.text, { ...readOptionsFromFlags(flags, source), inputFormat: 'prometheus' });
    const notes = [...(stepNote === null ? [] : [stepNote]), ...fetched.notes, ...read.notes].map((note) => redactor.redact(note));
    const input = { source, format: read.format, notes, series: read.series };
    // Issue 17: a query selecting working set with its companions pairs them per pod (src/k8s/).
    return analyseFleet(input, options) ?? analyse(input, options);
  } catch (error) {
    if (error instanceof LeakScoreError) throw new LeakScoreError(redactor.redact(error.message));
    throw error;
  }
}
