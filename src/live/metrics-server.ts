/**
 * A minimal `/metrics` endpoint on node:http for `record --metrics-port`:
 * GET (or HEAD) /metrics answers with whatever `render` returns; `/` points
 * there; anything else is 404. Listening errors become LeakScoreErrors that
 * say what to change, before anything is recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { LeakScoreError } from '../errors.js';
import { errorCode } from '../record/proc.js';
import { EXPOSITION_CONTENT_TYPE } from './exposition.js';

export interface MetricsServerOptions {
  /** 0 picks a free port (the URL then names it). */
  port: number;
  host: string;
  /** The exposition text for one scrape. */
  render: () => string;
  /** For messages: the flags that chose the address. */
  portFlag?: string;
  hostFlag?: string;
}

export interface MetricsServer {
  /** The scrape URL, e.g. `http://127.0.0.1:9464/metrics`. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and drops open connections (a scraper's keep-alive must not hold the process). */
  close(): Promise<void>;
}

export const METRICS_PATH = '/metrics';

function handle(request: IncomingMessage, response: ServerResponse, render: () => string): void {
  const path = (request.url ?? '/').split('?')[0];
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('GET /metrics\n');
    return;
  }
  if (path === METRICS_PATH) {
    const body = render();
    response.writeHead(200, { 'content-type': EXPOSITION_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) });
    response.end(request.method === 'HEAD' ? undefined : body);
    return;
  }
  const status = path === '/' ? 200 : 404;
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`leak-score: the gauges are at ${METRICS_PATH}\n`);
}

function listenError(error: unknown, host: string, port: number, portFlag: string, hostFlag: string): LeakScoreError {
  const where = `${host}:${port}`;
  switch (errorCode(error)) {
    case 'EADDRINUSE':
      return new LeakScoreError(`cannot serve metrics on ${where}: the port is in use; choose another ${portFlag} (0 picks a free one)`);
    case 'EACCES':
    case 'EPERM':
      return new LeakScoreError(`cannot serve metrics on ${where}: permission denied (ports below 1024 need root); choose ${portFlag} 9464`);
    case 'EADDRNOTAVAIL':
      return new LeakScoreError(`cannot serve metrics on ${where}: ${host} is not an address of this machine; give ${hostFlag} 127.0.0.1 or 0.0.0.0`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new LeakScoreError(`cannot serve metrics on ${where}: no such host ${JSON.stringify(host)}; give ${hostFlag} an address such as 127.0.0.1`);
    default:
      return new LeakScoreError(`cannot serve metrics on ${where} (${error instanceof Error ? error.message : String(error)})`);
  }
}

export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const { host, render } = options;
  const server = createServer((request, response) => handle(request, response, render));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(listenError(error, host, options.port, options.portFlag ?? '--metrics-port', options.hostFlag ?? '--metrics-host')),
    );
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const shown = isIP(host) === 6 ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}${METRICS_PATH}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
