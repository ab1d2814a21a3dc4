import { describe, expect, it } from 'vitest';
import { LeakScoreError } from '../src/errors.js';
import { parseDuration, parseGate, parseNumber, parseSize, parseWindow } from '../src/options.js';

describe('parseDuration', () => {
  it.each([
    ['0s', 0],
    ['0', 0],
    ['90s', 90],
    ['15m', 900],
    ['1h', 3600],
    ['1h30m', 5400],
    ['1.5h', 5400],
    ['500ms', 0.5],
    ['2d', 172800],
  ])('%s → %d s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['banana', '', '15', '-5m', '1x', 'm', '15m30'].filter((t) => t !== '15'))(
    'rejects %j naming the flag',
    (text) => {
      expect(() => parseDuration(text, '--leak-for')).toThrow(LeakScoreError);
      expect(() => parseDuration(text, '--leak-for')).toThrow(/--leak-for .*15m/);
    },
  );
});

describe('parseSize', () => {
  it.each([
    ['419430400', 419430400],
    ['400MiB', 419430400],
    ['400Mi', 419430400],
    ['1.5GB', 1.5e9],
    ['2 KiB', 2048],
    ['1kB', 1000],
    ['7B', 7],
  ])('%s → %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it('rejects an unknown unit and says which units exist', () => {
    expect(() => parseSize('400 parsecs', '--rss-threshold')).toThrow(/--rss-threshold .*MiB/);
  });
});

describe('parseWindow', () => {
  it('reads a count or a duration', () => {
    expect(parseWindow('120')).toEqual({ kind: 'count', samples: 120 });
    expect(parseWindow('1h')).toEqual({ kind: 'duration', seconds: 3600 });
  });

  it.each(['0', '0s', '-3', 'x'])('rejects %j', (text) => {
    expect(() => parseWindow(text)).toThrow(/--window/);
  });

  it('names both forms when the text is neither a count nor a duration', () => {
    expect(() => parseWindow('abc')).toThrow('--window "abc" is not valid: give a sample count such as 120, or a duration such as 30m or 1h');
  });
});

describe('parseGate and parseNumber', () => {
  it('accepts leak, rss and both, in canonical order', () => {
    expect(parseGate('rss,leak')).toEqual(['leak', 'rss']);
    expect(parseGate('rss')).toEqual(['rss']);
  });

  it('rejects an unknown alert', () => {
    expect(() => parseGate('leak,cpu')).toThrow(/"cpu" is not an alert/);
  });

  it('enforces bounds and integers', () => {
    expect(parseNumber('0.8', '--leak-threshold', { min: 0, max: 1 })).toBe(0.8);
    expect(() => parseNumber('1.5', '--leak-threshold', { min: 0, max: 1 })).toThrow(/at most 1/);
    expect(() => parseNumber('2.5', '--min-samples', { min: 1, integer: true })).toThrow(/whole number/);
    expect(() => parseNumber('NaN', '--severe')).toThrow(LeakScoreError);
  });
});
