/**
 * The JSON Lines reader's fast path: a flat line such as
 * `{"ts":1767225600,"rss":212140032}` read in place from its bytes, without
 * decoding it into a string or building an object. It accepts only what it
 * can read exactly as `JSON.parse` would — one object of plain ASCII keys
 * whose values are numbers, escape-free ASCII strings, true, false or null —
 * and says no to anything else (nesting, escapes, non-ASCII, anything
 * invalid), which the reader then parses the ordinary way. So the fast path
 * can only ever agree with JSON.parse or step aside.
 */
import { isJsonNumber, MAX_EXACT_DIGITS } from './decimal-bytes.js';

export const FIELD_NUMBER = 1;
export const FIELD_STRING = 2;
const FIELD_LITERAL = 3;

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isNumberByte(code: number): boolean {
  return (code >= 48 && code <= 57) || code === 46 || code === 101 || code === 69 || code === 43 || code === 45;
}

/** Finds two top-level keys of a flat JSON object line; after a true `scan`, where their values are. */
export class FlatLineScanner {
  /** Bytes of the value (without quotes for strings) and its kind, FIELD_NUMBER or FIELD_STRING. */
  timeStart = 0;
  timeEnd = 0;
  timeKind = 0;
  valueStart = 0;
  valueEnd = 0;
  valueKind = 0;
  /** After a true `scanIntegers`: the two numbers, exactly as JSON.parse reads them. */
  timeNumber = 0;
  valueNumber = 0;
  private readonly timeKey: Buffer;
  private readonly valueKey: Buffer;
  /** `"` + key + `":`, what a tight line has before each number; null when the keys are the same (then only `scan` can say). */
  readonly timeHead: Uint8Array | null;
  readonly valueHead: Uint8Array | null;
  /** Whether tight lines can be read (both heads known): by `scanIntegers`, or a run of them by the reader's inner loop. */
  readonly tight: boolean;

  constructor(timeKey: string, valueKey: string) {
    this.timeKey = Buffer.from(timeKey, 'utf8');
    this.valueKey = Buffer.from(valueKey, 'utf8');
    const plain = (key: Buffer): boolean => key.every((c) => c >= 0x20 && c < 0x80 && c !== QUOTE && c !== BACKSLASH);
    const tight = timeKey !== valueKey && plain(this.timeKey) && plain(this.valueKey);
    this.timeHead = tight ? Buffer.from(`"${timeKey}":`, 'latin1') : null;
    this.valueHead = tight ? Buffer.from(`"${valueKey}":`, 'latin1') : null;
    this.tight = tight;
  }

  /**
   * The common line in one pass, numbers read while scanning: exactly
   * `{"<time>":<int>,"<value>":<int>}` (either order, no spaces) with each
   * int `0` or 1–15 digits without a leading zero, so it is exact in a
   * double and equal to what JSON.parse gives. False for anything else,
   * which says nothing about the line: the caller then tries `scan`.
   */
  scanIntegers(bytes: Buffer, from: number, to: number): boolean {
    const timeHead = this.timeHead;
    const valueHead = this.valueHead;
    if (timeHead === null || valueHead === null) return false;
    if (bytes[from] !== 0x7b) return false;
    // Which key comes first: the time key's head, else the value key's.
    let p = from + 1;
    const timeFirst = startsWith(bytes, p, to, timeHead);
    const firstHead = timeFirst ? timeHead : valueHead;
    const secondHead = timeFirst ? valueHead : timeHead;
    if (!timeFirst && !startsWith(bytes, p, to, valueHead)) return false;
    p += firstHead.length;
    // First integer, up to the comma.
    let c = p < to ? (bytes[p] as number) : -1;
    let first = 0;
    let start = p;
    if (c === 48) {
      p++;
    } else if (c >= 49 && c <= 57) {
      first = c - 48;
      p++;
      while (p < to) {
        c = bytes[p] as number;
        if (c < 48 || c > 57) break;
        first = first * 10 + (c - 48);
        p++;
      }
      if (p - start > MAX_EXACT_DIGITS) return false;
    } else {
      return false;
    }
    if (p >= to || bytes[p] !== 0x2c) return false;
    p++;
    if (!startsWith(bytes, p, to, secondHead)) return false;
    p += secondHead.length;
    c = p < to ? (bytes[p] as number) : -1;
    let second = 0;
    start = p;
    if (c === 48) {
      p++;
    } else if (c >= 49 && c <= 57) {
      second = c - 48;
      p++;
      while (p < to) {
        c = bytes[p] as number;
        if (c < 48 || c > 57) break;
        second = second * 10 + (c - 48);
        p++;
      }
      if (p - start > MAX_EXACT_DIGITS) return false;
    } else {
      return false;
    }
    if (p + 1 !== to || bytes[p] !== 0x7d) return false;
    this.timeNumber = timeFirst ? first : second;
    this.valueNumber = timeFirst ? second : first;
    return true;
  }

