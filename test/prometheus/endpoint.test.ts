import { describe, expect, it } from 'vitest';
import { resolveEndpoint } from '../../src/prometheus/endpoint.js';

describe('resolveEndpoint', () => {
  it('appends the query_range path to a base URL, with or without a prefix', () => {
    expect(resolveEndpoint('http://prom:9090').url.href).toBe('http://prom:9090/api/v1/query_range');
    expect(resolveEndpoint('http://prom:9090/prometheus/').url.href).toBe('http://prom:9090/prometheus/api/v1/query_range');
    expect(resolveEndpoint('http://prom:9090/api/v1/query_range').url.href).toBe('http://prom:9090/api/v1/query_range');
    expect(resolveEndpoint('http://thanos:10902/?dedup=true').url.href).toBe('http://thanos:10902/api/v1/query_range?dedup=true');
  });

  it('moves URL userinfo into a Basic Authorization header', () => {
    const endpoint = resolveEndpoint('https://alice:s%3Acret@prom.example/');
    expect(endpoint.url.href).toBe('https://prom.example/api/v1/query_range');
    expect(endpoint.headers.Authorization).toBe(`Basic ${Buffer.from('alice:s:cret').toString('base64')}`);
    expect(endpoint.shown).toBe('https://prom.example/api/v1/query_range');
    expect(endpoint.redactor.redact('echo s:cret')).toBe('echo <redacted>');
  });

  it('sends a bearer token as a header', () => {
    const endpoint = resolveEndpoint('http://prom:9090', 'abc.def-123\n');
    expect(endpoint.headers.Authorization).toBe('Bearer abc.def-123');
    expect(endpoint.url.href).not.toContain('abc.def');
  });

  it('refuses mistakes with a LeakScoreError saying what to do, without echoing secrets', () => {
    expect(() => resolveEndpoint('prom:9090')).toThrow(/must be an http:\/\/ or https:\/\/ URL/);
    expect(() => resolveEndpoint('not a url')).toThrow(/is not a URL; give the server's base URL/);
    expect(() => resolveEndpoint('http://u:p@prom', 'tok')).toThrow(/either credentials in the --prometheus URL or a bearer token/);
    expect(() => resolveEndpoint('http://prom', 'two words')).toThrow(/only the token/);
    expect(() => resolveEndpoint('http://prom', '  ')).toThrow(/token is empty/);
    try {
      resolveEndpoint('ftp://alice:hunter22@prom');
    } catch (error) {
      expect(String(error)).not.toContain('hunter22');
    }
  });
});
