/** Small text helpers shared by the readers. */

/** Drops a leading byte-order mark, which editors and Excel add to UTF-8 files. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Quotes a piece of input for a dropped-row reason or an error message, cut short so one bad cell cannot flood the report. */
export function quoteInput(text: string, max = 40): string {
  const short = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(short);
}
