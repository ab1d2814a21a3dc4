/**
 * Terminal and page safety (issue 13): fixtures/hostile-labels.json through
 * the built CLI in every format. No control character reaches the terminal
 * (text, Markdown, JUnit, GitHub annotations), and nothing in the labels
 * becomes markup (HTML, Markdown).
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasControl } from '../../src/report/escape.js';
import { runBuilt, STACK_TRACE } from '../support/built-cli.js';

const fixture = join(import.meta.dirname, '..', '..', 'fixtures', 'hostile-labels.json');
const dir = mkdtempSync(join(tmpdir(), 'leak-score-hostile-labels-'));
/** Every control character but the line feed that ends lines. */
const noControls = (text: string): void => {
  for (const line of text.split('\n')) expect(hasControl(line), JSON.stringify(line)).toBe(false);
};

describe('hostile labels through the built CLI', () => {
  it('text, with and without colour: control characters written out; colour codes are only chalk\u2019s', async () => {
    const plain = await runBuilt([fixture, '--no-color', '--chart', 'all']);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toBe('');
    noControls(plain.stdout);
    expect(plain.stdout).toContain('\\x1b]0;pwned-title\\x07');
    expect(plain.stdout).toContain('\\u202e');
    const coloured = await runBuilt([fixture, '--color', '--chart', 'all']);
    // Taking out the SGR codes chalk adds gives the plain report: no other escape was in the output.
    // eslint-disable-next-line no-control-regex
    expect(coloured.stdout.replace(/\u001b\[\d+(;\d+)*m/g, '')).toBe(plain.stdout);
  });

  it('Markdown: no controls, no markup, no links or mentions', async () => {
    const run = await runBuilt([fixture, '--format', 'markdown']);
    noControls(run.stdout);
    expect(run.stdout).not.toMatch(/<script|<img/i);
    expect(run.stdout).toContain('&lt;script&gt;');
    expect(run.stdout).not.toContain('[click](');
    expect(run.stdout).toContain('&#91;click&#93;');
    expect(run.stdout).toContain('&#64;org/team');
  });

  it('JUnit and GitHub annotations: no controls, no markup', async () => {
    const junit = await runBuilt([fixture, '--format', 'junit']);
    noControls(junit.stdout);
    expect(junit.stdout).not.toMatch(/<script|<img/i);
    const annotated = await runBuilt([fixture, '--quiet'], { env: { GITHUB_ACTIONS: 'true' } });
    expect(annotated.stderr).toMatch(/^::error /);
    noControls(annotated.stderr);
  });

  it('HTML: every string escaped, no element from a label', async () => {
    const html = join(dir, 'r.html');
    const run = await runBuilt([fixture, '--quiet', '--html', html]);
    expect(run.code).toBe(1);
    const page = readFileSync(html, 'utf8');
    noControls(page);
    expect(page).not.toMatch(/<img/i);
    expect(page).not.toMatch(/<[^>]*onerror/i);
    expect(page.match(/<script/g)).toHaveLength(2); // the chart data and the page's own script
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('JSON keeps the labels exactly (JSON escapes them itself)', async () => {
    const run = await runBuilt([fixture, '--format', 'json']);
    const labels = (JSON.parse(run.stdout) as { series: Array<{ labels: Record<string, string> }> }).series.map((s) => s.labels.instance);
    expect(labels).toContain('<script>alert(1)</script>');
    expect(labels).toContain('api-2\u009b31m\u202egnp.exe');
  });

  it('a hostile file name is written out in the verdict line and in errors', async () => {
    const name = join(dir, 'evil\u001b]0;t\u0007.json');
    copyFileSync(fixture, name);
    const run = await runBuilt([name, '--quiet', '--no-color']);
    noControls(run.stdout);
    expect(run.stdout).toContain('evil\\x1b]0;t\\x07.json');
    const missing = await runBuilt([join(dir, 'gone\u001b[2J.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).not.toMatch(STACK_TRACE);
    noControls(missing.stderr);
    expect(missing.stderr).toContain('\\x1b[2J');
  });
});
