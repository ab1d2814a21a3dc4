/**
 * action.yml (issue 15): parsed, and its shell steps run locally against
 * fixtures as the GitHub runner would run them (run-action.ts).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readAction, runAction, type ActionFile } from './run-action.js';

const root = join(import.meta.dirname, '..', '..');
const corpus = join(root, 'fixtures', 'corpus', 'traces');
let action: ActionFile;
let work: string;

beforeAll(() => {
  action = readAction(join(root, 'action.yml'));
  // A workspace of its own, with the recordings copied in, as a job's checkout would hold them.
  work = mkdtempSync(join(tmpdir(), 'leak-score-workspace-'));
  cpSync(join(root, 'fixtures', 'leaking.csv'), join(work, 'leaking.csv'));
  cpSync(join(root, 'fixtures', 'flat.csv'), join(work, 'flat.csv'));
  cpSync(join(corpus, 'node-steady-noleak.csv'), join(work, 'main.csv'));
  cpSync(join(corpus, 'node-steady-leak.csv'), join(work, 'branch.csv'));
});

const run = (inputs: Record<string, string>) => runAction(action, root, inputs, { cwd: work });

describe('action.yml', () => {
  it('is a composite action whose every step runs in bash and whose outputs come from the run step', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.length).toBeGreaterThanOrEqual(2);
    for (const step of action.runs.steps) expect(step.shell).toBe('bash');
    expect(Object.keys(action.outputs).sort()).toEqual(['exit-code', 'html-dir', 'verdict']);
    for (const output of Object.values(action.outputs)) expect(output.value).toMatch(/^\$\{\{ steps\.run\.outputs\.[a-z-]+ \}\}$/);
  });

  it('never puts an input straight into a script: inputs reach the shell through env', () => {
    for (const step of action.runs.steps) expect(step.run ?? '').not.toMatch(/\$\{\{/);
  });

  it('gates a leaking recording: fail, exit 1, annotations, the step summary and an HTML report', () => {
    const result = run({ files: 'leaking.csv' });
    expect(result.status).toBe(1);
    expect(result.outputs).toEqual({ verdict: 'fail', 'exit-code': '1', 'html-dir': 'leak-score-report' });
    expect(result.stderr).toContain('::error title=leak-score%3A MemoryLeakDetected fired::');
    expect(result.summary).toContain('MemoryLeakDetected');
    expect(result.stdout).toContain('FAIL');
    expect(readFileSync(join(work, 'leak-score-report', 'leaking.html'), 'utf8')).toContain('<svg');
  });

  it('gates several files: the worst verdict wins, and fail: false only sets the outputs', () => {
    const result = run({ files: 'flat.csv\nleaking.csv', fail: 'false', 'html-dir': 'reports' });
    expect(result.status).toBe(0);
    expect(result.outputs.verdict).toBe('fail');
    expect(result.outputs['exit-code']).toBe('1');
    expect(existsSync(join(work, 'reports', 'flat.html'))).toBe(true);
    expect(existsSync(join(work, 'reports', 'leaking.html'))).toBe(true);
  });

  it('passes a flat recording', () => {
    const result = run({ files: 'flat.csv', args: '--gate leak' });
    expect(result.status).toBe(0);
    expect(result.outputs.verdict).toBe('pass');
    expect(result.stderr).not.toContain('::error');
  });

  it('compares a leaking branch with main: worse, exit 1, the compare summary, and HTML for both runs', () => {
    const result = run({ base: 'main.csv', head: 'branch.csv', 'html-dir': 'cmp' });
    expect(result.status).toBe(1);
    expect(result.outputs.verdict).toBe('worse');
    expect(result.stderr).toContain('::error title=leak-score compare%3A worse than BASE::');
    expect(result.summary).toContain('### leak-score compare: ❌ worse');
    // Only compare writes the summary: the HTML runs leave it alone.
    expect(result.summary).not.toContain('MemoryLeakDetected');
    expect(existsSync(join(work, 'cmp', 'base.html'))).toBe(true);
    expect(existsSync(join(work, 'cmp', 'head.html'))).toBe(true);
  });

  it('compares a run with itself: same, exit 0', () => {
    const result = run({ base: 'main.csv', head: 'main.csv', command: `node ${join(root, 'bin', 'leak-score.js')}` });
    expect(result.status).toBe(0);
    expect(result.outputs.verdict).toBe('same');
  });

  it('passes extra arguments to compare, and reports a usage error as exit 2', () => {
    const result = run({ base: 'main.csv', head: 'branch.csv', args: '--budget nonsense' });
    expect(result.status).toBe(2);
    expect(result.outputs.verdict).toBe('error');
    expect(result.stderr).toContain('--budget "nonsense" is not valid');
  });

  it('refuses base without head, and no input at all, with an annotation', () => {
    const half = run({ base: 'main.csv' });
    expect(half.status).toBe(2);
    expect(half.stdout).toContain('::error title=leak-score::compare needs both inputs base and head');
    const none = run({});
    expect(none.status).toBe(2);
    expect(none.stdout).toContain('give the recordings to gate');
  });

  it('has a workflow in docs/ci.md that uses the action and uploads its HTML report', () => {
    const doc = readFileSync(join(root, 'docs', 'ci.md'), 'utf8');
    const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1] as string) as Record<string, any>);
    const uses = blocks.flatMap((b) => Object.values(b.jobs ?? {}).flatMap((job: any) => job.steps ?? []));
    const action = uses.find((step: any) => typeof step.uses === 'string' && step.uses.includes('leak-score'));
    expect(action, 'a step uses the leak-score action').toBeDefined();
    expect(action.with.base ?? action.with.files).toBeDefined();
    const upload = uses.find((step: any) => step.uses === 'actions/upload-artifact@v4' && String(step.with?.path).includes('steps.'));
    expect(upload, 'the HTML report folder is uploaded from the action output').toBeDefined();
  });
});
