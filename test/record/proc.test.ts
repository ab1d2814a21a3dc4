import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isLeakScoreError } from '../../src/errors.js';
import { descendants, parseStat, parseVmRss, readRss, type ProcFs } from '../../src/record/proc.js';
import { checkPlatform, RssProbe } from '../../src/record/rss-probe.js';

const STATUS = 'Name:\tnode\nState:\tS (sleeping)\nVmPeak:\t  100000 kB\nVmRSS:\t   51234 kB\nRssAnon:\t   40000 kB\n';

/** A /proc made of strings; a value that is an errno code makes the read fail with it. */
function fakeProc(files: Record<string, string>): ProcFs {
  return {
    read(path) {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      if (/^E[A-Z]+$/.test(text)) throw Object.assign(new Error(`${text}: ${path}`), { code: text });
      return text;
    },
    list: () => [...new Set(Object.keys(files).map((path) => path.split('/')[2] as string)), 'self', 'meminfo'],
  };
}

function stat(pid: number, comm: string, ppid: number, start = 1000): string {
  // Fields 3…22: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime priority nice threads itreal starttime
  return `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194560 100 0 0 0 1 1 0 0 20 0 1 0 ${start} 1000000 100 …\n`;
}

describe('/proc parsing', () => {
  it('reads VmRSS in KiB as bytes', () => {
    expect(parseVmRss(STATUS)).toBe(51234 * 1024);
    expect(parseVmRss('Name:\tkthreadd\nState:\tS\n')).toBeUndefined();
  });

  it('reads ppid and start time after the last ")" of the command name', () => {
    expect(parseStat(stat(42, 'weird) (name', 7, 12345))).toEqual({ pid: 42, ppid: 7, startTicks: 12345 });
    expect(parseStat('garbage')).toBeUndefined();
  });

  it('agrees with the kernel about this very process', () => {
    const self = parseStat(readFileSync('/proc/self/stat', 'latin1'));
    expect(self?.pid).toBe(process.pid);
    expect(self?.ppid).toBe(process.ppid);
    const rss = readRss(process.pid);
    expect(rss.ok && rss.bytes > 1024 * 1024).toBe(true);
  });

  it('walks the whole tree below a process, and nothing else', () => {
    const proc = fakeProc({
      '/proc/10/stat': stat(10, 'root', 1),
      '/proc/11/stat': stat(11, 'child', 10),
      '/proc/12/stat': stat(12, 'grandchild', 11),
      '/proc/13/stat': stat(13, 'other', 1),
      '/proc/14/stat': 'ENOENT',
      '/proc/15/stat': stat(15, 'second child', 10),
    });
    expect(descendants(10, proc).sort()).toEqual([11, 12, 15]);
    expect(descendants(13, proc)).toEqual([]);
  });

  it('finds a real child of this process', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)']);
    await new Promise((resolve) => child.once('spawn', resolve));
    try {
      expect(descendants(process.pid)).toContain(child.pid);
    } finally {
      child.kill();
    }
  });
});

describe('RssProbe', () => {
  function attachError(files: Record<string, string>, pid = 77): string {
    try {
      RssProbe.attach(pid, false, fakeProc(files));
    } catch (error) {
      expect(isLeakScoreError(error)).toBe(true);
      return (error as Error).message;
    }
    throw new Error('expected attach to fail');
  }

  it('says which process does not exist', () => {
    expect(attachError({})).toBe('no such process: PID 77; check the number with ps or pgrep NAME');
  });

  it('says permission denied, and what to do', () => {
    expect(attachError({ '/proc/77/status': 'EACCES' })).toBe(
      'permission denied reading /proc/77/status; run leak-score as the user that owns PID 77, or as root',
    );
  });

  it('refuses a process without memory of its own (kernel thread, zombie)', () => {
    expect(attachError({ '/proc/77/status': 'Name:\tkworker\n' })).toMatch(/PID 77 has no memory of its own/);
  });

  it('sums the tree with includeChildren and counts the processes', () => {
    const files = {
      '/proc/10/status': 'VmRSS:\t 1000 kB\n',
      '/proc/10/stat': stat(10, 'root', 1),
      '/proc/11/status': 'VmRSS:\t 200 kB\n',
      '/proc/11/stat': stat(11, 'child', 10),
      '/proc/12/status': 'Name:\tzombie\n',
      '/proc/12/stat': stat(12, 'zombie', 10),
    };
    expect(new RssProbe(10, false, fakeProc(files)).measure()).toEqual({ rssBytes: 1000 * 1024, processes: 1 });
    expect(new RssProbe(10, true, fakeProc(files)).measure()).toEqual({ rssBytes: 1200 * 1024, processes: 2 });
  });

  it('treats a reused pid (another start time) as the end of the process', () => {
    const files: Record<string, string> = { '/proc/10/status': 'VmRSS:\t 1000 kB\n', '/proc/10/stat': stat(10, 'root', 1, 500) };
    const probe = new RssProbe(10, false, fakeProc(files));
    expect(probe.measure()).not.toBeNull();
    files['/proc/10/stat'] = stat(10, 'impostor', 1, 900);
    expect(probe.measure()).toBeNull();
  });

  it('says recording needs Linux elsewhere', () => {
    expect(() => checkPlatform('darwin')).toThrow(/runs on Linux only \(this is darwin\)/);
    expect(() => checkPlatform('linux')).not.toThrow();
  });
});
