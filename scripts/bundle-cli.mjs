#!/usr/bin/env node
/**
 * Bundles the CLI (dist/cli/process.js, built by tsc, and its dependencies)
 * into one file, dist/leak-score.mjs, which bin/leak-score.js runs, and the
 * scoring thread (dist/pipeline/scoring-thread.js) into dist/scoring-worker.mjs,
 * which the CLI's scoring thread loads. Node 20 spends ~130 ms resolving and linking the CLI's 175
 * modules before reading a byte; one file loads in ~40 ms. The library
 * (dist/index.js) stays unbundled.
 */
import { build } from 'esbuild';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Dependencies written as CommonJS (commander) call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
  // The scoring thread's own file, beside the CLI's (src/pipeline/scoring-thread.ts): a third of the code to load.
  define: { SCORING_WORKER_FILE: JSON.stringify('./scoring-worker.mjs') },
  logLevel: 'warning',
};
await build({ ...common, entryPoints: [join(root, 'dist', 'cli', 'process.js')], outfile: join(root, 'dist', 'leak-score.mjs') });
await build({ ...common, entryPoints: [join(root, 'dist', 'pipeline', 'scoring-thread.js')], outfile: join(root, 'dist', 'scoring-worker.mjs') });
