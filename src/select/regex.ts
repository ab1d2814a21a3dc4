/**
 * PromQL regular expressions (`=~`, `!~`) matched in linear time.
 *
 * Prometheus compiles label matchers with Go's RE2 syntax, fully anchored
 * (`^(?s:re)$`: `.` matches a newline too). JavaScript's RegExp differs in
 * syntax and backtracks, so a user's `(a+)+b` or `.*a.*a.*a` could hang on a
 * long label value from a hostile file. This is a small Thompson-NFA engine
 * for the RE2 subset people write in selectors — literals, `.`, classes
 * (`[a-z]`, `[^…]`, `\d \w \s`, `[[:alpha:]]`), groups (`(…)`, `(?:…)`,
 * `(?P<name>…)`), alternation, `* + ? {n} {n,} {n,m}` (lazy forms accepted:
 * irrelevant for a full match), `^ $ \A \z`, and the flags `(?i)` / `(?s)`.
 * Matching costs O(length × pattern size), whatever the input.
 *
 * What RE2 itself refuses (backreferences, lookaround, `a**`) is refused
 * with the reason; RE2 features this engine lacks (`\b`, `\pL`, `\Q…\E`)
 * are refused as unsupported rather than misread.
 */

export class RegexSyntaxError extends Error {
  constructor(
    readonly detail: string,
    readonly position: number,
  ) {
    super(`${detail} at position ${position + 1}`);
  }
}

/** RE2's limit on a counted repetition. */
const MAX_REPEAT = 1000;
/** A bound on the compiled program, so `(a{1000}){1000}` cannot eat memory. */
const MAX_PROGRAM = 50_000;

type CharTest = (code: number) => boolean;

type Node =
  | { readonly t: 'empty' }
  | { readonly t: 'char'; readonly test: CharTest }
  | { readonly t: 'cat'; readonly items: Node[] }
  | { readonly t: 'alt'; readonly items: Node[] }
  | { readonly t: 'rep'; readonly node: Node; readonly min: number; readonly max: number }
  | { readonly t: 'bol' }
  | { readonly t: 'eol' };

interface Flags {
  readonly i: boolean;
  readonly s: boolean;
}

const isDigit: CharTest = (c) => c >= 48 && c <= 57;
const isWord: CharTest = (c) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isHexDigit: CharTest = (c) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
// RE2's \s is [\t\n\f\r ] (no \v).
const isSpace: CharTest = (c) => c === 9 || c === 10 || c === 12 || c === 13 || c === 32;

