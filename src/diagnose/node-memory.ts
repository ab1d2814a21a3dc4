/**
 * Diagnosis from Node's `process.memoryUsage()` (issue 17): when a JSON
 * Lines recording has `heapUsed` beside `rss`, where the growth is. RSS
 * growing with a flat JS heap is memory outside it — Buffers, native
 * allocations, or the allocator holding freed pages (glibc's per-thread
 * arenas); a growing heap is JS objects retained, which a heap snapshot
 * shows. Hints only: the verdict comes from the scored series.
 */
import { formatRate } from '../report/format.js';
import { growthMiBPerHour } from '../k8s/slope.js';
import type { Explanation } from './explanation.js';

/** The same materiality as the robust analysis' default budget, so "grows" means one thing. */
const GROWTH_MIB_PER_HOUR = 5;
/** The heap is "flat" beside RSS when it grows less than this share of RSS's rate (the rest of RSS's growth is outside it). */
const FLAT_SHARE = 0.25;

export interface MemoryUsageSeries {
  times: ArrayLike<number>;
  values: ArrayLike<number>;
}

export interface MemoryUsageRecording {
  rss: MemoryUsageSeries;
  heapUsed: MemoryUsageSeries;
  /** `external` and `arrayBuffers` (Buffers live there), when recorded. */
  external?: MemoryUsageSeries;
  arrayBuffers?: MemoryUsageSeries;
}

/** The sentences for a memoryUsage() recording; null when neither RSS nor the heap grows (nothing to point at). */
export function diagnoseNodeMemory(recording: MemoryUsageRecording, subject = 'process.memoryUsage()'): Explanation | null {
  const rate = (series: MemoryUsageSeries | undefined): number | null =>
    series === undefined ? null : growthMiBPerHour(series.times, series.values);
  const rss = rate(recording.rss);
  const heap = rate(recording.heapUsed);
  if (rss === null || heap === null) return null;
  const external = rate(recording.external);
  const arrayBuffers = rate(recording.arrayBuffers);
  const sentences: string[] = [];
  const hints: string[] = [];
  // Relative to RSS, not absolute: a 3-minute soak's rates are hundreds of MiB/h, and the heap's wrappers of retained Buffers grow a little too.
  if (rss >= GROWTH_MIB_PER_HOUR && heap < FLAT_SHARE * rss) {
    hints.push('outside-js-heap');
    sentences.push(
      `RSS grows (${formatRate(rss)}) while heapUsed ${heap < GROWTH_MIB_PER_HOUR ? 'is flat' : 'grows far less'} (${formatRate(heap)}): growth outside the JS heap ` +
        '(Buffers, native memory or allocator fragmentation; try MALLOC_ARENA_MAX=2 or a heap snapshot).',
    );
    const buffers = Math.max(external ?? -Infinity, arrayBuffers ?? -Infinity);
    if (buffers >= GROWTH_MIB_PER_HOUR) {
      hints.push('buffers');
      sentences.push(
        `external/arrayBuffers grow too (${formatRate(buffers)}): Buffers or typed arrays are being kept; a heap snapshot lists what holds them.`,
      );
    }
  } else if (heap >= GROWTH_MIB_PER_HOUR) {
    hints.push('js-heap');
    sentences.push(
      `The JS heap grows (heapUsed ${formatRate(heap)}, RSS ${formatRate(rss)}): take two heap snapshots a few minutes apart ` +
        '(node --heapsnapshot-signal=SIGUSR2, or Chrome DevTools) and compare them, or let memlab find what retains the objects (memlab analyze).',
    );
  }
  return sentences.length === 0 ? null : { subject, sentences, hints };
}
