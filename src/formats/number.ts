/**
 * Strict decimal numbers. `Number()` alone accepts too much for input cells
 * (`""` → 0, `"0x1f"`, `"Infinity"`, `" 1 "`), so readers scan the accepted
 * shape by hand: `[+-]? (digits [. digits] | . digits) ([eE] [+-]? digits)?`.
 * A linear scan, no regular expression, so untrusted text cannot backtrack.
 */

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function skipDigits(text: string, pos: number): number {
  let end = pos;
  while (end < text.length && isDigit(text.charCodeAt(end))) end += 1;
  return end;
}

/**
 * Scans a decimal number starting at `start`. Returns the index just past it,
 * or -1 when no number starts there.
 */
export function scanDecimal(text: string, start: number): number {
  let pos = start;
  const sign = text[pos];
  if (sign === '+' || sign === '-') pos += 1;
  const intEnd = skipDigits(text, pos);
  let digits = intEnd - pos;
  pos = intEnd;
  if (text[pos] === '.') {
    const fracEnd = skipDigits(text, pos + 1);
    digits += fracEnd - (pos + 1);
    pos = fracEnd;
  }
  if (digits === 0) return -1;
  const e = text[pos];
  if (e === 'e' || e === 'E') {
    let expPos = pos + 1;
    const expSign = text[expPos];
    if (expSign === '+' || expSign === '-') expPos += 1;
    const expEnd = skipDigits(text, expPos);
    if (expEnd > expPos) pos = expEnd;
  }
  return pos;
}

/** The whole of `text` (already trimmed) as a decimal number, or undefined. May be ±Infinity on overflow. */
export function parseDecimal(text: string): number | undefined {
  if (text.length === 0 || scanDecimal(text, 0) !== text.length) return undefined;
  return Number(text);
}

/** `NaN`, `Inf`, `+Inf`, `-Infinity` … as Prometheus and others write non-finite values. */
export function isNonFiniteWord(text: string): boolean {
  const word = (text.startsWith('+') || text.startsWith('-') ? text.slice(1) : text).toLowerCase();
  return word === 'nan' || word === 'inf' || word === 'infinity';
}
