/**
 * Diagnosis hints from process.memoryUsage() (issue 17), on two real
 * recordings made on this machine: a Buffer leak (RSS and external grow,
 * heapUsed barely) and a JS-heap leak (heapUsed grows with RSS). Hints
 * never change the verdict.
 */
import { describe, expect, it } from 'vitest';
import { diagnoseNodeMemory } from '../../src/diagnose/node-memory.js';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { analyseSource } from '../../src/pipeline/index.js';

const MIB = 1048576;

function line(hours: number[], perHour: number, base = 100): { times: number[]; values: number[] } {
  return { times: hours.map((h) => h * 3600), values: hours.map((h) => (base + perHour * h) * MIB) };
}

describe('diagnoseNodeMemory', () => {
  const hours = Array.from({ length: 60 }, (_, i) => i / 30);

  it('RSS growing with a flat heap is growth outside the JS heap, with the issue\'s words', () => {
    const hint = diagnoseNodeMemory({ rss: line(hours, 40), heapUsed: line(hours, 0.5, 30) });
    expect(hint?.hints).toEqual(['outside-js-heap']);
    expect(hint?.sentences[0]).toContain('growth outside the JS heap (Buffers, native memory or allocator fragmentation; try MALLOC_ARENA_MAX=2 or a heap snapshot)');
  });

  it('a growing heap points to heap snapshots and memlab', () => {
    const hint = diagnoseNodeMemory({ rss: line(hours, 40), heapUsed: line(hours, 35, 30) });
    expect(hint?.hints).toEqual(['js-heap']);
    expect(hint?.sentences[0]).toMatch(/heap snapshot.*memlab/);
  });

  it('nothing growing: no hint', () => {
    expect(diagnoseNodeMemory({ rss: line(hours, 0.2), heapUsed: line(hours, 0.1, 30) })).toBeNull();
  });
});

describe('real recordings through the pipeline, with no flags', () => {
  it('a Buffer leak: outside the JS heap, and Buffers kept', async () => {
    const result = await analyseSource({ path: 'fixtures/k8s/node-buffer-leak-memoryusage.jsonl', read: {} }, DEFAULT_OPTIONS);
    expect(result.series[0]?.explanation?.hints).toEqual(['outside-js-heap', 'buffers']);
  });

  it('a heap leak: the JS heap grows', async () => {
    const result = await analyseSource({ path: 'fixtures/k8s/node-heap-leak-memoryusage.jsonl', read: {} }, DEFAULT_OPTIONS);
    expect(result.series[0]?.explanation?.hints).toEqual(['js-heap']);
  });

  it('the hint does not change the verdict, and --value-key turns the second look off', async () => {
    const path = 'fixtures/k8s/node-buffer-leak-memoryusage.jsonl';
    const plain = await analyseSource({ path, read: { valueKey: 'rss' } }, DEFAULT_OPTIONS);
    const hinted = await analyseSource({ path, read: {} }, DEFAULT_OPTIONS);
    expect(plain.series[0]?.explanation).toBeUndefined();
    expect(hinted.verdict).toBe(plain.verdict);
    expect(hinted.exitCode).toBe(plain.exitCode);
  });
});