const POSIX: Readonly<Record<string, CharTest>> = {
  alnum: (c) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  alpha: (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  ascii: (c) => c <= 0x7f,
  blank: (c) => c === 9 || c === 32,
  cntrl: (c) => c < 32 || c === 127,
  digit: isDigit,
  graph: (c) => c > 32 && c < 127,
  lower: (c) => c >= 97 && c <= 122,
  print: (c) => c >= 32 && c < 127,
  punct: (c) => (c > 32 && c < 127 && !isWord(c)) || c === 95,
  space: (c) => isSpace(c) || c === 11,
  upper: (c) => c >= 65 && c <= 90,
  word: isWord,
  xdigit: isHexDigit,
};


/** `\n` `\t` … : escapes that stand for one character. */
const SINGLE_ESCAPES: ReadonlyMap<number, number> = new Map([
  [0x6e, 10],
  [0x74, 9],
  [0x72, 13],
  [0x66, 12],
  [0x76, 11],
  [0x61, 7],
]);

function not(test: CharTest): CharTest {
  return (c) => !test(c);
}

function caseless(test: CharTest): CharTest {
  return (c) => {
    if (test(c)) return true;
    const char = String.fromCodePoint(c);
    const lower = char.toLowerCase().codePointAt(0) as number;
    const upper = char.toUpperCase().codePointAt(0) as number;
    return (lower !== c && test(lower)) || (upper !== c && test(upper));
  };
}

/** How deeply groups may nest: the parser and compiler recurse per level. */
const MAX_DEPTH = 200;

class Parser {
  private pos = 0;
  private depth = 0;
  private readonly chars: number[];

  constructor(pattern: string) {
    this.chars = Array.from(pattern, (char) => char.codePointAt(0) as number);
  }

  parse(): Node {
    const node = this.alternation({ i: false, s: true });
    if (this.pos < this.chars.length) throw this.error('unexpected )');
    return node;
  }

  private error(detail: string, at = this.pos): RegexSyntaxError {
    return new RegexSyntaxError(detail, at);
  }

  private peek(offset = 0): number | undefined {
    return this.chars[this.pos + offset];
  }

  private eat(code: number): boolean {
    if (this.peek() !== code) return false;
    this.pos += 1;
    return true;
  }

  private alternation(flags: Flags): Node {
    const items: Node[] = [];
    let current = flags;
    for (;;) {
      const branch = this.concatenation(current);
      items.push(branch.node);
      current = branch.flags;
      if (!this.eat(0x7c /* | */)) break;
    }
    return items.length === 1 ? (items[0] as Node) : { t: 'alt', items };
  }

  /** A sequence up to `|` or `)`; a bare `(?i)` changes the flags for the rest of the group. */
  private concatenation(start: Flags): { node: Node; flags: Flags } {
    const items: Node[] = [];
    let flags = start;
    for (;;) {
      const code = this.peek();
      if (code === undefined || code === 0x7c || code === 0x29 /* ) */) break;
      const flagChange = this.flagGroup(flags);
      if (flagChange !== undefined) {
        flags = flagChange;
        continue;
      }
      items.push(this.repetition(flags));
    }
    return { node: items.length === 1 ? (items[0] as Node) : items.length === 0 ? { t: 'empty' } : { t: 'cat', items }, flags };
  }

  /** `(?i)` / `(?-s)`: returns the new flags, or undefined when not at such a group. */
  private flagGroup(flags: Flags): Flags | undefined {
    if (this.peek() !== 0x28 || this.peek(1) !== 0x3f) return undefined;
    let offset = 2;
    let negate = false;
    let next = { ...flags };
    for (;;) {
      const code = this.peek(offset);
      if (code === 0x29 /* ) */) break;
      if (code === 0x2d /* - */ && !negate) negate = true;
      else if (code === 0x69 /* i */) next = { ...next, i: !negate };
      else if (code === 0x73 /* s */) next = { ...next, s: !negate };
      else if (code === 0x6d /* m */ || code === 0x55 /* U */) {
        // (?m) and (?U) do not change a full match of one label value.
      } else return undefined;
      offset += 1;
    }
    if (offset === 2) return undefined;
    this.pos += offset + 1;
    return next;
  }

  private repetition(flags: Flags): Node {
    const at = this.pos;
    let node = this.atom(flags);
    let repeated = false;
    for (;;) {
      const quant = this.quantifier();
      if (quant === undefined) return node;
      if (repeated) throw this.error('invalid nested repetition operator (RE2 refuses a** and a{2}*)', at);
      this.eat(0x3f /* lazy ? */);
      node = { t: 'rep', node, min: quant.min, max: quant.max };
      repeated = true;
    }
  }

  private quantifier(): { min: number; max: number } | undefined {
    const code = this.peek();
    if (code === 0x2a) return this.advance({ min: 0, max: Infinity });
    if (code === 0x2b) return this.advance({ min: 1, max: Infinity });
    if (code === 0x3f) return this.advance({ min: 0, max: 1 });
    if (code !== 0x7b /* { */) return undefined;
    // `{n}`, `{n,}`, `{n,m}`; anything else is a literal `{`, as in RE2.
    let offset = 1;
    const number = (): number | undefined => {
      const start = offset;
      let value = 0;
      while (this.peek(offset) !== undefined && isDigit(this.peek(offset) as number)) {
        value = value * 10 + ((this.peek(offset) as number) - 48);
        if (value > 100_000) value = 100_000;
        offset += 1;
      }
      return offset === start ? undefined : value;
    };
    const min = number();
    if (min === undefined) return undefined;
    let max = min;
    if (this.peek(offset) === 0x2c /* , */) {
      offset += 1;
      max = number() ?? Infinity;
    }
    if (this.peek(offset) !== 0x7d /* } */) return undefined;
    if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) throw this.error(`a repeat count is above ${MAX_REPEAT}`);
    if (max < min) throw this.error('a repeat range {n,m} needs n ≤ m');
    this.pos += offset + 1;
    return { min, max };
  }

  private advance<T>(value: T): T {
    this.pos += 1;
    return value;
  }

  private atom(flags: Flags): Node {
    const at = this.pos;
    const code = this.peek() as number;
    this.pos += 1;
    switch (code) {
      case 0x28 /* ( */:
        return this.group(flags, at);
      case 0x5b /* [ */:
        return this.charNode(this.charClass(at), flags);
      case 0x2e /* . */:
        return { t: 'char', test: flags.s ? () => true : (c) => c !== 10 };
      case 0x5e /* ^ */:
        return { t: 'bol' };
      case 0x24 /* $ */:
        return { t: 'eol' };
      case 0x5c /* \ */:
        return this.escapeAtom(flags, at);
      case 0x2a:
      case 0x2b:
      case 0x3f:
        throw this.error('missing argument to repetition operator', at);
      default:
        return this.charNode((c) => c === code, flags);
    }
  }

  private charNode(test: CharTest, flags: Flags): Node {
    return { t: 'char', test: flags.i ? caseless(test) : test };
  }

  private group(flags: Flags, at: number): Node {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) throw this.error(`groups nest deeper than ${MAX_DEPTH}`, at);
    let inner = flags;
    if (this.peek() === 0x3f /* ? */) {
      const next = this.peek(1);
      if (next === 0x3d || next === 0x21 || (next === 0x3c && (this.peek(2) === 0x3d || this.peek(2) === 0x21))) {
        throw this.error('lookahead and lookbehind are not RE2 syntax, which PromQL uses', at);
      }
      if (next === 0x50 /* P */ || next === 0x3c /* < */) {
        // (?P<name>…) / (?<name>…): a named group, matched like any group.
        const close = this.chars.indexOf(0x3e /* > */, this.pos);
        if (close === -1) throw this.error('a group name is not closed with >', at);
        this.pos = close + 1;
      } else {
        let offset = 1;
        let negate = false;
        for (;;) {
          const code = this.peek(offset);
          if (code === 0x3a /* : */) break;
          if (code === 0x2d && !negate) negate = true;
          else if (code === 0x69) inner = { ...inner, i: !negate };
          else if (code === 0x73) inner = { ...inner, s: !negate };
          else if (code === 0x6d || code === 0x55) {
            // no effect on a full match
          } else throw this.error('unknown group flag (RE2 knows i, m, s, U)', at);
          offset += 1;
        }
        this.pos += offset + 1;
      }
    }
    const node = this.alternation(inner);
    if (!this.eat(0x29)) throw this.error('missing closing )', at);
    this.depth -= 1;
    return node;
  }

  private escapeAtom(flags: Flags, at: number): Node {
    const code = this.peek();
    if (code === 0x41 /* A */) return this.advance({ t: 'bol' } as const);
    if (code === 0x7a /* z */) return this.advance({ t: 'eol' } as const);
    const escaped = this.escape(at);
    return this.charNode(typeof escaped === 'number' ? (c) => c === escaped : escaped, flags);
  }

  /** After a backslash: one character (its code) or a class test (`\d`). */
  private escape(at: number): number | CharTest {
    const code = this.peek();
    if (code === undefined) throw this.error('trailing backslash', at);
    this.pos += 1;
    const single = SINGLE_ESCAPES.get(code);
    if (single !== undefined) return single;
    switch (code) {
      case 0x64:
        return isDigit;
      case 0x44:
        return not(isDigit);
      case 0x77:
        return isWord;
      case 0x57:
        return not(isWord);
      case 0x73:
        return isSpace;
      case 0x53:
        return not(isSpace);
      case 0x78 /* x */:
        return this.hexEscape(at);
      default:
        break;
    }
    if (isDigit(code)) throw this.error('backreferences and octal escapes are not supported (RE2 has no backreferences)', at);
    if (isWord(code)) throw this.error(`\\${String.fromCodePoint(code)} is not supported here; write the characters out`, at);
    return code;
  }

  private hexEscape(at: number): number {
    let digits = '';
    if (this.eat(0x7b /* { */)) {
      while (this.peek() !== undefined && this.peek() !== 0x7d && digits.length <= 6) digits += String.fromCodePoint(this.chars[this.pos++] as number);
      if (!this.eat(0x7d)) throw this.error('\\x{…} is not closed', at);
    } else {
      for (let i = 0; i < 2 && this.peek() !== undefined; i += 1) digits += String.fromCodePoint(this.chars[this.pos++] as number);
    }
    const valid = digits.length > 0 && digits.length <= 6 && [...digits].every((d) => isHexDigit(d.codePointAt(0) as number));
    const value = valid ? Number.parseInt(digits, 16) : NaN;
    if (!(value <= 0x10ffff)) throw this.error('invalid \\x escape', at);
    return value;
  }

  /** `[…]` after the `[`: ranges, negation, escapes, `[:alpha:]`. */
  private charClass(at: number): CharTest {
    const negated = this.eat(0x5e /* ^ */);
    const tests: CharTest[] = [];
    let first = true;
    for (;;) {
      const code = this.peek();
      if (code === undefined) throw this.error('missing closing ]', at);
      if (code === 0x5d /* ] */ && !first) {
        this.pos += 1;
        break;
      }
      first = false;
      if (code === 0x5b && this.peek(1) === 0x3a /* [: */) {
        const close = this.findPosixEnd();
        if (close !== undefined) {
          const name = String.fromCodePoint(...this.chars.slice(this.pos + 2, close));
          const negate = name.startsWith('^');
          const test = POSIX[negate ? name.slice(1) : name];
          if (test === undefined) throw this.error(`unknown class [:${name}:]`, this.pos);
          tests.push(negate ? not(test) : test);
          this.pos = close + 2;
          continue;
        }
      }
      const low = this.classChar(at);
      if (typeof low !== 'number') {
        tests.push(low);
        continue;
      }
      if (this.peek() === 0x2d /* - */ && this.peek(1) !== undefined && this.peek(1) !== 0x5d) {
        this.pos += 1;
        const high = this.classChar(at);
        if (typeof high !== 'number') throw this.error('a class like \\d cannot end a range', at);
        if (high < low) throw this.error('a range in [] runs backwards', at);
        tests.push((c) => c >= low && c <= high);
      } else {
        tests.push((c) => c === low);
      }
    }
    const any: CharTest = (c) => tests.some((test) => test(c));
    return negated ? not(any) : any;
  }

  private findPosixEnd(): number | undefined {
    for (let i = this.pos + 2; i < this.chars.length - 1 && i < this.pos + 12; i += 1) {
      if (this.chars[i] === 0x3a && this.chars[i + 1] === 0x5d) return i;
    }
    return undefined;
  }

  /** One character of a class, as its code, or a class test for `\d` etc. */
  private classChar(at: number): number | CharTest {
    const code = this.peek() as number;
    this.pos += 1;
    return code === 0x5c ? this.escape(at) : code;
  }
}

