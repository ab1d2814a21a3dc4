/**
 * Temporary paths to remove should the process exit before their owner
 * does (Ctrl-C, SIGTERM, an uncaught error): the stdin spool, a report not
 * yet renamed into place. 'exit' handlers must be synchronous, hence rmSync.
 */
import { rmSync } from 'node:fs';

const paths = new Set<string>();
let hooked = false;

/** Removes `path` (a file or a folder) at exit unless `forget` is called first. */
export function removeOnExit(path: string): void {
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const one of paths) rmSync(one, { recursive: true, force: true });
    });
  }
  paths.add(path);
}

/** The owner removed `path` itself (or renamed it into place). */
export function forget(path: string): void {
  paths.delete(path);
}
