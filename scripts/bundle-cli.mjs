#!/usr/bin/env node
/**
 * Bundles the CLI (dist/cli/process.js, built by tsc, and its dependencies)
 * into one file, dist/leak-score.mjs, which bin/leak-score.js runs and the
 * scoring thread loads (scoring-thread.ts starts its worker from its own
 * module's URL). Node 20 spends ~130 ms resolving and linking the CLI's 175
 * modules before reading a byte; one file loads in ~40 ms. The library
 * (dist/index.js) stays unbundled.
 */
import { build } from 'esbuild';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
await build({
  entryPoints: [join(root, 'dist', 'cli', 'process.js')],
  outfile: join(root, 'dist', 'leak-score.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Dependencies written as CommonJS (commander) call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
  logLevel: 'warning',
});
