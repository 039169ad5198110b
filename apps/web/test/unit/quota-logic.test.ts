import { describe, expect, it } from 'vitest';
import { limitSources, usedPercent } from '../../src/pages/subscriptions/SubscriptionQuotas.tsx';

/** The quota bars: how full each bar is (the numbers beside it stay the server's exact strings). */
describe('usedPercent', () => {
  it('is consumption over limit, capped at a full bar', () => {
    expect(usedPercent({ consumption: '5.5', limit: 10 })).toBe(55);
    expect(usedPercent({ consumption: '0', limit: 10 })).toBe(0);
    expect(usedPercent({ consumption: '30', limit: 20 })).toBe(100);
  });
  it('shows a zero limit full once anything is used, and untracked as no bar', () => {
    expect(usedPercent({ consumption: '0', limit: 0 })).toBe(0);
    expect(usedPercent({ consumption: '0.1', limit: 0 })).toBe(100);
    expect(usedPercent({ consumption: null, limit: 5 })).toBeNull();
  });
});

/** An effective limit made of several plans' quotas says where it comes from. */
describe('limitSources', () => {
  const from = (...limits: number[]) => ({
    contributions: limits.map((limit, i) => ({
      planId: `pln_${i}`,
      kind: i === 0 ? ('base' as const) : ('addon' as const),
      acquisitionId: i === 0 ? null : `acq-${i}`,
      quotaId: `quo_${i}`,
      quotaName: `Quota ${i}`,
      limit,
    })),
  });
  it('lists each plan’s share when more than one plan sets the property', () => {
    expect(limitSources(from(10, 5, 5))).toBe('10 + 5 + 5');
  });
  it('says nothing when one plan sets it', () => {
    expect(limitSources(from(10))).toBeNull();
  });
});
