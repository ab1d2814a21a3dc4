/**
 * The library documentation's examples are real code: each ```js block of
 * docs/library.md runs against the built package (imported by its name,
 * 'leak-score', as a user would) and must print the ```text block after it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function libraryExamples(): Array<{ code: string; output: string }> {
  const section = readFileSync(join(ROOT, 'docs', 'library.md'), 'utf8');
  const examples: Array<{ code: string; output: string }> = [];
  const block = /```js\n([\s\S]*?)```\s*```text\n([\s\S]*?)```/g;
  for (let match = block.exec(section); match !== null; match = block.exec(section)) {
    examples.push({ code: match[1] as string, output: (match[2] as string).trimEnd() });
  }
  return examples;
}

describe('docs/library.md', () => {
  const examples = libraryExamples();

  it('has examples, each with the output it prints', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(examples.map((example, i) => [i + 1, example] as const))('example %i runs and prints what the documentation says', (_, example) => {
    // From the repository root, so 'leak-score' resolves to this package (self-reference through "exports").
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', example.code], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trimEnd()).toBe(example.output);
  });
});
