import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEARER_TOKEN_ENV, readBearerToken } from '../../src/prometheus/token.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leak-score-token-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readBearerToken', () => {
  it('reads a file, trimming the trailing newline, and prefers it to the environment', async () => {
    const file = join(dir, 'token');
    await writeFile(file, 'from-file\n');
    expect(await readBearerToken({ file, env: { [BEARER_TOKEN_ENV]: 'from-env' } })).toBe('from-file');
  });

  it(`falls back to ${BEARER_TOKEN_ENV}, or to nothing`, async () => {
    expect(await readBearerToken({ env: { [BEARER_TOKEN_ENV]: ' from-env ' } })).toBe('from-env');
    expect(await readBearerToken({ env: {} })).toBeUndefined();
  });

  it('says what to do with a missing or empty file', async () => {
    await expect(readBearerToken({ file: join(dir, 'missing') })).rejects.toThrow(/cannot read --bearer-token-file .* \(ENOENT\)/);
    const empty = join(dir, 'empty');
    await writeFile(empty, '\n');
    await expect(readBearerToken({ file: empty })).rejects.toThrow(/is empty; put the token in it/);
  });
});
