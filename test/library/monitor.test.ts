import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/analyse.js';
import { readInput } from '../../src/samples/index.js';
import { normaliseSeries } from '../../src/samples/normalise.js';
import { analyseSamples } from '../../src/live/analyse-samples.js';
import { createMonitor, type AlertTransition } from '../../src/live/monitor.js';
import { resolveOptions } from '../../src/live/resolve-options.js';
import type { AlertEpisode } from '../../src/analysis/seed/alert-rule.js';
import { DEFAULT_OPTIONS, parseWindow, type AnalysisOptions } from '../../src/options.js';

const ROOT = join(import.meta.dirname, '..', '..');

function fixture(name: string): { times: Float64Array; values: Float64Array } {
  const read = readInput(readFileSync(join(ROOT, 'fixtures', name), 'utf8'), { source: name });
  const series = normaliseSeries(read.series[0] as NonNullable<(typeof read.series)[0]>);
  return { times: series.times, values: series.values };
}

/** Rebuilds the episodes of one alert from its transitions. */
function episodesFrom(transitions: AlertTransition[]): Array<Omit<AlertEpisode, 'name'>> {
  const episodes: Array<Omit<AlertEpisode, 'name'>> = [];
  for (const t of transitions) {
    if (t.to === 'pending') episodes.push({ activeAt: t.time, firedAt: null, resolvedAt: null });
    const current = episodes.at(-1) as Omit<AlertEpisode, 'name'>;
    if (t.to === 'firing') current.firedAt = t.time;
    if (t.to === 'inactive') current.resolvedAt = t.time;
  }
  return episodes;
}

