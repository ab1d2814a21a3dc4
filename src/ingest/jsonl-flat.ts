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
import { isJsonNumber } from './decimal-bytes.js';

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
  private readonly timeKey: Buffer;
  private readonly valueKey: Buffer;

  constructor(timeKey: string, valueKey: string) {
    this.timeKey = Buffer.from(timeKey, 'utf8');
    this.valueKey = Buffer.from(valueKey, 'utf8');
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
