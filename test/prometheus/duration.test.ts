import { describe, expect, it } from 'vitest';
import { formatPromDuration } from '../../src/prometheus/duration.js';

describe('formatPromDuration', () => {
  it.each([
    [0, '0s'],
    [0.5, '500ms'],
    [90, '1m30s'],
    [900, '15m'],
    [3600, '1h'],
    [5400, '1h30m'],
    [86_400 * 8 + 1.25, '1w1d1s250ms'],
  ])('%d s → %s', (seconds, text) => {
    expect(formatPromDuration(seconds, '--window')).toBe(text);
  });

  it('refuses what Prometheus cannot write', () => {
    expect(() => formatPromDuration(0.0005, '--leak-for')).toThrow(/--leak-for .* whole number of milliseconds/);
    expect(() => formatPromDuration(-1, '--window')).toThrow(/--window/);
  });
});
