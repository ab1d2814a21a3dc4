// A process that leaks on purpose, for the record tests: every TICK_MS it
// allocates MIB_PER_TICK MiB, fills it (so the pages are resident) and holds
// on to it. On SIGTERM it says so on stdout and exits with TERM_EXIT (0).
// With IGNORE_SIGNALS=1 it ignores SIGTERM and SIGINT, to test SIGKILL after --kill-after.
const mibPerTick = Number(process.env.MIB_PER_TICK ?? 1);
const tickMs = Number(process.env.TICK_MS ?? 50);
const held = [];
setInterval(() => held.push(Buffer.alloc(mibPerTick * 1048576, 1)), tickMs);

if (process.env.IGNORE_SIGNALS === '1') {
  process.on('SIGTERM', () => console.log('hold: ignoring SIGTERM'));
  process.on('SIGINT', () => console.log('hold: ignoring SIGINT'));
} else {
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      console.log(`hold: got ${signal}`);
      process.exit(Number(process.env.TERM_EXIT ?? 0));
    });
  }
}
console.log(`hold: pid ${process.pid}`);
