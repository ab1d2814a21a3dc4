// Load for the soak-test recipe: a steady request rate against the server,
// over keep-alive connections, until the server goes away or time runs out.
//
//   node load.mjs PORT_FILE [RATE_PER_SECOND] [MAX_SECONDS]
import { readFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

const [portFile, rateText = '80', maxText = '120'] = process.argv.slice(2);
if (portFile === undefined) {
  console.error('usage: node load.mjs PORT_FILE [RATE_PER_SECOND] [MAX_SECONDS]');
  process.exit(2);
}
const rate = Number(rateText);
const deadline = Date.now() + Number(maxText) * 1000;

async function waitForPort() {
  while (Date.now() < deadline) {
    try {
      const port = Number(readFileSync(portFile, 'utf8'));
      if (port > 0) return port;
    } catch {
      // Not written yet.
    }
    await sleep(20);
  }
  throw new Error(`no port in ${portFile}`);
}

const port = await waitForPort();
const agent = new Agent({ keepAlive: true, maxSockets: 8 });
let sent = 0;
let failed = 0;
let stop = false;

function request() {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: `/item/${sent}`, agent }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', () => {
      // The server is gone (the recorder stopped it): the soak is over.
      failed++;
      if (failed >= 3) stop = true;
      resolve();
    });
  });
}

// Paced, not flat out: the leak grows with requests, so a steady rate keeps it steady.
const start = Date.now();
while (!stop && Date.now() < deadline) {
  sent++;
  void request();
  const next = start + (sent * 1000) / rate;
  await sleep(Math.max(0, next - Date.now()));
}
agent.destroy();
console.log(`load: ${sent} requests, ${failed} failed`);
