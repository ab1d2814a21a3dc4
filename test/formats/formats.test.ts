/**
 * Every input shape of issue 4 read from its fixture in fixtures/formats/
 * (see fixtures/README.md for where each shape comes from) with no flags,
 * through readInput and, for several, through the CLI.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readInput, type ReadOptions } from '../../src/samples/read-input.js';
import { runCli } from '../cli/run-cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const path = (name: string): string => join(ROOT, 'fixtures', 'formats', name);
const fixture = (name: string, options: Omit<ReadOptions, 'source'> = {}) =>
  readInput(readFileSync(path(name), 'utf8'), { source: name, ...options });
const MiB = 1048576;

describe('fixtures/formats through readInput, no flags', () => {
  it('grafana-frames.csv: BOM, sep=, CRLF, two frames with formatted times and MiB values → two labelled series', () => {
    const { format, series, notes } = fixture('grafana-frames.csv');
    expect(format).toBe('csv');
    expect(series.map((s) => s.labels.instance)).toEqual(['api-1:9100', 'api-2:9100']);
    expect(series.map((s) => s.labels.__name__)).toEqual(['process_resident_memory_bytes', 'process_resident_memory_bytes']);
    expect(series.map((s) => s.times.length)).toEqual([240, 240]);
    expect(series.map((s) => s.dropped)).toEqual([0, 0]);
    expect(series[0]!.times[0]).toBe(1732000000);
    expect(series[0]!.values[0]).toBe(179.5 * MiB);
    expect(notes).toEqual(['grafana-frames.csv: times without a zone were read as UTC']);
  });

  it('grafana-joined.csv: sep=; wide export, ms times → one series per column, the missing cell dropped', () => {
    const { series } = fixture('grafana-joined.csv');
    expect(series.map((s) => [s.labels.pod, s.labels.namespace, s.times.length, s.dropped])).toEqual([
      ['cart-7d9f-abc12', 'shop', 180, 0],
      ['cart-7d9f-def34', 'shop', 179, 1],
    ]);
    expect(series[1]!.droppedExamples).toEqual([{ line: 60, reason: 'missing value' }]);
    expect(series[0]!.times[1]).toBe(1732000030);
  });

  it('grafana-legend.csv: one frame named by its legend, SI MB values', () => {
    const { series, notes } = fixture('grafana-legend.csv');
    expect(series).toHaveLength(1);
    expect(series[0]!.times.length).toBe(120);
    expect(series[0]!.values[0]).toBe(199.0e6);
    expect(notes).toContain('grafana-legend.csv: read column "worker-3:9100" as the RSS (the only column besides the time)');
  });

  it('victoriametrics-export.jsonl: a series split over two lines merges; the null value is dropped', () => {
    const { format, series } = fixture('victoriametrics-export.jsonl');
    expect(format).toBe('victoriametrics');
    expect(series.map((s) => [s.labels.instance, s.times.length, s.dropped])).toEqual([
      ['api-1:9100', 239, 1],
      ['api-2:9100', 240, 0],
    ]);
    expect(series[0]!.droppedReasons).toEqual([{ reason: 'value is null', count: 1, lines: [1] }]);
    expect(series[0]!.times.at(-1)).toBe(1732000000 + 239 * 30);
  });

  it('proc-vmrss.log and proc-status-dumps.log: VmRSS in KiB', () => {
    const line = fixture('proc-vmrss.log');
    expect(line.format).toBe('proc');
    expect(line.series[0]!.times.length).toBe(240);
    expect(line.series[0]!.values[0]).toBe(154342 * 1024);
    const dumps = fixture('proc-status-dumps.log');
    expect(dumps.series[0]!.times.length).toBe(12);
    expect(dumps.series[0]!.times[1]).toBe(1732000030);
    expect(dumps.series[0]!.dropped).toBe(0);
  });

  it('pino-memory.jsonl: nested process.memoryUsage(), rss by default, heapUsed when asked', () => {
    const { format, series } = fixture('pino-memory.jsonl');
    expect(format).toBe('jsonl');
    expect(series[0]!.times.length).toBe(200);
    expect(series[0]!.times[0]).toBe(1732000000);
    const heap = fixture('pino-memory.jsonl', { valueKey: 'heapUsed' }).series[0]!;
    expect(heap.values[0]).toBe(Math.round(series[0]!.values[0]! * 0.42));
    expect(fixture('pino-memory.jsonl', { valueKey: 'memory.heapTotal' }).series[0]!.times.length).toBe(200);
  });

  it('kubectl-top-long.csv: asks for --label-col, then reads three pods in Kubernetes units', () => {
    expect(() => fixture('kubectl-top-long.csv')).toThrow(/--label-col pod/);
    const { series } = fixture('kubectl-top-long.csv', { labelColumn: 'pod' });
    expect(series.map((s) => [s.labels.pod, s.times.length])).toEqual([
      ['web-5c8d-aaaa1', 120],
      ['web-5c8d-bbbb2', 120],
      ['web-5c8d-cccc3', 120],
    ]);
    expect(series[0]!.values[0]).toBe(239 * MiB);
  });

  it('ps-rss-kib.csv: a KiB column named so', () => {
    const { series, notes } = fixture('ps-rss-kib.csv');
    expect(series[0]!.values[0]! % 1024).toBe(0);
    expect(notes).toEqual(['ps-rss-kib.csv: column "rss_kib" read in KiB (1024 bytes)']);
  });
});

interface JsonSeries {
  labels: Record<string, string>;
  samples: number;
  dropped: number;
  verdict: string;
}

const json = async (args: string[], stdin?: string | Buffer): Promise<{ code: number; stderr: string; series: JsonSeries[]; notes: string[] }> => {
  const run = await runCli([...args, '--format', 'json'], stdin === undefined ? {} : { stdin });
  const document = run.stdout === '' ? { series: [], notes: [] } : (JSON.parse(run.stdout) as { series: JsonSeries[]; notes: string[] });
  return { code: run.code, stderr: run.stderr, series: document.series, notes: document.notes };
};

describe('fixtures/formats through the CLI', () => {
  it('grafana-frames.csv: two series, api-1 fails', async () => {
    const run = await json([path('grafana-frames.csv')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.series.map((s) => [s.labels.instance, s.samples, s.verdict]).sort()).toEqual([
      ['api-1:9100', 240, 'fail'],
      ['api-2:9100', 240, 'pass'],
    ]);
  });

  it('victoriametrics-export.jsonl, gzipped on standard input', async () => {
    const run = await json(['-'], gzipSync(readFileSync(path('victoriametrics-export.jsonl'))));
    expect(run.stderr).toBe('');
    expect(run.series.map((s) => [s.labels.instance, s.samples, s.dropped]).sort()).toEqual([
      ['api-1:9100', 239, 1],
      ['api-2:9100', 240, 0],
    ]);
  });

  it('--series picks one series and the notes say how many were skipped', async () => {
    const run = await json([path('victoriametrics-export.jsonl'), '--series', 'instance=~"api-2.*"']);
    expect(run.code).toBe(0);
    expect(run.series.map((s) => s.labels.instance)).toEqual(['api-2:9100']);
    expect(run.notes.join('\n')).toContain(`--series 'instance=~"api-2.*"' kept 1 of 2 series; skipped 1`);
  });

  it('--strict fails on the dropped null with exit 2 and a one-line message', async () => {
    const run = await runCli([path('victoriametrics-export.jsonl'), '--strict']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^leak-score: .*victoriametrics-export\.jsonl: 1 row dropped and --strict is set: 1 × value is null \(line 1\)/);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('proc-status-dumps.log: 12 samples in 5.5 min are inconclusive (exit 3)', async () => {
    const run = await json([path('proc-status-dumps.log')]);
    expect(run.code).toBe(3);
    expect(run.series[0]?.samples).toBe(12);
  });

  it('kubectl-top-long.csv: exit 2 naming --label-col, then three series with it', async () => {
    const refused = await runCli([path('kubectl-top-long.csv')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--label-col pod');
    const run = await json([path('kubectl-top-long.csv'), '--label-col', 'pod']);
    expect(run.code).toBe(0);
    expect(run.series).toHaveLength(3);
  });

  it('--unit and --input-format victoriametrics / proc are accepted', async () => {
    const csv = `timestamp,mem\n${Array.from({ length: 20 }, (_, i) => `${i * 30},100`).join('\n')}\n`;
    const run = await runCli(['-', '--unit', 'MiB', '--format', 'json', '--allow-inconclusive'], { stdin: csv });
    expect(run.stderr).toBe('');
    expect((JSON.parse(run.stdout) as { series: Array<{ rss: { first: number } }> }).series[0]?.rss.first).toBe(100 * MiB);
    const bad = await runCli(['-', '--unit', 'furlongs'], { stdin: csv });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--unit "furlongs" is not a unit');
    const forced = await json([path('proc-vmrss.log'), '--input-format', 'proc']);
    expect(forced.series[0]?.samples).toBe(240);
  });
});