describe('createMonitor: the live monitor in-process', () => {
  it.each([
    ['leaking.csv', DEFAULT_OPTIONS],
    ['leaking.jsonl', DEFAULT_OPTIONS],
    ['gc-sawtooth.csv', { ...DEFAULT_OPTIONS, window: parseWindow('20m'), leakThreshold: 0.01, leakForSeconds: 60 }],
    ['flat.csv', { ...DEFAULT_OPTIONS, rssThresholdBytes: 150 * 1048576, rssForSeconds: 60 }],
  ] as Array<[string, AnalysisOptions]>)('agrees with the batch replay on %s, sample by sample and alert by alert', (name, options) => {
    const { times, values } = fixture(name);
    const transitions: AlertTransition[] = [];
    const monitor = createMonitor({ ...options, onAlert: (t) => transitions.push(t) });
    let last;
    for (let i = 0; i < times.length; i++) last = monitor.push(times[i] as number, values[i] as number);

    const batch = analyse({ source: name, format: 'csv', series: [{ ...fixture(name), labels: {}, dropped: 0, droppedExamples: [] }] }, options);
    const series = batch.series[0];
    expect(last?.score).toBe(series?.final.score);
    expect(last?.slopeMiBPerHour).toBe(series?.final.slopeMiBPerHour);
    expect(last?.r2).toBe(series?.final.r2);
    for (const key of ['leak', 'rss'] as const) {
      const name = key === 'leak' ? 'MemoryLeakDetected' : 'MemoryHigh';
      const expected = (series?.episodes ?? []).filter((e) => e.name === name).map(({ name: _, ...rest }) => rest);
      expect(episodesFrom(transitions.filter((t) => t.alert === key))).toEqual(expected);
    }
    expect(monitor.result()).toEqual(series);
    // Every case has alert episodes to compare, several for the last two.
    expect(transitions.length).toBeGreaterThanOrEqual(2);
  });

  it('result() can be asked for at any time without disturbing what follows', () => {
    const { times, values } = fixture('leaking.jsonl');
    const asked = createMonitor();
    const quiet = createMonitor();
    for (let i = 0; i < times.length; i++) {
      asked.push(times[i] as number, values[i] as number);
      quiet.push(times[i] as number, values[i] as number);
      if (i % 17 === 0) asked.result();
    }
    expect(asked.result()).toEqual(quiet.result());
  });

  it('reports each transition once, in order, with the score that caused it', () => {
    const { times, values } = fixture('leaking.csv');
    const monitor = createMonitor();
    const seen: string[] = [];
    monitor.onAlert((t) => seen.push(`${t.name} ${t.from}→${t.to} ${t.score > 0.8}`));
    const states = new Set<string>();
    for (let i = 0; i < times.length; i++) states.add(monitor.push(times[i] as number, values[i] as number).alerts.leak);
    expect(seen).toEqual(['MemoryLeakDetected inactive→pending true', 'MemoryLeakDetected pending→firing true']);
    expect([...states]).toEqual(['inactive', 'pending', 'firing']);
    expect(monitor.alerts).toEqual({ leak: 'firing', rss: 'inactive' });
  });

  it('resolves a firing alert when the series goes stale, at t_prev + staleness (SPEC §4)', () => {
    const monitor = createMonitor({ rssThresholdBytes: 100, rssForSeconds: 0, stalenessSeconds: 300 });
    expect(monitor.push(0, 200).transitions.map((t) => `${t.from}→${t.to}@${t.time}`)).toEqual([
      'inactive→pending@0',
      'pending→firing@0',
    ]);
    const after = monitor.push(1000, 200);
    expect(after.transitions.map((t) => `${t.from}→${t.to}@${t.time}`)).toEqual([
      'firing→inactive@300',
      'inactive→pending@1000',
      'pending→firing@1000',
    ]);
  });

  it('drops and counts unusable samples, as readers do (SPEC §1), and keeps going', () => {
    const monitor = createMonitor({ minSamples: 2 });
    expect(monitor.push(0, 100).counted).toBe(true);
    expect(monitor.push(Number.NaN, 100).counted).toBe(false);
    expect(monitor.push(1, -5).counted).toBe(false);
    expect(monitor.push(0, 100).counted).toBe(false); // a duplicate time
    expect(monitor.push(2, 200).counted).toBe(true);
    const result = monitor.result();
    expect(result).toMatchObject({ samples: 2, dropped: 2, duplicates: 1 });
    expect(result.droppedExamples.map((row) => row.line)).toEqual([2, 3]);
  });

  it('reads Date.now() milliseconds as the readers do (SPEC §1 magnitude rule)', () => {
    const monitor = createMonitor();
    expect(monitor.push(1_732_000_000_000, 1).time).toBe(1_732_000_000);
  });

  it('samples this process with sample()', () => {
    const monitor = createMonitor();
    const first = monitor.sample();
    expect(first.rssBytes).toBeGreaterThan(1048576);
    expect(Math.abs(first.time - Date.now() / 1000)).toBeLessThan(5);
    expect(monitor.sample().time).toBeGreaterThan(first.time);
  });

  it('rejects options the CLI would reject', () => {
    expect(() => createMonitor({ moderateMiBPerHour: 60 })).toThrow(/--severe \(50\) must be above --moderate \(60\)/);
    expect(() => createMonitor({ minSamples: 0 })).toThrow(/minSamples/);
    expect(() => resolveOptions({ window: { kind: 'count', samples: 0 } })).toThrow(/window/);
  });
});

describe('analyseSamples', () => {
  it('scores samples a program kept itself exactly as the CLI scores the file', () => {
    const { times, values } = fixture('leaking.csv');
    const samples = Array.from(times, (time, i) => ({ time, rssBytes: values[i] as number }));
    const result = analyseSamples(samples);
    const read = readInput(readFileSync(join(ROOT, 'fixtures', 'leaking.csv'), 'utf8'), { source: 'samples' });
    const batch = analyse({ source: 'samples', format: null, series: read.series }, DEFAULT_OPTIONS);
    expect(result.verdict).toBe('fail');
    expect(result.exitCode).toBe(1);
    expect(result.series[0]?.final).toEqual(batch.series[0]?.final);
    expect(result.series[0]?.episodes).toEqual(batch.series[0]?.episodes);
  });

  it('drops what SPEC §1 drops, and sorts', () => {
    const result = analyseSamples(
      [
        { time: 60, rssBytes: 3 },
        { time: 0, rssBytes: 1 },
        { time: Number.NaN, rssBytes: 5 },
        { time: 30, rssBytes: -1 },
      ],
      { minSamples: 1 },
    );
    expect(result.series[0]).toMatchObject({ samples: 2, dropped: 2, start: 0, end: 60 });
  });
});
