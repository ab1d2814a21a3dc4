/**
 * The package installs clean (issue 15): `npm pack`, then install the
 * tarball into an empty folder with `npm install --omit=dev` — from the
 * registry, as a user would — and run the installed CLI with `npx`. Nothing
 * from devDependencies may be needed at run time, and the tarball holds
 * exactly the built code, the bin script, the README and package.json.
 *
 * It needs the npm registry and ~20 s, so it runs in CI (CI=true, set by
 * .ci/run) and skips otherwise. It packs the dist/ that `npm test` has just
 * built (`--ignore-scripts`: no second build).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
if (!inCi) console.warn('test/package/pack.test.ts skipped: it installs from the npm registry; set CI=true to run it');

interface PackEntry {
  path: string;
  size: number;
}

function duBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += duBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

describe.skipIf(!inCi)('the packed package, installed with --omit=dev', () => {
  let files: PackEntry[];
  let tarballBytes: number;
  let app: string;

  beforeAll(() => {
    expect(existsSync(join(root, 'dist', 'cli.js')), 'dist/ must be built first (npm test builds it)').toBe(true);
    const out = mkdtempSync(join(tmpdir(), 'leak-score-pack-'));
    const json = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], { cwd: root, encoding: 'utf8' });
    const [packed] = JSON.parse(json) as Array<{ filename: string; size: number; unpackedSize: number; files: PackEntry[] }>;
    files = packed!.files;
    tarballBytes = statSync(join(out, packed!.filename)).size;
    app = mkdtempSync(join(tmpdir(), 'leak-score-app-'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    execFileSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error', join(out, packed!.filename)], { cwd: app, encoding: 'utf8' });
    const installBytes = duBytes(join(app, 'node_modules'));
    console.log(
      `leak-score ${pkg.version}: tarball ${(tarballBytes / 1024).toFixed(1)} KiB (${files.length} files, ${(packed!.unpackedSize / 1024).toFixed(0)} KiB unpacked); ` +
        `installed with dependencies ${(installBytes / 1048576).toFixed(2)} MiB`,
    );
    copyFileSync(join(root, 'fixtures', 'leaking.csv'), join(app, 'leaking.csv'));
    copyFileSync(join(root, 'fixtures', 'flat.csv'), join(app, 'flat.csv'));
    copyFileSync(join(root, 'fixtures', 'corpus', 'traces', 'node-steady-noleak.csv'), join(app, 'main.csv'));
    copyFileSync(join(root, 'fixtures', 'corpus', 'traces', 'node-steady-leak.csv'), join(app, 'branch.csv'));
  }, 120_000);

  const npx = (...args: string[]) => spawnSync('npx', ['--no', 'leak-score', ...args], { cwd: app, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '' } });

  it('holds exactly bin/, the built dist/ (no source maps, nothing stale), README.md and package.json', () => {
    const paths = files.map((f) => f.path);
    expect(paths).toContain('bin/leak-score.js');
    expect(paths).toContain('dist/cli.js');
    expect(paths).toContain('dist/index.d.ts');
    expect(paths).toContain('dist/compare/compare.js');
    expect(paths).toContain('dist/leak-score.mjs');
    expect(paths).toContain('dist/scoring-worker.mjs');
    const bundles = ['dist/leak-score.mjs', 'dist/scoring-worker.mjs'];
    for (const path of paths) {
      expect(path === 'package.json' || path === 'README.md' || path.startsWith('bin/') || path.startsWith('dist/'), path).toBe(true);
      expect(path.endsWith('.map'), path).toBe(false);
      // A dist file whose source is gone would ship dead code (the bundles are the CLI and its scoring thread: scripts/bundle-cli.mjs).
      if (path.startsWith('dist/') && !bundles.includes(path)) {
        const source = join(root, 'src', relative('dist', path).replace(/\.d\.ts$|\.js$/, '.ts'));
        expect(existsSync(source), `${path} has no source ${relative(root, source)}`).toBe(true);
      }
    }
  });

  it('installs only the runtime dependencies', () => {
    const installed = readdirSync(join(app, 'node_modules'));
    for (const dev of Object.keys(pkg.devDependencies)) {
      if (pkg.dependencies[dev] !== undefined) continue;
      expect(installed, `devDependency ${dev} was installed`).not.toContain(dev.split('/')[0]);
    }
    for (const dep of Object.keys(pkg.dependencies)) expect(existsSync(join(app, 'node_modules', dep)), dep).toBe(true);
  });

  it('npx leak-score fails a leaking recording with exit 1 and passes a flat one', () => {
    const leaking = npx('leaking.csv');
    expect(leaking.stderr).toBe('');
    expect(leaking.status).toBe(1);
    expect(leaking.stdout).toContain('FAIL  MemoryLeakDetected fired');
    const flat = npx('flat.csv');
    expect(flat.status).toBe(0);
  });

  it('npx leak-score compare says worse for a leaking branch and same for a run against itself', () => {
    const worse = npx('compare', 'main.csv', 'branch.csv', '--format', 'json');
    expect(worse.status).toBe(1);
    expect((JSON.parse(worse.stdout) as { verdict: string }).verdict).toBe('worse');
    const same = npx('compare', 'main.csv', 'main.csv');
    expect(same.status).toBe(0);
    expect(same.stdout).toMatch(/^SAME/);
  });

  it('the library imports from the installed package', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', "const m = await import('leak-score'); console.log(typeof m.compareRuns, typeof m.analyseSource, typeof m.readInput)"], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('function function function');
  });
});
