import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { htmlFixture } from './html-fixture.js';

const fixture = (name: string): string => join(import.meta.dirname, '..', '..', 'fixtures', name);
const dir = mkdtempSync(join(tmpdir(), 'leak-score-html-'));

async function html(args: string[], stdin?: string): Promise<string> {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.html`);
  const run = await runCli([...args, '--html', file], stdin === undefined ? {} : { stdin });
  expect(run.code).not.toBe(2);
  return readFileSync(file, 'utf8');
}

describe('--html writes one self-contained file', () => {
  it('loads nothing from anywhere', async () => {
    const page = await html([fixture('prometheus-two-series.json')]);
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(page).not.toMatch(/<link\b|<img\b|<iframe\b|\ssrc=|@import|url\(/i);
    const urls = page.match(/https?:\/\/[^\s"')]+/g) ?? [];
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
    expect(page.length).toBeLessThan(150_000);
  });

  it('has a chart per series, the fitted lines, the score track and a band per alert phase', async () => {
    const page = await html([fixture('prometheus-two-series.json')]);
    expect(page.match(/<figure class="chart"/g)).toHaveLength(2);
    expect(page.match(/class="series rss-line"/g)).toHaveLength(2);
    expect(page.match(/class="series fit fit-final"/g)).toHaveLength(2);
    expect(page.match(/class="series fit fit-overall"/g)).toHaveLength(2);
    expect(page.match(/class="series score-line"/g)).toHaveLength(2);
    expect(page.match(/class="band band-pending"/g)).toHaveLength(1);
    expect(page.match(/class="band band-firing"/g)).toHaveLength(1);
    expect(page.match(/<tr class="v-/g)).toHaveLength(2);
  });

  it('draws pending-only episodes as pending bands', async () => {
    const page = await html(['-'], htmlFixture());
    // spiky: pending twice without firing, then pending → firing; leaking: pending → firing.
    expect(page.match(/class="band band-pending" data-alert="MemoryHigh"/g)).toHaveLength(3);
    expect(page.match(/class="band band-firing" data-alert="MemoryHigh"/g)).toHaveLength(1);
    expect(page.match(/class="band band-pending" data-alert="MemoryLeakDetected"/g)).toHaveLength(1);
    expect(page.match(/class="band band-firing" data-alert="MemoryLeakDetected"/g)).toHaveLength(1);
  });

  it('escapes labels everywhere, including the data block', async () => {
    const doc = JSON.parse(htmlFixture()) as { data: { result: Array<{ metric: Record<string, string> }> } };
    doc.data.result[0]!.metric.pod = '</script><script>alert(1)</script>';
    const page = await html(['-'], JSON.stringify(doc));
    expect(page).not.toContain('<script>alert(1)');
    expect(page.match(/<\/script>/g)).toHaveLength(2);
  });

  it('an unwritable --html path is a usage error', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const run = await runCli([fixture('flat.csv'), '--html', join(blocker, 'report.html')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/cannot write --html .*report\.html/);
  });
});
