#!/usr/bin/env node
/**
 * Issue 16 item 3: our streaming Prometheus scanner against two streaming
 * JSON libraries on the same file, each reading every [time, "value"] pair
 * into a sum (the least a reader must do). Libraries are resolved from
 * PROM_PARSERS_DIR (a directory where `npm install @streamparser/json
 * stream-json` was run): they are not dependencies of leak-score.
 *
 *   node bench/prom-parsers.mjs FILE.json [ours|streamparser|stream-json]
 */
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [file, which = 'ours'] = process.argv.slice(2);
const dir = process.env.PROM_PARSERS_DIR ?? process.cwd();
const require = createRequire(join(dir, 'package.json'));
const t0 = performance.now();
let samples = 0;
let sum = 0;
const chunks = () => createReadStream(file, { highWaterMark: 1 << 20 });

if (which === 'ours') {
  const { PrometheusStreamReader } = await import('../dist/formats/stream-prometheus.js');
  const reader = new PrometheusStreamReader(file, () => ({ samples: (t, v, n) => { samples += n; for (let i = 0; i < n; i++) sum += v[i]; }, drop() {}, end() {} }));
  for await (const chunk of chunks()) reader.feed(chunk);
  reader.end();
} else if (which === 'streamparser') {
  const { JSONParser } = require('@streamparser/json');
  // Each sample pair as one value: paths data.result.*.values.*
  const parser = new JSONParser({ paths: ['$.data.result.*.values.*'], keepStack: false });
  parser.onValue = ({ value }) => { samples++; sum += Number(value[1]); };
  for await (const chunk of chunks()) parser.write(chunk);
} else {
  const { parser } = require('stream-json');
  const { pick } = require('stream-json/filters/pick.js');
  const { streamArray } = require('stream-json/streamers/stream-array.js');
  const { chain } = require('stream-chain');
  // Each series' object streamed (its values array built whole per series), as a caller would.
  const pipeline = chain([chunks(), parser(), pick({ filter: 'data.result' }), streamArray()]);
  for await (const { value } of pipeline) for (const pair of value.values) { samples++; sum += Number(pair[1]); }
}
console.log(JSON.stringify({ which, samples, sum, ms: Math.round(performance.now() - t0), maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
