import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseUnsignedDecimal } from '../../src/formats/decimal-bytes.js';

const parse = (text: string): number => {
  const bytes = Buffer.from(text, 'latin1');
  return parseUnsignedDecimal(bytes, 0, bytes.length);
};

describe('parseUnsignedDecimal', () => {
  it.each(['0', '30', '1700000030.137', '188413020', '0.1', '1e3', '1.5E+2', '2.5e-3', '007', '1.', '.5', '123456789012345'])(
    '%s equals Number()',
    (text) => {
      expect(Object.is(parse(text), Number(text))).toBe(true);
    },
  );

  it.each(['', '-1', '+1', ' 1', '1 ', '1e', '1e+', 'x', '1.2.3', '0x10', '1234567890123456', '1e400', 'NaN', '.'])(
    '%j is left to the general reader (NaN)',
    (text) => {
      expect(parse(text)).toBeNaN();
    },
  );

  it('agrees with Number() bit for bit on every decimal it accepts', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{0,12}(\.\d{0,8})?([eE][+-]?\d{1,2})?$/),
        (text) => {
          const got = parse(text);
          if (!Number.isNaN(got)) expect(Object.is(got, Number(text))).toBe(true);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('accepts what real recordings write: epoch seconds with milliseconds and integer bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000_000_000, max: 2_000_000_000 }), fc.integer({ min: 0, max: 999 }), (s, ms) => {
        const text = `${s}.${String(ms).padStart(3, '0')}`;
        expect(parse(text)).toBe(Number(text));
      }),
    );
  });
});
