/**
 * The HTML report in a real browser: Debian's Chromium, headless, driven by
 * playwright-core. CI installs Chromium (.ci/run), so there the test always
 * runs; elsewhere it is skipped only when Chromium is missing, and says so.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';
import { htmlFixture } from './html-fixture.js';

const available = existsSync(CHROMIUM);
const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

if (!available && !inCi) {
  console.warn(`html-browser.test.ts skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
}

interface ChartFacts {
  verdict: string;
  svgWidth: number;
  rssWidth: number;
  series: string[];
  pending: string[];
  firing: string[];
  bandsVisible: boolean;
}

/** Runs in the page (as text: this project's TypeScript has no DOM types). */
const CHART_FACTS = `[...document.querySelectorAll('section.series')].map((section) => {
  const figure = section.querySelector('figure.chart');
  const width = (el) => (el ? el.getBoundingClientRect().width : 0);
  const all = (selector) => [...(figure ? figure.querySelectorAll(selector) : [])];
  return {
    verdict: section.getAttribute('data-verdict'),
    svgWidth: width(figure && figure.querySelector('svg')),
    rssWidth: width(figure && figure.querySelector('.rss-line')),
    series: all('.series').map((el) => el.getAttribute('data-series')),
    pending: all('.band-pending').map((el) => el.getAttribute('data-alert')),
    firing: all('.band-firing').map((el) => el.getAttribute('data-alert')),
    bandsVisible: all('.band').every((el) => el.getBoundingClientRect().width > 0),
  };
})`;

describe.skipIf(!available && !inCi)('the HTML report in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leak-score-browser-'));
  let context: BrowserContext;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    if (!available) throw new Error(`CI must provide Chromium at ${CHROMIUM}: .ci/run installs Debian's chromium`);
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1100, height: 900 },
    });
    context.on('request', (request) => requests.push(request.url()));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string, args: string[], stdin?: string): Promise<Page> {
    const file = join(dir, `${name}.html`);
    const run = await runCli([...args, '--html', file], stdin === undefined ? {} : { stdin });
    expect(run.code).not.toBe(2);
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 10_000 });
    return page;
  }

  it('renders a chart per series with its lines and one band per alert phase', async () => {
    const page = await open('fleet', ['-'], htmlFixture());
    const facts = (await page.evaluate(CHART_FACTS)) as ChartFacts[];
    expect(facts).toHaveLength(3);
    for (const chart of facts) {
      expect(chart.svgWidth).toBeGreaterThan(800);
      // The RSS line spans the plot: from the first sample to the last.
      expect(chart.rssWidth).toBeGreaterThan(chart.svgWidth * 0.8);
      expect(chart.series).toEqual(['rss', 'fit-overall', 'fit-final', 'score']);
      expect(chart.bandsVisible).toBe(true);
    }
    const byBands = facts.map((chart) => ({ verdict: chart.verdict, pending: chart.pending.sort(), firing: chart.firing.sort() }));
    expect(byBands).toEqual(
      expect.arrayContaining([
        { verdict: 'fail', pending: ['MemoryLeakDetected'], firing: ['MemoryLeakDetected'] },
        { verdict: 'fail', pending: ['MemoryHigh', 'MemoryHigh', 'MemoryHigh'], firing: ['MemoryHigh'] },
        { verdict: 'pass', pending: [], firing: [] },
      ]),
    );
    expect(await page.locator('table.numbers tbody tr').count()).toBe(3);
    await page.close();
  });

  it('shows values under the pointer and hides a line from the legend', async () => {
    const page = await open('leaking', [join(import.meta.dirname, '..', '..', 'fixtures', 'leaking.csv')]);
    const svg = page.locator('figure.chart svg').first();
    const box = (await svg.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.5);
    const tooltip = page.locator('figure.chart .tooltip').first();
    await expect.poll(() => tooltip.isVisible()).toBe(true);
    const text = await tooltip.innerText();
    expect(text).toMatch(/^2024-11-19 \d\d:\d\d:\d\dZ/);
    expect(text).toMatch(/RSS \d+\.\d/);
    expect(text).toContain('MemoryLeakDetected firing');
    await page.mouse.move(0, 0);
    await expect.poll(() => tooltip.isVisible()).toBe(false);

    const fit = page.locator('.fit-final').first();
    expect(await fit.isVisible()).toBe(true);
    await page.getByRole('button', { name: /final-window fit/ }).click();
    expect(await fit.isVisible()).toBe(false);
    await page.close();
  });

  it('prints: charts and numbers stay, interactive parts go', async () => {
    const page = await open('print', [join(import.meta.dirname, '..', '..', 'fixtures', 'prometheus-two-series.json')]);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('figure.chart svg').first().isVisible()).toBe(true);
    expect(await page.locator('table.numbers').isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    await page.close();
  });

  it('loaded nothing but its own file and logged no errors', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    expect(problems).toEqual([]);
  });
});
