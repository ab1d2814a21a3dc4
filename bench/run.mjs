#!/usr/bin/env node
/**
 * `npm run bench`: generates the inputs (bench/generate.mjs), then times
 * leak-score, the floor loop and — when /usr/bin/python3 has pandas — the
 * pandas peer side by side. Wall time and peak RSS come from GNU time; each
 * figure is the median of RUNS runs (env BENCH_RUNS, default 3). Prints the
 * table and the target ratios. `BENCH_QUICK=1` runs the 1M inputs only.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const data = join(import.meta.dirname, 'data');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const quick = process.env.BENCH_QUICK === '1';
const bin = join(root, 'bin', 'leak-score.js');
const node = process.execPath;

execFileSync(node, [join(import.meta.dirname, 'generate.mjs')], { stdio: 'inherit' });

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** Runs a command under GNU time; returns { seconds, mib } medians. */
function measure(command, args) {
  const seconds = [];
  const mib = [];
  for (let i = 0; i < runs; i++) {
    const run = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const last = run.stderr.trim().split('\n').pop() ?? '';
    const [wall, kib] = last.split(' ').map(Number);
    if (!Number.isFinite(wall) || !Number.isFinite(kib) || (run.status !== 0 && run.status !== 1 && run.status !== 3)) {
      throw new Error(`${command} ${args.join(' ')} failed (status ${run.status}): ${run.stderr.slice(-500)}`);
    }
    seconds.push(wall);
    mib.push(kib / 1024);
  }
  return { seconds: median(seconds), mib: median(mib) };
}

const hasPandas = spawnSync('/usr/bin/python3', ['-c', 'import pandas, numpy'], { encoding: 'utf8' }).status === 0;
const sizes = quick ? ['1m'] : ['1m', '10m'];
const rows = [];
const results = {};
function record(name, figures) {
  results[name] = figures;
  rows.push([name, figures.seconds.toFixed(2), figures.mib.toFixed(0)]);
  console.log(`${name.padEnd(34)} ${figures.seconds.toFixed(2).padStart(7)} s ${figures.mib.toFixed(0).padStart(6)} MiB`);
}

record('node -e 0', measure(node, ['-e', '0']));
record('leak-score --version', measure(node, [bin, '--version']));
for (const size of sizes) {
  const csv = join(data, `csv-${size}.csv`);
  const prom = join(data, `prom-${size}.json`);
  record(`floor csv-${size}`, measure(node, [join(import.meta.dirname, 'floor.mjs'), csv]));
  record(`leak-score csv-${size}`, measure(node, [bin, csv, '--quiet']));
  record(`leak-score csv-${size} --window 7200`, measure(node, [bin, csv, '--quiet', '--window', '7200']));
  record(`leak-score csv-${size} --window 1h`, measure(node, [bin, csv, '--quiet', '--window', '1h']));
  if (existsSync(prom)) record(`leak-score prom-${size}`, measure(node, [bin, prom, '--quiet']));
  if (hasPandas) record(`pandas csv-${size}`, measure('/usr/bin/python3', [join(import.meta.dirname, 'pandas_peer.py'), csv]));
}

const size = quick ? '1m' : '10m';
const r = (name) => results[name];
const ratio = (a, b) => (r(a) && r(b) ? r(a).seconds / r(b).seconds : NaN);
const checks = [
  [`csv-${size} wall / floor`, ratio(`leak-score csv-${size}`, `floor csv-${size}`), '≤ 3'],
  [`pandas / csv-${size} wall`, ratio(`pandas csv-${size}`, `leak-score csv-${size}`), '≥ 3'],
  [`csv-${size} peak RSS MiB`, r(`leak-score csv-${size}`)?.mib, '≤ 200'],
  [`csv-${size} / csv-1m peak RSS`, (r(`leak-score csv-${size}`)?.mib ?? NaN) / (r('leak-score csv-1m')?.mib ?? NaN), '≤ 1.5'],
  [`prom-${size} wall / csv-${size} wall`, ratio(`leak-score prom-${size}`, `leak-score csv-${size}`), '≤ 3'],
  [`prom-${size} peak RSS MiB`, r(`leak-score prom-${size}`)?.mib, '≤ 250'],
  [`window 7200 / 120 wall`, ratio(`leak-score csv-${size} --window 7200`, `leak-score csv-${size}`), '≤ 1.3'],
  ['--version / node -e 0 wall', ratio('leak-score --version', 'node -e 0'), '≤ 2'],
];
console.log(`\nmedians of ${runs} runs${hasPandas ? '' : ' (pandas peer skipped: /usr/bin/python3 has no pandas; apt-get install python3-pandas)'}`);
console.log('| target | measured | goal |\n|---|---|---|');
for (const [name, value, goal] of checks) {
  console.log(`| ${name} | ${Number.isFinite(value) ? value.toFixed(2) : 'n/a'} | ${goal} |`);
}
