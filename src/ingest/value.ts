/**
 * RSS values → bytes (SPEC §1). A plain number is bytes; a unit suffix,
 * with or without a space, follows IEC/SI: `KiB MiB GiB TiB` and Kubernetes
 * `Ki Mi Gi Ti` are powers of 1024, `kB MB GB TB` and `K M G T` powers of
 * 1000. Units are matched case-insensitively, as `--rss-threshold` is in
 * `options.ts`. Missing, non-numeric, non-finite and negative values are
 * rejected with a reason, since SPEC §1 drops those rows and the report
 * names them.
 */
import { isNonFiniteWord, scanDecimal } from './number.js';
import { quoteInput } from './text.js';

export type ByteReading = { readonly ok: true; readonly bytes: number } | { readonly ok: false; readonly reason: string };

const UNIT_FACTORS: ReadonlyMap<string, number> = new Map([
  ['', 1],
  ['b', 1],
  ['byte', 1],
  ['bytes', 1],
  ['kib', 1024],
  ['mib', 1024 ** 2],
  ['gib', 1024 ** 3],
  ['tib', 1024 ** 4],
  ['ki', 1024],
  ['mi', 1024 ** 2],
  ['gi', 1024 ** 3],
  ['ti', 1024 ** 4],
  ['kb', 1e3],
  ['mb', 1e6],
  ['gb', 1e9],
  ['tb', 1e12],
  ['k', 1e3],
  ['m', 1e6],
  ['g', 1e9],
  ['t', 1e12],
]);

/**
 * A numeric value (e.g. a JSON number) checked per SPEC §1. `shown` is how
 * the reason quotes it.
 */
export function readByteNumber(n: number, shown = String(n)): ByteReading {
  if (!Number.isFinite(n)) return { ok: false, reason: `value ${shown} is not finite` };
  if (n < 0) return { ok: false, reason: `value ${shown} is negative` };
  return { ok: true, bytes: n === 0 ? 0 : n };
}

/** Reads a value cell in bytes, saying why when it cannot be used. */
export function readBytes(text: string): ByteReading {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { ok: false, reason: 'missing value' };
  if (isNonFiniteWord(trimmed)) return { ok: false, reason: `value ${trimmed} is not finite` };
  const shown = quoteInput(trimmed);
  const end = scanDecimal(trimmed, 0);
  if (end === -1) return { ok: false, reason: `value ${shown} is not a number` };
  const unit = trimmed.slice(end).trimStart();
  const factor = UNIT_FACTORS.get(unit.toLowerCase());
  if (factor === undefined) {
    return { ok: false, reason: `value ${shown} has an unknown unit (use B, KiB, MiB, GiB or kB, MB, GB)` };
  }
  return readByteNumber(Number(trimmed.slice(0, end)) * factor, shown);
}

/** Bytes, or undefined when SPEC §1 would drop the row. */
export function parseBytes(text: string): number | undefined {
  const reading = readBytes(text);
  return reading.ok ? reading.bytes : undefined;
}
