/**
 * VMS, the seed's second gauge: `VmSize` in /proc/PID/status (KiB, SPEC §1).
 * There is no portable Node API for it (`process.memoryUsage()` has no
 * virtual size), so where there is no /proc it is simply unknown (null) and
 * its gauge is not exported rather than exported as a false 0.
 */
import { descendants, LINUX_PROC, type ProcFs } from '../record/proc.js';

/** VmSize from the text of /proc/PID/status, in bytes; undefined when missing (kernel threads, zombies). */
export function parseVmSize(status: string): number | undefined {
  const match = /^VmSize:\s*(\d+)\s*kB$/m.exec(status);
  // The kernel writes "kB" but means KiB.
  return match === null ? undefined : Number(match[1]) * 1024;
}

function readOne(pid: number | 'self', fs: ProcFs): number | undefined {
  try {
    return parseVmSize(fs.read(`/proc/${pid}/status`));
  } catch {
    // No /proc (macOS, Windows), the process ended, or it is hidden from us: unknown.
    return undefined;
  }
}

/**
 * The virtual size of `pid` (or this process) in bytes, summed over its
 * descendants with `includeChildren` as `record --include-children` sums RSS;
 * null when it cannot be read.
 */
export function readVmsBytes(pid: number | 'self', includeChildren = false, fs: ProcFs = LINUX_PROC): number | null {
  const root = readOne(pid, fs);
  if (root === undefined) return null;
  if (!includeChildren || pid === 'self') return root;
  let total = root;
  for (const child of descendants(pid, fs)) total += readOne(child, fs) ?? 0;
  return total;
}
