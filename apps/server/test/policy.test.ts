import { describe, expect, it } from 'vitest';
import type { Actor, PublicContext } from '../src/context.ts';
import { authorizeRoute, authorizeTarget, routePolicy } from '../src/policy/policy.ts';

describe('the policy lookup', () => {
  it('refuses to build a route that has no entry in the policy table', () => {
    expect(() => routePolicy('no.suchRoute')).toThrow(/no\.suchRoute has no entry in ROUTE_POLICY/);
  });

  it("answers a route's entry", () => {
    expect(routePolicy('health.live')).toBe('public');
    expect(routePolicy('auth.me')).toBe('self');
  });
});

describe('authorizing a request', () => {
  const noSettings = async () => {
    throw new Error('no setting is read for this rule');
  };
  const caller = (roleKey: string) => ({ actor: { roleKey } as unknown as Actor }) as PublicContext;

  it("passes the caller's own routes to their handler for every role", async () => {
    for (const role of ['platform_admin', 'tenant_reader'])
      await expect(authorizeRoute(caller(role), 'auth.me', noSettings)).resolves.toBe('self');
  });

  it('denies a role the table does not name, rather than letting it through', async () => {
    await expect(authorizeRoute(caller('auditor'), 'distributors.get', noSettings)).rejects.toMatchObject({
      status: 403,
    });
  });

  it('hides a hidden target even when the caller could see it, without asking', async () => {
    await expect(authorizeTarget('hidden', async () => true)).rejects.toMatchObject({ status: 404 });
  });

  it('answers 404 for a forbidden target the caller cannot see, 403 for one it can', async () => {
    await expect(authorizeTarget('forbidden', async () => false)).rejects.toMatchObject({ status: 404 });
    await expect(authorizeTarget('forbidden', async () => true)).rejects.toMatchObject({ status: 403 });
    await expect(authorizeTarget('allow', async () => false)).resolves.toBeUndefined();
  });
});
