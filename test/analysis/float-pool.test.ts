import { describe, expect, it } from 'vitest';
import { giveFloat64, pooledFloat64Bytes, takeFloat64 } from '../../src/analysis/float-pool.js';
import { BucketTrack } from '../../src/analysis/seed/bucket-track.js';
import { OnlineMoments } from '../../src/analysis/seed/online-moments.js';
import { FineBuckets } from '../../src/analysis/robust/fine-buckets.js';

describe('the Float64Array pool', () => {
  it('hands back a given array, zeroed, for the same length only', () => {
    const array = takeFloat64(1000).fill(7);
    giveFloat64(array);
    expect(takeFloat64(999)).not.toBe(array);
    const again = takeFloat64(1000);
    expect(again).toBe(array);
    expect(again.every((x) => x === 0)).toBe(true);
  });

  it('keeps an array given twice once, and never a view of a larger buffer', () => {
    const before = pooledFloat64Bytes();
    const array = new Float64Array(300);
    giveFloat64(array, array);
    expect(pooledFloat64Bytes() - before).toBe(300 * 8);
    giveFloat64(new Float64Array(600).subarray(0, 300));
    expect(pooledFloat64Bytes() - before).toBe(300 * 8);
    expect(takeFloat64(300)).toBe(array);
    expect(takeFloat64(300)).not.toBe(array);
  });

  it('holds at most 4 MiB', () => {
    for (let i = 0; i < 100; i++) giveFloat64(new Float64Array(65536));
    expect(pooledFloat64Bytes()).toBeLessThanOrEqual(4 * 1024 * 1024);
  });

  it('is fed by release(), after which the state takes no more samples', () => {
    const track = new BucketTrack();
    const moments = new OnlineMoments();
    const fine = new FineBuckets(64);
    for (let i = 0; i < 500; i++) {
      track.push(i, i, 0);
      moments.push(i, i);
      fine.push(i, i);
    }
    const fit = moments.result();
    track.release();
    moments.release();
    fine.release();
    expect(() => track.push(501, 1, 0)).toThrow(/release/);
    expect(() => moments.push(501, 1)).toThrow(/release/);
    expect(() => fine.push(501, 1)).toThrow(/release/);
    expect(track.snapshot().length).toBe(0);
    expect(moments.result()).toStrictEqual(fit);
  });
});
