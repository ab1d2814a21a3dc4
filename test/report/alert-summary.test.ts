/** Long alert timelines summarised (issue 13): counts, total firing, first / longest / last. */
import { describe, expect, it } from 'vitest';
import type { SeriesResult } from '../../src/analysis/analyse.js';
import { alertLines, summariseAlerts } from '../../src/report/alert-summary.js';
import type { AlertEpisode } from '../../src/analysis/seed/alert-rule.js';
import { runCli } from '../cli/run-cli.js';

const leak = (activeAt: number, firedAt: number | null, resolvedAt: number | null): AlertEpisode => ({ name: 'MemoryLeakDetected', activeAt, firedAt, resolvedAt });

describe('summariseAlerts', () => {
  it('counts, sums the firing time to the end for an open episode, and picks first, longest and last', () => {
    const episodes = [leak(100, null, 150), leak(200, 300, 400), leak(500, 600, 1600), leak(2000, 2100, null)];
    const [summary] = summariseAlerts(episodes, 2500);
    expect(summary).toMatchObject({ name: 'MemoryLeakDetected', episodes: 4, fired: 3, firingSeconds: 100 + 1000 + 400 });
    expect(summary?.first).toBe(episodes[0]);
    expect(summary?.longest).toBe(episodes[2]);
    expect(summary?.last).toBe(episodes[3]);
  });

  it('an alert that never fired: the longest is the one pending longest', () => {
    const [summary] = summariseAlerts([leak(0, null, 10), leak(20, null, 80), leak(100, null, 110)], 200);
    expect(summary?.longest.activeAt).toBe(20);
    expect(summary?.firingSeconds).toBe(0);
  });
});

describe('alertLines', () => {
  const series = (episodes: AlertEpisode[]): SeriesResult => ({ episodes, end: 10_000, durationSeconds: 10_000 }) as unknown as SeriesResult;

  it('one episode is one line with how long it fired', () => {
    const lines = alertLines(series([leak(100, 1000, 4600)]));
    expect(lines).toHaveLength(1);
    expect(lines[0]?.text).toMatch(/^MemoryLeakDetected: pending t\+1m 40s → firing t\+16m 40s → resolved t\+1h 16m 40s \(fired 1h\)$/);
  });

  it('many episodes: a headline, first, longest and last, and how to see them all', () => {
    const episodes = Array.from({ length: 50 }, (_, i) => leak(i * 100, i % 2 === 0 ? i * 100 + 10 : null, i * 100 + (i === 7 ? 90 : 20)));
    episodes[8] = leak(800, 810, 899); // the longest firing
    const lines = alertLines(series(episodes)).map((line) => line.text);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^MemoryLeakDetected: 50 episodes, 25 fired, firing .* in total \(.*% of the run\)$/);
    expect(lines[1]).toMatch(/^first +pending t\+0s/);
    expect(lines[2]).toMatch(/^longest +pending t\+13m 20s .*\(fired 1m 29s\)$/);
    expect(lines[3]).toMatch(/^last +pending t\+1h 21m 40s/);
    expect(lines[4]).toBe('--alerts all lists all 50 episodes');
    expect(alertLines(series(episodes), 'all')).toHaveLength(50);
  });
});

describe('a flapping recording through the CLI', () => {
  // RSS crossing the 400 MiB MemoryHigh threshold every 20 minutes for two days: 72 episodes.
  const csv = ['timestamp,rss_bytes'];
  for (let i = 0; i < 5760; i += 1) csv.push(`${1732000000 + i * 30},${(i % 80 < 40 ? 300 : 500) * 1048576}`);
  const input = `${csv.join('\n')}\n`;

  it('text is short by default, --alerts all lists every episode, JSON keeps them all', async () => {
    const summary = await runCli(['-', '--no-chart'], { stdin: input });
    const all = await runCli(['-', '--no-chart', '--alerts', 'all'], { stdin: input });
    const json = await runCli(['-', '--format', 'json'], { stdin: input });
    const episodes = (JSON.parse(json.stdout) as { series: Array<{ alerts: unknown[] }> }).series[0]?.alerts ?? [];
    expect(episodes.length).toBe(72);
    expect(summary.stdout).toMatch(/MemoryHigh: 72 episodes, all fired, firing /);
    expect(summary.stdout.split('\n').length).toBeLessThan(20);
    expect(all.stdout.match(/MemoryHigh: pending/g)).toHaveLength(72);
    const markdown = await runCli(['-', '--format', 'markdown', '--no-chart'], { stdin: input });
    expect(markdown.stdout.split('\n').length).toBeLessThan(40);
  });
});
