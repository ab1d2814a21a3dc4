import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SampleLog } from '../../src/pipeline/sample-log.js';

/** Appends the samples in batches cut at `cuts`, then replays them. */
function roundTrip(times: number[], values: number[], cuts: number[], limit = Infinity): { times: number[]; values: number[]; log: SampleLog } {
  const log = new SampleLog(limit);
  const t = Float64Array.from(times);
  const v = Float64Array.from(values);
  let from = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < times.length).sort((a, b) => a - b), times.length]) {
    if (cut <= from) continue;
    expect(log.append(t.subarray(from, cut), v.subarray(from, cut), cut - from)).toBe(true);
    from = cut;
  }
  const out = { times: [] as number[], values: [] as number[], log };
  log.replay((ts, vs, count) => {
    for (let i = 0; i < count; i++) {
      out.times.push(ts[i] as number);
      out.values.push(vs[i] as number);
    }
  });
  return out;
}

const sameBits = (a: number[], b: number[]): boolean => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

describe('SampleLog', () => {
  it('gives back every double bit for bit, however the samples are batched', () => {
    const anyNumber = fc.oneof(
      fc.double({ noNaN: true }),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
      fc.constantFrom(0, -0, 2 ** 53, -(2 ** 53), 2 ** 50, 2 ** 50 + 1, Number.MAX_VALUE, Number.MIN_VALUE, Infinity),
      fc.integer({ min: 0, max: 2 ** 20 }).map((n) => 1_767_225_600 + n * 0.25),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(anyNumber, anyNumber), { maxLength: 3000 }), fc.array(fc.nat(3000), { maxLength: 8 }), (pairs, cuts) => {
        const times = pairs.map(([t]) => t);
        const values = pairs.map(([, v]) => v);
        const out = roundTrip(times, values, cuts);
        expect(sameBits(out.times, times)).toBe(true);
        expect(sameBits(out.values, values)).toBe(true);
        expect(out.log.samples).toBe(pairs.length);
      }),
    );
  });

  it('keeps a day of 30 s samples of RSS (whole pages, changing by up to 200 of them) in 3 bytes a sample', () => {
    const times: number[] = [];
    const values: number[] = [];
    let rss = 300 * 1048576;
    for (let i = 0; i < 2880; i++) {
      times.push(1_767_225_600 + 30 * i);
      rss += 4096 * (((i * 7919) % 401) - 200);
      values.push(rss);
    }
    const out = roundTrip(times, values, [1000, 2000]);
    expect(sameBits(out.values, values)).toBe(true);
    // 1 byte for 30 s, 1 or 2 for up to ±200 pages (the first sample's time takes 5).
    expect(out.log.size).toBeLessThanOrEqual(2880 * 3);
    expect(out.log.size).toBeGreaterThan(2880 * 2);
  });

  it('refuses samples beyond its limit, and then cannot be replayed', () => {
    const log = new SampleLog(1024);
    const times = Float64Array.from({ length: 200 }, (_, i) => i * 0.1);
    const values = Float64Array.from({ length: 200 }, (_, i) => Math.sqrt(i));
    // Fractions are written whole: 18 bytes a sample, so 200 of them do not fit in 1 KiB.
    expect(log.append(times, values, 200)).toBe(false);
    expect(log.append(times, values, 1)).toBe(false);
    expect(() => log.replay(() => undefined)).toThrow(/limit/);
  });
});
