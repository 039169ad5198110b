import { describe, expect, it } from 'vitest';
import { routePolicy } from '../src/policy/policy.ts';

describe('the policy lookup', () => {
  it('refuses to build a route that has no entry in the policy table', () => {
    expect(() => routePolicy('no.suchRoute')).toThrow(/no\.suchRoute has no entry in ROUTE_POLICY/);
  });

  it("answers a route's entry", () => {
    expect(routePolicy('health.live')).toBe('public');
    expect(routePolicy('auth.me')).toBe('self');
  });
});
