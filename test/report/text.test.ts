import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const fixture = (name: string): string => join(import.meta.dirname, '..', '..', 'fixtures', name);

describe('text report (colours off, 80 columns)', () => {
  it.each(['leaking.csv', 'flat.csv', 'short.csv', 'prometheus-two-series.json'])('%s', async (name) => {
    const run = await runCli([fixture(name)], { columns: 80 });
    // The source path differs per machine; pin everything else.
    const text = run.stdout.replace(fixture(name), `fixtures/${name}`);
    expect(text).not.toContain('\u001b[');
    await expect(text).toMatchFileSnapshot(`__snapshots__/${name}.txt`);
  });

  it('keeps chart lines within the terminal width', async () => {
    const run = await runCli([fixture('leaking.csv')], { columns: 60 });
    const widest = Math.max(...run.stdout.split('\n').filter((line) => line.includes('┤')).map((line) => line.length));
    expect(widest).toBeLessThanOrEqual(60);
  });
});
