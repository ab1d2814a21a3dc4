#!/usr/bin/env node
/**
 * `npm run eval`: scores every recorded trace in fixtures/corpus/ twice — the
 * default (seed) mode and `--profile robust` — and prints a confusion matrix
 * for each against fixtures/corpus/labels.csv. It reads the recordings; it
 * never re-records (fixtures/corpus/record-all.sh does that).
 *
 * Both modes use `--gate leak`: the corpus is labelled for leaks, and
 * MemoryHigh (400 MiB) would fire on any trace that grows past it, leak or
 * not. Otherwise every option is the default, applied identically to both
 * modes; the traces' compressed time is in their timestamps (see the corpus
 * README), so no option is scaled. A trace is "predicted leak" when the
 * exit code is 1; 0 and 3 (inconclusive, counted separately) predict no leak.
 *
 * The scoring goes through the built library (dist/) with the options the
 * CLI's own flag parser makes; `--cli` runs bin/leak-score.js per trace
 * instead and checks nothing differs.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { analyse, readInput } from '../dist/index.js';
import { addAnalysisOptions, optionsFromFlags } from '../dist/cli/analysis-flags.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = join(root, 'fixtures', 'corpus');
const useCli = process.argv.includes('--cli');
const verbose = process.argv.includes('--verbose');

// Arguments after `--` are added to the robust mode, to try other settings:
// `node scripts/eval.mjs --verbose -- --bucket 30m`.
const split = process.argv.indexOf('--');
const extra = split < 0 ? [] : process.argv.slice(split + 1);
const MODES = [
  { name: 'seed (default)', args: ['--gate', 'leak'] },
  { name: ['--profile robust', ...extra].join(' '), args: ['--gate', 'leak', '--profile', 'robust', ...extra] },
];

function optionsFor(args) {
  const command = addAnalysisOptions(new Command().exitOverride());
  command.parse(args, { from: 'user' });
  return optionsFromFlags(command.opts());
}

function readLabels() {
  const [header, ...rows] = readFileSync(join(corpus, 'labels.csv'), 'utf8').trim().split('\n');
  const names = header.split(',');
  return rows.map((row) => {
    const cells = row.split(',');
    const entry = Object.fromEntries(names.slice(0, -1).map((n, i) => [n, cells[i]]));
    entry.description = cells.slice(names.length - 1).join(',');
    return entry;
  });
}

function runLibrary(file, args) {
  const text = readFileSync(file, 'utf8');
  const read = readInput(text, { source: file });
  const result = analyse({ source: file, format: read.format, series: read.series }, optionsFor(args));
  const series = result.series[0];
  return {
    exitCode: result.exitCode,
    peak: series.peak.score,
    why: series.robust?.explanation ?? seedWhy(series),
  };
}

function seedWhy(series) {
  const fired = series.episodes.find((e) => e.name === 'MemoryLeakDetected' && e.firedAt !== null);
  return fired === undefined
    ? `MemoryLeakDetected never fired (peak score ${series.peak.score.toFixed(2)})`
    : `MemoryLeakDetected fired (peak score ${series.peak.score.toFixed(2)})`;
}

function runCli(file, args) {
  try {
    execFileSync(process.execPath, [join(root, 'bin', 'leak-score.js'), file, '-q', ...args], { stdio: 'pipe' });
    return 0;
  } catch (error) {
    if (typeof error.status === 'number') return error.status;
    throw error;
  }
}

const labels = readLabels();
const predicted = (code) => (code === 1 ? 'leak' : 'no-leak');
let mismatches = 0;
const summary = [];
for (const mode of MODES) {
  const matrix = { tp: 0, fn: 0, fp: 0, tn: 0, inconclusive: 0 };
  const wrong = [];
  for (const trace of labels) {
    const file = join(corpus, 'traces', `${trace.name}.csv`);
    const one = runLibrary(file, mode.args);
    if (useCli) {
      const code = runCli(file, mode.args);
      if (code !== one.exitCode) {
        mismatches++;
        console.error(`CLI and library disagree on ${trace.name} (${mode.name}): ${code} vs ${one.exitCode}`);
      }
    }
    if (one.exitCode === 3) matrix.inconclusive++;
    const guess = predicted(one.exitCode);
    if (trace.label === 'leak') matrix[guess === 'leak' ? 'tp' : 'fn']++;
    else matrix[guess === 'leak' ? 'fp' : 'tn']++;
    if (guess !== trace.label) wrong.push(`  ${guess === 'leak' ? 'false alarm' : 'miss'}: ${trace.name} (${trace.description}) — ${one.why}`);
    if (verbose && (mode === MODES[1] || !process.argv.includes('--robust-only'))) console.log(`${mode.name.padEnd(17)} ${trace.name.padEnd(22)} ${trace.label.padEnd(8)} exit ${one.exitCode}  ${one.why}`);
  }
  summary.push({ mode, matrix, wrong });
}

const pad = (text, width) => String(text).padStart(width);
for (const { mode, matrix, wrong } of summary) {
  const total = matrix.tp + matrix.fn + matrix.fp + matrix.tn;
  const correct = matrix.tp + matrix.tn;
  console.log(`\n${mode.name}: ${correct}/${total} correct, ${matrix.fp} false alarm${matrix.fp === 1 ? '' : 's'}, ${matrix.fn} miss${matrix.fn === 1 ? '' : 'es'}${matrix.inconclusive > 0 ? `, ${matrix.inconclusive} inconclusive (counted as no leak)` : ''}`);
  console.log(`                  predicted leak  predicted no-leak`);
  console.log(`  actual leak     ${pad(matrix.tp, 14)}  ${pad(matrix.fn, 17)}`);
  console.log(`  actual no-leak  ${pad(matrix.fp, 14)}  ${pad(matrix.tn, 17)}`);
  for (const line of wrong) console.log(line);
}
if (mismatches > 0) process.exitCode = 1;
