import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeakScoreError } from '../../src/errors.js';
import { readSource } from '../../src/samples/source.js';

const csv = 'timestamp,rss_bytes\n0,100\n30,200\n';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leak-score-source-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<LeakScoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LeakScoreError);
  return error as LeakScoreError;
}

describe('readSource: files', () => {
  it('reads a plain file as UTF-8', async () => {
    const path = join(dir, 'plain.csv');
    await writeFile(path, `${csv}# héllo\n`);
    expect(await readSource(path)).toBe(`${csv}# héllo\n`);
  });

  it('decompresses gzip by its magic bytes, whatever the name', async () => {
    const named = join(dir, 'samples.csv.gz');
    const unnamed = join(dir, 'samples.csv');
    await writeFile(named, gzipSync(csv));
    await writeFile(unnamed, gzipSync(csv));
    expect(await readSource(named)).toBe(csv);
    expect(await readSource(unnamed)).toBe(csv);
  });

  it('reads a .gz name that is not compressed as text', async () => {
    const path = join(dir, 'not-really.gz');
    await writeFile(path, csv);
    expect(await readSource(path)).toBe(csv);
  });

  it('reports a truncated gzip file as an input error', async () => {
    const path = join(dir, 'truncated.gz');
    await writeFile(path, gzipSync(csv).subarray(0, 12));
    expect((await rejection(readSource(path))).message).toContain(`${path} starts like gzip but cannot be decompressed`);
  });

  it('names the path and what to do when the file is missing', async () => {
    const path = join(dir, 'missing.csv');
    const { message } = await rejection(readSource(path));
    expect(message).toBe(`${path}: no such file; check the path, or pass - to read standard input`);
  });

  it('names the path when it is a directory', async () => {
    expect((await rejection(readSource(dir))).message).toBe(`${dir} is a directory; name a file of samples inside it`);
  });

  it('names the path when it cannot be read (as an unprivileged user even when tests run as root)', async () => {
    const path = join(dir, 'locked.csv');
    await writeFile(path, csv);
    await chmod(path, 0o000);
    await chmod(dir, 0o755);
    const asRoot = process.getuid?.() === 0;
    // Root reads any file, so the check runs in a child process as "nobody",
    // on the build of this source (npm test builds first).
    const built = join(import.meta.dirname, '..', '..', 'dist', 'samples', 'source.js');
    const script = `import(${JSON.stringify(pathToFileURL(built).href)})`;
    const child = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `${script}.then((m) => m.readSource(${JSON.stringify(path)})).then(() => process.exit(0), (e) => { console.log(e.message); process.exit(7); })`,
      ],
      { encoding: 'utf8', ...(asRoot ? { uid: 65534, gid: 65534 } : {}) },
    );
    expect(child.status).toBe(7);
    expect(child.stdout).toContain(`${path}: permission denied`);
  });
});

describe('readSource: standard input', () => {
  it('reads - from the given stream, across chunks', async () => {
    const stdin = Readable.from([Buffer.from('timestamp,rss'), Buffer.from('_bytes\n0,100\n30,200\n')]);
    expect(await readSource('-', stdin)).toBe(csv);
  });

  it('decompresses gzip from standard input', async () => {
    expect(await readSource('-', Readable.from([gzipSync(csv)]))).toBe(csv);
  });

  it('keeps a multi-byte character split across chunks', async () => {
    const bytes = Buffer.from('é');
    expect(await readSource('-', Readable.from([bytes.subarray(0, 1), bytes.subarray(1)]))).toBe('é');
  });
});
