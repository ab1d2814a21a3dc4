// A tiny HTTP service for the soak-test recipe (see README.md here).
//
// Every response is also kept in an in-memory audit trail of recent
// responses. With LEAK=1 the trail is the bug: a new 64 KiB entry for every
// request, never trimmed — under the load loop's 80 requests a second it
// grows by about 5 MiB/s. Without it the trail is the fix: a ring of 64
// entries allocated at start-up and overwritten in turn, so memory is flat
// once the server is warm.
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';

const LEAK = process.env.LEAK === '1';
const KEEP = 64;
const ENTRY_BYTES = 64 * 1024;

const trail = LEAK ? [] : Array.from({ length: KEEP }, () => Buffer.alloc(ENTRY_BYTES));
let requests = 0;

const server = createServer((request, response) => {
  requests++;
  let entry;
  if (LEAK) {
    entry = Buffer.alloc(ENTRY_BYTES);
    trail.push(entry);
  } else {
    entry = trail[requests % KEEP];
  }
  // "Render" the response into its audit entry; filling touches every page, so it is resident.
  entry.fill(requests % 251);
  response.setHeader('content-type', 'application/octet-stream');
  response.end(entry.subarray(0, 16));
});

server.keepAliveTimeout = 10_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address();
  // The load loop waits for this file: the port is chosen by the OS so parallel runs never collide.
  if (process.env.PORT_FILE) writeFileSync(process.env.PORT_FILE, String(port));
  console.log(`soak server on 127.0.0.1:${port}, leak ${LEAK ? 'on' : 'off'}`);
});

function shutdown(signal) {
  console.log(`soak server: ${signal} after ${requests} requests, ${trail.length} entries in the audit trail`);
  server.close();
  server.closeAllConnections();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
