/**
 * Every report format carries each pod's explanation (issue 17): text, JSON
 * and Markdown had it; HTML and JUnit now too, escaped as each format needs.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const fleet = join(import.meta.dirname, '..', '..', 'fixtures', 'k8s', 'fleet-three-pods.jsonl');
const dir = mkdtempSync(join(tmpdir(), 'leak-score-k8s-reports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the three-pod fleet in HTML and JUnit', () => {
  it('HTML lists each pod’s sentences in its section, the page-cache pod’s among them', async () => {
    const html = join(dir, 'fleet.html');
    const run = await runCli([fleet, '--quiet', '--html', html]);
    expect(run.code).toBe(1);
    const page = readFileSync(html, 'utf8');
    const lists = page.match(/<ul class="explanation">.*?<\/ul>/g) ?? [];
    expect(lists).toHaveLength(3);
    expect(lists.some((list) => list.includes('<li>Growth is page cache, not a leak: usage − working set grew'))).toBe(true);
    expect(lists.some((list) => /<li>Restarted 2 times: /.test(list))).toBe(true);
  });

  it('JUnit puts the sentences first in each testcase’s body', async () => {
    const run = await runCli([fleet, '--format', 'junit']);
    expect(run.code).toBe(1);
    const cases = run.stdout.split('<testcase ').slice(1);
    expect(cases).toHaveLength(3);
    const catalog = cases.find((one) => one.includes('catalog')) as string;
    expect(catalog).toMatch(/<system-out>Scored the working set \(container_memory_working_set_bytes\)[^<]*\nGrowth is page cache, not a leak/);
    const orders = cases.find((one) => one.includes('orders')) as string;
    expect(orders).toMatch(/<failure [^>]*>Scored the working set/);
  });
});
