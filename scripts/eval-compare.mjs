#!/usr/bin/env node
/**
 * `npm run eval:compare [-- DIR] [--verbose]`: runs `leak-score compare` with
 * default options over every pair in DIR/pairs.csv (`base,head,expected,…`,
 * expected `worse` or `same`) and prints the confusion matrix. Traces are
 * DIR/traces/<name>.jsonl (or .csv). DIR defaults to fixtures/soak-corpus/,
 * the short real soak corpus (3–10 min at 1 s).
 *
 * Each pair goes through the built CLI (bin/leak-score.js), so the exit code
 * is the prediction: 1 worse, 0 same, 3 inconclusive.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
// Anything after `--` goes to compare itself, e.g. `-- --unresolved inconclusive`.
const dash = args.indexOf('--');
const extra = dash >= 0 ? args.slice(dash + 1) : [];
const dir = resolve(args.slice(0, dash >= 0 ? dash : args.length).find((a) => !a.startsWith('--')) ?? join(root, 'fixtures', 'soak-corpus'));
const pairsFile = join(dir, 'pairs.csv');
if (!existsSync(pairsFile)) {
  console.error(`eval:compare: no ${pairsFile}; give the corpus folder (with pairs.csv and traces/) as the argument`);
  process.exit(2);
}

/** Minimal CSV: the description (last column) may be quoted and hold commas. */
function parseLine(line) {
  const cells = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') cells.push(cell), (cell = '');
    else cell += ch;
  }
  cells.push(cell);
  return cells;
}

const [header, ...lines] = readFileSync(pairsFile, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
const names = parseLine(header);
const col = (name) => names.indexOf(name);
const pairs = lines.map(parseLine).map((cells) => ({ base: cells[col('base')], head: cells[col('head')], expected: cells[col('expected')] }));

function trace(name) {
  for (const ext of ['jsonl', 'csv', 'json']) {
    const path = join(dir, 'traces', `${name}.${ext}`);
    if (existsSync(path)) return path;
  }
  return null;
}

const PREDICTED = { 0: 'same', 1: 'worse', 3: 'inconclusive' };
const matrix = { worse: { worse: 0, same: 0, inconclusive: 0 }, same: { worse: 0, same: 0, inconclusive: 0 } };
const wrong = [];
let missing = 0;
for (const pair of pairs) {
  const base = trace(pair.base);
  const head = trace(pair.head);
  if (base === null || head === null) {
    console.log(`skip  ${pair.base} → ${pair.head}: ${base === null ? pair.base : pair.head} not recorded yet`);
    missing++;
    continue;
  }
  const run = spawnSync(process.execPath, [join(root, 'bin', 'leak-score.js'), 'compare', base, head, '--quiet', '--no-color', ...extra], { encoding: 'utf8' });
  const predicted = PREDICTED[run.status] ?? `exit ${run.status}`;
  if (run.status === 2) {
    // An input error (a trace still being recorded is empty): say so, do not count it.
    console.log(`error ${pair.base} → ${pair.head}: ${run.stderr.trim()}`);
    missing++;
    continue;
  }
  if (!(pair.expected in matrix) || !(predicted in matrix[pair.expected])) {
    console.error(`eval:compare: ${pair.base} → ${pair.head}: expected ${pair.expected}, got ${predicted}\n${run.stderr}`);
    process.exit(2);
  }
  matrix[pair.expected][predicted]++;
  const ok = predicted === pair.expected;
  if (!ok) wrong.push(`${pair.base} → ${pair.head}: expected ${pair.expected}, got ${predicted}`);
  if (verbose || !ok) {
    const detail = spawnSync(process.execPath, [join(root, 'bin', 'leak-score.js'), 'compare', base, head, '--no-chart', '--no-color', ...extra], { encoding: 'utf8' });
    console.log(`${ok ? 'ok  ' : 'MISS'}  ${pair.base} → ${pair.head} (expected ${pair.expected})\n${detail.stdout.replace(/^/gm, '      ')}`);
  } else {
    console.log(`ok    ${pair.base} → ${pair.head}: ${predicted}`);
  }
}

const total = pairs.length - missing;
const correct = matrix.worse.worse + matrix.same.same;
console.log(`\ncompare${extra.length > 0 ? ` ${extra.join(' ')}` : ''} over ${total} pairs of ${dir.replace(`${root}/`, '')}: ${correct}/${total} correct${missing > 0 ? ` (${missing} pairs not recorded yet or unreadable)` : ''}`);
console.log('                  predicted worse  predicted same  inconclusive');
for (const expected of ['worse', 'same']) {
  const row = matrix[expected];
  console.log(`  expected ${expected.padEnd(6)} ${String(row.worse).padStart(15)} ${String(row.same).padStart(15)} ${String(row.inconclusive).padStart(13)}`);
}
if (wrong.length > 0) console.log(`\nwrong:\n${wrong.map((w) => `  ${w}`).join('\n')}`);
