/**
 * A Prometheus-style alert evaluated at each sample time (SPEC §4):
 * inactive → pending → firing, reset by a false condition or by staleness.
 */

export type AlertName = 'MemoryLeakDetected' | 'MemoryHigh';

/** One episode: from pending to inactive. `firedAt` is null if it never fired. */
export interface AlertEpisode {
  name: AlertName;
  activeAt: number;
  firedAt: number | null;
  /** When it returned to inactive; null while still active at the end of the data. */
  resolvedAt: number | null;
}

export class AlertRule {
  private current: AlertEpisode | null = null;
  /** NaN before the first sample (a number field: V8 then keeps it unboxed). */
  private previousTime = NaN;
  readonly episodes: AlertEpisode[] = [];

  constructor(
    readonly name: AlertName,
    private readonly forSeconds: number,
    private readonly stalenessSeconds: number,
  ) {}

  /** Evaluates the rule at sample time `time`, given whether its condition holds there. */
  evaluate(time: number, holds: boolean): void {
    const previous = this.previousTime;
    this.previousTime = time;
    // SPEC §4: a gap beyond staleness ends the episode at t_{i−1} + staleness.
    if (this.current !== null && time - previous > this.stalenessSeconds) {
      this.close(previous + this.stalenessSeconds);
    }
    if (!holds) {
      if (this.current !== null) this.close(time);
      return;
    }
    if (this.current === null) {
      this.current = { name: this.name, activeAt: time, firedAt: null, resolvedAt: null };
      this.episodes.push(this.current);
    }
    if (this.current.firedAt === null && time - this.current.activeAt >= this.forSeconds) {
      this.current.firedAt = time;
    }
  }

  /**
   * `evaluate(times[i], values[i] > threshold)` for each i in [0, count). An
   * inactive rule whose condition does not hold only moves its clock on,
   * which is most samples of most runs: that case stays in this loop.
   */
  evaluateAbove(times: Float64Array, values: Float64Array, count: number, threshold: number): void {
    let previous = this.previousTime;
    const staleness = this.stalenessSeconds;
    for (let i = 0; i < count; i++) {
      const time = times[i] as number;
      const holds = (values[i] as number) > threshold;
      const current = this.current;
      // A firing episode that still holds with no gap only moves the clock too (written out: a
      // call here per sample is not always inlined, and then costs more than the rest of the loop).
      const unchanged = current === null ? !holds : holds && current.firedAt !== null && !(time - previous > staleness);
      if (!unchanged) {
        this.previousTime = previous;
        this.evaluate(time, holds);
      }
      previous = time;
    }
    this.previousTime = previous;
  }

  /** True while an episode is firing. */
  get firing(): boolean {
    return this.current !== null && this.current.firedAt !== null;
  }

  /** Whether any episode reached firing. */
  get everFired(): boolean {
    return this.episodes.some((episode) => episode.firedAt !== null);
  }

  private close(at: number): void {
    (this.current as AlertEpisode).resolvedAt = at;
    this.current = null;
  }
}
