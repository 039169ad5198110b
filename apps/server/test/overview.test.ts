import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RoleKey, systemContext } from '../src/context.ts';
import { transaction } from '../src/db/transaction.ts';
import { raiseAlert } from '../src/modules/alerts/alerts.service.ts';
import { ROLE_KEYS } from '../src/policy/route-policy.ts';
import { ok, startTestApp, type TestApp } from './support/app.ts';
import { ALL_ENGINES, availableEngines, createTestDatabase, type TestDatabase } from './support/engines.ts';
import { buildWorld, type World } from './support/world.ts';

/** Home's figures (GET /api/v1/overview): the totals the lists give each role, in one answer. */
describe.each(ALL_ENGINES)('overview [%s]', (engine) => {
  if (!availableEngines().includes(engine)) {
    it.skip(`needs ${engine} (not reachable: see the warning at the start of the run)`, () => {});
    return;
  }
  let db: TestDatabase;
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    t = await startTestApp(db.url);
    w = await buildWorld(t);
    // A critical alert about branch A's subscription, and a platform-only one.
    for (const [key, subject] of [
      ['subscription', { subscriptionId: w.A.subscriptionId }],
      ['system', {}],
    ] as const) {
      await transaction(t.app.db, (trx) =>
        raiseAlert(trx, systemContext(t.app), {
          kind: 'overview.probe',
          key,
          severity: 'critical',
          title: 'Probe',
          message: 'For the overview figures.',
          ...subject,
        }),
      );
    }
    // One subscription of branch A suspended, so the statuses differ.
    ok(
      await w.platformAdmin.client.PATCH('/api/v1/subscriptions/{id}', {
        params: { path: { id: w.A.subscriptionId } },
        body: { status: 'suspended' },
      }),
    );
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  it.each(ROLE_KEYS)(
    '%s: each count is what the list totals for it, null where it may not list',
    async (role) => {
      const client = w.actor(role as RoleKey, 'A').client;
      const figures = ok(await client.GET('/api/v1/overview'));
      const total = async (
        path:
          | '/api/v1/distributors'
          | '/api/v1/partners'
          | '/api/v1/tenants'
          | '/api/v1/subscriptions'
          | '/api/v1/users',
      ) => {
        const answer = await client.GET(path, { params: { query: { limit: 1, includeTotal: 'true' } } });
        return answer.response.status === 200 ? (answer.data!.total ?? 0) : null;
      };
      expect(figures.counts).toEqual({
        distributors: await total('/api/v1/distributors'),
        partners: await total('/api/v1/partners'),
        tenants: await total('/api/v1/tenants'),
        subscriptions: await total('/api/v1/subscriptions'),
        users: await total('/api/v1/users'),
      });
      expect(figures.counts.subscriptions).toBeGreaterThan(0);
      const byStatus = async (status: 'active' | 'suspended' | 'cancelled') =>
        ok(
          await client.GET('/api/v1/subscriptions', {
            params: { query: { limit: 1, includeTotal: 'true', status } },
          }),
        ).total;
      expect(figures.subscriptionsByStatus).toEqual({
        active: await byStatus('active'),
        suspended: await byStatus('suspended'),
        cancelled: await byStatus('cancelled'),
      });
      expect(figures.subscriptionsByStatus!.suspended).toBe(1);
      if (role.startsWith('tenant_')) expect(figures.counts.distributors).toBeNull();
      expect(figures.alerts!.openCritical).toBe(role.startsWith('platform_') ? 2 : 1);
      const alerts = ok(await client.GET('/api/v1/alerts/summary'));
      expect(figures.alerts).toEqual({
        open: alerts.open.total,
        acknowledged: alerts.acknowledged.total,
        openCritical: alerts.open.critical,
      });
    },
  );
});
