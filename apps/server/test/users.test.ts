import { describe, expect, it } from 'vitest';
import { ok, type TestApp } from './support/app.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES } from './support/engines.ts';
import type { World } from './support/world.ts';

/**
 * The user list as the portal shows it (issue 10): each user's real state (invited, active,
 * disabled, locked out) computed by the server, its organisation's name in the same answer, and
 * filters by state, organisation, level and role that stay inside the caller's scope.
 */
describe.each(ALL_ENGINES)('user list and states [%s]', (engine) => {
  let t: TestApp;
  let w: World;
  const skip = useEngineWorld(engine, (app, world) => {
    t = app;
    w = world;
  });

  const HOUR = 3_600_000;
  const iso = (offset: number) => new Date(Date.now() + offset).toISOString();

  /** One tenant user per state, set in the database the way sign-in and the admin toggles leave it. */
  async function usersInEveryState() {
    const states = {
      invited: { activated_at: null },
      active: { activated_at: iso(-HOUR) },
      disabled: { activated_at: iso(-HOUR), disabled: 1, locked_out: 1, locked_until: null },
      locked_out: { activated_at: iso(-HOUR), locked_out: 1, locked_until: iso(HOUR) },
      // A lockout whose Lockout Duration has run out has ended without a write.
      lockout_over: { activated_at: iso(-HOUR), locked_out: 1, locked_until: iso(-1000) },
      // Locked until an administrator unlocks it (Lockout Duration 0), before ever activating.
      locked_invited: { locked_out: 1, locked_until: null },
    } as const;
    const ids: Record<string, string> = {};
    for (const [state, columns] of Object.entries(states)) {
      const created = ok(
        await w.A.people.tenant_admin.client.POST('/api/v1/users', {
          body: {
            firstName: 'State',
            lastName: state,
            email: `state.${state}.${engine}@example.test`,
            orgId: w.A.tenantId,
            role: 'reader',
          },
        }),
      );
      await t.app.db.kysely.updateTable('users').set(columns).where('id', '=', created.id).execute();
      ids[state] = created.id;
    }
    return ids;
  }

  it.skipIf(skip)('computes each state, filters by it, and names the organisation in the list', async () => {
    const ids = await usersInEveryState();
    const expected: Record<string, string[]> = {
      invited: [ids.invited!],
      active: [ids.active!, ids.lockout_over!],
      disabled: [ids.disabled!],
      locked_out: [ids.locked_out!, ids.locked_invited!],
    };
    const client = w.A.people.partner_admin.client;
    const all = ok(
      await client.GET('/api/v1/users', {
        params: { query: { orgId: w.A.tenantId, q: 'state.', limit: 100, includeTotal: 'true' } },
      }),
    );
    expect(all.total).toBe(6);
    for (const item of all.items) {
      expect(item.orgName).toBe('Alpha Tenant');
      const state = Object.entries(ids).find(([, id]) => id === item.id)![0];
      expect(expected[item.status], `${state} shows as ${item.status}`).toContain(item.id);
      expect(item.activatedAt === null, state).toBe(state === 'invited' || state === 'locked_invited');
    }
    for (const [status, want] of Object.entries(expected)) {
      const page = ok(
        await client.GET('/api/v1/users', {
          params: {
            query: {
              orgId: w.A.tenantId,
              q: 'state.',
              status: status as 'invited',
              limit: 100,
              includeTotal: 'true',
            },
          },
        }),
      );
      expect(page.items.map((u) => u.id).sort(), status).toEqual([...want].sort());
      expect(page.total, status).toBe(want.length);
    }
  });

  it.skipIf(skip)(
    'filters by level and role, and an organisation outside the scope lists nothing',
    async () => {
      const client = w.A.people.partner_admin.client;
      const tenants = ok(
        await client.GET('/api/v1/users', {
          params: { query: { level: 'tenant', role: 'admin', limit: 100 } },
        }),
      );
      expect(tenants.items.length).toBeGreaterThan(0);
      for (const user of tenants.items) expect(user).toMatchObject({ level: 'tenant', role: 'admin' });
      const partnerLevel = ok(
        await client.GET('/api/v1/users', { params: { query: { level: 'partner', limit: 100 } } }),
      );
      expect(partnerLevel.items.map((u) => u.id).sort()).toEqual(
        [w.A.people.partner_admin.userId, w.A.people.partner_reader.userId].sort(),
      );
      expect(partnerLevel.items.every((u) => u.orgName === 'Alpha Partner')).toBe(true);
      const outside = ok(
        await client.GET('/api/v1/users', {
          params: { query: { orgId: w.B.tenantId, includeTotal: 'true' } },
        }),
      );
      expect(outside).toMatchObject({ items: [], total: 0 });
      const one = ok(
        await client.GET('/api/v1/users/{id}', { params: { path: { id: w.A.people.tenant_reader.userId } } }),
      );
      expect(one).toMatchObject({ orgName: 'Alpha Tenant', status: 'invited', activationCodePending: false });
    },
  );

  it.skipIf(skip)('refuses an unknown state, level or organisation id as a bad query parameter', async () => {
    for (const query of ['status=asleep', 'level=galaxy', 'orgId=not an id']) {
      const refused = await t.inject({
        method: 'GET',
        url: `/api/v1/users?${query}`,
        headers: { authorization: `Bearer ${w.A.people.partner_admin.token}` },
      });
      expect(refused.statusCode, query).toBe(400);
      expect(refused.json().field, query).toBe(`query.${query.split('=')[0]}`);
    }
  });
});
