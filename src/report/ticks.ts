/**
 * Axis ticks people can read: MiB at 1-2-5 steps, times at whole seconds,
 * minutes, hours or days.
 */

/** About `target` evenly spaced round values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, target = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo) return Number.isFinite(lo) ? [lo] : [];
  const raw = (hi - lo) / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

const TIME_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800, 2592000,
];

/** About `target` time ticks at round UTC boundaries within [start, end]. */
export function timeTicks(start: number, end: number, target = 6): number[] {
  if (!(end > start)) return [start];
  const raw = (end - start) / Math.max(1, target);
  const step = TIME_STEPS.find((s) => s >= raw) ?? Math.ceil(raw / 2592000) * 2592000;
  const ticks: number[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) ticks.push(t);
  return ticks;
}
