/**
 * Pairing on hostile series (issue 17): any label sets — known metric names
 * with hostile values, prototype keys, missing pods — and any samples give
 * undefined or a sound Result, never an exception or a polluted prototype.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseFleet } from '../../src/k8s/index.js';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { ROBUST_PROFILE } from '../../src/analysis/robust/options.js';
import { makeLabels, type RawSeries } from '../../src/series.js';
import { fuzzParameters } from '../formats/fuzz-runs.js';

const NAMES = ['container_memory_working_set_bytes', 'container_memory_rss', 'container_memory_usage_bytes', 'container_memory_cache',
  'kube_pod_container_status_restarts_total', 'process_start_time_seconds', 'container_spec_memory_limit_bytes', 'container.memory.available',
  'process_resident_memory_bytes', 'other'];
const KEYS = ['namespace', 'pod', 'container', 'id', 'k8s.pod.name', 'container.id', 'job', 'instance', '__proto__', 'constructor'];
const VALUES = ['', 'POD', 'a', 'b', '<script>', '\u001b[2J', '__proto__', 'x'.repeat(300)];

const series: fc.Arbitrary<RawSeries> = fc
  .record({
    name: fc.constantFrom(...NAMES),
    labels: fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES)), { maxLength: 5 }),
    samples: fc.array(fc.tuple(fc.integer({ min: 0, max: 20_000 }), fc.double({ min: 0, max: 2 ** 40, noNaN: true })), { maxLength: 40 }),
  })
  .map(({ name, labels, samples }) => {
    const unique = new Map<string, string>(labels);
    unique.delete('__name__');
    return {
      labels: makeLabels([['__name__', name], ...unique]),
      times: Float64Array.from(samples, (s) => 1_732_000_000 + s[0] * 30),
      values: Float64Array.from(samples, (s) => s[1]),
      dropped: 0,
      droppedExamples: [],
    };
  });

describe('fuzz: pairing hostile series', () => {
  for (const [profile, options] of [
    ['seed', DEFAULT_OPTIONS],
    ['robust', { ...DEFAULT_OPTIONS, robust: ROBUST_PROFILE }],
  ] as const) {
    it(`undefined or a sound Result (${profile})`, () => {
      fc.assert(
        fc.property(fc.array(series, { maxLength: 6 }), (list) => {
          const result = analyseFleet({ source: 'f', format: 'victoriametrics', notes: [], series: list }, options);
          if (result === undefined) return;
          expect(result.series.length).toBeLessThanOrEqual(list.length);
          for (const one of result.series) {
            expect(Object.getPrototypeOf(one.labels)).toBeNull();
            for (const sentence of one.explanation?.sentences ?? []) expect(sentence).not.toMatch(/NaN|undefined/);
          }
          expect(Object.keys(Object.prototype)).toEqual([]);
        }),
        fuzzParameters(300),
      );
    });
  }
});
