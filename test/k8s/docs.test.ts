/**
 * docs/kubernetes.md lists every metric name src/k8s/ understands (issue
 * 17: "the README lists the metric names it understands"), so the two
 * cannot drift apart.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { knownMetricNames } from '../../src/k8s/metric-names.js';
import { SETTLE_SECONDS } from '../../src/k8s/restarts.js';

const doc = readFileSync('docs/kubernetes.md', 'utf8');

describe('docs/kubernetes.md', () => {
  it('names every metric understood', () => {
    for (const [role, names] of knownMetricNames()) {
      for (const name of names) expect(doc, `${role}: ${name}`).toContain(`\`${name}\``);
    }
  });

  it('states the settling time the code uses', () => {
    expect(doc).toContain(`Settling time: ${SETTLE_SECONDS / 60} minutes`);
  });

  it('is linked from the README', () => {
    expect(readFileSync('README.md', 'utf8')).toContain('docs/kubernetes.md');
  });
});
