#!/usr/bin/env node
/**
 * `npm run bench`: generates the inputs with bench/gen_big.py (the reference
 * generator: warm-up, GC sawtooth, leaks, restarts; 30 s samples), then
 * times leak-score beside the reference floor (bench/floor.mjs: read and
 * parse both columns, nothing else), the pandas peer (Debian's
 * /usr/bin/python3 with python3-pandas) and the polars peer (python3 with
 * polars, when installed). Wall time and peak RSS come from GNU time.
 *
 * The machine is shared, so runs are interleaved: each round runs every
 * command once, and each figure is the median of RUNS rounds (env
 * BENCH_RUNS, default 3). Ratios are only meaningful within one run.
 * The fleet input (bench/gen_fleet.py: 500 series × 2880 samples, one day
 * at 30 s each, as Prometheus range-query JSON and as a long CSV with a
 * `series` column) is 1.44M samples, small enough to run in quick runs too.
 * `BENCH_QUICK=1` runs the 1M inputs and the fleet only. `BENCH_BEFORE=path/to/bin/leak-score.js`
 * (another build, e.g. of main) adds its rows for the largest inputs, for a
 * before/after comparison within one run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const here = import.meta.dirname;
const root = join(here, '..');
const data = join(here, 'data');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const quick = process.env.BENCH_QUICK === '1';
const bin = join(root, 'bin', 'leak-score.js');
const before = process.env.BENCH_BEFORE;
const node = process.execPath;

mkdirSync(data, { recursive: true });
const sizes = quick ? [['1m', 1_000_000]] : [['1m', 1_000_000], ['10m', 10_000_000]];
const input = (format, size) => join(data, `${format}-${size}.${format === 'prom' ? 'json' : format}`);
for (const [size, n] of sizes) {
  for (const format of ['csv', 'prom', 'jsonl']) {
    const path = input(format, size);
    if (!existsSync(path)) execFileSync('python3', [join(here, 'gen_big.py'), String(n), path, '--format', format], { stdio: 'inherit' });
  }
}

const fleet = (format) => join(data, `fleet-500.${format === 'prom' ? 'json' : 'csv'}`);
for (const format of ['prom', 'csv']) {
  if (!existsSync(fleet(format))) execFileSync('python3', [join(here, 'gen_fleet.py'), fleet(format), '--format', format], { stdio: 'inherit' });
}

const hasPandas = spawnSync('/usr/bin/python3', ['-c', 'import pandas, numpy'], { encoding: 'utf8' }).status === 0;
const hasPolars = spawnSync('python3', ['-c', 'import polars, numpy'], { encoding: 'utf8' }).status === 0;

/** name → [command, args] */
const commands = new Map();
commands.set('node -e 0', [node, ['-e', '0']]);
for (const [size] of sizes) {
  const csv = input('csv', size);
  commands.set(`reference floor csv-${size}`, [node, [join(here, 'floor.mjs'), csv]]);
  commands.set(`leak-score csv-${size}`, [node, [bin, csv, '--quiet']]);
  commands.set(`leak-score csv-${size} --profile robust`, [node, [bin, csv, '--quiet', '--profile', 'robust']]);
  commands.set(`leak-score csv-${size} --window 7200`, [node, [bin, csv, '--quiet', '--window', '7200']]);
  commands.set(`leak-score prom-${size}`, [node, [bin, input('prom', size), '--quiet']]);
  commands.set(`leak-score prom-${size} --profile robust`, [node, [bin, input('prom', size), '--quiet', '--profile', 'robust']]);
  commands.set(`leak-score jsonl-${size}`, [node, [bin, input('jsonl', size), '--quiet']]);
  commands.set(`leak-score jsonl-${size} --profile robust`, [node, [bin, input('jsonl', size), '--quiet', '--profile', 'robust']]);
  if (before !== undefined && size === sizes[sizes.length - 1][0]) {
    for (const format of ['csv', 'prom', 'jsonl']) {
      commands.set(`before: leak-score ${format}-${size}`, [node, [before, input(format, size), '--quiet']]);
      commands.set(`before: leak-score ${format}-${size} --profile robust`, [node, [before, input(format, size), '--quiet', '--profile', 'robust']]);
    }
  }
  if (hasPandas) commands.set(`pandas peer csv-${size}`, ['/usr/bin/python3', [join(here, 'peer_pandas.py'), csv]]);
  if (hasPolars) commands.set(`polars peer csv-${size}`, ['python3', [join(here, 'peer_polars.py'), csv]]);
}

