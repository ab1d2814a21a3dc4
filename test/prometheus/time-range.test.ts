import { describe, expect, it } from 'vitest';
import { resolveTimeRange } from '../../src/prometheus/time-range.js';

const now = 1_732_000_000.1234;

describe('resolveTimeRange', () => {
  it('--since counts back from now, or from --end', () => {
    expect(resolveTimeRange({ since: '6h' }, now)).toEqual({ start: 1_731_978_400.123, end: 1_732_000_000.123 });
    expect(resolveTimeRange({ since: '1h', end: '2024-11-19T08:00:00Z' }, now)).toEqual({
      start: 1_731_999_600,
      end: 1_732_003_200,
    });
  });

  it('--start and --end take RFC 3339 or epoch seconds or milliseconds', () => {
    expect(resolveTimeRange({ start: '2024-11-19T07:06:40+00:00', end: '1732007200000' }, now)).toEqual({
      start: 1_732_000_000,
      end: 1_732_007_200,
    });
    expect(resolveTimeRange({ start: '1732000000' }, now).end).toBe(1_732_000_000.123);
  });

  it('refuses contradictions with a message saying what to give', () => {
    expect(() => resolveTimeRange({}, now)).toThrow(/--since 6h, or --start/);
    expect(() => resolveTimeRange({ since: '1h', start: '0' }, now)).toThrow(/either --since or --start/);
    expect(() => resolveTimeRange({ start: 'yesterday' }, now)).toThrow(/--start "yesterday" is not a time/);
    expect(() => resolveTimeRange({ start: '1732000000', end: '1731000000' }, now)).toThrow(/--end is before --start/);
    expect(() => resolveTimeRange({ since: '0s' }, now)).toThrow(/--since/);
  });
});
