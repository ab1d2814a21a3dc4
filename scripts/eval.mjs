#!/usr/bin/env node
/**
 * `npm run eval`: scores every recorded trace of each labelled corpus twice —
 * the default (seed) mode and `--profile robust` — and prints a confusion
 * matrix for each mode against the corpus' labels.csv. Two corpora, in turn:
 *
 *   fixtures/corpus/       18 long-horizon traces in compressed time (issue 5)
 *   fixtures/soak-corpus/  short CI soaks at 1 s in native time (issue 11)
 *   fixtures/soak-corpus/heldout/  more short soaks, held out: never tuned on
 *
 * It reads the recordings; it never re-records (each corpus' record-all.sh
 * does that). Everything comes from labels.csv: a trace is
 * traces/<name>.csv or traces/<name>.jsonl, whichever exists; a labelled
 * trace with no recording is reported and makes the run fail.
 *
 * Both modes use `--gate leak`: the corpora are labelled for leaks, and
 * MemoryHigh (400 MiB) would fire on any trace that grows past it, leak or
 * not. Otherwise every option is the default, applied identically to both
 * modes and both corpora (the long corpus' compressed time is in its
 * timestamps, see its README, so no option is scaled). A trace is "predicted
 * leak" when the exit code is 1; 0 and 3 (inconclusive, counted separately)
 * predict no leak.
 *
 * The scoring goes through the built library (dist/) with the options the
 * CLI's own flag parser makes; `--cli` runs bin/leak-score.js per trace
 * instead and checks nothing differs.
 *
 *   node scripts/eval.mjs [--verbose] [--robust-only] [--cli] [--corpus corpus|soak-corpus] [-- ROBUST FLAGS...]
 *
 * `--verbose` lists every trace's verdict in each mode with its slope and the
 * robust explanation; `--corpus` evaluates one corpus only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { analyse, readInput } from '../dist/index.js';
import { addAnalysisOptions, optionsFromFlags } from '../dist/cli/analysis-flags.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CORPORA = [
  { id: 'corpus', title: 'fixtures/corpus/: long-horizon traces in compressed time' },
  { id: 'soak-corpus', title: 'fixtures/soak-corpus/: short CI soaks at 1 s, native time' },
  { id: 'soak-corpus/heldout', title: 'fixtures/soak-corpus/heldout/: held-out short soaks at 1 s (recorded for checking, never tuned on)' },
];
const useCli = process.argv.includes('--cli');
const verbose = process.argv.includes('--verbose');
const robustOnly = process.argv.includes('--robust-only');

// Arguments after `--` are added to the robust mode, to try other settings:
// `node scripts/eval.mjs --verbose -- --bucket 30m`.
const split = process.argv.indexOf('--');
const own = split < 0 ? process.argv.slice(2) : process.argv.slice(2, split);
const extra = split < 0 ? [] : process.argv.slice(split + 1);
const corpusAt = own.indexOf('--corpus');
const onlyCorpus = corpusAt < 0 ? null : own[corpusAt + 1];
if (onlyCorpus !== null && !CORPORA.some((c) => c.id === onlyCorpus)) {
  console.error(`eval: --corpus must be one of ${CORPORA.map((c) => c.id).join(', ')}`);
  process.exit(2);
}
const MODES = [
  { name: 'seed (default)', args: ['--gate', 'leak'] },
  { name: ['--profile robust', ...extra].join(' '), args: ['--gate', 'leak', '--profile', 'robust', ...extra] },
];

function optionsFor(args) {
  const command = addAnalysisOptions(new Command().exitOverride());
  command.parse(args, { from: 'user' });
  return optionsFromFlags(command.opts());
}

function readLabels(dir) {
  const [header, ...rows] = readFileSync(join(dir, 'labels.csv'), 'utf8').trim().split('\n');
  const names = header.split(',');
  return rows.map((row) => {
    const cells = row.split(',');
    const entry = Object.fromEntries(names.slice(0, -1).map((n, i) => [n, cells[i]]));
    entry.description = cells.slice(names.length - 1).join(',');
    return entry;
  });
}

function traceFile(dir, name) {
  for (const ext of ['csv', 'jsonl']) {
    const file = join(dir, 'traces', `${name}.${ext}`);
    if (existsSync(file)) return file;
  }
  return null;
}

const fmt = (v, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));

function runLibrary(file, args) {
  const text = readFileSync(file, 'utf8');
  const read = readInput(text, { source: file });
  const result = analyse({ source: file, format: read.format, series: read.series }, optionsFor(args));
  const series = result.series[0];
  return {
    exitCode: result.exitCode,
    peak: series.peak.score,
    why: series.robust?.explanation ?? seedWhy(series),
    slope: series.robust === undefined ? seedSlope(series) : robustSlope(series.robust),
  };
}

function seedWhy(series) {
  const reason = series.inconclusiveReason;
  if (reason?.kind === 'too-short') {
    return `inconclusive: ${(reason.durationSeconds / 60).toFixed(1)} min is shorter than the longest gating for (${reason.longestForSeconds / 60} min); peak score ${series.peak.score.toFixed(2)}`;
  }
  if (reason?.kind === 'too-few-samples') return `inconclusive: ${reason.samples} samples, ${reason.minSamples} needed`;
  const fired = series.episodes.find((e) => e.name === 'MemoryLeakDetected' && e.firedAt !== null);
  return fired === undefined
    ? `MemoryLeakDetected never fired (peak score ${series.peak.score.toFixed(2)})`
    : `MemoryLeakDetected fired (peak score ${series.peak.score.toFixed(2)})`;
}

/** The seed's final-window OLS slope and R². */
function seedSlope(series) {
  return `OLS ${fmt(series.final.slopeMiBPerHour)} MiB/h R² ${fmt(series.final.r2, 2)}`;
}

