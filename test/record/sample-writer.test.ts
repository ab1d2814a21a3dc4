import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readInput } from '../../src/samples/index.js';
import { defaultRecordingName, formatForPath, formatLine, SampleWriter, type RecordedSample } from '../../src/record/sample-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'leak-score-writer-'));
const samples: RecordedSample[] = Array.from({ length: 12 }, (_, i) => ({
  time: 1732000000 + i * 0.1 + 0.0004,
  rssBytes: 50_000_000 + i * 1_048_576,
  processes: 1,
}));

function writeAll(name: string): string {
  const path = join(dir, name);
  const writer = new SampleWriter(path);
  for (const sample of samples) writer.write(sample);
  expect(writer.samples).toBe(samples.length);
  writer.close();
  return path;
}

describe('SampleWriter', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('chooses CSV by extension, JSON Lines otherwise', () => {
    expect(formatForPath('a.csv')).toBe('csv');
    expect(formatForPath('A.CSV')).toBe('csv');
    expect(formatForPath('a.jsonl')).toBe('jsonl');
    expect(formatForPath('samples')).toBe('jsonl');
  });

  it.each(['samples.jsonl', 'samples.csv'])('%s reads back through the real reader, to the millisecond', (name) => {
    const path = writeAll(name);
    const read = readInput(readFileSync(path, 'utf8'), { source: name });
    expect(read.format).toBe(name.endsWith('.csv') ? 'csv' : 'jsonl');
    const series = read.series[0];
    expect(series?.dropped).toBe(0);
    expect(Array.from(series?.times ?? [])).toEqual(samples.map((s) => Math.round(s.time * 1000) / 1000));
    expect(Array.from(series?.values ?? [])).toEqual(samples.map((s) => s.rssBytes));
  });

  it('writes whole lines only', () => {
    const text = readFileSync(writeAll('whole.jsonl'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    for (const line of text.trimEnd().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('JSON Lines: a last line cut anywhere is dropped and counted, and every earlier sample kept', () => {
    const whole = readFileSync(writeAll('cut.jsonl'), 'utf8');
    const last = formatLine(samples[0] as RecordedSample, 'jsonl');
    // Every cut that leaves a partial line (1 … length−2 characters; length−1 is the line without its newline).
    for (let keep = 1; keep < last.length - 1; keep++) {
      const text = whole + last.slice(0, keep);
      const series = readInput(text, { source: 'cut.jsonl' }).series[0];
      expect(series?.times.length, `cut after ${keep} characters`).toBe(samples.length);
      expect(series?.dropped, `cut after ${keep} characters`).toBe(1);
    }
  });

  it('CSV: only a cut inside the value column is misread (docs/recording.md); every other cut is dropped or harmless', () => {
    const whole = readFileSync(writeAll('cut.csv'), 'utf8');
    const last = formatLine({ time: 1732000009.5, rssBytes: 51234567, processes: 1 }, 'csv');
    const valueStart = last.indexOf(',') + 1;
    const valueEnd = last.indexOf(',', valueStart);
    for (let keep = 1; keep < last.length - 1; keep++) {
      const series = readInput(whole + last.slice(0, keep), { source: 'cut.csv' }).series[0];
      const kept = (series?.times.length ?? 0) - samples.length;
      const label = `cut after ${keep} characters: ${JSON.stringify(last.slice(0, keep))}`;
      if (keep <= valueStart) {
        expect(series?.dropped, label).toBe(1);
      } else if (keep < valueEnd) {
        // The known hazard: a prefix of the digits is itself a number.
        expect(kept, label).toBe(1);
        expect(series?.values.at(-1), label).toBeLessThan(51234567);
      } else {
        expect(series?.values.at(-1), label).toBe(51234567);
      }
    }
  });

  it('says why the file cannot be created', () => {
    expect(() => new SampleWriter(join(dir, 'missing', 'a.jsonl'))).toThrow(/no such directory; create it first/);
    expect(() => new SampleWriter(dir)).toThrow(/is a directory; give --out a file name/);
  });

  it('refuses an existing file, and replaces it only when told to (--force)', () => {
    const path = join(dir, 'old.jsonl');
    writeFileSync(path, 'old contents\n');
    expect(() => new SampleWriter(path)).toThrow(/old\.jsonl already exists; .*pass --force to replace it/);
    expect(readFileSync(path, 'utf8')).toBe('old contents\n');
    new SampleWriter(path, { overwrite: true }).close();
    expect(readFileSync(path, 'utf8')).toBe('');
  });

  it('default names carry the PID and take a counter when the name is taken', () => {
    const now = new Date('2024-11-19T07:06:40.123Z');
    expect(defaultRecordingName(now, 4242)).toBe('leak-score-20241119T070640Z-4242.jsonl');
    const first = SampleWriter.createDefault(now, 4242, dir);
    const second = SampleWriter.createDefault(now, 4242, dir);
    first.close();
    second.close();
    expect([first.path, second.path]).toEqual([
      join(dir, 'leak-score-20241119T070640Z-4242.jsonl'),
      join(dir, 'leak-score-20241119T070640Z-4242-2.jsonl'),
    ]);
  });
});
