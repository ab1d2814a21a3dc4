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
  const { runProcess } = await import('../dist/leak-score.mjs');
  process.exitCode = await runProcess(args);
}
