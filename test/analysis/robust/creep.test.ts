/** destep: upward jumps set aside, creep and falls kept. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { destep } from '../../../src/analysis/robust/creep.js';

describe('destep', () => {
  it('takes heap-sized jumps out of a staircase and leaves its page-sized wobble', () => {
    const out = destep([0, 1, 1, 50, 50, 51, 51]);
    expect(Array.from(out.values)).toEqual([0, 1, 1, 1, 1, 2, 2]);
    expect(out.jumps).toBe(1);
    expect(out.jumpTotal).toBe(49);
  });
  it('leaves a steady creep alone, and a creep with one jump keeps its creep', () => {
    const creep = Array.from({ length: 30 }, (_, i) => 100 + 0.7 * i + (i % 3) * 0.05);
    expect(Array.from(destep(creep).values)).toEqual(creep);
    const jumped = creep.map((v, i) => (i >= 12 ? v + 10 : v));
    const out = destep(jumped);
    expect(out.jumps).toBe(1);
    // The jump's increment goes whole, the creep of that one step with it.
    expect(out.values[29]! - out.values[0]!).toBeCloseTo(creep[29]! - creep[0]! - (creep[12]! - creep[11]!), 9);
  });
  it('never takes a fall out: a GC drop counts against the creep before it', () => {
    const out = destep([10, 11, 12, 13, 14, 2, 3, 4, 5, 6]);
    expect(out.jumps).toBe(0);
    expect(out.values[5]).toBe(2);
  });
  it('keeps every increment or drops it to zero, and only ever drops rises', () => {
    fc.assert(
      // Whole pages (integers) so every sum is exact.
      fc.property(fc.array(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 0, maxLength: 60 }), (values) => {
        const out = destep(values);
        expect(out.values.length).toBe(values.length);
        let removed = 0;
        for (let i = 1; i < values.length; i++) {
          const d = values[i]! - values[i - 1]!;
          const kept = out.values[i]! - out.values[i - 1]!;
          if (kept !== d) {
            expect(kept).toBe(0);
            expect(d).toBeGreaterThan(0);
            removed++;
          }
        }
        expect(out.jumps).toBe(removed);
      }),
    );
  });
});
