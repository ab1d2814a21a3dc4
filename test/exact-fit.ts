/**
 * An exact reference for SPEC §2's fit: rational arithmetic (BigInt) on the
 * float64 inputs, so tests can measure how far float64 code strays.
 */

interface Rational {
  num: bigint;
  den: bigint;
}

const view = new DataView(new ArrayBuffer(8));

/** The exact value of a finite double as a fraction with a power-of-two denominator. */
export function toRational(x: number): Rational {
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n === 1n ? -1n : 1n;
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  const mantissa = exponent === 0 ? fraction : fraction | (1n << 52n);
  const power = (exponent === 0 ? 1 : exponent) - 1075;
  return power >= 0
    ? { num: sign * mantissa * (1n << BigInt(power)), den: 1n }
    : { num: sign * mantissa, den: 1n << BigInt(-power) };
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

/** num/den rounded to a double (to well within 1e-15 relative). */
export function toNumber(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const negative = num < 0n !== den < 0n;
  const n = abs(num);
  const d = abs(den);
  const shift = 64 - (n.toString(2).length - d.toString(2).length);
  const q = shift >= 0 ? (n << BigInt(shift)) / d : n / (d << BigInt(-shift));
  const value = Number(q) * 2 ** -shift;
  return negative ? -value : value;
}

/** Exact slope (MiB/h) and R² of bytes against seconds, as SPEC §2 defines them. */
export function exactFit(times: ArrayLike<number>, bytes: ArrayLike<number>): { slopeMiBPerHour: number; r2: number } | null {
  const n = BigInt(times.length);
  // Common denominator: every double here is k / 2^1074 at worst; use per-array LCD.
  const ts = Array.from(times, toRational);
  const ys = Array.from(bytes, toRational);
  const tDen = ts.reduce((m, r) => (r.den > m ? r.den : m), 1n);
  const yDen = ys.reduce((m, r) => (r.den > m ? r.den : m), 1n);
  const X = ts.map((r) => r.num * (tDen / r.den));
  const Y = ys.map((r) => r.num * (yDen / r.den));
  let sx = 0n;
  let sy = 0n;
  for (let i = 0; i < X.length; i++) {
    sx += X[i] as bigint;
    sy += Y[i] as bigint;
  }
  // n²·Σ(x−x̄)² = n·Σ(nx − sx)² / n … keep everything integer: use d = n·x − sx.
  let sxx = 0n;
  let sxy = 0n;
  let syy = 0n;
  for (let i = 0; i < X.length; i++) {
    const dx = n * (X[i] as bigint) - sx;
    const dy = n * (Y[i] as bigint) - sy;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0n) return null;
  // slope (bytes/s) = (sxy / sxx) · tDen / yDen ; MiB/h = · 3600 / 1048576.
  const slopeMiBPerHour = toNumber(sxy * tDen * 3600n, sxx * yDen * 1048576n);
  const r2 = syy === 0n ? 0 : toNumber(sxy * sxy, sxx * syy);
  return { slopeMiBPerHour, r2 };
}
