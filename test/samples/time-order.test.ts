/**
 * TimeOrder (SPEC §1 on the fly) must pass exactly what sorting and
 * de-duplicating the whole series gives (last one read wins for equal
 * times), however the samples are cut into batches, and must notice a
 * sample earlier than its predecessor.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeOrder } from '../../src/samples/time-order.js';

/** Non-decreasing times (repeats likely) with distinct values, and cut points. */
const ordered = fc
  .array(fc.record({ step: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 })), value: fc.integer({ min: 0, max: 2 ** 40 }) }), { maxLength: 300 })
  .chain((rows) => fc.tuple(fc.constant(rows), fc.array(fc.integer({ min: 0, max: rows.length }), { maxLength: 8 })));

function feed(order: TimeOrder, times: number[], values: number[], cuts: number[]): { times: number[]; values: number[] } {
  const bounds = [...new Set([0, ...cuts, times.length])].sort((a, b) => a - b);
  const passedTimes: number[] = [];
  const passedValues: number[] = [];
  const outTimes = new Float64Array(times.length + 1);
  const outValues = new Float64Array(times.length + 1);
  for (let k = 1; k < bounds.length; k++) {
    const from = bounds[k - 1] as number;
    const to = bounds[k] as number;
    const n = order.take(Float64Array.from(times.slice(from, to)), Float64Array.from(values.slice(from, to)), to - from, outTimes, outValues);
    passedTimes.push(...outTimes.subarray(0, n));
    passedValues.push(...outValues.subarray(0, n));
  }
  const n = order.release(outTimes, outValues);
  passedTimes.push(...outTimes.subarray(0, n));
  passedValues.push(...outValues.subarray(0, n));
  return { times: passedTimes, values: passedValues };
}

describe('TimeOrder', () => {
  it('passes each timestamp once, with the last value read for it, whatever the batches', () => {
    fc.assert(
      fc.property(ordered, ([rows, cuts]) => {
        let time = 1_767_225_600;
        const times = rows.map((row) => (time += row.step));
        const values = rows.map((row) => row.value);
        const order = new TimeOrder();
        const passed = feed(order, times, values, cuts);
        const last = new Map<number, number>();
        times.forEach((t, i) => last.set(t, values[i] as number));
        expect(passed.times).toEqual([...last.keys()]);
        expect(passed.values).toEqual([...last.values()]);
        expect(order.samples).toBe(times.length);
        expect(order.duplicates).toBe(times.length - last.size);
        expect(order.unsorted).toBe(false);
      }),
    );
  });

  it('marks the series unsorted at the first earlier sample and passes nothing after it', () => {
    const order = new TimeOrder();
    const out = { times: new Float64Array(4), values: new Float64Array(4) };
    expect(order.take(Float64Array.of(10, 20), Float64Array.of(1, 2), 2, out.times, out.values)).toBe(1);
    expect(order.take(Float64Array.of(30, 15, 40), Float64Array.of(3, 4, 5), 3, out.times, out.values)).toBe(0);
    expect(order.unsorted).toBe(true);
    expect(order.take(Float64Array.of(50), Float64Array.of(6), 1, out.times, out.values)).toBe(0);
    expect(order.release(out.times, out.values)).toBe(0);
    expect(order.samples).toBe(6);
  });

  it('holds nothing back when nothing came', () => {
    const order = new TimeOrder();
    expect(order.release(new Float64Array(1), new Float64Array(1))).toBe(0);
  });
});
