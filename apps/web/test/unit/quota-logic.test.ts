import { describe, expect, it } from 'vitest';
import { usedPercent } from '../../src/pages/subscriptions/SubscriptionQuotas.tsx';

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
