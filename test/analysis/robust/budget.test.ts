import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LeakScoreError } from '../../../src/errors.js';
import { budgetMiBPerHour, DEFAULT_BUDGET_TEXT, describeBudget, parseBudget } from '../../../src/analysis/robust/budget.js';

const MIB = 1048576;

describe('parseBudget', () => {
  it('reads an absolute rate in MiB/h', () => {
    expect(parseBudget('5MiB/h')).toEqual({ kind: 'rate', mibPerHour: 5, text: '5MiB/h' });
    expect(parseBudget(' 5 MiB / h ').kind).toBe('rate');
  });
  it('converts other sizes and times to MiB/h', () => {
    const at = (text: string): number => {
      const b = parseBudget(text);
      if (b.kind !== 'rate') throw new Error('not a rate');
      return b.mibPerHour;
    };
    expect(at('1GiB/d')).toBeCloseTo(1024 / 24, 10);
    expect(at('1KiB/s')).toBeCloseTo(3600 / 1024, 10);
    expect(at('1MiB/min')).toBe(60);
    expect(at('1000000MB/h')).toBeCloseTo(1e12 / MIB, 3);
    expect(at('1048576/h')).toBe(1);
    expect(at('2mib/H')).toBe(2);
  });
  it('reads a share of the baseline', () => {
    expect(parseBudget('2%/h')).toEqual({ kind: 'share', percentPerHour: 2, text: '2%/h' });
    const perDay = parseBudget('24%/d');
    expect(perDay.kind === 'share' && perDay.percentPerHour).toBeCloseTo(1, 12);
  });
  it.each(['', '5', '5MiB', 'MiB/h', '5 parsecs/h', '5MiB/fortnight', '0MiB/h', '-1MiB/h', '5%', '1e999MiB/h', '%/h'])(
    'refuses %j with a LeakScoreError naming the flag',
    (text) => {
      expect(() => parseBudget(text)).toThrow(LeakScoreError);
      expect(() => parseBudget(text)).toThrow(/--budget/);
    },
  );
  it('never throws anything but LeakScoreError', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          const b = parseBudget(text);
          expect(b.kind === 'rate' ? b.mibPerHour : b.percentPerHour).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(LeakScoreError);
        }
      }),
    );
  });
  it('parses its own default', () => {
    expect(parseBudget(DEFAULT_BUDGET_TEXT).kind).toBe('rate');
  });
});

describe('budgetMiBPerHour', () => {
  it('is the rate itself for an absolute budget', () => {
    expect(budgetMiBPerHour(parseBudget('5MiB/h'), 123 * MIB)).toBe(5);
  });
  it('is the share of the baseline for a relative one', () => {
    expect(budgetMiBPerHour(parseBudget('2%/h'), 200 * MIB)).toBeCloseTo(4, 12);
    expect(budgetMiBPerHour(parseBudget('10%/d'), 240 * MIB)).toBeCloseTo(1, 12);
  });
  it('is 0 (any growth counts) when the baseline is unknown', () => {
    expect(budgetMiBPerHour(parseBudget('2%/h'), 0)).toBe(0);
    expect(budgetMiBPerHour(parseBudget('2%/h'), NaN)).toBe(0);
  });
  it('describes itself in words', () => {
    expect(describeBudget(parseBudget('5MiB/h'), 0)).toBe('5 MiB/h budget');
    expect(describeBudget(parseBudget('2%/h'), 200 * MIB)).toBe('2 %/h budget (4 MiB/h on the 200 MiB baseline)');
  });
});
