/**
 * Files the tool writes whole (`--html`, `--save`, a JSON report to a file)
 * are never left half-written: the bytes go to a temporary file in the same
 * folder, are flushed to disk, and the temporary file is renamed over the
 * target, which rename(2) does atomically. A full disk, a crash or Ctrl-C
 * leaves the old file (or none) and no temporary one: it is removed on
 * failure and, should the process exit first, on exit.
 *
 * Only a regular file (or a path that does not exist yet) is replaced. A
 * device, FIFO or socket (`/dev/stdout`, `/dev/full`, a named pipe) is
 * written in place: renaming over it would replace the device node. A
 * symbolic link is followed, so the file it points at is replaced and the
 * link stays.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { forget, removeOnExit } from '../exit-cleanup.js';

/** The path a link points at; the path itself when it does not exist yet. */
async function resolveTarget(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path;
    throw error;
  }
}

/** Writes `data` to `path` so that readers see the old file or the whole new one, never a part. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const target = await resolveTarget(path);
  const existing = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (existing !== null && !existing.isFile()) {
    if (existing.isDirectory()) throw Object.assign(new Error(`${path} is a folder`), { code: 'EISDIR' });
    // A device or pipe: there is nothing to replace, only somewhere to write.
    await writeFile(target, data);
    return;
  }
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  // Should the process exit first (a signal, a crash), the temporary file goes with it.
  removeOnExit(temp);
  try {
    // 'wx': never follow or reuse something already at the temporary name.
    const handle = await open(temp, 'wx', existing === null ? 0o666 : existing.mode & 0o7777);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
    forget(temp);
  } catch (error) {
    await rm(temp, { force: true });
    forget(temp);
    throw error;
  }
}

/** Why a write to `path` failed, in words for a one-line error. */
export function describeWriteError(error: unknown, path?: string): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      // The folder may exist and still refuse new files (/proc, some FUSE mounts).
      return path !== undefined && existsSync(dirname(path)) ? 'the folder does not take new files' : 'no such folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}
