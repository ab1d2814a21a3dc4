// mulberry32: a deterministic pseudo-random sequence in [0, 1). Plain ESM so
// that both the TypeScript tests (through test/support/noise.ts) and the
// plain-Node fixture generators (fixtures/**/generate.mjs) use this one
// definition; the fixtures' bytes depend on it, so a change here must be
// followed by regenerating them (and reviewing the diff).

/**
 * @param {number} seed
 * @returns {() => number} the next value in [0, 1) at each call
 */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
