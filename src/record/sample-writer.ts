/**
 * Writes samples as they are taken, one line each, so a recording survives
 * whatever stops it.
 *
 * Durability policy, and why:
 * - Each line goes to the file in a single write(2) (`fs.writeSync`, looped
 *   only if the kernel takes fewer bytes), never through a userspace buffer.
 *   Once the call returns the line is in the kernel's page cache, so killing
 *   leak-score — even with SIGKILL — or the recorded process crashing loses
 *   nothing already sampled.
 * - Then `fdatasync`, so the line is on disk before the next sample is taken:
 *   a machine that stops loses at most the sample being written. At most one
 *   sync per `--interval` (10 ms or more) of lines under 100 bytes costs
 *   little; a lost soak test costs much more.
 * - The directory is synced once after the file is created, so the file
 *   itself survives a crash, not only its data.
 *
 * The file is therefore always whole lines, except perhaps a last line cut
 * short by a crash mid-write. In JSON Lines any cut line is invalid JSON,
 * which the reader drops and counts (SPEC §1), so JSON Lines is the default.
 * In CSV a line cut inside the value column would still read as a number;
 * see README, "Record a soak test".
 *
 * Never losing a recording: a file is created with O_EXCL (`wx`), so an
 * existing file — an earlier recording, or one another recorder started in
 * the same second — is never appended to or overwritten unless the caller
 * says `overwrite` (`--force`). The default name carries the time and the
 * PID, and a counter if even that name is taken.
 */
import { closeSync, fdatasyncSync, fsyncSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { LeakScoreError } from '../errors.js';
import { errorCode } from './proc.js';

export type RecordingFormat = 'jsonl' | 'csv';

export interface RecordedSample {
  /** Seconds since the Unix epoch, to the millisecond. */
  time: number;
  rssBytes: number;
  processes: number;
}

export const CSV_HEADER = 'timestamp,rss_bytes,processes\n';

/** `.csv` writes CSV; any other name (`.jsonl`, `.ndjson`, …) JSON Lines. */
export function formatForPath(path: string): RecordingFormat {
  return extname(path).toLowerCase() === '.csv' ? 'csv' : 'jsonl';
}

/** One sample as one line, in the names the readers look for (SPEC §6). */
export function formatLine(sample: RecordedSample, format: RecordingFormat): string {
  if (format === 'csv') return `${sample.time.toFixed(3)},${sample.rssBytes},${sample.processes}\n`;
  return `{"time":${sample.time.toFixed(3)},"rss_bytes":${sample.rssBytes},"processes":${sample.processes}}\n`;
}

/** `leak-score-20241119T070640Z-4242.jsonl`: sorts by time; the PID keeps two recorders started in one second apart. */
export function defaultRecordingName(now: Date, pid: number, attempt = 1): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `leak-score-${stamp}-${pid}${attempt > 1 ? `-${attempt}` : ''}.jsonl`;
}

/** Tries this many default names (each created with O_EXCL) before giving up. */
const DEFAULT_NAME_ATTEMPTS = 100;

export interface SampleWriterOptions {
  /** Replace an existing file (`--force`); otherwise an existing file is an error. */
  overwrite?: boolean;
}

export class SampleWriter {
  readonly format: RecordingFormat;
  private fd: number | null;
  private count = 0;

  /**
   * Creates `path`, which must not exist unless `overwrite`; a LeakScoreError
   * says why it cannot.
   */
  constructor(
    readonly path: string,
    options: SampleWriterOptions = {},
  ) {
    this.format = formatForPath(path);
    try {
      this.fd = openSync(path, options.overwrite === true ? 'w' : 'wx', 0o644);
    } catch (error) {
      // O_EXCL on a folder says EEXIST; say what it is.
      throw outputError(path, errorCode(error) === 'EEXIST' && isDirectory(path) ? Object.assign(new Error('EISDIR'), { code: 'EISDIR' }) : error);
    }
    syncDirectory(dirname(resolve(path)));
    if (this.format === 'csv') this.writeLine(CSV_HEADER);
  }

  /** A writer on a fresh default name in `directory` (see defaultRecordingName). */
  static createDefault(now = new Date(), pid = process.pid, directory = '.'): SampleWriter {
    for (let attempt = 1; ; attempt++) {
      const name = directory === '.' ? defaultRecordingName(now, pid, attempt) : join(directory, defaultRecordingName(now, pid, attempt));
      try {
        return new SampleWriter(name);
      } catch (error) {
        if (!(error instanceof ExistsError) || attempt >= DEFAULT_NAME_ATTEMPTS) throw error;
      }
    }
  }

  /** Samples written so far. */
  get samples(): number {
    return this.count;
  }

  write(sample: RecordedSample): void {
    this.writeLine(formatLine(sample, this.format));
    this.count++;
  }

  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }

  /** Closes and deletes the file: for a recording that got no sample, which must not look like one. */
  discard(): void {
    this.close();
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone (someone removed it): nothing is left behind either way.
    }
  }

  private writeLine(line: string): void {
    if (this.fd === null) throw new Error('SampleWriter is closed');
    const bytes = Buffer.from(line, 'utf8');
    try {
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
      fdatasyncSync(this.fd);
    } catch (error) {
      throw new LeakScoreError(`cannot write ${this.path} (${errorCode(error) ?? String(error)}); the samples before this one are kept`);
    }
  }
}

/** The file is there already: the one refusal the default name retries past. */
class ExistsError extends LeakScoreError {}

function outputError(path: string, error: unknown): LeakScoreError {
  switch (errorCode(error)) {
    case 'EEXIST':
      return new ExistsError(
        `${path} already exists; record never overwrites or appends to a recording: choose another --out, or pass --force to replace it`,
      );
    case 'ENOENT':
    case 'ENOTDIR':
      return new LeakScoreError(`cannot create ${path}: no such directory; create it first or choose another --out`);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new LeakScoreError(`cannot create ${path}: permission denied; choose another --out`);
    case 'EISDIR':
      return new LeakScoreError(`${path} is a directory; give --out a file name such as samples.jsonl`);
    default:
      return new LeakScoreError(`cannot create ${path} (${error instanceof Error ? error.message : String(error)})`);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Some filesystems cannot sync a directory; the file's own syncs still hold. */
function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort: see above.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
