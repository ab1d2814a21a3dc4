/**
 * Bytes → lines for the line-based formats (JSON Lines, /proc logs,
 * VictoriaMetrics exports), holding only the line being cut: a line is
 * decoded once it is complete, so a multi-byte character split between
 * chunks is never broken, and no line is ever joined with the rest of the
 * input into one string.
 */
const NEWLINE = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  private carry: Buffer | null = null;
  private lineNumber = 1;
  private first = true;

  /**
   * `visit` gets each line without its `\n` or `\r\n` (a leading BOM removed)
   * and its 1-based number. `visitBytes`, when given, sees the same line as
   * bytes[from, to) first and returns true when it has read it, so that a
   * reader's fast path can skip decoding the line into a string.
   */
  constructor(
    private readonly visit: (line: string, lineNumber: number) => void,
    private readonly visitBytes?: (bytes: Buffer, from: number, to: number, lineNumber: number) => boolean,
  ) {}

  feed(chunk: Buffer): void {
    let start = 0;
    for (let newline = chunk.indexOf(NEWLINE); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
      if (this.carry !== null) {
        const joined: Buffer = Buffer.concat([this.carry, chunk.subarray(0, newline)]);
        this.carry = null;
        this.emit(joined, 0, joined.length);
      } else {
        this.emit(chunk, start, newline);
      }
      start = newline + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.carry = this.carry === null ? Buffer.from(rest) : Buffer.concat([this.carry, rest]);
    }
  }

  /** The last line, which has no line break after it (an empty one is still a line, as split('\n') has it). */
  end(): void {
    const carry = this.carry ?? Buffer.alloc(0);
    this.carry = null;
    this.emit(carry, 0, carry.length);
  }

  private emit(bytes: Buffer, start: number, end: number): void {
    let to = end;
    if (to > start && bytes[to - 1] === CR) to--;
    let from = start;
    if (this.first && bytes[from] === 0xef && bytes[from + 1] === 0xbb && bytes[from + 2] === 0xbf) from += 3;
    this.first = false;
    if (this.visitBytes?.(bytes, from, to, this.lineNumber) === true) {
      this.lineNumber++;
      return;
    }
    this.visit(bytes.toString('utf8', from, to), this.lineNumber++);
  }
}
