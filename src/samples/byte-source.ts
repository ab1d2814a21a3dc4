/**
 * Input bytes as a stream of chunks (SPEC §6): `-` is standard input,
 * anything else a file; gzip is recognised by its magic bytes whatever the
 * name and decompressed as it streams. A source can be read a second time
 * (`reopen`) for the rare input that needs two passes (unsorted samples,
 * which SPEC §1 sorts): a file is simply
 * opened again; standard input is spooled to a temporary file as it is read,
 * so neither case holds the input in memory.
 */
import { accessSync, constants, openSync, closeSync, statSync, writeSync, mkdtempSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { forget, removeOnExit } from '../exit-cleanup.js';
import { LeakScoreError } from '../errors.js';
import { errorMessage, fileError } from './source.js';

const CHUNK_BYTES = 1 << 20;

export interface ByteSource {
  /** `standard input` or the path, for messages. */
  readonly name: string;
  /**
   * The decompressed bytes, chunk by chunk. Call once per pass. A chunk is
   * valid until the next one is asked for (a file is read into one reused
   * buffer), so a consumer copies what it keeps.
   */
  chunks(): AsyncIterable<Buffer>;
  /** A fresh pass over the same bytes. */
  reopen(): AsyncIterable<Buffer>;
  /** Removes any spool file. */
  close(): void;
  /** The size in bytes of a file as stored (compressed or not); undefined for standard input. */
  readonly storedBytes?: number;
}

function isGzip(chunk: Buffer): boolean {
  return chunk.length >= 2 && chunk[0] === 0x1f && chunk[1] === 0x8b;
}

/** Decompresses when the first bytes say gzip; passes bytes through otherwise. */
async function* decompressed(raw: AsyncIterable<Buffer>, name: string): AsyncIterable<Buffer> {
  const iterator = raw[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done === true) return;
  const rest: AsyncIterable<Buffer> = {
    [Symbol.asyncIterator]: () => iterator,
  };
  if (!isGzip(first.value)) {
    yield first.value;
    yield* rest;
    return;
  }
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  const feed = (async () => {
    // zlib keeps what it is given until it has inflated it: copies, since the chunks are reused.
    gunzip.write(Buffer.from(first.value));
    for await (const chunk of rest) if (!gunzip.write(Buffer.from(chunk))) await new Promise((ok) => gunzip.once('drain', ok));
    gunzip.end();
  })();
  feed.catch((error: unknown) => gunzip.destroy(error as Error));
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    throw new LeakScoreError(
      `${name} starts like gzip but cannot be decompressed (${errorMessage(error)}); check the file is complete`,
    );
  }
}

/** Told how many raw (still compressed) bytes have been read so far, e.g. to show progress. */
export type ReadProgress = (rawBytes: number) => void;

/**
 * A file's bytes, read into one buffer that every chunk reuses. A fresh
 * 1 MiB buffer per chunk (createReadStream) left up to 32 MiB of dead
 * buffers between collections, a quarter of the peak RSS of a 10M-sample run.
 */
async function* fileChunks(path: string, progress?: ReadProgress): AsyncIterable<Buffer> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fileError(path, error);
  }
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let read = 0;
  try {
    for (;;) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null));
      } catch (error) {
        throw fileError(path, error);
      }
      if (bytesRead === 0) return;
      read += bytesRead;
      progress?.(read);
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Fails early on a missing, unreadable or directory path, and gives the size.
 * It stats rather than opens: opening a FIFO with no writer blocks the thread,
 * and a blocked thread never runs the SIGINT/SIGTERM handlers.
 */
function checkFile(path: string): { size: number; fifo: boolean } {
  try {
    accessSync(path, constants.R_OK);
    const stat = statSync(path);
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    return { size: stat.isFile() ? stat.size : 0, fifo: stat.isFIFO() };
  } catch (error) {
    throw fileError(path, error);
  }
}

/**
 * A named pipe with no writer yet blocks our open in a libuv worker thread,
 * and Node's exit waits for that thread: Ctrl-C would print its line and
 * never end. At exit, opening the pipe's write end (non-blocking: it succeeds
 * because our reader is waiting) completes that open and lets the exit finish.
 */
function wakePipeOnExit(path: string): void {
  process.once('exit', () => {
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // No reader left waiting on it (ENXIO) or the pipe is gone: nothing to wake.
    }
  });
}

export function openByteSource(
  path: string,
  stdin: NodeJS.ReadableStream = process.stdin,
  progress?: ReadProgress,
): ByteSource {
  if (path !== '-') {
    const file = checkFile(path);
    if (file.fifo) wakePipeOnExit(path);
    return {
      name: path,
      storedBytes: file.size,
      chunks: () => decompressed(fileChunks(path, progress), path),
      reopen: () => decompressed(fileChunks(path, progress), path),
      close: () => undefined,
    };
  }
  return new StdinSource(stdin, progress);
}

/** Standard input, spooled to a temporary file as it is read so that a second pass can replay it. */
class StdinSource implements ByteSource {
  readonly name = 'standard input';
  private spoolDir: string | undefined;
  private spoolFd: number | undefined;
  private iterator: AsyncIterator<Buffer | string> | undefined;
  private read = 0;

  constructor(
    private readonly stdin: NodeJS.ReadableStream,
    private readonly progress?: ReadProgress,
  ) {}

  chunks(): AsyncIterable<Buffer> {
    return decompressed(this.spooled(), this.name);
  }

  reopen(): AsyncIterable<Buffer> {
    const self = this;
    return decompressed(
      (async function* () {
        await self.drain();
        if (self.spoolDir !== undefined) yield* fileChunks(join(self.spoolDir, 'stdin'));
      })(),
      this.name,
    );
  }

  close(): void {
    if (this.spoolFd !== undefined) closeSync(this.spoolFd);
    if (this.spoolDir !== undefined) {
      rmSync(this.spoolDir, { recursive: true, force: true });
      forget(this.spoolDir);
    }
    this.spoolFd = undefined;
    this.spoolDir = undefined;
  }

  private async *spooled(): AsyncIterable<Buffer> {
    this.iterator ??= this.stdin[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
    for (;;) {
      const next = await this.next();
      if (next === undefined) return;
      yield next;
    }
  }

  private async next(): Promise<Buffer | undefined> {
    let next: IteratorResult<Buffer | string>;
    try {
      next = await (this.iterator as AsyncIterator<Buffer | string>).next();
    } catch (error) {
      throw new LeakScoreError(`could not read ${this.name}: ${errorMessage(error)}`);
    }
    if (next.done === true) return undefined;
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    this.read += chunk.length;
    this.progress?.(this.read);
    if (this.spoolDir === undefined) {
      this.spoolDir = mkdtempSync(join(tmpdir(), 'leak-score-stdin-'));
      removeOnExit(this.spoolDir); // a Ctrl-C mid-read must not leave the spool behind
      this.spoolFd = openSync(join(this.spoolDir, 'stdin'), 'w');
    }
    writeSync(this.spoolFd as number, chunk);
    return chunk;
  }

  /** Reads what is left of stdin into the spool. */
  private async drain(): Promise<void> {
    this.iterator ??= this.stdin[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
    while ((await this.next()) !== undefined) {
      // spooled by next()
    }
    if (this.spoolFd !== undefined) {
      closeSync(this.spoolFd);
      this.spoolFd = undefined;
    }
  }
}
