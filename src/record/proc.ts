/**
 * What Linux says about a process, read from /proc: its resident set size
 * (`/proc/PID/status` VmRSS, in KiB — SPEC §1) and its parent and start time
 * (`/proc/PID/stat`). File access goes through a `ProcFs` so tests can play
 * a /proc that refuses (permission denied cannot be provoked as root).
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcFs {
  /** The text of a /proc file; throws with the errno `code` of the failure. */
  read(path: string): string;
  /** The names in /proc. */
  list(): string[];
}

export const LINUX_PROC: ProcFs = {
  read: (path) => readFileSync(path, 'latin1'),
  list: () => readdirSync('/proc'),
};

/** Why a process could not be read. */
export type ProcFailure = 'gone' | 'denied' | 'no-memory';

export type RssReading = { ok: true; bytes: number } | { ok: false; failure: ProcFailure; detail: string };

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function failureOf(error: unknown): ProcFailure {
  const code = errorCode(error);
  if (code === 'ENOENT' || code === 'ESRCH') return 'gone';
  if (code === 'EACCES' || code === 'EPERM') return 'denied';
  throw error;
}

/**
 * VmRSS from the text of /proc/PID/status, in bytes; undefined when the line
 * is missing, as it is for kernel threads and zombies (no address space).
 */
export function parseVmRss(status: string): number | undefined {
  const match = /^VmRSS:\s*(\d+)\s*kB$/m.exec(status);
  // The kernel writes "kB" but means KiB (SPEC §1: /proc/*/status reports KiB).
  return match === null ? undefined : Number(match[1]) * 1024;
}

export function readRss(pid: number, fs: ProcFs = LINUX_PROC): RssReading {
  const path = `/proc/${pid}/status`;
  let status: string;
  try {
    status = fs.read(path);
  } catch (error) {
    return { ok: false, failure: failureOf(error), detail: path };
  }
  const bytes = parseVmRss(status);
  if (bytes === undefined) return { ok: false, failure: 'no-memory', detail: path };
  return { ok: true, bytes };
}

export interface ProcStat {
  pid: number;
  ppid: number;
  /** Clock ticks after boot: with the pid, it names one process for its whole life. */
  startTicks: number;
}

/**
 * Parses /proc/PID/stat. The command name (field 2) is in parentheses and
 * may itself hold spaces and parentheses, so fields are counted from the
 * last `)`.
 */
export function parseStat(text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  if (close === -1) return undefined;
  const pid = Number.parseInt(text, 10);
  // After ") ": state(3) ppid(4) … starttime(22), so index 0 is field 3.
  const fields = text.slice(close + 2).split(' ');
  const ppid = Number(fields[1]);
  const startTicks = Number(fields[19]);
  if (!Number.isInteger(pid) || !Number.isInteger(ppid) || !Number.isFinite(startTicks)) return undefined;
  return { pid, ppid, startTicks };
}

export function readStat(pid: number, fs: ProcFs = LINUX_PROC): ProcStat | undefined {
  try {
    return parseStat(fs.read(`/proc/${pid}/stat`));
  } catch (error) {
    if (failureOf(error) === 'gone') return undefined;
    throw error;
  }
}

/**
 * The pids of every descendant of `root`, from one pass over /proc/*∕stat.
 * Processes that end while the pass runs are simply missing from it.
 */
export function descendants(root: number, fs: ProcFs = LINUX_PROC): number[] {
  const children = new Map<number, number[]>();
  for (const name of fs.list()) {
    if (!/^\d+$/.test(name)) continue;
    let stat: ProcStat | undefined;
    try {
      stat = parseStat(fs.read(`/proc/${name}/stat`));
    } catch {
      // Gone since the listing, or hidden from us: not part of the tree we can see.
      continue;
    }
    if (stat === undefined) continue;
    const siblings = children.get(stat.ppid);
    if (siblings === undefined) children.set(stat.ppid, [stat.pid]);
    else siblings.push(stat.pid);
  }
  const found: number[] = [];
  const queue = [root];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const parent = queue.shift() as number;
    for (const child of children.get(parent) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}
