#!/usr/bin/env node
/**
 * How long must a soak run? Cuts every trace of a soak corpus to its first
 * N seconds and scores it with the `record` defaults (`--gate leak
 * --profile robust`), then counts errors per length: the table in
 * docs/soak.md ("How long to record"). Reads the built library (dist/).
 *
 *   node scripts/soak-lengths.mjs [--corpus soak-corpus|soak-corpus/heldout] [--verbose] [SECONDS...]
 *
 * A trace shorter than N (by more than 2 s) is left out of that column.
 * Exit 3 (inconclusive) predicts no leak, as in `npm run eval`, and is also
 * counted on its own.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { analyse, readInput } from '../dist/index.js';
import { addAnalysisOptions, optionsFromFlags } from '../dist/cli/analysis-flags.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const corpusAt = args.indexOf('--corpus');
const corpus = corpusAt < 0 ? 'soak-corpus' : args[corpusAt + 1];
const verbose = args.includes('--verbose');
const lengths = args.filter((a, i) => /^\d+$/.test(a) && i !== corpusAt + 1).map(Number);
const cuts = lengths.length > 0 ? lengths : [90, 120, 180, 240, 300, 420, 600];

const dir = join(root, 'fixtures', corpus);
const [, ...rows] = readFileSync(join(dir, 'labels.csv'), 'utf8').trim().split('\n');
const traces = rows.map((row) => {
  const [name, label] = row.split(',');
  const file = join(dir, 'traces', `${name}.jsonl`);
  const series = readInput(readFileSync(file, 'utf8'), { source: file }).series[0];
  return { name, label, file, series };
});
const command = addAnalysisOptions(new Command().exitOverride());
command.parse(['--gate', 'leak', '--profile', 'robust'], { from: 'user' });
const options = optionsFromFlags(command.opts());

function score(trace, seconds) {
  const { times, values } = trace.series;
  const end = seconds === Infinity ? times.length : times.findIndex((t) => t - times[0] > seconds);
  const n = end < 0 ? times.length : end;
  const series = { ...trace.series, times: times.subarray(0, n), values: values.subarray(0, n) };
  return analyse({ source: trace.file, format: 'jsonl', series: [series] }, options).exitCode;
}

const columns = [...cuts, Infinity];
const table = { traces: [], 'false alarms': [], misses: [], inconclusive: [] };
for (const seconds of columns) {
  let count = 0;
  let falseAlarms = 0;
  let misses = 0;
  let inconclusive = 0;
  const wrong = [];
  for (const trace of traces) {
    const span = trace.series.times[trace.series.times.length - 1] - trace.series.times[0];
    if (seconds !== Infinity && span < seconds - 2) continue;
    count++;
    const code = score(trace, seconds);
    if (code === 3) inconclusive++;
    const leak = code === 1;
    if (leak && trace.label === 'no-leak') falseAlarms++, wrong.push(`false alarm ${trace.name}`);
    if (!leak && trace.label === 'leak') misses++, wrong.push(`miss ${trace.name}${code === 3 ? ' (inconclusive)' : ''}`);
  }
  table.traces.push(count);
  table['false alarms'].push(falseAlarms);
  table.misses.push(misses);
  table.inconclusive.push(inconclusive);
  if (verbose) console.log(`${seconds === Infinity ? 'whole' : `${seconds} s`}: ${wrong.join(', ') || 'all right'}`);
}
console.log(`| first N s | ${columns.map((s) => (s === Infinity ? 'whole' : s)).join(' | ')} |`);
console.log(`|---|${columns.map(() => '---').join('|')}|`);
for (const [row, cells] of Object.entries(table)) console.log(`| ${row} | ${cells.join(' | ')} |`);
