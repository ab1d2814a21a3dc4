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
    'x{a="b"}\n',
    'x{a=`two\nlines`}',
    '{job!=""}',
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
    ['x{job=api}', /expected a quoted value/],
    ['x{job="api}', /not closed/],
    ['x{job~"a"}', /expected =, !=/],
    ['x{job="a\nb"}', /not closed on its line/],
    ['{job!="batch"}', /would select every series/],
    ['x # comment', /comment/],
  ])('refuses %j', (selector, detail) => {
    expect(() => checkSelector(selector)).toThrow(detail);
    expect(() => checkSelector(selector)).toThrow(/give one such as process_resident_memory_bytes\{job="api"\}/);
  });
});
