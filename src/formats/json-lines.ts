/**
 * The skeleton of the readers whose input is one JSON document a line
 * (VictoriaMetrics exports, OTLP/JSON Collector files): lines cut from the
 * bytes as they come, blank lines skipped, each other line counted and parsed,
 * and a line that is not JSON dropped into the reader's tally of rows that
 * belong to no series. What a parsed line means is the reader's job.
 *
 * jsonl.ts does not use it: its lines go first to a byte-level fast path
 * (jsonl-flat.ts) and its drops to its one series, not to a stray tally.
 */
import { LineSplitter } from './lines.js';
import type { DropTally } from '../samples/series-builder.js';

export class JsonLines {
  private nonBlank = 0;
  private readonly splitter = new LineSplitter((line, lineNumber) => this.line(line, lineNumber));

  /**
   * `visit` gets each parsed line and its 1-based number. `invalid`, when
   * given, sees a line that is not JSON before it is dropped, so a reader can
   * tell why (OTLP spots a pretty-printed file that way).
   */
  constructor(
    private readonly stray: DropTally,
    private readonly visit: (parsed: unknown, lineNumber: number) => void,
    private readonly invalid?: (line: string, lineNumber: number) => void,
  ) {}

  /** Lines that were not blank, JSON or not: a reader tells "nothing of my format" from "empty input" by it. */
  get lines(): number {
    return this.nonBlank;
  }

  feed(chunk: Buffer): void {
    this.splitter.feed(chunk);
  }

  /** The last line, which has no line break after it. */
  end(): void {
    this.splitter.end();
  }

  private line(line: string, lineNumber: number): void {
    if (line.trim() === '') return;
    this.nonBlank += 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      this.invalid?.(line, lineNumber);
      this.stray.drop(lineNumber, 'invalid JSON');
      return;
    }
    this.visit(parsed, lineNumber);
  }
}
