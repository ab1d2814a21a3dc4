import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor, redactUrl } from '../../src/prometheus/redact.js';

describe('redactUrl', () => {
  it('hides userinfo and credential-like query parameters', () => {
    expect(redactUrl('https://alice:s3cret@prom.example:9090/prometheus/')).toBe(
      `https://${REDACTED}@prom.example:9090/prometheus/`,
    );
    expect(redactUrl('http://prom:9090/?dedup=true&access_token=abc123')).toBe(
      `http://prom:9090/?dedup=true&access_token=${REDACTED}`,
    );
    expect(redactUrl('http://prom:9090/')).toBe('http://prom:9090/');
  });

  it('redacts text that is not a parseable URL as text', () => {
    expect(redactUrl('http://bob:pw@[bad')).toBe(`http://${REDACTED}@[bad`);
  });
});

describe('Redactor', () => {
  it('removes every known secret, URL-encoded too, and any userinfo', () => {
    const redactor = new Redactor(['p@ss word', 'tok-123456', undefined]);
    const text = 'failed http://u:x@host/ with p@ss word, p%40ss%20word and tok-123456';
    const out = redactor.redact(text);
    expect(out).not.toMatch(/p@ss word|p%40ss%20word|tok-123456|u:x@/);
    expect(out).toContain(`http://${REDACTED}@host/`);
  });

  it('leaves ordinary words alone for very short secrets', () => {
    expect(new Redactor(['a']).redact('a cat')).toBe('a cat');
  });
});