/** The Theil–Sen slope and interval of the evidence that decided. */
function robustSlope(robust) {
  const last = robust.decidedBy.at(-1);
  const trend = robust.pooled ?? (last === undefined ? null : robust.segments[last]?.trend) ?? null;
  if (trend === null) return 'Theil–Sen —';
  const ts = trend.theilSen;
  return `Theil–Sen ${fmt(ts.slopeMiBPerHour)} [${fmt(ts.lowerMiBPerHour)}, ${fmt(ts.upperMiBPerHour)}] MiB/h, MK p ${trend.mannKendall.pIncreasing.toPrecision(2)}, ${trend.points} pts`;
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

const predicted = (code) => (code === 1 ? 'leak' : 'no-leak');
const pad = (text, width) => String(text).padStart(width);
let failures = 0;

function evaluate(corpus) {
  const dir = join(root, 'fixtures', corpus.id);
  const labels = readLabels(dir);
  const present = [];
  for (const trace of labels) {
    const file = traceFile(dir, trace.name);
    if (file === null) {
      failures++;
      console.error(`missing: fixtures/${corpus.id}/traces/${trace.name}.{csv,jsonl} is labelled but not recorded (fixtures/${corpus.id}/record-all.sh re-records)`);
    } else present.push({ ...trace, file });
  }
  const width = Math.max(22, ...present.map((t) => t.name.length));
  const summary = [];
  for (const mode of MODES) {
    const matrix = { tp: 0, fn: 0, fp: 0, tn: 0, inconclusive: 0 };
    const wrong = [];
    for (const trace of present) {
      const one = runLibrary(trace.file, mode.args);
      if (useCli) {
        const code = runCli(trace.file, mode.args);
        if (code !== one.exitCode) {
          failures++;
          console.error(`CLI and library disagree on ${trace.name} (${mode.name}): ${code} vs ${one.exitCode}`);
        }
      }
      if (one.exitCode === 3) matrix.inconclusive++;
      const guess = predicted(one.exitCode);
      if (trace.label === 'leak') matrix[guess === 'leak' ? 'tp' : 'fn']++;
      else matrix[guess === 'leak' ? 'fp' : 'tn']++;
      if (guess !== trace.label) wrong.push(`  ${guess === 'leak' ? 'false alarm' : 'miss'}: ${trace.name} (${trace.description}) — ${one.why}`);
      if (verbose && (mode === MODES[1] || !robustOnly)) {
        console.log(`${mode.name.padEnd(17)} ${trace.name.padEnd(width)} ${trace.label.padEnd(8)} exit ${one.exitCode}  ${one.slope}  ${one.why}`);
      }
    }
    summary.push({ mode, matrix, wrong });
  }
  for (const { mode, matrix, wrong } of summary) {
    const total = matrix.tp + matrix.fn + matrix.fp + matrix.tn;
    const correct = matrix.tp + matrix.tn;
    console.log(`\n${mode.name}: ${correct}/${total} correct, ${matrix.fp} false alarm${matrix.fp === 1 ? '' : 's'}, ${matrix.fn} miss${matrix.fn === 1 ? '' : 'es'}${matrix.inconclusive > 0 ? `, ${matrix.inconclusive} inconclusive (counted as no leak)` : ''}`);
    console.log(`                  predicted leak  predicted no-leak`);
    console.log(`  actual leak     ${pad(matrix.tp, 14)}  ${pad(matrix.fn, 17)}`);
    console.log(`  actual no-leak  ${pad(matrix.fp, 14)}  ${pad(matrix.tn, 17)}`);
    for (const line of wrong) console.log(line);
  }
}

let first = true;
for (const corpus of CORPORA) {
  if (onlyCorpus !== null && corpus.id !== onlyCorpus) continue;
  console.log(`${first ? '' : '\n'}== ${corpus.title}`);
  first = false;
  evaluate(corpus);
}
if (failures > 0) process.exitCode = 1;
