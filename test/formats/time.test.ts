import { describe, expect, it } from 'vitest';
import { isZoneless, parseIsoDate, parseTimestamp, readEpochNumber, readTime, scaleEpochNumber } from '../../src/formats/time.js';

const utc = (...parts: [number, number, number, number?, number?, number?]): number => {
  const [y, m, d, h = 0, mi = 0, s = 0] = parts;
  return Date.UTC(y, m - 1, d, h, mi, s) / 1000;
};

describe('scaleEpochNumber (SPEC §1 magnitude rule)', () => {
  it('keeps seconds, including small relative values', () => {
    expect(scaleEpochNumber(0)).toBe(0);
    expect(scaleEpochNumber(30)).toBe(30);
    expect(scaleEpochNumber(1700000000)).toBe(1700000000);
    expect(scaleEpochNumber(99_999_999_999)).toBe(99_999_999_999);
  });

  it('divides milliseconds, microseconds and nanoseconds at 1e11, 1e14 and 1e17', () => {
    expect(scaleEpochNumber(1e11)).toBe(1e8);
    expect(scaleEpochNumber(1700000000123)).toBe(1700000000.123);
    expect(scaleEpochNumber(1e14)).toBe(1e8);
    expect(scaleEpochNumber(1700000000123456)).toBeCloseTo(1700000000.123456, 6);
    expect(scaleEpochNumber(1e17)).toBe(1e8);
    expect(scaleEpochNumber(1700000000123456789)).toBeCloseTo(1700000000.123457, 5);
  });

  it('scales by absolute magnitude, keeping the sign', () => {
    expect(scaleEpochNumber(-1700000000000)).toBe(-1700000000);
  });
});

describe('parseTimestamp: numbers', () => {
  it('reads seconds, milliseconds, microseconds and nanoseconds', () => {
    expect(parseTimestamp('1700000030.137')).toBe(1700000030.137);
    expect(parseTimestamp('1700000000123')).toBe(1700000000.123);
    expect(parseTimestamp('1700000000123456')).toBeCloseTo(1700000000.123456, 6);
    expect(Math.abs((parseTimestamp('1700000000123456789') as number) - 1700000000.123456789)).toBeLessThan(1e-6);
  });

  it('accepts signs, exponents and surrounding space', () => {
    expect(parseTimestamp(' 60 ')).toBe(60);
    expect(parseTimestamp('+60')).toBe(60);
    expect(parseTimestamp('1.7e9')).toBe(1.7e9);
    expect(parseTimestamp('.5')).toBe(0.5);
  });

  it('rejects what SPEC §1 drops: missing, non-numeric, non-finite, negative', () => {
    for (const text of ['', '   ', 'abc', '0x10', '1,5', 'NaN', 'Infinity', '+Inf', '1e400', '-5', '12abc', '.', '-']) {
      expect(parseTimestamp(text), text).toBeUndefined();
    }
  });

  it('says why a time is rejected', () => {
    expect(readTime('')).toEqual({ ok: false, reason: 'missing time' });
    expect(readTime('-5')).toEqual({ ok: false, reason: 'time "-5" is negative' });
    expect(readTime('1e400')).toEqual({ ok: false, reason: 'time "1e400" is not finite' });
    expect(readTime('soon')).toEqual({ ok: false, reason: 'time "soon" is not a number or an ISO 8601 date' });
    expect(readEpochNumber(Number.NaN)).toEqual({ ok: false, reason: 'time NaN is not finite' });
  });
});

describe('parseTimestamp: RFC 3339 / ISO 8601', () => {
  it('reads UTC with Z, T or a space, and lowercase t/z', () => {
    const expected = utc(2024, 1, 15, 10, 0, 0);
    expect(parseTimestamp('2024-01-15T10:00:00Z')).toBe(expected);
    expect(parseTimestamp('2024-01-15 10:00:00Z')).toBe(expected);
    expect(parseTimestamp('2024-01-15t10:00:00z')).toBe(expected);
    expect(parseTimestamp('2024-01-15 10:00:00 UTC')).toBe(expected);
  });

  it('applies offsets in every common spelling', () => {
    const tenUtc = utc(2024, 1, 15, 10, 0, 0);
    expect(parseTimestamp('2024-01-15T11:00:00+01:00')).toBe(tenUtc);
    expect(parseTimestamp('2024-01-15T11:00:00+0100')).toBe(tenUtc);
    expect(parseTimestamp('2024-01-15T11:00:00+01')).toBe(tenUtc);
    expect(parseTimestamp('2024-01-15T04:30:00-05:30')).toBe(tenUtc);
    // The offset may move the instant to another day.
    expect(parseTimestamp('2024-01-01T00:30:00+01:00')).toBe(utc(2023, 12, 31, 23, 30, 0));
  });

  it('keeps fractional seconds (dot or comma)', () => {
    const base = utc(2024, 1, 15, 10, 0, 0);
    expect(parseTimestamp('2024-01-15T10:00:00.250Z')).toBe(base + 0.25);
    expect(parseTimestamp('2024-01-15T10:00:00,5Z')).toBe(base + 0.5);
    expect((parseTimestamp('2024-01-15T10:00:00.123456789Z') as number) - base).toBeCloseTo(0.123456789, 6);
  });

  it('reads a time without a zone as UTC and flags it', () => {
    expect(parseTimestamp('2024-01-15 10:00:00')).toBe(utc(2024, 1, 15, 10, 0, 0));
    expect(readTime('2024-01-15 10:00:00')).toEqual({ ok: true, seconds: utc(2024, 1, 15, 10), zoneless: true });
    expect(isZoneless('2024-01-15T10:00')).toBe(true);
    expect(isZoneless('2024-01-15')).toBe(true);
    expect(isZoneless('2024-01-15T10:00:00Z')).toBe(false);
    expect(isZoneless('2024-01-15T10:00:00+02:00')).toBe(false);
    expect(isZoneless('1700000000')).toBe(false);
    expect(isZoneless('garbage')).toBe(false);
  });

  it('handles leap days and the calendar around the epoch', () => {
    expect(parseTimestamp('2024-02-29T00:00:00Z')).toBe(utc(2024, 2, 29));
    expect(parseTimestamp('2000-02-29')).toBe(utc(2000, 2, 29));
    expect(parseTimestamp('1970-01-01T00:00:00Z')).toBe(0);
  });

  it('rejects impossible or malformed dates', () => {
    for (const text of [
      '2023-02-29',
      '1900-02-29',
      '2024-13-01',
      '2024-04-31',
      '2024-01-00',
      '2024-01-15T24:00:00Z',
      '2024-01-15T10:60:00Z',
      '2024-01-15T10:00:00+25:00',
      '2024-01-15T10:00:00Zjunk',
      '2024-01-15T10',
      '2024-1-5',
      '15/01/2024 10:00',
    ]) {
      expect(parseTimestamp(text), text).toBeUndefined();
    }
  });

  it('drops dates before 1970 as negative times', () => {
    expect(readTime('1969-12-31T23:59:59Z')).toMatchObject({ ok: false, reason: expect.stringContaining('before 1970') });
  });

  it('parseIsoDate reports zone presence', () => {
    expect(parseIsoDate('2024-01-15T10:00:00Z')).toEqual({ seconds: utc(2024, 1, 15, 10), zoneless: false });
    expect(parseIsoDate('not a date')).toBeUndefined();
  });
});
