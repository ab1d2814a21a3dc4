/** Synthetic runs for compare's tests: deterministic noise, seconds and bytes. */
import { makeLabels, type Labels, type Series } from '../../src/series.js';
import type { RunInput } from '../../src/compare/compare.js';

export const MIB = 1048576;

/** mulberry32 in [0, 1). */
export function noise(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `seconds` of samples every `interval` s of `mib(t, random)` (t in seconds from the start). */
export function series(
  seconds: number,
  interval: number,
  mib: (t: number, r: () => number) => number,
  { seed = 1, labels = makeLabels(), start = 1.7e9 }: { seed?: number; labels?: Labels; start?: number } = {},
): Series {
  const random = noise(seed);
  const n = Math.floor(seconds / interval) + 1;
  const times = Float64Array.from({ length: n }, (_, i) => start + i * interval);
  const values = Float64Array.from({ length: n }, (_, i) => mib(i * interval, random) * MIB);
  return { labels, times, values, dropped: 0, droppedExamples: [], duplicates: 0 };
}

export function run(source: string, ...list: Series[]): RunInput {
  return { source, format: 'csv', series: list };
}

/** A 5-minute soak at 1 s: 100 MiB, ±1 MiB noise, a 2 MiB GC ripple every 20 s, plus `extra(t)`. */
export function soak(seed: number, extra: (t: number) => number = () => 0, labels?: Labels): Series {
  return series(300, 1, (t, r) => 100 + 2 * r() + 2 * ((t % 20) / 20) + extra(t), { seed, labels });
}
