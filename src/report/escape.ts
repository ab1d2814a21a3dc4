/**
 * Terminal safety: text that came from the input (label names and values,
 * series and column names, file names) is shown with its control characters
 * written out, so a hostile export cannot drive the terminal: no ANSI colour
 * or cursor moves, no OSC title or hyperlink (`\x1b]0;…\x07`), no carriage
 * return that overwrites the verdict, no bidirectional override that makes a
 * line read differently from what it holds ("Trojan Source").
 *
 * Escaped: C0 controls and DEL, C1 controls (U+0080–U+009F, which some
 * terminals take as CSI and OSC), the bidirectional marks, overrides and
 * isolates, and the Unicode line and paragraph separators. Everything else,
 * including the rest of Unicode, passes through untouched.
 *
 * @example
 * escapeControl('api\x1b]0;pwned\x07') // 'api\\x1b]0;pwned\\x07'
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function written(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One field (a label value, a file name): every control character written out, newlines too. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, written);
}

/** A message that may span lines on purpose: control characters written out, line feeds kept. */
export function escapeControlKeepLines(text: string): string {
  return text.replace(CONTROL_BUT_NEWLINE, written);
}

/** Whether the text holds anything `escapeControl` would write out. */
export function hasControl(text: string): boolean {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text);
}
