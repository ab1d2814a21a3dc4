/**
 * The second look at a JSON Lines recording of `process.memoryUsage()`
 * (issue 17): one more pass over the input, reading `rss`, `heapUsed`,
 * `external` and `arrayBuffers` side by side with the JSON Lines reader
 * itself (so nested `memory.heapUsed`, time keys and units are found the
 * same way), for diagnoseNodeMemory. Only when the input's start has a
 * `heapUsed` key and no `--value-key` chose the value; a field the
 * recording lacks is simply absent. Hints only: a read failure here never
 * fails the run.
 */
import { JsonLinesReader } from '../formats/jsonl.js';
import { normaliseSeries } from '../samples/normalise.js';
import { SeriesBuilder } from '../samples/series-builder.js';
import type { BareUnit } from '../formats/value.js';
import type { Explanation } from './explanation.js';
import { diagnoseNodeMemory, type MemoryUsageSeries } from './node-memory.js';

const FIELDS = ['rss', 'heapUsed', 'external', 'arrayBuffers'] as const;

/** Whether the start of a JSON Lines input looks like `process.memoryUsage()` snapshots. */
export function looksLikeMemoryUsage(prefix: Buffer): boolean {
  return prefix.includes('"heapUsed"') && prefix.includes('"rss"');
}

export async function memoryUsageHints(
  chunks: AsyncIterable<Buffer>,
  options: { source: string; timeKey?: string; unit?: BareUnit },
): Promise<Explanation | null> {
  const readers = FIELDS.map((valueKey) => {
    let builder: SeriesBuilder | undefined;
    const reader = new JsonLinesReader({ source: options.source, timeKey: options.timeKey, valueKey, unit: options.unit }, () => {
      builder = new SeriesBuilder();
      return builder;
    });
    return { valueKey, reader, builder: () => builder };
  });
  for await (const chunk of chunks) for (const { reader } of readers) reader.feed(chunk);
  const series: Partial<Record<(typeof FIELDS)[number], MemoryUsageSeries>> = {};
  for (const { valueKey, reader, builder } of readers) {
    try {
      const end = reader.end();
      const sink = end.series[0]?.sink ?? builder();
      if (sink === undefined || sink.sampleCount === 0) continue;
      const normal = normaliseSeries(sink.build());
      series[valueKey] = { times: normal.times, values: normal.values };
    } catch {
      // A field no line has: the reader refuses it; the hint goes without it.
    }
  }
  if (series.rss === undefined || series.heapUsed === undefined) return null;
  return diagnoseNodeMemory({ rss: series.rss, heapUsed: series.heapUsed, external: series.external, arrayBuffers: series.arrayBuffers });
}
