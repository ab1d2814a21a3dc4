/**
 * A growth rate for hints: ordinary least squares per stretch between
 * restarts, weighted by each stretch's duration, so the fall at a restart
 * never enters it. Hints compare rates of companion series; they do not
 * decide verdicts, so OLS (not the robust trend test) is enough.
 */
const SECONDS_PER_HOUR = 3600;
const MIB = 1024 * 1024;

/** MiB/h of `values` over `times` (seconds, sorted), split at `boundaries` (sorted seconds); null with too few samples. */
export function growthMiBPerHour(times: ArrayLike<number>, values: ArrayLike<number>, boundaries: readonly number[] = []): number | null {
  let weighted = 0;
  let weight = 0;
  let start = 0;
  let passed = 0;
  const close = (to: number): void => {
    const slope = olsSlope(times, values, start, to);
    if (slope === null) return;
    const span = (times[to - 1] as number) - (times[start] as number);
    weighted += slope * span;
    weight += span;
  };
  for (let i = 0; i < times.length; i++) {
    let crossed = false;
    while (passed < boundaries.length && (boundaries[passed] as number) <= (times[i] as number)) {
      passed++;
      crossed = true;
    }
    if (crossed && i > start) {
      close(i);
      start = i;
    }
  }
  close(times.length);
  return weight > 0 ? (weighted / weight / MIB) * SECONDS_PER_HOUR : null;
}

/** Bytes per second over samples `from … to − 1`; null with fewer than 5 or no spread in time. */
function olsSlope(times: ArrayLike<number>, values: ArrayLike<number>, from: number, to: number): number | null {
  const n = to - from;
  if (n < 5) return null;
  const t0 = times[from] as number;
  let sx = 0;
  let sy = 0;
  for (let i = from; i < to; i++) {
    sx += (times[i] as number) - t0;
    sy += values[i] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = from; i < to; i++) {
    const dx = (times[i] as number) - t0 - mx;
    sxx += dx * dx;
    sxy += dx * ((values[i] as number) - my);
  }
  return sxx > 0 ? sxy / sxx : null;
}
