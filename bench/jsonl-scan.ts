/**
 * Micro-benchmark of the JSON Lines reader's reading thread: the real
 * file's bytes fed to JsonLinesReader in 64 KiB chunks into a sink that only
 * sums, timed as CPU (process.cpuUsage), so the figure is CPU per line and
 * not the shared machine's wall time. Also times FlatLineScanner.scan alone.
 * Run: node bench/jsonl-scan.mjs FILE [lines]  (bench/jsonl-scan.mjs is
 * built from this file by `npx esbuild bench/jsonl-scan.ts --bundle
 * --platform=node --format=esm --outfile=bench/jsonl-scan.mjs`).
 */
import { openSync, readSync, closeSync } from 'node:fs';
import { JsonLinesReader } from '../src/formats/jsonl.js';
import { FlatLineScanner } from '../src/formats/jsonl-flat.js';
import { parseUnsignedDecimal } from '../src/formats/decimal-bytes.js';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: node bench/jsonl-scan.mjs FILE');
const CHUNK = 64 * 1024;

class SumSink {
  count = 0;
  sum = 0;
  add(seconds: number, bytes: number): void {
    this.count++;
    this.sum += seconds + bytes;
  }
  addBatch(times: Float64Array, values: Float64Array, count: number): void {
    this.count += count;
    for (let i = 0; i < count; i++) this.sum += (times[i] as number) + (values[i] as number);
  }
  drop(): void {}
}

function cpuMs(fn: () => void): number {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

// The file held in memory once (reading it is not what is measured).
const fd = openSync(file, 'r');
const chunks: Buffer[] = [];
for (;;) {
  const chunk = Buffer.allocUnsafe(CHUNK);
  const n = readSync(fd, chunk, 0, CHUNK, null);
  if (n === 0) break;
  chunks.push(n === CHUNK ? chunk : chunk.subarray(0, n));
}
closeSync(fd);

let lines = 0;
for (const c of chunks) for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) lines++;

for (let round = 0; round < 3; round++) {
  let sink!: SumSink;
  const reader = cpuMs(() => {
    const r = new JsonLinesReader({ source: 'bench' }, () => (sink = new SumSink()));
    for (const c of chunks) r.feed(c);
    r.end();
  });
  // scan + parse alone, on lines cut within chunks (lines across chunk edges skipped).
  const scanner = new FlatLineScanner('ts', 'rss');
  let scanned = 0;
  let acc = 0;
  const scan = cpuMs(() => {
    for (const c of chunks) {
      let start = 0;
      for (let nl = c.indexOf(10); nl !== -1; nl = c.indexOf(10, start)) {
        if (scanner.scan(c, start, nl)) {
          acc += parseUnsignedDecimal(c, scanner.timeStart, scanner.timeEnd) + parseUnsignedDecimal(c, scanner.valueStart, scanner.valueEnd);
          scanned++;
        }
        start = nl + 1;
      }
    }
  });
  const per10M = (ms: number): number => Math.round((ms * 1e7) / lines);
  console.log(
    `round ${round + 1}: reader ${per10M(reader)} ms/10M lines (${sink.count} samples, sum ${sink.sum}); scan+parse ${per10M(scan)} ms/10M (${scanned}, ${acc})`,
  );
}