/* ---------- compilation to a Thompson NFA ---------- */

type Instruction =
  | { op: 'char'; test: CharTest; next: number }
  | { op: 'split'; a: number; b: number }
  | { op: 'assert'; end: boolean; next: number }
  | { op: 'match' };

class Compiler {
  readonly program: Instruction[] = [];

  private emit(instruction: Instruction): number {
    if (this.program.length >= MAX_PROGRAM) throw new RegexSyntaxError('the expression is too large', 0);
    this.program.push(instruction);
    return this.program.length - 1;
  }

  private steps = 0;

  /** Compiles `node` so that it continues at `next`; returns its entry. Built back to front. */
  compile(node: Node, next: number): number {
    // `((){1000}){1000}` emits nothing yet loops a million times: bound the work, not just the output.
    this.steps += 1;
    if (this.steps > 4 * MAX_PROGRAM) throw new RegexSyntaxError('the expression is too large', 0);
    switch (node.t) {
      case 'empty':
        return next;
      case 'char':
        return this.emit({ op: 'char', test: node.test, next });
      case 'bol':
        return this.emit({ op: 'assert', end: false, next });
      case 'eol':
        return this.emit({ op: 'assert', end: true, next });
      case 'cat': {
        let entry = next;
        for (let i = node.items.length - 1; i >= 0; i -= 1) entry = this.compile(node.items[i] as Node, entry);
        return entry;
      }
      case 'alt': {
        const entries = node.items.map((item) => this.compile(item, next));
        let entry = entries[entries.length - 1] as number;
        for (let i = entries.length - 2; i >= 0; i -= 1) entry = this.emit({ op: 'split', a: entries[i] as number, b: entry });
        return entry;
      }
      case 'rep':
        return this.repeat(node.node, node.min, node.max, next);
    }
  }

