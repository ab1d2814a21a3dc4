import { describe, expect, it } from 'vitest';
import { checkSelector } from '../../src/prometheus/selector.js';

describe('checkSelector', () => {
  it.each([
    'process_resident_memory_bytes',
    'process_resident_memory_bytes{job="api"}',
    ' container_memory_rss{namespace="prod", pod=~"api-.*",} ',
    '{__name__="x", job!="a\\"b"}',
    "m{a='x', b=`raw`}",
    'namespace:container_memory_rss:sum',
  ])('accepts %s', (selector) => {
    expect(checkSelector(selector)).toBe(selector.trim());
  });

  it.each([
    ['', /selects nothing/],
    ['{}', /selects nothing/],
    ['rate(x[5m])', /unexpected/],
    ['x[5m]', /unexpected/],
    ['x offset 5m', /unexpected/],
    ['sum by (job) (x)', /unexpected/],
    ['x{job=api}', /must be quoted/],
    ['x{job="api}', /not closed/],
    ['x{job~"a"}', /expected =, !=/],
    ['x{job="a"\n}', /control character/],
  ])('refuses %j', (selector, detail) => {
    expect(() => checkSelector(selector)).toThrow(detail);
    expect(() => checkSelector(selector)).toThrow(/give one such as process_resident_memory_bytes\{job="api"\}/);
  });
});
