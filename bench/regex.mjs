#!/usr/bin/env node
/**
 * Measures a regex engine for `--series` matchers: the cost of loading it in
 * a fresh process (median of RUNS), and of matching, fully anchored as
 * Prometheus does, typical and hostile selector patterns against label
 * values. `node bench/regex.mjs [module]` where module exports
 * compileRegex(pattern) → { matches(value) } (default: the built
 * dist/samples/select/regex.js).
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const target = pathToFileURL(resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'dist', 'samples', 'select', 'regex.js'))).href;
const runs = Number(process.env.BENCH_RUNS ?? 15);
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

const loads = [];
for (let i = 0; i < runs; i++) {
  const code = `const t = process.hrtime.bigint(); const m = await import(${JSON.stringify(target)}); m.compileRegex('a.*').matches('ab'); console.log(Number(process.hrtime.bigint() - t) / 1e6);`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  loads.push(Number(run.stdout));
}
console.log(`load + first match: ${median(loads).toFixed(1)} ms (median of ${runs})`);

const { compileRegex } = await import(target);
const values = Array.from({ length: 20_000 }, (_, i) => `api-${i}.prod.example.com:9100`);
const cases = [
  ['api-.*', values],
  ['api-[0-9]+\\.prod\\..*:9100', values],
  ['(?i)API-1.*', values],
  ['web|api-19999.prod.example.com:9100|db', values],
  ['(a+)+b', [`${'a'.repeat(30_000)}c`]],
  ['.*a.*a.*a.*a.*b', [`${'a'.repeat(30_000)}c`]],
];
for (const [pattern, inputs] of cases) {
  const start = process.hrtime.bigint();
  const regex = compileRegex(pattern);
  let hits = 0;
  for (const value of inputs) if (regex.matches(value)) hits++;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const chars = inputs.reduce((sum, value) => sum + value.length, 0);
  console.log(`${pattern.padEnd(40)} ${String(inputs.length).padStart(6)} values, ${String(chars).padStart(7)} chars: ${ms.toFixed(1).padStart(8)} ms, ${hits} match`);
}
