/**
 * The robust flags: absent by default (the seed's numbers exactly), bundled
 * by --profile robust, and every mistake a LeakScoreError.
 */
import { describe, expect, it } from 'vitest';
import { LeakScoreError } from '../../../src/errors.js';
import { robustOptionsFromFlags } from '../../../src/analysis/robust/flags.js';
import { ROBUST_PROFILE } from '../../../src/analysis/robust/options.js';

describe('robustOptionsFromFlags', () => {
  it('is undefined with no robust flag, so a plain run is the seed', () => {
    expect(robustOptionsFromFlags({})).toBeUndefined();
    expect(robustOptionsFromFlags({ profile: 'seed', skip: '15m' })).toBeUndefined();
  });
  it('bundles the recommended settings under --profile robust', () => {
    expect(robustOptionsFromFlags({ profile: 'robust', skip: '0s' })).toEqual(ROBUST_PROFILE);
  });
  it('keeps a fixed --skip under the robust profile instead of finding the warm-up', () => {
    expect(robustOptionsFromFlags({ profile: 'robust', skip: '15m' })?.skipAuto).toBe(false);
  });
  it('turns on a robust opinion beside the seed for any robust flag', () => {
    const opinion = robustOptionsFromFlags({ skip: 'auto' });
    expect(opinion?.profile).toBe('seed');
    expect(opinion?.skipAuto).toBe(true);
    const floor = robustOptionsFromFlags({ baseline: 'floor', bucket: '5m', restarts: 'on', steps: 'off', trendAlpha: '0.01', minRate: '5' });
    expect(floor).toMatchObject({ baseline: 'floor', bucketSeconds: 300, restarts: true, steps: false, alpha: 0.01, minRateMiBPerHour: 5 });
  });
  it('takes the bucket width from the recording unless --bucket fixes it, and a --budget', () => {
    expect(robustOptionsFromFlags({ profile: 'robust' })?.bucketSeconds).toBeNull();
    expect(robustOptionsFromFlags({ profile: 'robust', bucket: 'auto' })?.bucketSeconds).toBeNull();
    expect(robustOptionsFromFlags({ profile: 'robust', bucket: '30s' })?.bucketSeconds).toBe(30);
    expect(robustOptionsFromFlags({ profile: 'robust' })?.budget).toMatchObject({ kind: 'rate', mibPerHour: 5 });
    expect(robustOptionsFromFlags({ budget: '2%/h' })).toMatchObject({ profile: 'seed', budget: { kind: 'share', percentPerHour: 2 } });
  });
  it.each([
    [{ budget: '5' }, /--budget "5"/],
    [{ profile: 'fast' }, /--profile "fast".*seed.*robust/],
    [{ baseline: 'median' }, /--baseline "median".*raw.*floor/],
    [{ bucket: '0s' }, /--bucket "0s"/],
    [{ restarts: 'yes' }, /--restarts "yes".*on or off/],
    [{ trendAlpha: '0' }, /--trend-alpha/],
    [{ minRate: '-1' }, /--min-rate/],
  ])('rejects %o', (flags, message) => {
    expect(() => robustOptionsFromFlags(flags)).toThrow(LeakScoreError);
    expect(() => robustOptionsFromFlags(flags)).toThrow(message);
  });
});
