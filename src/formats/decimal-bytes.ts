/**
 * Unsigned decimal numbers read straight from bytes, for the fast paths.
 * Exact: the result equals `Number(text)` bit for bit. With at most 15
 * significant digits the integer mantissa is exact in a double, and so is
 * 10^k for k ≤ 22, so one multiplication or division rounds once, correctly
 * (Clinger's fast path). Anything else returns NaN and the caller falls back
 * to the per-record path.
 */

/** 10^0 … 10^22: every one exact in a double. */
export const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);
/** Significant digits an integer mantissa holds exactly in a double. */
export const MAX_EXACT_DIGITS = 15;

/**
 * The number in `bytes[start, end)`: digits, an optional `.` and fraction, an
 * optional exponent. NaN when the field is anything else (a sign, spaces,
 * units, too many digits) — the caller then reads the field the slow way.
 */
export function parseUnsignedDecimal(bytes: Uint8Array, start: number, end: number): number {
  let pos = start;
  let mantissa = 0;
  let digits = 0;
  let significant = 0;
  let scale = 0;
  let code = 0;
  while (pos < end) {
    code = bytes[pos] as number;
    if (code < 48 || code > 57) break;
    if (significant > 0 || code !== 48) {
      mantissa = mantissa * 10 + (code - 48);
      significant++;
    }
    digits++;
    pos++;
  }
  if (pos < end && code === 46) {
    pos++;
    while (pos < end) {
      code = bytes[pos] as number;
      if (code < 48 || code > 57) break;
      if (significant > 0 || code !== 48) {
        mantissa = mantissa * 10 + (code - 48);
        significant++;
      }
      scale--;
      digits++;
      pos++;
    }
  }
  if (digits === 0 || significant > MAX_EXACT_DIGITS) return NaN;
  if (pos < end && (code === 101 || code === 69)) {
    pos++;
    let negative = false;
    if (pos < end && (bytes[pos] === 43 || bytes[pos] === 45)) {
      negative = bytes[pos] === 45;
      pos++;
    }
    let exponent = 0;
    let expDigits = 0;
    while (pos < end) {
      code = bytes[pos] as number;
      if (code < 48 || code > 57 || expDigits > 4) break;
      exponent = exponent * 10 + (code - 48);
      expDigits++;
      pos++;
    }
    if (expDigits === 0) return NaN;
    scale += negative ? -exponent : exponent;
  }
  if (pos !== end) return NaN;
  if (mantissa === 0) return 0;
  if (scale === 0) return mantissa;
  if (scale > 0) {
    // mantissa · 10^scale is exact only while it stays an integer below 2^53.
    if (scale > 22 || significant + scale > MAX_EXACT_DIGITS) return NaN;
    return mantissa * (POWERS_OF_TEN[scale] as number);
  }
  if (scale < -22) return NaN;
  return mantissa / (POWERS_OF_TEN[-scale] as number);
}

/** JSON's number grammar, which is stricter than Number(): no `01`, `1.`, `.5`, `+1`. */
export function isJsonNumber(bytes: Uint8Array, start: number, end: number): boolean {
  let pos = start;
  if (bytes[pos] === 45) pos++;
  if (pos >= end) return false;
  if (bytes[pos] === 48) pos++;
  else if ((bytes[pos] as number) >= 49 && (bytes[pos] as number) <= 57) while (pos < end && (bytes[pos] as number) >= 48 && (bytes[pos] as number) <= 57) pos++;
  else return false;
  if (pos < end && bytes[pos] === 46) {
    pos++;
    const digits = pos;
    while (pos < end && (bytes[pos] as number) >= 48 && (bytes[pos] as number) <= 57) pos++;
    if (pos === digits) return false;
  }
  if (pos < end && (bytes[pos] === 101 || bytes[pos] === 69)) {
    pos++;
    if (pos < end && (bytes[pos] === 43 || bytes[pos] === 45)) pos++;
    const digits = pos;
    while (pos < end && (bytes[pos] as number) >= 48 && (bytes[pos] as number) <= 57) pos++;
    if (pos === digits) return false;
  }
  return pos === end;
}
