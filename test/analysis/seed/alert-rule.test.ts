import { describe, expect, it } from 'vitest';
import { AlertRule } from '../../../src/analysis/seed/alert-rule.js';

function run(forSeconds: number, staleness: number, steps: Array<[number, boolean]>): AlertRule {
  const rule = new AlertRule('MemoryHigh', forSeconds, staleness);
  for (const [time, holds] of steps) rule.evaluate(time, holds);
  return rule;
}

describe('AlertRule (SPEC §4)', () => {
  it('goes pending, then fires once t − activeAt ≥ for (equal fires)', () => {
    const rule = run(60, 300, [
      [0, false],
      [30, true],
      [60, true],
      [90, true],
    ]);
    expect(rule.episodes).toEqual([{ name: 'MemoryHigh', activeAt: 30, firedAt: 90, resolvedAt: null }]);
    expect(rule.firing).toBe(true);
  });

  it('fires at once when for = 0', () => {
    const rule = run(0, 300, [[10, true]]);
    expect(rule.episodes[0]?.firedAt).toBe(10);
  });

  it('resolves a firing alert at the first sample where the condition fails', () => {
    const rule = run(0, 300, [
      [0, true],
      [30, true],
      [60, false],
    ]);
    expect(rule.episodes).toEqual([{ name: 'MemoryHigh', activeAt: 0, firedAt: 0, resolvedAt: 60 }]);
    expect(rule.everFired).toBe(true);
  });

  it('keeps a pending-only episode that never fired', () => {
    const rule = run(600, 300, [
      [0, true],
      [30, false],
    ]);
    expect(rule.episodes).toEqual([{ name: 'MemoryHigh', activeAt: 0, firedAt: null, resolvedAt: 30 }]);
    expect(rule.everFired).toBe(false);
  });

  it('a gap beyond staleness resolves at t_{i−1} + staleness and starts afresh', () => {
    const rule = run(60, 300, [
      [0, true],
      [60, true],
      [1000, true],
      [1060, true],
    ]);
    expect(rule.episodes).toEqual([
      { name: 'MemoryHigh', activeAt: 0, firedAt: 60, resolvedAt: 360 },
      { name: 'MemoryHigh', activeAt: 1000, firedAt: 1060, resolvedAt: null },
    ]);
  });

  it('a gap equal to staleness is not stale', () => {
    const rule = run(300, 300, [
      [0, true],
      [300, true],
    ]);
    expect(rule.episodes).toEqual([{ name: 'MemoryHigh', activeAt: 0, firedAt: 300, resolvedAt: null }]);
  });
});
