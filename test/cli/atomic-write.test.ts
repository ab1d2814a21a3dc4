/**
 * Files written whole (issue 13): temp file in the same folder, then rename;
 * a failure leaves the old file and no temp file; devices are written in
 * place; `--html /dev/full` and an unwritable folder give one line and exit 2.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync, chmodSync, symlinkSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/cli/atomic-write.js';
import { runBuilt, STACK_TRACE } from '../support/built-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'leak-score-atomic-'));
const leaking = join(import.meta.dirname, '..', '..', 'fixtures', 'leaking.csv');

describe('writeFileAtomic', () => {
  it('replaces a file whole and leaves no temporary file', async () => {
    const path = join(dir, 'a.html');
    writeFileSync(path, 'old');
    await writeFileAtomic(path, 'new contents');
    expect(readFileSync(path, 'utf8')).toBe('new contents');
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('a failed rename (onto a folder) keeps the folder and removes the temp file', async () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    await expect(writeFileAtomic(folder, 'x')).rejects.toMatchObject({ code: 'EISDIR' });
    expect(lstatSync(folder).isDirectory()).toBe(true);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('follows a symbolic link: the file it points at is replaced, the link stays', async () => {
    const target = join(dir, 'target.html');
    const link = join(dir, 'link.html');
    writeFileSync(target, 'old');
    symlinkSync(target, link);
    await writeFileAtomic(link, 'new');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('new');
  });

  it('writes a device in place instead of renaming over it: /dev/full fails with ENOSPC and stays a device', async () => {
    await expect(writeFileAtomic('/dev/full', 'x')).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(lstatSync('/dev/full').isCharacterDevice()).toBe(true);
  });
});

describe('--html and --save failures through the built CLI', () => {
  const expectOneLine = (run: Awaited<ReturnType<typeof runBuilt>>, pattern: RegExp): void => {
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(pattern);
  };

  it('--html /dev/full: one line, exit 2', async () => {
    expectOneLine(await runBuilt([leaking, '--quiet', '--html', '/dev/full']), /^leak-score: cannot write --html \/dev\/full: no space left on the device/);
  });

  it('--html in a folder that takes no new files (/proc): one line, exit 2', async () => {
    expectOneLine(await runBuilt([leaking, '--quiet', '--html', '/proc/report.html']), /^leak-score: cannot write --html \/proc\/report\.html: /);
  });

  it('--html in a missing folder: one line, exit 2', async () => {
    expectOneLine(await runBuilt([leaking, '--quiet', '--html', join(dir, 'nope', 'r.html')]), /no such folder/);
  });

  it.runIf(process.platform === 'linux')('--html in a read-only folder: one line, exit 2 (as root, without the power to write anywhere)', async () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    expectOneLine(await runBuilt([leaking, '--quiet', '--html', join(locked, 'r.html')], { withoutOverride: true }), /permission denied/);
  });
});
