import { describe, expect, it } from 'vitest';
import { createProgress, NO_PROGRESS, progressLine } from '../../src/report/progress.js';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, columns: 80, write: (text: string) => writes.push(text) };
}

describe('progress on stderr', () => {
  it('stays silent when the stream is not a terminal', () => {
    const out = stream(false);
    expect(createProgress(out, { label: 'x.csv' })).toBe(NO_PROGRESS);
  });

  it('shows nothing for the first second, then redraws at most every 100 ms, then erases itself', () => {
    const out = stream(true);
    let now = 0;
    const progress = createProgress(out, { label: 'soak.csv', totalBytes: 200 * 1048576, now: () => now });
    now = 500;
    progress.update(10 * 1048576, 1000);
    expect(out.writes).toEqual([]);
    now = 1000;
    progress.update(100 * 1048576, 250_000);
    now = 1050;
    progress.update(110 * 1048576, 260_000);
    now = 1100;
    progress.update(120 * 1048576, 270_000);
    expect(out.writes).toHaveLength(2);
    expect(out.writes[0]).toBe('\r\u001b[2Kleak-score: reading soak.csv  50%  100.0 of 200.0 MiB  250,000 samples  1.0 s');
    progress.done();
    progress.done();
    expect(out.writes.at(-1)).toBe('\r\u001b[2K');
    expect(out.writes).toHaveLength(3);
    progress.update(1, 1);
    expect(out.writes).toHaveLength(3);
  });

  it('a quick input leaves no trace', () => {
    const out = stream(true);
    let now = 0;
    const progress = createProgress(out, { label: 'x', now: () => now });
    now = 300;
    progress.update(1);
    progress.done();
    expect(out.writes).toEqual([]);
  });

  it('a pipe has no percentage', () => {
    expect(progressLine('standard input', 3 * 1048576, null, undefined, 2.25)).toBe(
      'leak-score: reading standard input  3.0 MiB  2.3 s',
    );
  });
});
