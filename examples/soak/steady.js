// The fixed twin of leak.js: the same requests and short-lived garbage, but
// the log of recent requests is a ring of 1 000 records allocated at start-up
// and overwritten in place, so memory is flat once the process is warm.
//
//   npx leak-score record --duration 90s -- node steady.js   # PASS, exit 0
//
// (Had the fix allocated a fresh record per request and dropped the oldest,
// every record would live 25 s, outlast the young generation and be freed
// only by V8's major collections: a sawtooth of several MiB a minute, which
// a 90 s soak cannot tell from a leak. docs/soak.md has the measurements.)
const KEEP = 1000;
const recent = Array.from({ length: KEEP }, () => ({ id: 0, at: 0, payload: Buffer.alloc(4096) }));
let handled = 0;
setInterval(() => {
  const request = { id: ++handled, headers: { 'user-agent': 'soak' }, body: 'x'.repeat(512) };
  const response = JSON.stringify({ ok: true, id: request.id, echo: request.body }); // garbage, freed
  const record = recent[handled % KEEP];
  record.id = request.id;
  record.at = Date.now();
  record.payload.fill(response.length & 0xff); // bounded: the ring is reused
}, 25);
