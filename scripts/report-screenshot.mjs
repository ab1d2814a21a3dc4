#!/usr/bin/env node
/**
 * `npm run report:screenshot [-- INPUT [OUT.png]]`: renders the HTML report
 * of a recording (default: fixtures/prometheus-two-series.json) with the
 * built CLI, opens it in headless Chromium and writes a PNG of the whole
 * page (default: docs/report.png, the README's picture).
 *
 * Needs Debian's chromium (`apt-get install -y chromium`) or CHROMIUM_PATH.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const input = resolve(process.argv[2] ?? join(root, 'fixtures', 'prometheus-two-series.json'));
const output = resolve(process.argv[3] ?? join(root, 'docs', 'report.png'));
const executablePath = CHROMIUM;
if (!existsSync(executablePath)) {
  console.error(`report:screenshot: no Chromium at ${executablePath}; apt-get install -y chromium, or set CHROMIUM_PATH`);
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'leak-score-shot-'));
try {
  const html = join(dir, 'report.html');
  const run = spawnSync(process.execPath, [join(root, 'bin', 'leak-score.js'), input, '--html', html, '--quiet'], {
    encoding: 'utf8',
  });
  if (!existsSync(html)) {
    console.error(`report:screenshot: leak-score wrote no report (exit ${run.status}): ${run.stderr.trim()}`);
    process.exit(2);
  }
  // A persistent context is how Playwright takes a fresh --user-data-dir of our choosing.
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1100, height: 900 },
    deviceScaleFactor: 1,
    colorScheme: 'light',
  });
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(html).href);
    await page.waitForSelector('html[data-ready="true"]');
    await page.screenshot({ path: output, fullPage: true });
  } finally {
    await context.close();
  }
  console.log(`wrote ${output}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
