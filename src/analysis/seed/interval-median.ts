/**
 * The median gap between consecutive samples, in bounded memory. Gaps are
 * counted by value — recordings have few distinct intervals — which is exact;
 * past 65,536 distinct values the counts fold into logarithmic bins 0.01 %
 * wide, so the median is then within 0.01 %.
 */

const MAX_DISTINCT = 65536;
const BIN_RATIO = Math.log1p(1e-4);

export class IntervalMedian {
  private counts = new Map<number, number>();
  private binned = false;
  private total = 0;
  // Recordings repeat the same gap run after run: count a run before touching the map.
  private runGap = NaN;
  private runLength = 0;

  push(gapSeconds: number): void {
    if (gapSeconds === this.runGap) {
      this.runLength++;
      return;
    }
    this.flushRun();
    this.runGap = gapSeconds;
    this.runLength = 1;
  }

  /** `push(times[i] − times[i − 1])` for each i in [1, count), the first gap from `previousTime` unless that is NaN. */
  pushGaps(times: Float64Array, count: number, previousTime: number): void {
    let previous = previousTime;
    let gap = this.runGap;
    let length = this.runLength;
    for (let i = 0; i < count; i++) {
      const time = times[i] as number;
      if (previous === previous) {
        const next = time - previous;
        if (next === gap) length++;
        else {
          this.runGap = gap;
          this.runLength = length;
          this.push(next);
          gap = next;
          length = 1;
        }
      }
      previous = time;
    }
    this.runGap = gap;
    this.runLength = length;
  }

  private flushRun(): void {
    if (this.runLength === 0) return;
    const gap = this.runGap;
    const key = this.binned ? Math.round(Math.log(gap) / BIN_RATIO) : gap;
    this.counts.set(key, (this.counts.get(key) ?? 0) + this.runLength);
    this.total += this.runLength;
    this.runLength = 0;
    this.runGap = NaN;
    if (!this.binned && this.counts.size > MAX_DISTINCT) this.foldIntoBins();
  }

  /** The median gap, or null with no gaps. */
  median(): number | null {
    this.flushRun();
    if (this.total === 0) return null;
    const keys = [...this.counts.keys()].sort((a, b) => a - b);
    const lowerRank = (this.total - 1) >> 1;
    const upperRank = this.total >> 1;
    let seen = 0;
    let lower = NaN;
    for (const key of keys) {
      const next = seen + (this.counts.get(key) as number);
      if (Number.isNaN(lower) && lowerRank < next) lower = key;
      if (upperRank < next) return (this.value(lower) + this.value(key)) / 2;
      seen = next;
    }
    return this.value(lower);
  }

  private value(key: number): number {
    return this.binned ? Math.exp(key * BIN_RATIO) : key;
  }

  private foldIntoBins(): void {
    const exact = this.counts;
    this.counts = new Map();
    this.binned = true;
    for (const [gap, count] of exact) {
      const key = Math.round(Math.log(gap) / BIN_RATIO);
      this.counts.set(key, (this.counts.get(key) ?? 0) + count);
    }
  }
}
