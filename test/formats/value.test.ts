import { describe, expect, it } from 'vitest';
import { parseBytes, readByteNumber, readBytes } from '../../src/formats/value.js';

describe('parseBytes (SPEC §1 units)', () => {
  it('reads plain numbers as bytes', () => {
    expect(parseBytes('419430400')).toBe(419430400);
    expect(parseBytes(' 1024 ')).toBe(1024);
    expect(parseBytes('1.5e3')).toBe(1500);
    expect(parseBytes('0')).toBe(0);
    expect(Object.is(parseBytes('-0'), 0)).toBe(true);
  });

  it('reads IEC and Kubernetes units as powers of 1024', () => {
    expect(parseBytes('212 MiB')).toBe(212 * 1024 ** 2);
    expect(parseBytes('212MiB')).toBe(212 * 1024 ** 2);
    expect(parseBytes('4 KiB')).toBe(4096);
    expect(parseBytes('1.5GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseBytes('512Ki')).toBe(512 * 1024);
    expect(parseBytes('256Mi')).toBe(256 * 1024 ** 2);
    expect(parseBytes('2Gi')).toBe(2 * 1024 ** 3);
  });

  it('reads SI units and single letters as powers of 1000', () => {
    expect(parseBytes('1.2 GB')).toBe(1.2e9);
    expect(parseBytes('100 kB')).toBe(100e3);
    expect(parseBytes('3MB')).toBe(3e6);
    expect(parseBytes('100K')).toBe(100e3);
    expect(parseBytes('5M')).toBe(5e6);
    expect(parseBytes('1G')).toBe(1e9);
    expect(parseBytes('42 B')).toBe(42);
    expect(parseBytes('42 bytes')).toBe(42);
  });

  it('matches units case-insensitively, like --rss-threshold', () => {
    expect(parseBytes('1 mib')).toBe(1024 ** 2);
    expect(parseBytes('1 KB')).toBe(1000);
  });

  it('rejects empty, non-numeric, non-finite and negative values', () => {
    for (const text of ['', '  ', 'abc', 'MiB', '12 foo', '12 MiB extra', '0x10', 'NaN', '+Inf', '-Inf', 'Infinity', '1e400', '-1', '-3 MiB', '1,5']) {
      expect(parseBytes(text), text).toBeUndefined();
    }
  });

  it('says why a value is rejected', () => {
    expect(readBytes('')).toEqual({ ok: false, reason: 'missing value' });
    expect(readBytes('NaN')).toEqual({ ok: false, reason: 'value NaN is not finite' });
    expect(readBytes('+Inf')).toEqual({ ok: false, reason: 'value +Inf is not finite' });
    expect(readBytes('-1')).toEqual({ ok: false, reason: 'value "-1" is negative' });
    expect(readBytes('lots')).toEqual({ ok: false, reason: 'value "lots" is not a number' });
    expect(readBytes('12 foo')).toMatchObject({ ok: false, reason: expect.stringContaining('unknown unit') });
    expect(readByteNumber(-2)).toEqual({ ok: false, reason: 'value -2 is negative' });
    expect(readByteNumber(Infinity)).toEqual({ ok: false, reason: 'value Infinity is not finite' });
  });

  it('cuts long bad input short in reasons', () => {
    const reading = readBytes('x'.repeat(500));
    expect(reading.ok).toBe(false);
    if (!reading.ok) expect(reading.reason.length).toBeLessThan(80);
  });
});
