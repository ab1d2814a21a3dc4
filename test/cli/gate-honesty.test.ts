/**
 * Issue 18, "the gate never goes green wrongly": every case of the issue as
 * a regression test through the built binary (`npm run build` first), as a
 * user or a CI job would run it. Each test names the exit code the case
 * had before (on the landed main) and asserts the one it has now.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shouldSkipPrometheus, startPrometheus, type PrometheusServer } from '../support/prometheus-server.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'leak-score.js');
const LEAKING = join(ROOT, 'fixtures', 'leaking.csv');
const SHORT = join(ROOT, 'fixtures', 'short.csv');
const MiB = 1048576;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `leak-score ARGS` as a process, in `cwd`. */
function leakScore(args: readonly string[], cwd: string = ROOT): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'leak-score-honesty-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function csv(rows: ReadonlyArray<readonly [number, number]>, header = 'timestamp,rss_bytes'): string {
  return `${header === '' ? '' : `${header}\n`}${rows.map(([t, v]) => `${t},${v}`).join('\n')}\n`;
}

function json(run: Run): Record<string, unknown> & { verdict: unknown; exitCode: number; notes: string[]; series: Array<Record<string, unknown>> } {
  return JSON.parse(run.stdout) as ReturnType<typeof json>;
}

describe('1. record fails the gate when the recorded command fails (was exit 0, now 4)', () => {
  it('a command that exits 1 before --duration: FAIL, exit 4, and the verdict says so in text and JSON', async () => {
    const dir = tempDir();
    const crash = ['node', '-e', 'setTimeout(() => process.exit(1), 2000)'];
    const flags = ['--interval', '100ms', '--window', '20', '--leak-for', '1s', '--rss-for', '1s', '--duration', '30s'];
    const text = await leakScore(['record', ...flags, '--out', join(dir, 'a.jsonl'), '--', ...crash]);
    expect(text.code).toBe(4);
    expect(text.stdout).toMatch(/^FAIL {2}the recorded command failed: node -e .* exited with code 1 after [\d.]+s of recording, before --duration 30s; the samples alone: no gating alert fired/);
    const machine = await leakScore(['record', ...flags, '--format', 'json', '--out', join(dir, 'b.jsonl'), '--', ...crash]);
    expect(machine.code).toBe(4);
    const report = json(machine);
    expect(report).toMatchObject({ verdict: 'fail', exitCode: 4, commandFailure: { exitCode: 1, signal: null } });
    expect(report.series[0]).toMatchObject({ verdict: 'pass' });
  });

  it('a command killed by a signal: exit 4 even with --allow-inconclusive; JUnit has a failed "recorded command" testcase', async () => {
    const dir = tempDir();
    const run = await leakScore([
      'record', '--interval', '100ms', '--allow-inconclusive', '--format', 'junit', '--out', join(dir, 'k.jsonl'),
      '--', 'node', '-e', "setTimeout(() => process.kill(process.pid, 'SIGKILL'), 1500)",
    ]);
    expect(run.code).toBe(4);
    expect(run.stdout).toMatch(/<testcase classname="[^"]*" name="recorded command">\n {6}<failure message="the recorded command failed: node -e [^"]* was killed by SIGKILL/);
    expect(run.stdout).toMatch(/<property name="exitCode" value="4"\/>/);
  });

  it('--no-gate still exits 4 when the command failed, and 0 when leak-score stopped it at --duration', async () => {
    const dir = tempDir();
    const failed = await leakScore(['record', '--interval', '100ms', '--no-gate', '--out', join(dir, 'f.jsonl'), '--', 'node', '-e', 'setTimeout(() => process.exit(3), 800)']);
    expect(failed.code).toBe(4);
    const stopped = await leakScore(['record', '--interval', '100ms', '--duration', '1s', '--no-gate', '--out', join(dir, 's.jsonl'), '--', 'sleep', '10']);
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toMatch(/sleep 10 was killed by SIGTERM \(stopped at --duration; /);
  });

  it('a leak that fired keeps exit 1 when the command also crashed; the reason says both', async () => {
    const dir = tempDir();
    const leakThenCrash = 'const held = []; setInterval(() => held.push(Buffer.alloc(1 << 20, 1)), 50); setTimeout(() => process.exit(3), 3000)';
    const run = await leakScore([
      'record', '--interval', '50ms', '--skip', '1s', '--window', '20', '--moderate', '3600', '--severe', '7200', '--leak-for', '0.5s',
      '--gate', 'leak', '--quiet', '--out', join(dir, 'l.jsonl'), '--', 'node', '-e', leakThenCrash,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL {2}MemoryLeakDetected fired; and the recorded command failed: node -e .* exited with code 3/);
  });

  it('--pid: a process that ends before --duration fails the run (exit 4); its exit status is said to be unknown', async () => {
    const dir = tempDir();
    const target = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 1500)'], { stdio: 'ignore' });
    try {
      const run = await leakScore(['record', '--pid', String(target.pid), '--interval', '100ms', '--duration', '20s', '--quiet', '--out', join(dir, 'p.jsonl')]);
      expect(run.code).toBe(4);
      expect(run.stdout).toMatch(new RegExp(`^FAIL {2}the recorded command failed: PID ${target.pid} ended after [\\d.]+s of recording, before --duration 20s \\(attached with --pid, so its exit status is unknown\\)`));
    } finally {
      target.kill('SIGKILL');
    }
  });
});

describe('2. a configuration that cannot decide is inconclusive (exit 3) with the reason, never PASS', () => {
  it.each([
    // [flags, the reason] — each exited 0 (PASS) on a 60 MiB/h leak before.
    [['--window', '5'], 'no window was scored: --window 5 holds at most 5 samples, fewer than --min-samples 10, so the leak score was 0 throughout; give --window 10 or more, or a lower --min-samples'],
    [['--window', '1.5'], 'no window was scored: a --window 1.5s window held at most 1 sample (samples 30s apart), fewer than --min-samples 10, so the leak score was 0 throughout; give --window 4m30s or longer, or a lower --min-samples'],
    [['--window', '30s'], 'no window was scored: a --window 30s window held at most 2 samples (samples 30s apart), fewer than --min-samples 10, so the leak score was 0 throughout; give --window 4m30s or longer'],
    [['--min-samples', '200'], 'no window was scored: --window 120 holds at most 120 samples, fewer than --min-samples 200'],
  ])('leaking.csv %j: was 0, now 3', async (flags, reason) => {
    const run = await leakScore([LEAKING, ...flags, '--format', 'json']);
    expect(run.code).toBe(3);
    const report = json(run);
    expect(report.verdict).toBe('inconclusive');
    expect(report.series[0]?.inconclusiveReason).toContain(reason);
    const text = await leakScore([LEAKING, ...flags, '--quiet']);
    expect(text.stdout).toContain(`INCONCLUSIVE  the data cannot decide: ${reason}`);
  });

  it('a window that can score keeps its verdict: leaking.csv --window 20 or 10m FAILs (1), flat.csv PASSes (0)', async () => {
    expect((await leakScore([LEAKING, '--window', '20', '--quiet'])).code).toBe(1);
    expect((await leakScore([LEAKING, '--window', '10m', '--quiet'])).code).toBe(1);
    expect((await leakScore([join(ROOT, 'fixtures', 'flat.csv'), '--quiet'])).code).toBe(0);
  });

  it('a step much coarser than the data: samples 10 min apart (over --staleness 5m) never let an alert hold; was 0, now 3', async () => {
    const dir = tempDir();
    const file = join(dir, 'coarse.csv');
    // 6 hours at 10 min, leaking 60 MiB/h: every gap resets the alerts, so nothing can fire.
    writeFileSync(file, csv(Array.from({ length: 37 }, (_, i) => [1_700_000_000 + i * 600, 150 * MiB + i * 10 * MiB] as const)));
    const run = await leakScore([file, '--quiet']);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain(
      'samples 10m apart (median) and gaps over --staleness 5m reset the alerts; the longest stretch without such a gap, 0s, is shorter than --leak-for 15m, so MemoryLeakDetected could never fire',
    );
    // With a staleness that spans the gaps the same file is decided: the leak fires.
    expect((await leakScore([file, '--staleness', '15m', '--quiet'])).code).toBe(1);
  });

  it('a for longer than the data names the flag that was too long (was 3 naming no flag; still 3)', async () => {
    const leakFor = await leakScore([SHORT, '--quiet']);
    expect(leakFor.code).toBe(3);
    expect(leakFor.stdout).toContain('4m 30s of data, shorter than --leak-for 15m (how long MemoryLeakDetected must hold before it fires)');
    // --leak-for 1s given: the 10 min that is still too long is --rss-for's, and the reason says so.
    const rssFor = await leakScore([SHORT, '--leak-for', '1s', '--quiet']);
    expect(rssFor.code).toBe(3);
    expect(rssFor.stdout).toContain('shorter than --rss-for 10m (how long MemoryHigh must hold before it fires)');
    const both = await leakScore([SHORT, '--leak-for', '10m', '--quiet']);
    expect(both.stdout).toContain('shorter than --leak-for and --rss-for 10m');
  });
});

describe('3. record never loses or replaces a recording', () => {
  it('two recorders started in the same second in one folder write two files, each holding its own samples (was one shared file)', async () => {
    const dir = tempDir();
    const args = ['record', '--interval', '200ms', '--duration', '2s', '--no-gate', '--', 'sleep', '10'];
    const [a, b] = await Promise.all([leakScore(args, dir), leakScore(args, dir)]);
    expect([a?.code, b?.code]).toEqual([0, 0]);
    const files = readdirSync(dir).filter((name) => name.endsWith('.jsonl'));
    expect(files).toHaveLength(2);
    for (const name of files) expect(name).toMatch(/^leak-score-\d{8}T\d{6}Z-\d+\.jsonl$/);
    for (const run of [a, b] as Run[]) {
      const match = /(\d+) samples over [\d.]+s in (\S+)\)/.exec(run.stderr);
      expect(match, run.stderr).not.toBeNull();
      const lines = readFileSync(join(dir, match?.[2] as string), 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(Number(match?.[1]));
    }
  });

  it('--out onto an existing file exits 2 and leaves it as it was; --force replaces it', async () => {
    const dir = tempDir();
    const out = join(dir, 'soak.jsonl');
    writeFileSync(out, '{"time":1,"rss_bytes":1}\n');
    const refused = await leakScore(['record', '--out', out, '--duration', '1s', '--no-gate', '--', 'sleep', '5']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`leak-score: ${out} already exists; record never overwrites or appends to a recording: choose another --out, or pass --force to replace it\n`);
    expect(readFileSync(out, 'utf8')).toBe('{"time":1,"rss_bytes":1}\n');
    const forced = await leakScore(['record', '--out', out, '--force', '--interval', '200ms', '--duration', '1s', '--no-gate', '--', 'sleep', '5']);
    expect(forced.code).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toContain('"time":1,');
  });

  it('record -- false leaves no file and exits 4 (was 2, with an empty file left behind); record -- true exits 2, no file', async () => {
    const dir = tempDir();
    const failed = await leakScore(['record', '--', 'false'], dir);
    expect(failed.code).toBe(4);
    expect(failed.stdout).toBe('FAIL  the recorded command failed: false exited with code 1 before the first sample; nothing was recorded\n');
    expect(failed.stderr).toMatch(/false exited with code 1 \(no sample taken, so no file was left at leak-score-\S+\.jsonl\)/);
    const succeeded = await leakScore(['record', '--format', 'json', '--', 'true'], dir);
    expect(succeeded.code).toBe(2);
    expect(json(succeeded)).toMatchObject({ exitCode: 2, error: { message: expect.stringMatching(/^nothing to score: true exited with code 0/) } });
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('4. machine formats always write a document (was an empty stdout)', () => {
  let bad: string;
  beforeAll(() => {
    bad = join(tempDir(), 'bad.csv');
    writeFileSync(bad, 'when,how much\nyesterday,lots\n');
  });

  it('--format junit on bad input: a testsuite with an <error>, exit 2, the message on stderr too', async () => {
    const run = await leakScore([bad, '--format', 'junit']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^leak-score: .*bad\.csv: no time column/);
    expect(run.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="leak-score" tests="1" failures="0" errors="1" skipped="0">/);
    expect(run.stdout).toMatch(/<testcase classname="[^"]*bad\.csv" name="input">\n {6}<error message="[^"]*bad\.csv: no time column \(looked for timestamp, time, ts, date\)[^"]*" type="LeakScoreError">/);
    expect(run.stdout.trimEnd().endsWith('</testsuites>')).toBe(true);
  });

  it('--format json on bad input, a missing file, and a mistyped flag: { error } with exit 2', async () => {
    const runs = await Promise.all([
      leakScore([bad, '--format', 'json']),
      leakScore(['no-such-file.csv', '--format', 'json']),
      leakScore([LEAKING, '--format', 'json', '--windw', '5']),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(2);
      const document = json(run) as unknown as { exitCode: number; verdict: null; error: { message: string } };
      expect(document.exitCode).toBe(2);
      expect(document.verdict).toBeNull();
      expect(run.stderr).toContain(document.error.message);
    }
    expect((json(runs[1] as Run) as unknown as { error: { message: string } }).error.message).toMatch(/no-such-file\.csv: no such file/);
    expect((json(runs[2] as Run) as unknown as { error: { message: string } }).error.message).toBe("unknown option '--windw' (Did you mean --window?)");
  });
});

describe('5. units and names', () => {
  it('ps -o rss= values (KiB) get the same hint with a timestamp,rss header as without a header (was: no hint with the header)', async () => {
    const dir = tempDir();
    const rows = Array.from({ length: 41 }, (_, i) => [1_700_000_000 + i * 30, 45_000 + i * 10] as const);
    writeFileSync(join(dir, 'header.csv'), csv(rows, 'timestamp,rss'));
    writeFileSync(join(dir, 'bare.csv'), csv(rows, ''));
    const hint = 'the values were read as bytes, and the largest is 45400 (under 4 MiB, small for a process); if they are KiB (ps -o rss and /proc write KiB), pass --unit KiB';
    for (const name of ['header.csv', 'bare.csv']) {
      const run = await leakScore([join(dir, name), '--format', 'json']);
      expect(json(run).notes, name).toContain(`${join(dir, name)}: ${hint}`);
    }
    // --unit KiB says what they are: no hint, and the values are read as KiB.
    const kib = await leakScore([join(dir, 'header.csv'), '--unit', 'KiB', '--format', 'json']);
    expect(json(kib).notes.join('\n')).not.toContain('--unit KiB');
    expect((json(kib).series[0] as { rss: { max: number } }).rss.max).toBe(45_400 * 1024);
    // Real byte values get no hint, with or without a header.
    expect(json(await leakScore([LEAKING, '--format', 'json'])).notes).toEqual([]);
  });

  describe('--value-key heapUsed', () => {
    let file: string;
    beforeAll(() => {
      file = join(tempDir(), 'memory.jsonl');
      // RSS flat at 300 MiB; the heap flat at 450 MiB, over the 400 MiB RSS limit, for an hour.
      const lines = Array.from({ length: 121 }, (_, i) => JSON.stringify({ time: 1_700_000_000 + i * 30, rss: 300 * MiB, heapUsed: 450 * MiB + (i % 3) * 1000 }));
      writeFileSync(file, `${lines.join('\n')}\n`);
    });

    it('is not compared with the RSS limit unasked: was 1 (MemoryHigh fired on heapUsed), now 0 with a note; --rss-threshold puts it back (1)', async () => {
      const run = await leakScore([file, '--value-key', 'heapUsed', '--format', 'json']);
      expect(run.code).toBe(0);
      const report = json(run);
      expect(report.valueName).toBe('heapUsed');
      expect(report.notes[0]).toBe(
        '--value-key heapUsed: the values are heapUsed, not RSS, so MemoryHigh (an RSS limit) does not gate; give --rss-threshold SIZE to gate heapUsed on a limit too',
      );
      const limited = await leakScore([file, '--value-key', 'heapUsed', '--rss-threshold', '400MiB', '--quiet']);
      expect(limited.code).toBe(1);
      expect(limited.stdout).toMatch(/^FAIL {2}MemoryHigh fired/);
      // RSS itself is as before.
      expect((await leakScore([file, '--quiet'])).code).toBe(0);
    });

    it('is named heapUsed, not RSS, in text, Markdown, JUnit and HTML', async () => {
      const dir = tempDir();
      const html = join(dir, 'report.html');
      const [text, markdown, junit] = await Promise.all([
        leakScore([file, '--value-key', 'heapUsed', '--html', html]),
        leakScore([file, '--value-key', 'heapUsed', '--format', 'markdown']),
        leakScore([file, '--value-key', 'heapUsed', '--format', 'junit']),
      ]);
      expect(text.stdout).toMatch(/^ {2}heapUsed {3}first 450\.0 MiB/m);
      expect(text.stdout).toContain('─ heapUsed');
      expect(text.stdout).not.toMatch(/\bRSS {8}first/);
      expect(markdown.stdout).toContain('- heapUsed first 450.0 MiB');
      expect(markdown.stdout).toContain('MemoryHigh: heapUsed &gt; 400.0 MiB for 10m');
      expect(junit.stdout).toContain('heapUsed first 450.0 MiB');
      expect(junit.stdout).toContain('value="MemoryHigh: heapUsed &gt; 400.0 MiB for 10m"');
      expect(junit.stdout).toContain('value="gate leak"');
      const page = readFileSync(html, 'utf8');
      expect(page).toContain('<dt>heapUsed</dt>');
      expect(page).toContain('<th>max heapUsed</th>');
      expect(page).toContain('heapUsed (MiB)</text>');
      expect(page).toContain('"valueName":"heapUsed"');
    });
  });

  const skip = shouldSkipPrometheus();
  describe.skipIf(skip)(`--prometheus without --step takes the scrape interval from the server${skip ? ` (skipped: ${skip})` : ''}`, () => {
    const T0 = 1_700_000_000;
    const END = T0 + 3600;
    let server: PrometheusServer;
    beforeAll(async () => {
      // Scraped every 5 s for an hour, leaking 30 MiB/h.
      const samples: Array<[number, number]> = [];
      for (let t = T0; t <= END; t += 5) samples.push([t, 200 * MiB + Math.round(((t - T0) / 3600) * 30 * MiB)]);
      server = await startPrometheus({ series: [{ name: 'process_resident_memory_bytes', labels: { job: 'api' }, samples }] });
    }, 120_000);
    afterAll(async () => {
      await server?.stop();
    });

    it('a selector: every raw sample is fetched (721 at 5 s, was 121 at a fixed 30 s), and a note says so', async () => {
      const run = await leakScore(['--prometheus', server.url, '--query', 'process_resident_memory_bytes{job="api"}', '--start', String(T0), '--end', String(END), '--format', 'json']);
      expect(run.stderr).toBe('');
      const report = json(run);
      expect(report.notes).toContain("--step not given: fetched every 5s, the scrape interval (the spacing of the series' raw samples)");
      expect(report.series[0]).toMatchObject({ samples: 721, medianIntervalSeconds: 5 });
      // --step still wins when given.
      const given = json(await leakScore(['--prometheus', server.url, '--query', 'process_resident_memory_bytes', '--start', String(T0), '--end', String(END), '--step', '60s', '--format', 'json']));
      expect(given.series[0]).toMatchObject({ samples: 61 });
      expect(given.notes.join('\n')).not.toContain('--step not given');
    });

    it("an expression, whose raw samples cannot be asked for: the server's global scrape_interval, said in a note", async () => {
      const run = await leakScore(['--prometheus', server.url, '--query', 'max by (job) (process_resident_memory_bytes)', '--start', String(T0), '--end', String(END), '--format', 'json']);
      const report = json(run);
      // The test server's config sets no scrape_interval, so Prometheus' own default (1m) is what it reports.
      expect(report.notes).toContain("--step not given: fetched every 1m, the scrape interval (the server's global scrape_interval (the query is an expression))");
      expect(report.series[0]).toMatchObject({ samples: 61 });
    });
  });
});

describe('6. help and messages say what the numbers mean, not "seed" or "SPEC §N"', () => {
  it.each([[['--help']], [['record', '--help']], [['rules', '--help']]])('%j', async (args) => {
    const run = await leakScore(args);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/SPEC|§|the seed|seed's|seed document/);
  });

  it('the main help explains the exit codes and the score in words', async () => {
    const run = await leakScore(['--help']);
    const help = run.stdout.replace(/\s+/g, ' ');
    expect(help).toContain('3 inconclusive: the data could not decide (too few samples, shorter than a gating --leak-for or --rss-for, no window ever scored, or gaps over --staleness)');
    expect(help).toContain('record adds 4: the recorded command failed');
    expect(help).toContain('a growth rate of --moderate (10 MiB/h) scores 0.5 and --severe (50 MiB/h) scores 1, times R² (1 = perfectly steady growth)');
    const record = (await leakScore(['record', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(record).toContain('4 the recorded command failed: it exited non-zero or was killed by a signal by itself, before --duration');
    expect(record).toContain('--out is never overwritten or appended to unless --force is given');
  });

  it('the generated rules explain the score instead of citing SPEC', async () => {
    const run = await leakScore(['rules', '--selector', 'process_resident_memory_bytes{job="api"}']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/SPEC|§/);
  });
});

// The files this suite leaves nowhere: the default-named recordings went into temp folders.
it('left no recording in the repository folder', () => {
  expect(readdirSync(ROOT).filter((name) => name.startsWith('leak-score-') && name.endsWith('.jsonl'))).toEqual([]);
});
