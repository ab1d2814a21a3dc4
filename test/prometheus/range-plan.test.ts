import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LeakScoreError } from '../../src/errors.js';
import { formatSeconds, MAX_POINTS_PER_SERIES, planRange } from '../../src/prometheus/range-plan.js';

/** Every evaluation time one unlimited query_range would use. */
function gridTimes(startMs: number, endMs: number, stepMs: number): number[] {
  const times: number[] = [];
  for (let t = startMs; t <= endMs; t += stepMs) times.push(t);
  return times;
}

function piecesTimes(pieces: ReturnType<typeof planRange>, stepMs: number): number[] {
  return pieces.flatMap((piece) => gridTimes(piece.startMs, piece.endMs, stepMs));
}

describe('planRange', () => {
  it('keeps a range within the limit in one request', () => {
    expect(planRange({ start: 1_700_000_000, end: 1_700_021_600, stepSeconds: 30 })).toEqual([
      { startMs: 1_700_000_000_000, endMs: 1_700_021_600_000, points: 721 },
    ]);
  });

  it('splits exactly at 11,000 points, continuing the same step grid', () => {
    // 11,001 points: Prometheus would accept it, but the plan stays at 11,000 per request.
    const pieces = planRange({ start: 0, end: 11_000, stepSeconds: 1 });
    expect(pieces).toEqual([
      { startMs: 0, endMs: 10_999_000, points: 11_000 },
      { startMs: 11_000_000, endMs: 11_000_000, points: 1 },
    ]);
    expect(planRange({ start: 0, end: 10_999, stepSeconds: 1 })).toHaveLength(1);
  });

  it('ends the last piece at the last grid point, not past end', () => {
    const pieces = planRange({ start: 100, end: 100 + 25_000 * 30 + 29, stepSeconds: 30 });
    expect(pieces.map((piece) => piece.points)).toEqual([11_000, 11_000, 3_001]);
    expect(pieces[2]?.endMs).toBe((100 + 25_000 * 30) * 1000);
  });

  it('handles millisecond starts and fractional steps without float drift', () => {
    const pieces = planRange({ start: 1_700_000_000.125, end: 1_700_000_010.125, stepSeconds: 0.5, maxPoints: 7 });
    expect(piecesTimes(pieces, 500)).toEqual(gridTimes(1_700_000_000_125, 1_700_000_010_125, 500));
  });

  it('a zero-length range is one point', () => {
    expect(planRange({ start: 5, end: 5, stepSeconds: 30 })).toEqual([{ startMs: 5000, endMs: 5000, points: 1 }]);
  });

  it('refuses impossible ranges with a LeakScoreError that says what to do', () => {
    expect(() => planRange({ start: 10, end: 5, stepSeconds: 1 })).toThrow(/--end is before --start/);
    expect(() => planRange({ start: 0, end: 5, stepSeconds: 0 })).toThrow(LeakScoreError);
    expect(() => planRange({ start: 0, end: 5, stepSeconds: 0.0001 })).toThrow(/--step .* whole number of milliseconds/);
    expect(() => planRange({ start: 0, end: 365 * 86_400, stepSeconds: 1 })).toThrow(/use a larger --step/);
  });

  it('property: pieces tile the grid of one unlimited request, each within the limit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000_000_000 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: 1, max: 400 }),
        (startMs, spanMs, stepMs, maxPoints) => {
          const endMs = startMs + spanMs;
          const total = Math.floor(spanMs / stepMs) + 1;
          fc.pre(total <= 20_000);
          const pieces = planRange({ start: startMs / 1000, end: endMs / 1000, stepSeconds: stepMs / 1000, maxPoints, maxRequests: 1e9 });
          for (const piece of pieces) {
            expect(piece.points).toBeLessThanOrEqual(maxPoints);
            expect(piece.points).toBe((piece.endMs - piece.startMs) / stepMs + 1);
          }
          expect(piecesTimes(pieces, stepMs)).toEqual(gridTimes(startMs, endMs, stepMs));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('defaults to Prometheus’ limit', () => {
    expect(MAX_POINTS_PER_SERIES).toBe(11_000);
  });
});

describe('formatSeconds', () => {
  it('writes ms as exact decimal seconds', () => {
    expect(formatSeconds(1_700_000_000_000)).toBe('1700000000');
    expect(formatSeconds(1_700_000_000_500)).toBe('1700000000.5');
    expect(formatSeconds(1_700_000_000_007)).toBe('1700000000.007');
    expect(formatSeconds(30_000)).toBe('30');
    expect(formatSeconds(250)).toBe('0.25');
  });
});
