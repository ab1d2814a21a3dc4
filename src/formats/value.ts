/**
 * RSS values → bytes (SPEC §1). A plain number is bytes; a unit suffix,
 * with or without a space, follows IEC/SI: `KiB MiB GiB TiB` and Kubernetes
 * `Ki Mi Gi Ti` are powers of 1024, `kB MB GB TB` and `K M G T` powers of
 * 1000. Units are matched case-insensitively, as `--rss-threshold` is in
 * `options.ts`. Missing, non-numeric, non-finite and negative values are
 * rejected with a reason, since SPEC §1 drops those rows and the report
 * names them.
 */
import { LeakScoreError } from '../errors.js';
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
 * The unit of numbers that carry none: `--unit`, or a unit in the column or
 * key name (`rss_kib`). `factor` is bytes per unit; `name` is as written,
 * for notes.
 */
export interface BareUnit {
  readonly name: string;
  readonly factor: number;
}

export const BYTES: BareUnit = { name: 'B', factor: 1 };

/** `--unit KiB` → { name: 'KiB', factor: 1024 }; anything else is a usage error naming the choices. */
export function parseUnit(text: string, flag = '--unit'): BareUnit {
  const trimmed = text.trim();
  const factor = trimmed === '' ? undefined : UNIT_FACTORS.get(trimmed.toLowerCase());
  if (factor === undefined) {
    throw new LeakScoreError(
      `${flag} ${JSON.stringify(text)} is not a unit; give B, KiB, MiB, GiB (powers of 1024) or kB, MB, GB (powers of 1000)`,
    );
  }
  return { name: trimmed, factor };
}

/** Unit words a column or key name may end with; `kb`, `mb`, `gb` are SI (SPEC §1's unit table). */
const NAME_UNITS: ReadonlyMap<string, BareUnit> = new Map([
  ['bytes', { name: 'bytes', factor: 1 }],
  ['kib', { name: 'KiB', factor: 1024 }],
  ['mib', { name: 'MiB', factor: 1024 ** 2 }],
  ['gib', { name: 'GiB', factor: 1024 ** 3 }],
  ['kb', { name: 'kB', factor: 1e3 }],
  ['mb', { name: 'MB', factor: 1e6 }],
  ['gb', { name: 'GB', factor: 1e9 }],
  ['kilobytes', { name: 'kB', factor: 1e3 }],
  ['megabytes', { name: 'MB', factor: 1e6 }],
  ['gigabytes', { name: 'GB', factor: 1e9 }],
]);

/**
 * The unit a column or key name ends with, and the name without it:
 * `rss_kib`, `mem-mb`, `rss.bytes`, `Memory (MiB)`, `RSS [kB]`. Undefined
 * when the name carries no unit. A linear scan from the end, no regular
 * expression: names come from the input.
 */
export function unitFromName(name: string): { unit: BareUnit; base: string } | undefined {
  const lower = name.trim().toLowerCase();
  const last = lower[lower.length - 1];
  if (last === ')' || last === ']') {
    const open = lower.lastIndexOf(last === ')' ? '(' : '[');
    if (open === -1) return undefined;
    const unit = NAME_UNITS.get(lower.slice(open + 1, -1).trim()) ?? byteWord(lower.slice(open + 1, -1).trim());
    return unit === undefined ? undefined : { unit, base: lower.slice(0, open).trim() };
  }
  let cut = lower.length;
  while (cut > 0 && !isNameSeparator(lower[cut - 1] as string)) cut -= 1;
  if (cut === 0) return undefined;
  const unit = NAME_UNITS.get(lower.slice(cut));
  return unit === undefined ? undefined : { unit, base: lower.slice(0, cut - 1) };
}

/** Says how a unit taken from a name was read; SI kilobytes get the KiB hint SPEC §1 calls for (ps and /proc write KiB). */
export function unitNote(source: string, what: string, unit: BareUnit): string {
  const base = `${source}: ${what} read in ${unit.name} (${unit.factor} bytes)`;
  if (unit.factor % 1000 !== 0) return base;
  const binary = unit.name.replace('B', 'iB').replace('k', 'K');
  return `${base}; if it holds ${binary}, as ps and /proc write, pass --unit ${binary}`;
}

/** `(B)` / `[b]` as a column suffix means bytes. */
function byteWord(word: string): BareUnit | undefined {
  return word === 'b' || word === 'byte' ? { name: 'bytes', factor: 1 } : undefined;
}

function isNameSeparator(char: string): boolean {
  return char === '_' || char === '-' || char === '.' || char === ' ';
}

/**
 * A numeric value (e.g. a JSON number) checked per SPEC §1. `shown` is how
 * the reason quotes it; `unit` scales it (a JSON number has no unit of its own).
 */
export function readByteNumber(n: number, shown?: string, unit: BareUnit = BYTES): ByteReading {
  // `shown` (String(n) by default) is made only for a reason, not per sample.
  if (!Number.isFinite(n)) return { ok: false, reason: `value ${shown ?? String(n)} is not finite` };
  if (n < 0) return { ok: false, reason: `value ${shown ?? String(n)} is negative` };
  const bytes = n * unit.factor;
  // 1e308 KiB overflows to Infinity: as unusable as the literal.
  if (!Number.isFinite(bytes)) return { ok: false, reason: `value ${shown ?? String(n)} ${unit.name} is not finite in bytes` };
  return { ok: true, bytes: bytes === 0 ? 0 : bytes };
}

/**
 * Reads a value cell in bytes, saying why when it cannot be used. A unit in
 * the cell wins; a bare number is in `unit` (bytes unless `--unit` or the
 * column name says otherwise).
 */
export function readBytes(text: string, unit: BareUnit = BYTES): ByteReading {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { ok: false, reason: 'missing value' };
  if (isNonFiniteWord(trimmed)) return { ok: false, reason: `value ${trimmed} is not finite` };
  const shown = quoteInput(trimmed);
  const end = scanDecimal(trimmed, 0);
  if (end === -1) return { ok: false, reason: `value ${shown} is not a number` };
  const suffix = trimmed.slice(end).trimStart();
  if (suffix === '') return readByteNumber(Number(trimmed.slice(0, end)), shown, unit);
  const factor = UNIT_FACTORS.get(suffix.toLowerCase());
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
