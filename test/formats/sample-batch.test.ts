import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SampleBatch } from '../../src/formats/sample-batch.js';

/** A SampleBatch whose hand-ons are recorded as copies (the arrays are reused). */
function recorded(capacity?: number): { batch: SampleBatch; handed: Array<Array<[number, number]>> } {
  const handed: Array<Array<[number, number]>> = [];
  const batch = new SampleBatch((times, values, count) => {
    handed.push(Array.from({ length: count }, (_, i) => [times[i] as number, values[i] as number]));
  }, capacity);
  return { batch, handed };
}

describe('SampleBatch', () => {
  it('hands a full batch on at once, and the rest on flush, in push order', () => {
    const { batch, handed } = recorded(3);
    for (let i = 0; i < 7; i++) batch.push(i, 10 * i);
    expect(handed).toEqual([
      [
        [0, 0],
        [1, 10],
        [2, 20],
      ],
      [
        [3, 30],
        [4, 40],
        [5, 50],
      ],
    ]);
    batch.flush();
    expect(handed[2]).toEqual([[6, 60]]);
    expect(batch.count).toBe(0);
  });

  it('calls nothing when flushed empty', () => {
    const { batch, handed } = recorded();
    batch.flush();
    batch.push(1, 2);
    batch.flush();
    batch.flush();
    expect(handed).toEqual([[[1, 2]]]);
  });

  it('holds 8192 samples by default', () => {
    const { batch } = recorded();
    expect(batch.capacity).toBe(8192);
    expect(batch.times.length).toBe(8192);
  });

  it('refuses a capacity that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => recorded(bad)).toThrow(RangeError);
  });

  it('any capacity and any flushes between pushes: every sample handed on once, in order, no batch over capacity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.array(fc.boolean(), { maxLength: 60 }), (capacity, flushAfter) => {
        const { batch, handed } = recorded(capacity);
        flushAfter.forEach((flush, i) => {
          batch.push(i, -i);
          if (flush) batch.flush();
        });
        batch.flush();
        expect(handed.flat()).toEqual(flushAfter.map((_, i) => [i, -i]));
        for (const one of handed) expect(one.length).toBeGreaterThan(0);
        for (const one of handed) expect(one.length).toBeLessThanOrEqual(capacity);
      }),
    );
  });
});
