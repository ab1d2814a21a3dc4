/**
 * A small HTTP proxy in front of a real Prometheus, for what a lone
 * Prometheus cannot show: a flaky network (503, 429, dropped connections,
 * answers that never come) and bearer-token auth. It forwards requests
 * unchanged to the real server once its `plan` is used up, and records what
 * clients sent so tests can check that no credential travelled in a URL.
 */
import { once } from 'node:events';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** What the proxy does with the next request. */
export type Fault =
  | { kind: 'status'; status: number; body?: string; retryAfter?: string; location?: string }
  | { kind: 'drop' }
  | { kind: 'hang' }
  /** Pass this request on to the server, as once the plan is used up (to fault a later request only). */
  | { kind: 'forward' };

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ProxyOptions {
  /** Real server to forward to, e.g. `http://127.0.0.1:9090`. */
  target: string;
  /** Faults for the first requests, in order; later requests are forwarded. */
  plan?: Fault[];
  /** When set, requests without `Authorization: Bearer <token>` get 401. */
  bearerToken?: string;
}

export interface Proxy {
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

function forward(target: URL, seen: SeenRequest, response: ServerResponse): void {
  const headers: Record<string, string | string[] | undefined> = { ...seen.headers, host: target.host };
  delete headers.authorization; // the proxy's own credential, not the server's
  const outgoing = httpRequest(
    {
      host: target.hostname,
      port: target.port,
      method: seen.method,
      path: seen.url,
      headers,
    },
    (upstream) => {
      response.writeHead(upstream.statusCode ?? 502, upstream.headers);
      upstream.pipe(response);
    },
  );
  outgoing.on('error', (error) => {
    response.writeHead(502);
    response.end(String(error));
  });
  outgoing.end(seen.body);
}

export async function startProxy(options: ProxyOptions): Promise<Proxy> {
  const target = new URL(options.target);
  const plan = [...(options.plan ?? [])];
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    void (async () => {
      const entry: SeenRequest = {
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        headers: request.headers,
        body: await readBody(request),
      };
      seen.push(entry);
      const fault = plan.shift();
      if (fault?.kind === 'hang') return; // never answer; the client must time out
      if (fault?.kind === 'drop') {
        request.socket.destroy();
        return;
      }
      if (fault?.kind === 'status') {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
        if (fault.location !== undefined) headers.location = fault.location;
        response.writeHead(fault.status, headers);
        response.end(fault.body ?? '');
        return;
      }
      if (options.bearerToken !== undefined && request.headers.authorization !== `Bearer ${options.bearerToken}`) {
        response.writeHead(401, { 'content-type': 'text/plain' });
        response.end('Unauthorized\n');
        return;
      }
      forward(target, entry, response);
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    seen,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
