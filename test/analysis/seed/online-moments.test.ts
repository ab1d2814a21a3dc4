import { describe, expect, it } from 'vitest';
import { OnlineMoments } from '../../../src/analysis/seed/online-moments.js';
import { exactFit } from '../../exact-fit.js';

describe('OnlineMoments (whole-series fit in bounded memory)', () => {
  it('matches the exact fit across many blocks of epoch times and GiB values', () => {
    const times: number[] = [];
    const bytes: number[] = [];
    const moments = new OnlineMoments();
    for (let i = 0; i < 50_000; i++) {
      const t = 1_700_000_000.125 + 15 * i + (i % 3) * 0.001;
      const v = 12 * 1024 ** 3 + 37 * i + ((i * 7919) % 104729);
      times.push(t);
      bytes.push(v);
      moments.push(t, v);
    }
    const { fit, meanTime } = moments.result();
    const want = exactFit(times, bytes) as { slopeMiBPerHour: number; r2: number };
    expect(Math.abs((fit.slopeMiBPerSecond as number) * 3600 - want.slopeMiBPerHour) / want.slopeMiBPerHour).toBeLessThan(1e-11);
    expect(Math.abs((fit.r2 as number) - want.r2) / want.r2).toBeLessThan(1e-11);
    expect(meanTime).toBeCloseTo(1_700_000_000.125 + 15 * 24999.5 + 0.001, 4);
    expect(moments.count).toBe(50_000);
  });

  it('a constant series has slope 0 and R² 0', () => {
    const moments = new OnlineMoments();
    for (let i = 0; i < 5000; i++) moments.push(i, 3 * 1024 ** 3);
    const { fit } = moments.result();
    expect(fit.slopeMiBPerSecond).toBe(0);
    expect(fit.r2).toBe(0);
  });
});
