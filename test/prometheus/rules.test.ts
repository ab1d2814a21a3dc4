import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeakScoreError } from '../../src/errors.js';
import { DEFAULT_OPTIONS, type AnalysisOptions } from '../../src/options.js';
import { buildRules, renderRules, ruleNames, type RulesInput } from '../../src/prometheus/rules.js';
import { promtool, shouldSkipPrometheus } from '../support/prometheus-server.js';

const HOUR: AnalysisOptions = { ...DEFAULT_OPTIONS, window: { kind: 'duration', seconds: 3600 } };
const SELECTOR = 'process_resident_memory_bytes{job="api"}';

function rule(input: RulesInput, name: string): { expr: string; for?: string } {
  const found = buildRules(input).file.groups[0]?.rules.find((one) => ('record' in one ? one.record : one.alert) === name);
  if (found === undefined) throw new Error(`no rule ${name}`);
  return found;
}

describe('renderRules', () => {
  it('prints the default rule file (snapshot)', () => {
    expect(renderRules({ selector: SELECTOR, options: HOUR })).toMatchSnapshot();
  });

  it('refuses a count window, saying only duration windows make sense in PromQL', () => {
    const attempt = (): string => renderRules({ selector: SELECTOR, options: DEFAULT_OPTIONS });
    expect(attempt).toThrow(LeakScoreError);
    expect(attempt).toThrow(
      '--window 120 is a sample count, but PromQL selects samples by time, so only duration windows make sense in rules; give --window 1h (120 samples at a 30 s scrape interval)',
    );
  });

  it('refuses a selector the rules cannot wrap in a range', () => {
    expect(() => renderRules({ selector: 'sum(process_resident_memory_bytes)', options: HOUR })).toThrow(/--selector .* is not a plain series selector/);
  });

  it('names recorded series after the prefix and the window', () => {
    expect(ruleNames(HOUR)).toEqual({
      slope: 'leak_score:slope_mib_per_hour:1h',
      r2: 'leak_score:r2:1h',
      samples: 'leak_score:samples:1h',
      score: 'leak_score:score:1h',
      leakAlert: 'MemoryLeakDetected',
      rssAlert: 'MemoryHigh',
    });
    expect(ruleNames({ window: { kind: 'duration', seconds: 5400 } }, 'team_a').score).toBe('team_a:score:1h30m');
    expect(() => ruleNames(HOUR, 'bad:prefix')).toThrow(/record prefix "bad:prefix" is not valid/);
  });

  it('takes every threshold, duration and curve from the options', () => {
    const options: AnalysisOptions = {
      ...HOUR,
      window: { kind: 'duration', seconds: 2700 },
      curve: 'linear',
      severeMiBPerHour: 80,
      minSamples: 20,
      leakThreshold: 0.65,
      leakForSeconds: 1800,
      rssThresholdBytes: 1_073_741_824,
      rssForSeconds: 0,
    };
    const input = { selector: SELECTOR, options };
    expect(rule(input, 'leak_score:score:45m').expr).toContain(`clamp_max(deriv(${SELECTOR}[45m]) * 3600 / 1048576 / 80, 1)`);
    expect(rule(input, 'leak_score:score:45m').expr).toContain(`and count_over_time(${SELECTOR}[45m]) >= 20`);
    expect(rule(input, 'MemoryLeakDetected')).toMatchObject({ expr: 'leak_score:score:45m > 0.65', for: '30m' });
    expect(rule(input, 'MemoryHigh')).toMatchObject({ expr: `${SELECTOR} > 1073741824`, for: '0s' });
  });

  it('writes the piecewise curve as a sum of two clamps', () => {
    const options = { ...HOUR, moderateMiBPerHour: 12, severeMiBPerHour: 36 };
    const expr = rule({ selector: 'm', options }, 'leak_score:score:1h').expr;
    expect(expr).toContain('0.5 * clamp(deriv(m[1h]) * 3600 / 1048576 / 12, 0, 1)');
    expect(expr).toContain('+ 0.5 * clamp((deriv(m[1h]) * 3600 / 1048576 - 12) / 24, 0, 1)');
  });

  it('sets the group interval, and notes a staleness the server must be told', () => {
    const text = renderRules({ selector: 'm', options: { ...HOUR, stalenessSeconds: 600 }, evaluationIntervalSeconds: 30 });
    expect(text).toContain('    interval: "30s"\n');
    expect(text).toContain('# Staleness 600s: in Prometheus that is the server flag --query.lookback-delta (default 5m); rules cannot set it.');
    expect(() => renderRules({ selector: 'm', options: HOUR, evaluationIntervalSeconds: 0 })).toThrow(/--evaluation-interval/);
  });
});

const skip = shouldSkipPrometheus();

describe.skipIf(skip)(`promtool check rules accepts the generated files${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'leak-score-rules-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const cases: Array<[string, RulesInput]> = [
    ['defaults, 1h', { selector: SELECTOR, options: HOUR }],
    [
      'linear curve, 45m, interval, for 0s',
      {
        selector: 'container_memory_rss{namespace="prod", pod=~"api-.*"}',
        options: { ...HOUR, window: { kind: 'duration', seconds: 2700 }, curve: 'linear', rssForSeconds: 0 },
        evaluationIntervalSeconds: 15,
      },
    ],
    [
      'quotes and backslashes in the selector, 1h30m, custom prefix',
      {
        selector: 'm{path=~"C:\\\\temp\\\\.*", note="say \\"hi\\"", raw=`a"b`}',
        options: { ...HOUR, window: { kind: 'duration', seconds: 5400 }, leakForSeconds: 90.5 },
        recordPrefix: 'leak_score_team',
      },
    ],
  ];

  for (const [name, input] of cases) {
    it(name, async () => {
      const file = join(dir, `${name.replace(/\W+/g, '-')}.yml`);
      await writeFile(file, renderRules(input));
      const { code, output } = await promtool(['check', 'rules', file]);
      expect(output).toContain('SUCCESS: 6 rules found');
      expect(code).toBe(0);
    });
  }
});
