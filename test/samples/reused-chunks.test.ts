/**
 * The file source reads every chunk into one reused buffer (byte-source.ts),
 * so a reader must copy whatever bytes it keeps past `feed`. Each format's
 * reader is fed the same bytes twice, cut at the same random places: once
 * as fresh buffers, once through one buffer that is overwritten with junk
 * right after every `feed`. The samples, drops, notes and errors must be
 * the same.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openReader } from '../../src/samples/read-input.js';
import { SeriesBuilder } from '../../src/samples/series-builder.js';
import type { InputFormat } from '../../src/series.js';

const root = join(import.meta.dirname, '..', '..');
const fixture = (path: string): string => readFileSync(join(root, 'fixtures', path), 'utf8');

const INPUTS: Array<[InputFormat, string]> = [
  ['csv', fixture('leaking.csv')],
  ['csv', 'time,rss\n0,"1,5"\n30,"2"\r\n60,3\n'],
  ['csv', fixture('formats/grafana-frames.csv')],
  ['csv', fixture('formats/kubectl-top-long.csv')],
  ['jsonl', fixture('leaking.jsonl')],
  ['jsonl', fixture('formats/pino-memory.jsonl')],
  ['jsonl', '{"ts":0,"rss":1}\n{"ts":30,"rss":"2 KiB"}\nnot json\n{"ts":60, "rss" : 3e2 , "x":[1]}\n'],
  ['prometheus', fixture('prometheus-two-series.json')],
  ['victoriametrics', fixture('formats/victoriametrics-export.jsonl')],
  ['proc', fixture('formats/proc-vmrss.log')],
];

function read(format: InputFormat, bytes: Buffer, cuts: number[], reuse: boolean): unknown {
  const reader = openReader(format, { source: 'x', ...(format === 'csv' && bytes.includes('timestamp,pod') ? { labelColumn: 'pod' } : {}) }, () => new SeriesBuilder());
  const shared = Buffer.alloc(bytes.length);
  try {
    let from = 0;
    for (const cut of [...cuts, bytes.length]) {
      const piece = bytes.subarray(from, Math.max(from, cut));
      from = Math.max(from, cut);
      if (!reuse) {
        reader.feed(Buffer.from(piece));
        continue;
      }
      piece.copy(shared);
      reader.feed(shared.subarray(0, piece.length));
      shared.fill(0xff);
    }
    const end = reader.end();
    return {
      notes: end.notes,
      series: end.series.map(({ sink, labels }) => {
        const series = sink.build(labels);
        return { labels: { ...series.labels }, times: [...series.times], values: [...series.values], dropped: series.dropped, reasons: series.droppedReasons };
      }),
    };
  } catch (error) {
    return { error: String(error) };
  }
}

describe('readers copy what they keep of a chunk', () => {
  for (const [format, text] of INPUTS) {
    it(`${format}: the same result when the chunk buffer is reused (${text.slice(0, 30).replace(/\n/g, '⏎')}…)`, () => {
      const bytes = Buffer.from(text);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 12 }), (cuts) => {
          const sorted = [...cuts].sort((a, b) => a - b);
          const fresh = read(format, bytes, sorted, false);
          expect(fresh).not.toHaveProperty('error');
          expect(read(format, bytes, sorted, true)).toEqual(fresh);
        }),
        { numRuns: 60 },
      );
    });
  }
});
