import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/formats/csv.js';
import { readJsonLines } from '../../src/formats/jsonl.js';
import { readInput } from '../../src/samples/read-input.js';
import { parseUnit, readBytes, unitFromName } from '../../src/formats/value.js';
import { arrays, leakScoreMessage } from './helpers.js';

describe('parseUnit (--unit)', () => {
  it('knows IEC, SI and Kubernetes units, case-insensitively', () => {
    expect(parseUnit('KiB')).toEqual({ name: 'KiB', factor: 1024 });
    expect(parseUnit('mib').factor).toBe(1024 ** 2);
    expect(parseUnit('kB').factor).toBe(1000);
    expect(parseUnit('MB').factor).toBe(1e6);
    expect(parseUnit('Gi').factor).toBe(1024 ** 3);
    expect(parseUnit('B').factor).toBe(1);
  });

  it('refuses anything else, listing the choices', () => {
    expect(leakScoreMessage(() => parseUnit('pages'))).toBe(
      '--unit "pages" is not a unit; give B, KiB, MiB, GiB (powers of 1024) or kB, MB, GB (powers of 1000)',
    );
    expect(leakScoreMessage(() => parseUnit(''))).toContain('is not a unit');
  });
});

describe('unitFromName: units at the end of a column or key name', () => {
  it('reads _kib, _kb, _mb, _bytes and bracketed units', () => {
    expect(unitFromName('rss_kib')).toEqual({ unit: { name: 'KiB', factor: 1024 }, base: 'rss' });
    expect(unitFromName('rss_kb')?.unit.factor).toBe(1000);
    expect(unitFromName('mem-mb')?.unit.factor).toBe(1e6);
    expect(unitFromName('heap.used.mib')).toEqual({ unit: { name: 'MiB', factor: 1024 ** 2 }, base: 'heap.used' });
    expect(unitFromName('rss_bytes')?.unit.factor).toBe(1);
    expect(unitFromName('Memory (MiB)')).toEqual({ unit: { name: 'MiB', factor: 1024 ** 2 }, base: 'memory' });
    expect(unitFromName('RSS [kB]')?.unit.factor).toBe(1000);
  });

  it('leaves names without a unit alone', () => {
    for (const name of ['rss', 'kb', 'memory_total', 'process_resident_memory_bytes{pod="a_kb"}', '(MiB', 'x)']) {
      expect(unitFromName(name), name).toBeUndefined();
    }
  });
});

describe('units in readers', () => {
  it('applies a bare unit to plain numbers only; a unit in the cell wins', () => {
    const kib = { name: 'KiB', factor: 1024 };
    expect(readBytes('3', kib)).toEqual({ ok: true, bytes: 3072 });
    expect(readBytes('3 MiB', kib)).toEqual({ ok: true, bytes: 3 * 1024 ** 2 });
    expect(readBytes('1e308', kib)).toMatchObject({ ok: false, reason: 'value "1e308" KiB is not finite in bytes' });
  });

  it('CSV: a unit in the value column name scales it, and says so', () => {
    const result = readCsv('timestamp,rss_kib\n0,100\n', { source: 's.csv' });
    expect(arrays(result.series[0]!)).toEqual({ times: [0], values: [102400] });
    expect(result.notes).toEqual(['s.csv: column "rss_kib" read in KiB (1024 bytes)']);
  });

  it('CSV: SI kilobytes in a name follow SPEC §1 (1000) and the note points at --unit KiB', () => {
    const result = readCsv('timestamp,rss_kb\n0,100\n', { source: 's.csv' });
    expect(result.series[0]!.values[0]).toBe(100_000);
    expect(result.notes).toEqual(['s.csv: column "rss_kb" read in kB (1000 bytes); if it holds KiB, as ps and /proc write, pass --unit KiB']);
  });

  it('--unit overrides the name and needs no note', () => {
    const result = readInput('timestamp,rss_kb\n0,100\n', { source: 's.csv', unit: 'KiB' });
    expect(result.series[0]!.values[0]).toBe(102400);
    expect(result.notes).toEqual([]);
    expect(readInput('time,mem\n0,2\n', { source: 's.csv', unit: 'MiB' }).series[0]!.values[0]).toBe(2 * 1024 ** 2);
  });

  it('JSON Lines: a unit in the value key name, and --unit', () => {
    const result = readJsonLines('{"ts":0,"rss_mib":2}\n', { source: 'l' });
    expect(result.series[0]!.values[0]).toBe(2 * 1024 ** 2);
    expect(result.notes).toEqual(['l: key "rss_mib" read in MiB (1048576 bytes)']);
    expect(readInput('{"ts":0,"rss":2}\n', { source: 'l', unit: 'kB' }).series[0]!.values[0]).toBe(2000);
  });

  it('Prometheus: --unit scales the values', () => {
    const body = '{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"3"]}]}}';
    expect(readInput(body, { source: 'p', unit: 'KiB' }).series[0]!.values[0]).toBe(3072);
  });

  it('two value columns with units are ambiguous', () => {
    expect(leakScoreMessage(() => readCsv('time,rss_kb,rss_mb\n0,1,2\n', { source: 's' }))).toBe(
      's: several columns could be the value ("rss_kb", "rss_mb"); choose one with --value-col',
    );
  });
});
