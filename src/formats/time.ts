/**
 * Timestamps → seconds since the Unix epoch (SPEC §1).
 *
 * - Numbers are scaled by magnitude: |t| < 1e11 seconds, < 1e14
 *   milliseconds, < 1e17 microseconds, otherwise nanoseconds. Small values
 *   (0, 30, 60 …) are relative seconds, which is fine: only differences matter.
 * - RFC 3339 / ISO 8601 strings: `2024-01-15T10:00:00Z`, a space instead of
 *   `T`, fractional seconds, offsets `+01:00` / `+0100` / `+01`. A string
 *   without a zone is UTC, and the caller is told (`zoneless`) so the report
 *   can say so.
 * - Negative or non-finite times are rejected: SPEC §1 drops those rows.
 *
 * Dates are parsed by a hand-written scanner (no regular expressions on
 * untrusted text) and converted with exact integer day arithmetic rather
 * than `Date.parse`, whose handling of zoneless strings depends on the shape.
 */
import { isNonFiniteWord, parseDecimal } from './number.js';
import { quoteInput } from './text.js';

export type TimeReading =
  | { readonly ok: true; readonly seconds: number; readonly zoneless: boolean }
  | { readonly ok: false; readonly reason: string };

/** SPEC §1 magnitude rule: a numeric timestamp in s, ms, µs or ns → seconds. */
export function scaleEpochNumber(n: number): number {
  const magnitude = Math.abs(n);
  if (magnitude < 1e11) return n;
  if (magnitude < 1e14) return n / 1e3;
  if (magnitude < 1e17) return n / 1e6;
  return n / 1e9;
}

/**
 * A numeric timestamp (e.g. a JSON number) checked and scaled per SPEC §1.
 * `shown` is how the reason quotes it.
 */
export function readEpochNumber(n: number, shown?: string): TimeReading {
  // `shown` is made only for a reason: String(n) per sample was a tenth of reading a Prometheus file.
  if (!Number.isFinite(n)) return { ok: false, reason: `time ${shown ?? String(n)} is not finite` };
  const seconds = scaleEpochNumber(n);
  if (seconds < 0) return { ok: false, reason: `time ${shown ?? String(n)} is negative` };
  return { ok: true, seconds: seconds === 0 ? 0 : seconds, zoneless: false };
}

/** Reads a timestamp cell, saying why when it cannot be used. */
export function readTime(text: string): TimeReading {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { ok: false, reason: 'missing time' };
  const number = parseDecimal(trimmed);
  if (number !== undefined) return readEpochNumber(number, quoteInput(trimmed));
  if (isNonFiniteWord(trimmed)) return { ok: false, reason: `time ${quoteInput(trimmed)} is not finite` };
  const date = parseIsoDate(trimmed);
  if (date === undefined) {
    return { ok: false, reason: `time ${quoteInput(trimmed)} is not a number or an ISO 8601 date` };
  }
  if (date.seconds < 0) return { ok: false, reason: `time ${quoteInput(trimmed)} is before 1970` };
  return { ok: true, seconds: date.seconds, zoneless: date.zoneless };
}

/** Seconds since the epoch, or undefined when SPEC §1 would drop the row. */
export function parseTimestamp(text: string): number | undefined {
  const reading = readTime(text);
  return reading.ok ? reading.seconds : undefined;
}

/** True when `text` is a date-time without a zone, which is read as UTC (SPEC §1). */
export function isZoneless(text: string): boolean {
  const reading = readTime(text);
  return reading.ok && reading.zoneless;
}

interface IsoDate {
  seconds: number;
  zoneless: boolean;
}

/** A cursor over a string, for the date scanner. */
class Cursor {
  pos = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string {
    return this.text[this.pos] ?? '';
  }

  /** Consumes `char` if it is next. */
  accept(chars: string): boolean {
    const next = this.text[this.pos];
    if (next !== undefined && chars.includes(next)) {
      this.pos += 1;
      return true;
    }
    return false;
  }

  /** Exactly `count` digits as an integer, or undefined. */
  digits(count: number): number | undefined {
    let value = 0;
    for (let i = 0; i < count; i += 1) {
      const code = this.text.charCodeAt(this.pos + i);
      if (!(code >= 48 && code <= 57)) return undefined;
      value = value * 10 + (code - 48);
    }
    this.pos += count;
    return value;
  }

  /** One or more digits as their text. */
  digitRun(): string {
    const start = this.pos;
    while (this.pos < this.text.length) {
      const code = this.text.charCodeAt(this.pos);
      if (!(code >= 48 && code <= 57)) break;
      this.pos += 1;
    }
    return this.text.slice(start, this.pos);
  }

  skipSpaces(): void {
    while (this.peek() === ' ') this.pos += 1;
  }

  acceptWord(word: string): boolean {
    if (this.text.slice(this.pos, this.pos + word.length).toUpperCase() === word) {
      this.pos += word.length;
      return true;
    }
    return false;
  }
}

/**
 * `YYYY-MM-DD[(T|t| )hh:mm[:ss[(.|,)fraction]]][ ][Z|UTC|GMT|±hh[:mm]|±hhmm]`.
 * A date alone is midnight. Returns undefined for anything else or an
 * impossible date (month 13, 31 February, 25:00).
 */
export function parseIsoDate(text: string): IsoDate | undefined {
  const c = new Cursor(text);
  const year = c.digits(4);
  if (year === undefined || !c.accept('-')) return undefined;
  const month = c.digits(2);
  if (month === undefined || !c.accept('-')) return undefined;
  const day = c.digits(2);
  if (day === undefined || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  let secondsOfDay = 0;
  let fraction = 0;
  if (!c.done) {
    if (!c.accept('Tt ')) return undefined;
    const hour = c.digits(2);
    if (hour === undefined || !c.accept(':')) return undefined;
    const minute = c.digits(2);
    if (minute === undefined) return undefined;
    let second = 0;
    if (c.accept(':')) {
      const s = c.digits(2);
      if (s === undefined) return undefined;
      second = s;
      if (c.accept('.,')) {
        const digits = c.digitRun();
        if (digits.length === 0) return undefined;
        fraction = Number(`0.${digits}`);
      }
    }
    // 60 allows a leap second, which lands on the next minute's :00.
    if (hour > 23 || minute > 59 || second > 60) return undefined;
    secondsOfDay = hour * 3600 + minute * 60 + second;
  }
  c.skipSpaces();
  let offsetSeconds = 0;
  let zoneless = true;
  if (!c.done) {
    zoneless = false;
    if (c.accept('Zz') || c.acceptWord('UTC') || c.acceptWord('GMT')) {
      offsetSeconds = 0;
    } else {
      const sign = c.peek();
      if (!c.accept('+-')) return undefined;
      const hours = c.digits(2);
      if (hours === undefined) return undefined;
      const minutes = c.accept(':') || !c.done ? c.digits(2) : 0;
      if (minutes === undefined || hours > 23 || minutes > 59) return undefined;
      offsetSeconds = (sign === '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
    }
    if (!c.done) return undefined;
  }
  const whole = daysFromCivil(year, month, day) * 86400 + secondsOfDay - offsetSeconds;
  return { seconds: whole + fraction, zoneless };
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
