/**
 * A series' samples as they arrived, in few bytes and exactly: each time and
 * each value is written as its difference from the previous one when that
 * difference is a whole number that gives the value back bit for bit, as a
 * zigzag varint, counted in pages of 4 KiB when it is whole pages (RSS is
 * pages): a 30 s step is one byte, a change of RSS by up to 32 MiB two.
 * Anything else is written whole (one byte and the 8 of the double). A day
 * of 30 s samples of one process fits in ~8 KiB, where the replay's state
 * for it takes ~250 KiB: parking.ts keeps this, not that, for a series that
 * has gone quiet.
 */

/** Differences up to this size are written as varints (their token, 4 × the size at most, stays exact below 2^53). */
const MAX_DIFFERENCE = 2 ** 50;
/** Bytes in a page: differences of whole pages are counted in pages. */
const PAGE = 4096;
/** The bytes live in chunks, never copied as the log grows: 256 bytes first, doubling up to 2 KiB. */
const FIRST_CHUNK = 256;
const LARGEST_CHUNK = 2048;
/** A sample takes at most 18 bytes (two numbers written whole). */
const MAX_SAMPLE_BYTES = 18;
/** Samples decoded at a time by `replay`. */
const REPLAY_CHUNK = 4096;
const RAW = new Float64Array(1);
const RAW_BYTES = new Uint8Array(RAW.buffer);

export class SampleLog {
  /** Full chunks, and how many bytes of each are used. */
  private readonly full: Uint8Array[] = [];
  private readonly fullUsed: number[] = [];
  private fullBytes = 0;
  private chunk = new Uint8Array(FIRST_CHUNK);
  private used = 0;
  private previousTime = 0;
  private previousValue = 0;
  /** Samples appended (NaN once the log went over its limit). */
  samples = 0;

  /** At most about `limitBytes` are kept: `append` refuses what would go beyond. */
  constructor(private readonly limitBytes = Infinity) {}

  /** Bytes the samples take. */
  get size(): number {
    return this.fullBytes + this.used;
  }

  /**
   * Appends samples 0 … count − 1 of the arrays; false (and the log is left
   * unusable) when they do not fit in the limit.
   */
  append(times: Float64Array, values: Float64Array, count: number): boolean {
    if (!(this.samples >= 0)) return false;
    let previousTime = this.previousTime;
    let previousValue = this.previousValue;
    for (let i = 0; i < count; i++) {
      if (this.used + MAX_SAMPLE_BYTES > this.chunk.length && !this.nextChunk()) {
        this.full.length = this.fullUsed.length = 0;
        this.chunk = new Uint8Array(0);
        this.used = this.fullBytes = 0;
        this.samples = NaN;
        return false;
      }
      const time = times[i] as number;
      const value = values[i] as number;
      this.write(time, previousTime);
      this.write(value, previousValue);
      previousTime = time;
      previousValue = value;
    }
    this.previousTime = previousTime;
    this.previousValue = previousValue;
    this.samples += count;
    return true;
  }

  /** Hands the samples back in order, in chunks (the arrays are reused between calls). */
  replay(take: (times: Float64Array, values: Float64Array, count: number) => void): void {
    if (!(this.samples >= 0)) throw new Error('SampleLog.replay: the log went over its limit');
    const times = new Float64Array(Math.max(1, Math.min(REPLAY_CHUNK, this.samples)));
    const values = new Float64Array(times.length);
    const chunks = [...this.full, this.chunk];
    const used = [...this.fullUsed, this.used];
    let time = 0;
    let value = 0;
    let filled = 0;
    for (let c = 0; c < chunks.length; c++) {
      const bytes = chunks[c] as Uint8Array;
      const end = used[c] as number;
      let at = 0;
      while (at < end) {
        for (let field = 0; field < 2; field++) {
          let token = 0;
          let scale = 1;
          let byte: number;
          do {
            byte = bytes[at++] as number;
            token += (byte & 0x7f) * scale;
            scale *= 128;
          } while (byte >= 0x80);
          let next: number;
          if (token === 0) {
            for (let b = 0; b < 8; b++) RAW_BYTES[b] = bytes[at++] as number;
            next = RAW[0] as number;
          } else {
            const pages = (token - 1) % 2;
            const zigzag = (token - 1 - pages) / 2;
            const difference = (zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2) * (pages === 1 ? PAGE : 1);
            next = (field === 0 ? time : value) + difference;
          }
          if (field === 0) time = next;
          else value = next;
        }
        times[filled] = time;
        values[filled] = value;
        if (++filled === times.length) {
          take(times, values, filled);
          filled = 0;
        }
      }
    }
    if (filled > 0) take(times, values, filled);
  }

  /**
   * One number after `previous`, as a varint token: 0 when the double
   * follows, else 1 + 2 × the zigzag of the difference (+ 1 when it is
   * counted in pages).
   */
  private write(x: number, previous: number): void {
    const difference = x - previous;
    const bytes = this.chunk;
    let at = this.used;
    if (Number.isInteger(difference) && Math.abs(difference) < MAX_DIFFERENCE && Object.is(previous + difference, x)) {
      const pages = difference % PAGE === 0 ? 1 : 0;
      const counted = pages === 1 ? difference / PAGE : difference;
      let token = 2 * (counted >= 0 ? 2 * counted : -2 * counted - 1) + pages + 1;
      while (token >= 0x80) {
        bytes[at++] = (token % 128) | 0x80;
        token = Math.floor(token / 128);
      }
      bytes[at++] = token;
    } else {
      RAW[0] = x;
      bytes[at++] = 0;
      for (let b = 0; b < 8; b++) bytes[at++] = RAW_BYTES[b] as number;
    }
    this.used = at;
  }

  /** Starts a new chunk; false when the log would pass its limit. */
  private nextChunk(): boolean {
    const length = Math.min(LARGEST_CHUNK, this.chunk.length * 2);
    if (this.size + length > this.limitBytes) return false;
    this.full.push(this.chunk);
    this.fullUsed.push(this.used);
    this.fullBytes += this.used;
    this.chunk = new Uint8Array(length);
    this.used = 0;
    return true;
  }
}