for (const format of ['prom', 'csv']) {
  commands.set(`leak-score fleet-500 ${format}`, [node, [bin, fleet(format), '--quiet']]);
  commands.set(`leak-score fleet-500 ${format} --profile robust`, [node, [bin, fleet(format), '--quiet', '--profile', 'robust']]);
}

function once(command, args) {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const last = run.stderr.trim().split('\n').pop() ?? '';
  const [wall, kib, user, system] = last.split(' ').map(Number);
  // leak-score exits 1 (leak) or 3 (inconclusive) on these traces; the peers exit 1 when an alert fired.
  if (!Number.isFinite(wall) || !Number.isFinite(kib) || ![0, 1, 3].includes(run.status)) {
    throw new Error(`${command} ${args.join(' ')} failed (status ${run.status}): ${run.stderr.slice(-500)}`);
  }
  return { seconds: wall, mib: kib / 1024, cpu: user + system };
}

const samples = new Map([...commands.keys()].map((name) => [name, []]));
for (let round = 0; round < runs; round++) {
  for (const [name, [command, args]] of commands) samples.get(name).push(once(command, args));
  console.error(`round ${round + 1}/${runs} done`);
}
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const results = new Map();
for (const [name, list] of samples) {
  results.set(name, { seconds: median(list.map((r) => r.seconds)), mib: median(list.map((r) => r.mib)), cpu: median(list.map((r) => r.cpu)) });
}

console.log(`\nmedians of ${runs} interleaved rounds on this machine (shared: compare ratios, not seconds)\n`);
// CPU (user + system, both threads) is less disturbed than wall time by other jobs on the machine.
console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
console.log('| run | time | CPU | peak RSS |\n|---|---|---|---|');
for (const [name, r] of results) console.log(`| ${name} | ${r.seconds.toFixed(2)} s | ${r.cpu.toFixed(2)} s | ${r.mib.toFixed(0)} MiB |`);
if (!hasPandas) console.log('| pandas | unavailable (apt-get install python3-pandas for /usr/bin/python3) | | |');
if (!hasPolars) console.log('| polars | unavailable (no PyPI on this machine) | | |');

const size = quick ? '1m' : '10m';
const r = (name) => results.get(name);
const ratio = (a, b) => (r(a) && r(b) ? r(a).seconds / r(b).seconds : NaN);
const leakRows = [...results.keys()].filter((name) => name.startsWith('leak-score') && !name.includes('fleet-'));
const fleetRows = [...results.keys()].filter((name) => name.startsWith('leak-score fleet-'));
// (`before:` rows are another build's, kept out of the targets.)
const peak = Math.max(...leakRows.map((name) => r(name).mib));
const flat = Math.max(...leakRows.filter((name) => name.includes(`-${size}`)).map((name) => r(name).mib / (r(name.replace(`-${size}`, '-1m'))?.mib ?? NaN)));
const checks = [
  [`csv-${size} / reference floor`, ratio(`leak-score csv-${size}`, `reference floor csv-${size}`), '≤ 2'],
  [`pandas / csv-${size}`, ratio(`pandas peer csv-${size}`, `leak-score csv-${size}`), '≥ 5'],
  [`polars / csv-${size}`, ratio(`polars peer csv-${size}`, `leak-score csv-${size}`), '≥ 3'],
  ['peak RSS, every format and profile (MiB)', peak, '≤ 120'],
  [`peak RSS ${size} / 1m (worst row)`, flat, '≤ 1.2'],
  // A fleet is many series, not one long one: its own line, against the same goal.
  ['peak RSS, fleet-500, every format and profile (MiB)', Math.max(...fleetRows.map((name) => r(name).mib)), '≤ 120'],
  [`robust / seed, csv-${size}`, ratio(`leak-score csv-${size} --profile robust`, `leak-score csv-${size}`), '≤ 1.5'],
  [`window 7200 / 120, csv-${size}`, ratio(`leak-score csv-${size} --window 7200`, `leak-score csv-${size}`), '≤ 1.2'],
];
console.log('\n| target | measured | goal |\n|---|---|---|');
for (const [name, value, goal] of checks) console.log(`| ${name} | ${Number.isFinite(value) ? value.toFixed(2) : 'n/a'} | ${goal} |`);
