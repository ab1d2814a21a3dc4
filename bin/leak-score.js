#!/usr/bin/env node
// `--version` is answered before the CLI's modules load, so CI scripts that
// probe it pay for Node's start-up only.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { readFileSync } = await import('node:fs');
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  // A closed pipe (`leak-score --version | true`) is not an error.
  process.stdout.on('error', () => undefined);
  process.stdout.write(`${manifest.version}\n`);
} else {
  // No on-stack replacement: V8 (Node 20) compiled long loops while they ran
  // and kept reusing that code after it deoptimised, once per batch when a
  // rare branch (a window rebuild) first ran in it: over 1,000 deoptimisations
  // in some runs of a 10M-sample input, none in others. Every hot loop here
  // runs over chunks, so each is compiled whole after its first calls instead.
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--no-use-osr');
  const { runProcess } = await import('../dist/leak-score.mjs');
  process.exitCode = await runProcess(args);
}
