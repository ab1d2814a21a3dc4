/**
 * The README is a landing page, and what it shows must stay true: the report
 * it prints for the shipped fixture is the one the built CLI prints, with the
 * exit code it states, and every relative link in README.md and docs/ leads
 * to a file (and heading) that exists.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'leak-score.js');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('shows the report the CLI prints for fixtures/leaking.csv, which exits 1', () => {
    const block = /```\n\$ npx leak-score fixtures\/leaking\.csv\n([\s\S]*?)```/.exec(readme);
    expect(block, 'the "What it prints" block').not.toBeNull();
    const run = spawnSync(process.execPath, [BIN, 'fixtures/leaking.csv'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '' },
    });
    expect(run.status).toBe(1);
    expect(run.stdout.trimEnd()).toBe((block?.[1] as string).trimEnd());
    expect(readme).toContain('exits 1');
  });

  it('gives the two commands a fresh clone needs, and both are scripts or bins that exist', () => {
    expect(readme).toContain('    npm install && npx leak-score fixtures/leaking.csv\n');
    expect(readme).toContain('    npm test\n');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.bin['leak-score']).toBeDefined();
    expect(pkg.scripts.test).toBeDefined();
    expect(pkg.scripts.prepare).toContain('build');
  });

  it('does not use the project-internal words "seed" or "SPEC §"', () => {
    expect(readme).not.toMatch(/\bseed\b/i);
    expect(readme).not.toMatch(/SPEC §/);
  });
});

/** GitHub's anchor for a heading: lower case, punctuation other than - and _ dropped, spaces to -. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replace(/ /g, '-');
}

function anchorsIn(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    const heading = /^#{1,6} (.*)$/.exec(line);
    if (!inFence && heading) anchors.add(anchorOf(heading[1] as string));
  }
  return anchors;
}

const documents = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe('links in README.md and docs/', () => {
  it('anchors are computed as GitHub computes them', () => {
    expect(anchorOf('Fewer false alarms: `--profile robust`')).toBe('fewer-false-alarms---profile-robust');
    expect(anchorOf('Exit codes')).toBe('exit-codes');
  });

  it.each(documents)('%s: every relative link resolves', (doc) => {
    const text = readFileSync(join(ROOT, doc), 'utf8').replace(/```[\s\S]*?```/g, '');
    const broken: string[] = [];
    for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1] as string;
      if (/^[a-z]+:/i.test(target)) continue;
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const file = path === '' ? join(ROOT, doc) : resolve(dirname(join(ROOT, doc)), path);
      if (!existsSync(file)) {
        broken.push(`${target}: no such file`);
        continue;
      }
      if (anchor !== undefined && file.endsWith('.md') && !anchorsIn(readFileSync(file, 'utf8')).has(anchor)) {
        broken.push(`${target}: no such heading`);
      }
    }
    expect(broken).toEqual([]);
  });
});
