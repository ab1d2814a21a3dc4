/**
 * startLeakMonitor (issue 14): the seed's three gauges on a prom-client
 * registry, scored by the same Monitor the CLI replays with, and scraped
 * over HTTP from a running monitor as Prometheus would.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { join } from 'node:path';
import { Registry, register } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LeakScoreError } from '../../src/errors.js';
import { SampleLog, startLeakMonitor, type LeakMonitor } from '../../src/live/leak-monitor.js';
import { loadPromClient } from '../../src/live/prom-client.js';
import type { MonitorUpdate } from '../../src/live/monitor.js';
import { parseExposition } from './exposition-parse.js';

const ROOT = join(import.meta.dirname, '..', '..');
const started: LeakMonitor[] = [];

async function start(options: Parameters<typeof startLeakMonitor>[0] = {}): Promise<LeakMonitor> {
  const monitor = await startLeakMonitor(options);
  started.push(monitor);
  return monitor;
}

afterEach(() => {
  for (const monitor of started.splice(0)) monitor.stop();
});

describe('startLeakMonitor', () => {
  it('sets the three gauges on the registry it is given, from the same Monitor that scores', async () => {
    const registry = new Registry();
    const monitor = await start({ registry, intervalSeconds: 3600 });
    const held: Buffer[] = [];
    for (let i = 0; i < 12; i++) {
      held.push(Buffer.alloc(2 * 1048576, 1));
      monitor.sample();
    }
    const gauges = parseExposition(await registry.metrics());
    const latest = monitor.monitor.latest as MonitorUpdate;
    expect(gauges.process_memory_rss_bytes).toBe(latest.rssBytes);
    expect(gauges.memory_leak_detection_score).toBe(latest.score);
    // Linux: VMS from /proc/self/status, and a virtual size is never below the resident one.
    expect(gauges.process_memory_vms_bytes).toBe(monitor.gauges?.vmsBytes);
    expect(gauges.process_memory_vms_bytes).toBeGreaterThan(latest.rssBytes);
    // 13 samples: the initial one and twelve more, all scored.
    expect(monitor.monitor.result().samples).toBe(13);
    expect(held.length).toBe(12);
    // Nothing on the global registry when one is passed in.
    expect(register.getSingleMetric('memory_leak_detection_score')).toBeUndefined();
  });

  it('samples on its own timer, and stop() ends it and takes the gauges off the registry', async () => {
    const registry = new Registry();
    const monitor = await start({ registry, intervalSeconds: 0.02 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const counted = monitor.monitor.result().samples;
    expect(counted).toBeGreaterThanOrEqual(3);
    monitor.stop();
    monitor.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(monitor.monitor.result().samples).toBe(counted);
    expect(await registry.metrics()).not.toContain('memory_leak_detection_score');
  });

  it('uses prom-client’s default registry when none is given, and refuses a second monitor on it', async () => {
    const first = await start({ intervalSeconds: 3600 });
    expect(first.registry).toBe(register);
    expect(parseExposition(await register.metrics()).memory_leak_detection_score).toBe(0);
    await expect(startLeakMonitor({ intervalSeconds: 3600 })).rejects.toThrow(
      /already has a metric named process_memory_rss_bytes: stop\(\) the monitor that made it, or pass startLeakMonitor its own registry/,
    );
    first.stop();
    const second = await start({ intervalSeconds: 3600 });
    expect(second.registry).toBe(register);
  });

  it('serves the gauges over HTTP, scraped as Prometheus scrapes them', async () => {
    const registry = new Registry();
    const monitor = await start({ registry, intervalSeconds: 3600 });
    const server = createServer(async (_, response) => {
      response.setHeader('content-type', registry.contentType).end(await registry.metrics());
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      const text = await response.text();
      console.log(`startLeakMonitor /metrics:\n${text}`);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(text).toMatch(/^# TYPE process_memory_rss_bytes gauge$/m);
      expect(text).toMatch(/^# TYPE process_memory_vms_bytes gauge$/m);
      expect(text).toMatch(/^# TYPE memory_leak_detection_score gauge$/m);
      const gauges = parseExposition(text);
      expect(gauges.process_memory_rss_bytes).toBe(monitor.gauges?.rssBytes);
      expect(gauges.memory_leak_detection_score).toBe(monitor.gauges?.score);
    } finally {
      server.close();
    }
  });

  it('rejects bad options with a LeakScoreError before touching the registry', async () => {
    const registry = new Registry();
    await expect(startLeakMonitor({ registry, intervalSeconds: 0 })).rejects.toThrow(/intervalSeconds must be above 0, not 0/);
    await expect(startLeakMonitor({ registry, logEvery: 2.5 })).rejects.toThrow(/logEvery must be a whole number of at least 1/);
    await expect(startLeakMonitor({ registry, minSamples: 0 })).rejects.toBeInstanceOf(LeakScoreError);
    expect(await registry.metrics()).toBe('\n');
  });

  it('never keeps the process alive: a script that starts it and never stops it exits by itself', () => {
    const code = [
      "import { Registry } from 'prom-client';",
      "import { startLeakMonitor } from 'leak-score';",
      'const monitor = await startLeakMonitor({ registry: new Registry(), intervalSeconds: 0.05 });',
      "console.log('started', monitor.gauges.rssBytes > 0);",
    ].join('\n');
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    expect(run.stderr).toBe('');
    expect(run.signal).toBeNull();
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('started true\n');
  });

  it('says what to install when prom-client is missing', async () => {
    await expect(loadPromClient('prom-client-that-is-not-installed')).rejects.toThrow(LeakScoreError);
    await expect(loadPromClient('prom-client-that-is-not-installed')).rejects.toThrow(/npm install prom-client/);
    expect(typeof (await loadPromClient()).Gauge).toBe('function');
  });
});

describe('SampleLog: the seed’s logging', () => {
  const update = (score: number): MonitorUpdate => ({
    time: 0,
    rssBytes: 100 * 1048576,
    counted: true,
    score,
    slopeMiBPerHour: score > 0 ? 42 : null,
    r2: score > 0 ? 0.99 : null,
    alerts: { leak: 'inactive', rss: 'inactive' },
    transitions: [],
  });

  it('logs every tenth sample and warns once per rise above the threshold', () => {
    const lines: string[] = [];
    const log = new SampleLog((level, message) => lines.push(`${level} ${message}`), 10, 0.8, 900);
    const scores = [0, 0, 0.5, 0.85, 0.9, 0.95, 0.8, 0.7, 0.81, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.2];
    for (const score of scores) log.after(update(score), 200 * 1048576);
    expect(lines.map((line) => line.split(':')[0] + (line.startsWith('warn') ? ` ${/score ([\d.]+) is above/.exec(line)?.[1]}` : ''))).toEqual([
      'warn leak-score 0.850',
      'warn leak-score 0.810',
      'info leak-score',
      'info leak-score',
    ]);
    expect(lines[0]).toBe(
      'warn leak-score: memory leak suspected: score 0.850 is above 0.8; RSS 100.0 MiB, VMS 200.0 MiB, leak score 0.850 (slope +42.0 MiB/h, R² 0.990; 4 samples). MemoryLeakDetected fires if it stays above for 15 min',
    );
    expect(lines[2]).toBe('info leak-score: RSS 100.0 MiB, VMS 200.0 MiB, leak score 0.990 (slope +42.0 MiB/h, R² 0.990; 10 samples)');
    expect(lines[3]).toContain('leak score 0.200 (slope +42.0 MiB/h, R² 0.990; 20 samples)');
  });

  it('passes a real monitor’s lines to console-like loggers, and is quiet without one', async () => {
    const lines: string[] = [];
    const logger = { info: (message: string) => lines.push(`info ${message}`), warn: (message: string) => lines.push(`warn ${message}`) };
    const registry = new Registry();
    // Threshold 0: any growth warns (SPEC §4 compares strictly), which allocating between samples guarantees.
    const monitor = await start({ registry, intervalSeconds: 3600, logger, leakThreshold: 0, minSamples: 3 });
    const held: Buffer[] = [];
    for (let i = 0; i < 9; i++) {
      held.push(Buffer.alloc(4 * 1048576, 1));
      monitor.sample();
    }
    expect(lines.filter((line) => line.startsWith('info'))).toEqual([expect.stringMatching(/^info leak-score: RSS [\d.]+ MiB, VMS [\d.]+ MiB, leak score [\d.]+ \(slope \+[\d.]+ MiB\/h, R² [\d.]+; 10 samples\)$/)]);
    expect(lines.filter((line) => line.startsWith('warn')).length).toBeGreaterThanOrEqual(1);
    monitor.stop();
    // Quiet by default: no logger, nothing on the console, even when it would warn.
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((name) => vi.spyOn(console, name));
    const writes = vi.spyOn(process.stderr, 'write');
    try {
      const quiet = await start({ registry, intervalSeconds: 3600, leakThreshold: 0, minSamples: 3 });
      for (let i = 0; i < 20; i++) {
        held.push(Buffer.alloc(4 * 1048576, 1));
        quiet.sample();
      }
      expect(quiet.gauges?.score).toBeGreaterThan(0);
      for (const spy of [...spies, writes]) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of [...spies, writes]) spy.mockRestore();
    }
  });
});