  /** `x{min,max}` as min copies of x, then either a loop (`x*`) or max−min nested optional copies (`(x(x)?)?`). */
  private repeat(node: Node, min: number, max: number, next: number): number {
    let entry: number;
    if (max === Infinity) {
      const loop = this.emit({ op: 'split', a: -1, b: next });
      (this.program[loop] as { a: number }).a = this.compile(node, loop);
      entry = loop;
    } else {
      entry = next;
      for (let i = 0; i < max - min; i += 1) entry = this.emit({ op: 'split', a: this.compile(node, entry), b: next });
    }
    for (let i = 0; i < min; i += 1) entry = this.compile(node, entry);
    return entry;
  }
}

/** A compiled pattern: `matches(text)` is true when the whole of `text` matches, as PromQL anchors it. */
export interface CompiledRegex {
  readonly source: string;
  matches(text: string): boolean;
}

export function compileRegex(pattern: string): CompiledRegex {
  const tree = new Parser(pattern).parse();
  const compiler = new Compiler();
  const match = compiler.program.length;
  compiler.program.push({ op: 'match' });
  const start = compiler.compile(tree, match);
  const program = compiler.program;
  return { source: pattern, matches: (text) => run(program, start, text) };
}

/** Thompson simulation: the set of live states advances one character at a time. */
function run(program: readonly Instruction[], start: number, text: string): boolean {
  const codes = Array.from(text, (char) => char.codePointAt(0) as number);
  const seen = new Int32Array(program.length).fill(-1);
  let current: number[] = [];
  let next: number[] = [];
  let generation = 0;

  const add = (list: number[], pc: number, position: number): void => {
    // An explicit stack: closures over long chains of splits must not recurse.
    const stack = [pc];
    while (stack.length > 0) {
      const at = stack.pop() as number;
      if (seen[at] === generation) continue;
      seen[at] = generation;
      const instruction = program[at] as Instruction;
      if (instruction.op === 'split') {
        stack.push(instruction.b, instruction.a);
      } else if (instruction.op === 'assert') {
        if (instruction.end ? position === codes.length : position === 0) stack.push(instruction.next);
      } else {
        list.push(at);
      }
    }
  };

  add(current, start, 0);
  for (let position = 0; position < codes.length; position += 1) {
    if (current.length === 0) return false;
    generation += 1;
    next = [];
    const code = codes[position] as number;
    for (const pc of current) {
      const instruction = program[pc] as Instruction;
      if (instruction.op === 'char' && instruction.test(code)) add(next, instruction.next, position + 1);
    }
    current = next;
  }
  return current.some((pc) => (program[pc] as Instruction).op === 'match');
}
