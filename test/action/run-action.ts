/**
 * Runs a composite action's steps locally the way the GitHub runner does:
 * `${{ inputs.* }}`, `${{ github.action_path }}` and `${{ steps.*.outputs.* }}`
 * substituted as text into `env:` values and `run:` scripts, each script run
 * with `bash --noprofile --norc -eo pipefail`, `$GITHUB_ENV` lines carried
 * to later steps, `$GITHUB_OUTPUT` read into the step's outputs, and the
 * action's `outputs:` resolved from them. Any other expression is refused,
 * so the action cannot quietly depend on something this does not emulate.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string;
}

export interface ActionStep {
  name?: string;
  id?: string;
  shell?: string;
  env?: Record<string, string>;
  run?: string;
  uses?: string;
  if?: string;
}

export interface ActionFile {
  name: string;
  description: string;
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export function readAction(path: string): ActionFile {
  return parse(readFileSync(path, 'utf8')) as ActionFile;
}

export interface ActionRun {
  /** Exit code of the first failing step, or 0. */
  status: number;
  outputs: Record<string, string>;
  stdout: string;
  stderr: string;
  summary: string;
  /** Steps that ran, by name. */
  ran: string[];
}

function substitute(text: string, context: { inputs: Record<string, string>; actionPath: string; steps: Record<string, Record<string, string>> }): string {
  return text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => {
    let m = /^inputs\.([A-Za-z0-9_-]+)$/.exec(expression);
    if (m !== null) {
      const value = context.inputs[m[1] as string];
      if (value === undefined) throw new Error(`action uses an undeclared input: ${expression}`);
      return value;
    }
    if (expression === 'github.action_path') return context.actionPath;
    m = /^steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)$/.exec(expression);
    if (m !== null) return context.steps[m[1] as string]?.[m[2] as string] ?? '';
    throw new Error(`expression not emulated by the test: \${{ ${expression} }}`);
  });
}

/** `KEY=value` lines and `KEY<<DELIM … DELIM` blocks, as the runner reads them. */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc !== null) {
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) body.push(lines[i] as string);
      out[heredoc[1] as string] = body.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`not a KEY=value line: ${line}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

export function runAction(action: ActionFile, actionPath: string, given: Record<string, string>, options: { cwd: string; env?: Record<string, string> }): ActionRun {
  for (const name of Object.keys(given)) {
    if (action.inputs[name] === undefined) throw new Error(`no input named ${name}`);
  }
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) inputs[name] = given[name] ?? spec.default ?? '';
  const temp = mkdtempSync(join(tmpdir(), 'leak-score-action-'));
  const files = { env: join(temp, 'env'), summary: join(temp, 'summary.md') };
  writeFileSync(files.env, '');
  writeFileSync(files.summary, '');
  const steps: Record<string, Record<string, string>> = {};
  const carried: Record<string, string> = {};
  let stdout = '';
  let stderr = '';
  const ran: string[] = [];
  let status = 0;
  action.runs.steps.forEach((step, index) => {
    if (status !== 0) return;
    if (step.uses !== undefined || step.if !== undefined) throw new Error(`step ${step.name}: uses/if are not emulated`);
    if (step.shell !== 'bash') throw new Error(`step ${step.name}: shell must be bash (composite steps need one)`);
    const context = { inputs, actionPath, steps };
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(step.env ?? {})) env[key] = substitute(String(value), context);
    const script = join(temp, `step-${index}.sh`);
    writeFileSync(script, substitute(step.run ?? '', context));
    const output = join(temp, `output-${index}`);
    writeFileSync(output, '');
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: options.cwd,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? temp,
        GITHUB_ACTIONS: 'true',
        RUNNER_TEMP: temp,
        GITHUB_ENV: files.env,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: files.summary,
        ...options.env,
        ...carried,
        ...env,
      },
    });
    ran.push(step.name ?? `step ${index}`);
    stdout += result.stdout;
    stderr += result.stderr;
    Object.assign(carried, parseCommandFile(readFileSync(files.env, 'utf8')));
    if (step.id !== undefined) steps[step.id] = parseCommandFile(readFileSync(output, 'utf8'));
    status = result.status ?? 1;
  });
  const outputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.outputs)) outputs[name] = substitute(spec.value, { inputs, actionPath, steps });
  return { status, outputs, stdout, stderr, summary: readFileSync(files.summary, 'utf8'), ran };
}
