/** Median of consecutive differences of an ascending series, or null with fewer than two values. */
export function medianInterval(times: Float64Array): number | null {
  if (times.length < 2) return null;
  const gaps = new Float64Array(times.length - 1);
  for (let i = 1; i < times.length; i++) gaps[i - 1] = (times[i] as number) - (times[i - 1] as number);
  gaps.sort();
  const middle = gaps.length >> 1;
  return gaps.length % 2 === 1
    ? (gaps[middle] as number)
    : ((gaps[middle - 1] as number) + (gaps[middle] as number)) / 2;
}
