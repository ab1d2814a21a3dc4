#!/usr/bin/env node
/**
 * Writes the benchmark inputs into bench/data/ (git-ignored), deterministically
 * (fixed-seed PRNG): `csv-1m.csv`, `csv-10m.csv` (`timestamp,rss_bytes`, one
 * sample every 30 s, a slow leak under GC noise) and `prom-10m.json` (a
 * Prometheus query_range matrix of 10 series × 1M samples). Existing files
 * are kept; delete bench/data to regenerate.
 */
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, 'data');
mkdirSync(dir, { recursive: true });

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** RSS at sample i: 180 MiB, +2 MiB/h, a 20-sample GC sawtooth and noise. */
function rss(random, i) {
  return Math.round(180 * 1048576 + (i * 30 * 2 * 1048576) / 3600 + (i % 20) * 400_000 + random() * 2_000_000);
}

async function write(path, produce) {
  if (existsSync(path)) return;
  const out = createWriteStream(path);
  let buffer = '';
  for (const piece of produce()) {
    buffer += piece;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise((ok) => out.once('drain', ok));
      buffer = '';
    }
  }
  out.write(buffer);
  await new Promise((ok) => out.end(ok));
  console.log(`wrote ${path}`);
}

function* csv(samples, seed) {
  const random = mulberry32(seed);
  yield 'timestamp,rss_bytes\n';
  for (let i = 0; i < samples; i++) yield `${1_700_000_000 + 30 * i},${rss(random, i)}\n`;
}

function* prometheus(series, samplesPerSeries, seed) {
  const random = mulberry32(seed);
  yield '{"status":"success","data":{"resultType":"matrix","result":[';
  for (let s = 0; s < series; s++) {
    yield `${s === 0 ? '' : ','}{"metric":{"__name__":"process_resident_memory_bytes","instance":"api-${s}:9100","job":"api"},"values":[`;
    for (let i = 0; i < samplesPerSeries; i++) {
      yield `${i === 0 ? '' : ','}[${1_700_000_000 + 30 * i},"${rss(random, i)}"]`;
    }
    yield ']}';
  }
  yield ']}}\n';
}

await write(join(dir, 'csv-1m.csv'), () => csv(1_000_000, 1));
await write(join(dir, 'csv-10m.csv'), () => csv(10_000_000, 10));
await write(join(dir, 'prom-1m.json'), () => prometheus(10, 100_000, 1));
await write(join(dir, 'prom-10m.json'), () => prometheus(10, 1_000_000, 10));
