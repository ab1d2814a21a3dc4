/**
 * JSON Lines reader (SPEC §6): one object a line, blank lines ignored. The
 * time and value keys are found by name or chosen with `--time-key` /
 * `--value-key` (a key or a dotted path such as `memory.rss`). A Node
 * `process.memoryUsage()` object yields `rss` unless another field is named,
 * also when nested (`{"ts": …, "memory": {"rss": …, "heapUsed": …}}`).
 * Lines that are not JSON objects, or whose time or value cannot be used,
 * are dropped and counted (SPEC §1). Only own properties are read.
 */
import { LeakScoreError } from '../errors.js';
import type { ReadResult } from '../series.js';
import { JSONL_TIME_NAMES, listNames, matchName, VALUE_NAMES } from './field-names.js';
import { followPath, isJsonObject, lookUp, type JsonObject } from './json-path.js';
import { quoteInput } from './text.js';
import { SeriesBuilder } from './series-builder.js';
import { readEpochNumber, readTime, type TimeReading } from './time.js';
import { readByteNumber, readBytes, type ByteReading } from './value.js';

export interface JsonLinesOptions {
  /** `--time-key`: a key or dotted path. */
  timeKey?: string;
  /** `--value-key`: a key or dotted path. */
  valueKey?: string;
  /** The file name (or `standard input`), for messages. */
  source: string;
}

/** How deep a value key is looked for inside nested objects (`memory.rss`). */
const MAX_NESTING = 3;

/** Finds and remembers where one field lives, the same way for every line. */
class FieldLocator {
  private path: readonly string[] | undefined;
  /** Whether any line had the field, for the message when none did. */
  found = false;

  constructor(
    readonly role: 'time' | 'value',
    private readonly chosen: string | undefined,
    private readonly names: readonly string[],
  ) {}

  /** The field's raw value in `object`, or undefined when the line lacks it. */
  get(object: JsonObject): unknown {
    let value: unknown;
    if (this.chosen !== undefined) value = lookUp(object, this.chosen);
    else {
      this.path ??= findPath(object, this.names, this.role === 'value' ? MAX_NESTING : 0);
      value = this.path === undefined ? undefined : followPath(object, this.path);
    }
    if (value !== undefined) this.found = true;
    return value;
  }

  describe(): string {
    if (this.chosen !== undefined) return `no ${JSON.stringify(this.chosen)} key`;
    if (this.path !== undefined) return `no ${JSON.stringify(this.path.join('.'))} key`;
    return `no ${this.role} key`;
  }
}

/**
 * The path to the first key named like `names` (case-insensitive). An
 * object found there (`"memory": {...}`) is searched in turn; failing a
 * direct match, nested objects (`"usage": {"rss": …}`) are searched, and used
 * only if exactly one has a match. At most `depth` levels down.
 */
function findPath(object: JsonObject, names: readonly string[], depth: number): string[] | undefined {
  const keys = Object.keys(object);
  const match = matchName(keys, names, () => false);
  if (match.kind === 'found') {
    const key = keys[match.index] as string;
    const value = followPath(object, [key]);
    if (!isJsonObject(value)) return [key];
    if (depth === 0) return undefined;
    const inner = findPath(value, names, depth - 1);
    return inner === undefined ? undefined : [key, ...inner];
  }
  if (depth === 0) return undefined;
  const nested: string[][] = [];
  for (const key of keys) {
    const value = followPath(object, [key]);
    const inner = isJsonObject(value) ? findPath(value, names, depth - 1) : undefined;
    if (inner !== undefined) nested.push([key, ...inner]);
  }
  return nested.length === 1 ? nested[0] : undefined;
}

export function readJsonLines(text: string, options: JsonLinesOptions): ReadResult {
  const builder = new SeriesBuilder();
  const time = new FieldLocator('time', options.timeKey, JSONL_TIME_NAMES);
  const value = new FieldLocator('value', options.valueKey, VALUE_NAMES);
  let firstKeys: string[] | undefined;
  let zoneless = false;

  forEachLine(text, (line, lineNumber) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      builder.drop(lineNumber, 'invalid JSON');
      return;
    }
    if (!isJsonObject(parsed)) {
      builder.drop(lineNumber, 'not a JSON object');
      return;
    }
    firstKeys ??= Object.keys(parsed);
    const rawTime = time.get(parsed);
    const rawValue = value.get(parsed);
    if (rawTime === undefined) return builder.drop(lineNumber, time.describe());
    if (rawValue === undefined) return builder.drop(lineNumber, value.describe());
    const t = readJsonTime(rawTime);
    if (!t.ok) return builder.drop(lineNumber, t.reason);
    const v = readJsonBytes(rawValue);
    if (!v.ok) return builder.drop(lineNumber, v.reason);
    zoneless ||= t.zoneless;
    builder.add(t.seconds, v.bytes);
  });

  if (firstKeys !== undefined) {
    for (const locator of [time, value]) {
      if (!locator.found) throw missingKey(locator, options, firstKeys);
    }
  }
  const notes = zoneless ? [`${options.source}: times without a zone were read as UTC`] : [];
  return { format: 'jsonl', series: [builder.build()], notes };
}

function missingKey(locator: FieldLocator, options: JsonLinesOptions, keys: readonly string[]): LeakScoreError {
  const flag = locator.role === 'time' ? '--time-key' : '--value-key';
  const chosen = locator.role === 'time' ? options.timeKey : options.valueKey;
  const found = `keys of the first object: ${listNames(keys)}`;
  if (chosen !== undefined) {
    return new LeakScoreError(`${options.source}: no line has the key ${JSON.stringify(chosen)} given by ${flag}; ${found}`);
  }
  const names = (locator.role === 'time' ? JSONL_TIME_NAMES : VALUE_NAMES).join(', ');
  const hint = keys.includes('values') && keys.includes('timestamps') ? ' (VictoriaMetrics export is not supported yet)' : '';
  return new LeakScoreError(
    `${options.source}: no ${locator.role} key (looked for ${names}); ${found}${hint}; name one with ${flag} KEY (dotted paths such as memory.rss work)`,
  );
}

function readJsonTime(raw: unknown): TimeReading {
  if (typeof raw === 'number') return readEpochNumber(raw);
  if (typeof raw === 'string') return readTime(raw);
  return { ok: false, reason: `time ${quoteInput(JSON.stringify(raw) ?? String(raw))} is not a number or a string` };
}

function readJsonBytes(raw: unknown): ByteReading {
  if (typeof raw === 'number') return readByteNumber(raw);
  if (typeof raw === 'string') return readBytes(raw);
  return { ok: false, reason: `value ${quoteInput(JSON.stringify(raw) ?? String(raw))} is not a number or a string` };
}

/** Calls `visit` with each line (without its `\n` or `\r\n`) and its 1-based number. */
function forEachLine(text: string, visit: (line: string, lineNumber: number) => void): void {
  let start = 0;
  let lineNumber = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end > start && text[end - 1] === '\r' ? end - 1 : end);
    visit(line, lineNumber);
    start = end + 1;
    lineNumber += 1;
  }
}
