/**
 * Restarts: where a process's memory starts over. `reported` is a restart
 * the data states (src/k8s/: a restart counter, a start time, a new
 * container id) rather than one seen as a drop. A restarted process begins
 * again from its start-up size, so a regression across the drop would see a
 * fall that says nothing about the leak, and a leak that keeps killing the
 * process would look flat overall.
 */

export interface SegmentBounds {
  /** Why a segment starts: the beginning of the data, or the kind of restart seen. */
  cause: 'start' | 'drop' | 'gap' | 'reported';
}

/**
 * Whether `now` starts a new segment after `before`: RSS fell to less than
 * `dropFraction` (½) of the previous sample, or a gap longer than
 * `stalenessSeconds` ends at a lower RSS.
 *
 * @example isRestart({ time: 30, bytes: 250 }, { time: 60, bytes: 40 }, 300) // true (a drop)
 * @example isRestart({ time: 30, bytes: 250 }, { time: 900, bytes: 240 }, 300) // true (a gap)
 * @example isRestart({ time: 30, bytes: 250 }, { time: 60, bytes: 200 }, 300) // false
 */
export function isRestart(
  before: { time: number; bytes: number },
  now: { time: number; bytes: number },
  stalenessSeconds: number,
  dropFraction = 0.5,
): boolean {
  return now.bytes < dropFraction * before.bytes || (now.time - before.time > stalenessSeconds && now.bytes < before.bytes);
}
