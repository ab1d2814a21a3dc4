// A leak for the soak gate to catch: every request handled keeps a 4 KiB
// record in a list that nothing ever empties (an unbounded "recent requests"
// log), under short-lived garbage like a real service's. About 40 requests a
// second: ~580 MiB/h retained, a few MiB of it in a 90 s soak.
//
//   npx leak-score record --duration 90s -- node leak.js     # FAIL, exit 1
const recent = [];
let handled = 0;
setInterval(() => {
  const request = { id: ++handled, headers: { 'user-agent': 'soak' }, body: 'x'.repeat(512) };
  const response = JSON.stringify({ ok: true, id: request.id, echo: request.body }); // garbage, freed
  recent.push({ id: request.id, at: Date.now(), payload: Buffer.alloc(4096, response.length & 0xff) }); // the bug
}, 25);