  /**
   * True when bytes[from, to) is a flat object of the accepted shape with
   * both keys holding a number or a string (the last occurrence of a repeated
   * key wins, as in JSON.parse). False says nothing about the line.
   */
  scan(bytes: Buffer, from: number, to: number): boolean {
    let p = from;
    while (p < to && isSpace(bytes[p] as number)) p++;
    if (bytes[p] !== 0x7b || p >= to) return false;
    p++;
    let timeKind = 0;
    let valueKind = 0;
    for (;;) {
      while (p < to && isSpace(bytes[p] as number)) p++;
      if (p >= to || bytes[p] !== QUOTE) return false;
      const keyStart = ++p;
      while (p < to) {
        const c = bytes[p] as number;
        if (c === QUOTE) break;
        if (c === BACKSLASH || c < 0x20 || c >= 0x80) return false;
        p++;
      }
      if (p >= to) return false;
      const keyEnd = p++;
      while (p < to && isSpace(bytes[p] as number)) p++;
      if (p >= to || bytes[p] !== 0x3a) return false;
      p++;
      while (p < to && isSpace(bytes[p] as number)) p++;
      if (p >= to) return false;
      const c = bytes[p] as number;
      let start: number;
      let end: number;
      let kind: number;
      if (c === QUOTE) {
        start = ++p;
        while (p < to) {
          const d = bytes[p] as number;
          if (d === QUOTE) break;
          if (d === BACKSLASH || d < 0x20 || d >= 0x80) return false;
          p++;
        }
        if (p >= to) return false;
        end = p++;
        kind = FIELD_STRING;
      } else if (c === 45 || (c >= 48 && c <= 57)) {
        start = p;
        while (p < to && isNumberByte(bytes[p] as number)) p++;
        end = p;
        if (!isJsonNumber(bytes, start, end)) return false;
        kind = FIELD_NUMBER;
      } else {
        const word = c === 0x74 ? TRUE : c === 0x66 ? FALSE : c === 0x6e ? NULL : null;
        if (word === null || !this.isKey(word, bytes, p, Math.min(to, p + word.length))) return false;
        start = p;
        p += word.length;
        end = p;
        kind = FIELD_LITERAL;
      }
      if (this.isKey(this.timeKey, bytes, keyStart, keyEnd)) {
        this.timeStart = start;
        this.timeEnd = end;
        timeKind = kind;
      }
      if (this.isKey(this.valueKey, bytes, keyStart, keyEnd)) {
        this.valueStart = start;
        this.valueEnd = end;
        valueKind = kind;
      }
      while (p < to && isSpace(bytes[p] as number)) p++;
      if (p >= to) return false;
      if (bytes[p] === 0x2c) {
        p++;
        continue;
      }
      if (bytes[p] !== 0x7d) return false;
      p++;
      break;
    }
    while (p < to && isSpace(bytes[p] as number)) p++;
    if (p !== to) return false;
    this.timeKind = timeKind;
    this.valueKind = valueKind;
    return (timeKind === FIELD_NUMBER || timeKind === FIELD_STRING) && (valueKind === FIELD_NUMBER || valueKind === FIELD_STRING);
  }

  /** Whether bytes[start, end) are exactly `key`. */
  private isKey(key: Buffer, bytes: Buffer, start: number, end: number): boolean {
    if (end - start !== key.length) return false;
    for (let i = 0; i < key.length; i++) if (bytes[start + i] !== key[i]) return false;
    return true;
  }
}

/** Whether bytes[at, to) begins with `head`. */
function startsWith(bytes: Buffer, at: number, to: number, head: Uint8Array): boolean {
  const n = head.length;
  if (to - at < n) return false;
  for (let i = 0; i < n; i++) if (bytes[at + i] !== head[i]) return false;
  return true;
}
