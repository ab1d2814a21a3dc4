/**
 * Input bytes → text (SPEC §6): `-` reads standard input, anything else is a
 * file. Gzip is recognised by its magic bytes (1f 8b), whatever the name, so
 * `samples.csv.gz` and a compressed stdin both work. Text is UTF-8.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { LeakScoreError } from '../errors.js';

const STDIN_NAME = 'standard input';

export async function readSource(path: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const name = path === '-' ? STDIN_NAME : path;
  const bytes = path === '-' ? await readStream(stdin) : await readPath(path);
  return decode(isGzip(bytes) ? gunzip(bytes, name) : bytes);
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  } catch (error) {
    throw new LeakScoreError(`could not read ${STDIN_NAME}: ${errorMessage(error)}`);
  }
  return Buffer.concat(chunks);
}

async function readPath(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw fileError(path, error);
  }
}

export function fileError(path: string, error: unknown): Error {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new LeakScoreError(`${path}: no such file; check the path, or pass - to read standard input`);
    case 'EISDIR':
      return new LeakScoreError(`${path} is a directory; name a file of samples inside it`);
    case 'EACCES':
    case 'EPERM':
      return new LeakScoreError(`${path}: permission denied; make the file readable or pipe it in with -`);
    default:
      return new LeakScoreError(`${path}: cannot be read (${errorMessage(error)})`);
  }
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function gunzip(bytes: Buffer, name: string): Buffer {
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new LeakScoreError(`${name} starts like gzip but cannot be decompressed (${errorMessage(error)}); check the file is complete`);
  }
}

/** UTF-8; a BOM is dropped here and again by `readInput`, which may get text from elsewhere. */
function decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
