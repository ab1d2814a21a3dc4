/**
 * Hostile input through the whole CLI (the streaming routes of src/pipeline.ts
 * included): exit 2 with one line on stderr, or a report — never a stack
 * trace, whose exit code 1 a CI gate would read as "leak found".
 *
 * The last three cases once crashed the streaming Prometheus route, which
 * turned `errorType`, `error` and `warnings` into text with `String(…)`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'leak-score-hostile-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

async function expectCleanExit(path: string, args: string[] = []): Promise<void> {
  const run = await runCli([path, '--quiet', ...args]);
  expect([0, 1, 2, 3]).toContain(run.code);
  if (run.code === 2) {
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr.length).toBeLessThan(2000);
  }
}

describe('hostile input through the CLI', () => {
  it.each([
    ['deep.jsonl', `{"ts":1,"rss":${deep}}\n{"ts":2,"rss":5}\n`],
    ['deep-vm.jsonl', `{"metric":{"a":${deep}},"values":[1],"timestamps":[1000]}\n`],
    ['proto.jsonl', '{"metric":{"__proto__":"x","constructor":"y","prototype":"z"},"values":[1,2],"timestamps":[1000,2000]}\n'],
    ['long.csv', `time,rss\n1,${'9'.repeat(1_000_000)}\n`],
    ['controls.csv', 'time,rss\n\u0000,\u001b\n1,2\u0000\n'],
    ['mixed.txt', 'timestamp,rss\n{"ts":1,"rss":2}\n1 VmRSS: 3 kB\n'],
    ['nan.json', '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__proto__":"p"},"values":[[1,"NaN"],[2,"+Inf"]]}]}}'],
    ['bad-json.json', '{"status":"success","data":\n{"resultType":'],
  ])('%s exits cleanly', async (name, text) => {
    await expectCleanExit(file(name, text));
    await expectCleanExit(file(name, text), ['--strict', '--series', '__proto__!="q"']);
  });

  it('nested Prometheus warnings are described, not serialised', async () => {
    const body = `{"status":"success","warnings":[${deep}],"data":{"resultType":"vector","result":[{"metric":{},"value":[1,"2"]}]}}`;
    await expectCleanExit(file('warnings.json', body));
  });

  it('an errorType object that cannot become a string', async () => {
    await expectCleanExit(file('error-type.json', '{"status":"error","errorType":{"toString":1},"error":"x"}'));
  });

  it('a 10 MB error string is cut short in the message', async () => {
    await expectCleanExit(file('error-long.json', `{"status":"error","errorType":"bad_data","error":"${'x'.repeat(10 * 1024 * 1024)}"}`));
  });
});
