import { describe, expect, it } from 'vitest';
import { systemContext } from '../src/context.ts';
import { transaction } from '../src/db/transaction.ts';
import { JobLeaseLost } from '../src/modules/jobs/errors.ts';
import { autoCreateMissingSubscriptions } from '../src/modules/subscriptions/subscription-links.service.ts';
import { regionUsageHealth } from '../src/modules/usage/usage-reads.service.ts';
import { ok, type TestApp } from './support/app.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES } from './support/engines.ts';
import { snapshotDatabase } from './support/snapshot.ts';
import {
  hours,
  insertMeter,
  insertRegion,
  insertRegionSubscription,
  insertUsage,
} from './support/usage-rows.ts';
import type { World } from './support/world.ts';

/**
 * Usage reads through the CMS subscription, unassigned usage, platform subscriptions, linking and
 * auto-creation, on every engine. Usage rows are written directly (keyed by region and Azure Stack
 * subscription, as the collection writes them); the region is in Europe/Berlin so local days and
 * UTC days differ by an hour.
 */

const ZONE = 'Europe/Berlin';
const SUB1 = 'aaaaaaaa-0000-4000-8000-000000000001';
const SUB2 = 'aaaaaaaa-0000-4000-8000-000000000002';
const SUB3 = 'aaaaaaaa-0000-4000-8000-000000000003';
const OPERATOR = 'aaaaaaaa-0000-4000-8000-0000000000ff';
const VM = '6dab500fa4fd49c4956d229bb9c8c793';
const INFO = 'b9ff3cd0a6b34af1b3c3c2d5cb8d8b8b';
const UNKNOWN = 'deadbeefdeadbeefdeadbeefdeadbeef';
/** SUB1's link: 11:00 Berlin on 5 March, so that local day is split. */
const SUB1_BILLABLE = '2024-03-05T10:00:00.000Z';

describe.each(ALL_ENGINES)('usage reads and links [%s]', (engine) => {
  let t: TestApp;
  let w: World;
  let regionId: string;

  // No job runs in this process: queued collections stay queued (this suite checks the requests).
  const skip = useEngineWorld(
    engine,
    (app, world) => {
      t = app;
      w = world;
    },
    { CMS_WORKER: 'false' },
  );

  const admin = () => w.platformAdmin.client;
  const usageOf = (client: World['platformAdmin']['client'], id: string, query: Record<string, string>) =>
    client.GET('/api/v1/subscriptions/{id}/usage', { params: { path: { id }, query: query as never } });

  it.skipIf(skip)('sets up a region with reported subscriptions, meters and usage', async () => {
    // The clock is real: the region's "today" is after March 2024.
    regionId = await insertRegion(t.app, { timeZone: ZONE });
    await insertRegionSubscription(t.app, regionId, SUB1, { displayName: 'Alpha VMs' });
    await insertRegionSubscription(t.app, regionId, SUB2, { displayName: 'Unlinked Co' });
    await insertRegionSubscription(t.app, regionId, SUB3, { displayName: 'Quiet Co', state: 'Deleted' });
    await insertRegionSubscription(t.app, regionId, OPERATOR, {
      displayName: 'Default Provider Subscription',
      operator: true,
    });
    await insertMeter(t.app, VM, { name: 'Base VM Size Hours', unit: 'Hours' });
    await insertMeter(t.app, INFO, { name: 'Capacity (informational)', unit: 'GB', informational: true });
    await insertUsage(t.app, regionId, ZONE, [
      ...hours(SUB1, VM, '2024-03-04T00:00:00Z', '2024-03-07T00:00:00Z', '1', 'Standard_D2_v2'),
      ...hours(SUB1, UNKNOWN, '2024-03-06T00:00:00Z', '2024-03-06T04:00:00Z', '0.5'),
      ...hours(SUB1, INFO, '2024-03-06T00:00:00Z', '2024-03-06T03:00:00Z', '2'),
      ...hours(SUB2, VM, '2024-03-01T00:00:00Z', '2024-03-02T00:00:00Z', '1.25', 'Standard_D2_v2'),
    ]);
    await t.app.db.kysely
      .updateTable('subscriptions')
      .set({
        region_id: regionId,
        azs_subscription_id: SUB1,
        azs_link_key: `${regionId}:${SUB1}`,
        billable_from: SUB1_BILLABLE,
        origin: 'linked',
      })
      .where('id', '=', w.A.subscriptionId)
      .execute();
  });

  it.skipIf(skip)(
    "reads a subscription's usage per local day from its billable-from instant on, with catalog names and flags",
    async () => {
      const usage = ok(await usageOf(admin(), w.A.subscriptionId, { from: '2024-03-01', to: '2024-03-31' }));
      expect(usage).toMatchObject({
        regionId,
        azsSubscriptionId: SUB1,
        timeZone: ZONE,
        billableFrom: SUB1_BILLABLE,
        from: '2024-03-01',
        to: '2024-03-31',
      });
      const rows = usage.items.map((i) => [i.day, i.meterId, i.sku, i.quantity, i.records]);
      // Local 5 March from 11:00 (10:00Z) to its end (23:00Z): 13 hours; 4 March is before the link.
      expect(rows).toEqual(
        [
          ['2024-03-05', VM, 'Standard_D2_v2', '13', 13],
          ['2024-03-06', VM, 'Standard_D2_v2', '24', 24],
          ['2024-03-06', INFO, null, '6', 3],
          ['2024-03-06', UNKNOWN, null, '2', 4],
          ['2024-03-07', VM, 'Standard_D2_v2', '1', 1],
        ].sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`)),
      );
      const unknown = usage.items.find((i) => i.meterId === UNKNOWN)!;
      expect(unknown).toMatchObject({ unknownMeter: true, meterName: null, informational: false });
      const info = usage.items.find((i) => i.meterId === INFO)!;
      expect(info).toMatchObject({
        unknownMeter: false,
        informational: true,
        meterName: 'Capacity (informational)',
      });
      const vm = usage.items.find((i) => i.meterId === VM)!;
      // The seeded catalog's name wins over the test's (insertMeter keeps a meter that exists).
      expect(vm).toMatchObject({ meterName: 'VM size hours', unit: 'VM-hours' });
    },
  );

  it.skipIf(skip)(
    'sums per meter over the range, and a range after the link starts at its first day',
    async () => {
      const byMeter = ok(
        await usageOf(admin(), w.A.subscriptionId, {
          from: '2024-03-01',
          to: '2024-03-31',
          groupBy: 'meter',
        }),
      );
      expect(byMeter.items.map((i) => [i.day, i.meterId, i.quantity])).toEqual(
        [
          [undefined, VM, '38'],
          [undefined, INFO, '6'],
          [undefined, UNKNOWN, '2'],
        ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
      );
      const lastDay = ok(
        await usageOf(admin(), w.A.subscriptionId, { from: '2024-03-07', to: '2024-03-07' }),
      );
      expect(lastDay.items.map((i) => i.quantity)).toEqual(['1']);
      const before = ok(await usageOf(admin(), w.A.subscriptionId, { from: '2024-03-01', to: '2024-03-04' }));
      expect(before.items).toEqual([]);
    },
  );

  it.skipIf(skip)('lets every role of the chain read it, and nobody outside (404)', async () => {
    for (const role of ['distributor_reader', 'partner_admin', 'tenant_reader'] as const) {
      const usage = ok(
        await usageOf(w.actor(role).client, w.A.subscriptionId, {
          groupBy: 'meter',
          from: '2024-03-01',
          to: '2024-03-31',
        }),
      );
      expect(usage.items).toHaveLength(3);
    }
    for (const person of [w.B.people.tenant_admin, w.B.people.distributor_admin]) {
      const refused = await usageOf(person.client, w.A.subscriptionId, {});
      expect(refused.response.status).toBe(404);
    }
  });

  it.skipIf(skip)('refuses a bad range naming the field', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ from: '2024-03-10', to: '2024-03-01' }, 'query.to'],
      [{ from: '2023-01-01', to: '2024-03-01' }, 'query.to'],
      [{ from: '2024-02-30' }, 'query.from'],
      [{ from: '2024-3-1' }, 'query.from'],
      [{ groupBy: 'hour' }, 'query.groupBy'],
    ];
    for (const [query, field] of cases) {
      const refused = await usageOf(admin(), w.A.subscriptionId, query);
      expect(refused.response.status, JSON.stringify(query)).toBe(400);
      expect((refused.error as { field: string }).field).toBe(field);
    }
  });

  it.skipIf(skip)('shows usage without a live link, and usage before a link, as unassigned', async () => {
    const unassigned = ok(
      await admin().GET('/api/v1/regions/{id}/unassigned-usage', { params: { path: { id: regionId } } }),
    );
    expect(unassigned.items).toEqual([
      {
        azsSubscriptionId: SUB1,
        displayName: 'Alpha VMs',
        isOperator: false,
        reason: 'before_billable_from',
        subscriptionId: w.A.subscriptionId,
        billableFrom: SUB1_BILLABLE,
        // Local 4 March (23 hours from 00:00Z) and 5 March before 11:00 (23:00Z on the 4th to 10:00Z).
        days: 2,
        records: 23 + 11,
        firstDay: '2024-03-04',
        lastDay: '2024-03-05',
      },
      {
        azsSubscriptionId: SUB2,
        displayName: 'Unlinked Co',
        isOperator: false,
        reason: 'unlinked',
        subscriptionId: null,
        billableFrom: null,
        days: 2,
        records: 24,
        firstDay: '2024-03-01',
        lastDay: '2024-03-02',
      },
    ]);
    const health = await regionUsageHealth(t.app, regionId);
    expect(health.unassignedSubscriptions).toBe(2);
    expect(health.recordsPerDay).toHaveLength(14);
    expect(health.recordsPerDay.at(-1)!.day > '2024-03-31').toBe(true);
  });

  it.skipIf(skip)(
    'lists the platform subscriptions (not in the CMS), operator ones marked and not linkable',
    async () => {
      const list = ok(
        await admin().GET('/api/v1/regions/{id}/platform-subscriptions', {
          params: { path: { id: regionId } },
        }),
      );
      expect(list.items.map((i) => [i.azsSubscriptionId, i.isOperator, i.linkable])).toEqual([
        [SUB2, false, true],
        [SUB3, false, true],
        [OPERATOR, true, false],
      ]);
      for (const path of [
        '/api/v1/regions/{id}/platform-subscriptions',
        '/api/v1/regions/{id}/unassigned-usage',
      ] as const) {
        const refused = await w
          .actor('distributor_admin')
          .client.GET(path, { params: { path: { id: regionId } } });
        expect(refused.response.status).toBe(404);
      }
    },
  );

  it.skipIf(skip)(
    'refuses to link an operator subscription, an unknown one, or one already linked',
    async () => {
      const before = await snapshotDatabase(t.app);
      const cases: [Record<string, string>, number, string][] = [
        [{ azsSubscriptionId: OPERATOR }, 422, 'body.azsSubscriptionId'],
        [{ azsSubscriptionId: 'aaaaaaaa-0000-4000-8000-00000000dead' }, 422, 'body.azsSubscriptionId'],
        [{ azsSubscriptionId: 'not-a-guid' }, 400, 'body.azsSubscriptionId'],
        [{ azsSubscriptionId: SUB1 }, 409, 'body.azsSubscriptionId'],
        [{ azsSubscriptionId: SUB1.toUpperCase() }, 409, 'body.azsSubscriptionId'],
        [{ tenantId: 'ten_7zzzzzzzzzzzzzzzzzzzzzzzzz' }, 404, 'body.tenantId'],
        [{ billableFrom: '2024-03-01' }, 400, 'body.billableFrom'],
      ];
      for (const [change, status, field] of cases) {
        const refused = await admin().POST('/api/v1/regions/{regionId}/subscription-links', {
          params: { path: { regionId } },
          body: { azsSubscriptionId: SUB2, tenantId: w.A.tenantId, ...change },
        });
        expect(refused.response.status, JSON.stringify(change)).toBe(status);
        expect((refused.error as { field: string }).field, JSON.stringify(change)).toBe(field);
      }
      const partner = await w
        .actor('partner_admin')
        .client.POST('/api/v1/regions/{regionId}/subscription-links', {
          params: { path: { regionId } },
          body: { azsSubscriptionId: SUB2, tenantId: w.A.tenantId },
        });
      expect(partner.response.status).toBe(404);
      const unknownRegion = await admin().POST('/api/v1/regions/{regionId}/subscription-links', {
        params: { path: { regionId: 'reg_7zzzzzzzzzzzzzzzzzzzzzzzzz' } },
        body: { azsSubscriptionId: SUB2, tenantId: w.A.tenantId },
      });
      expect(unknownRegion.response.status).toBe(404);
      expect(await snapshotDatabase(t.app)).toBe(before);
    },
  );

  it.skipIf(skip)(
    'links an unassigned subscription: only usage from billableFrom is its, the rest stays unassigned',
    async () => {
      // Noon in Berlin on 1 March: 11:00Z.
      const linked = ok(
        await admin().POST('/api/v1/regions/{regionId}/subscription-links', {
          params: { path: { regionId } },
          body: {
            azsSubscriptionId: SUB2.toUpperCase(),
            tenantId: w.A.tenantId,
            billableFrom: '2024-03-01T12:00:00+01:00',
          },
        }),
      );
      expect(linked).toMatchObject({
        tenantId: w.A.tenantId,
        name: 'Unlinked Co',
        regionId,
        azsSubscriptionId: SUB2,
        billableFrom: '2024-03-01T11:00:00.000Z',
        origin: 'linked',
      });
      const usage = ok(await usageOf(admin(), linked.id, { from: '2024-03-01', to: '2024-03-31' }));
      expect(usage.items.map((i) => [i.day, i.quantity, i.records])).toEqual([
        ['2024-03-01', '15', 12],
        ['2024-03-02', '1.25', 1],
      ]);
      const unassigned = ok(
        await admin().GET('/api/v1/regions/{id}/unassigned-usage', { params: { path: { id: regionId } } }),
      );
      expect(unassigned.items.find((i) => i.azsSubscriptionId === SUB2)).toMatchObject({
        reason: 'before_billable_from',
        subscriptionId: linked.id,
        days: 1,
        records: 11,
        firstDay: '2024-03-01',
        lastDay: '2024-03-01',
      });
      const audit = ok(
        await admin().GET('/api/v1/audit-events', { params: { query: { targetId: linked.id } } }),
      );
      expect(audit.items.map((e) => e.action)).toEqual(['subscription.link']);
      expect(audit.items[0]!.after).toMatchObject({
        billable_from: '2024-03-01T11:00:00.000Z',
        origin: 'linked',
      });
      // A tenant administrator reads it like any other of its subscriptions.
      const own = ok(
        await usageOf(w.actor('tenant_admin').client, linked.id, { from: '2024-03-01', to: '2024-03-31' }),
      );
      expect(own.items).toHaveLength(2);
    },
  );

  it.skipIf(skip)(
    'Update Usage queues one job per range (the same range again answers it) and refuses bad ranges naming the field',
    async () => {
      const post = (client: World['platformAdmin']['client'], fromDate: string, toDate: string) =>
        client.POST('/api/v1/subscriptions/{id}/usage-collections', {
          params: { path: { id: w.A.subscriptionId } },
          body: { fromDate, toDate },
        });
      const first = ok(await post(w.actor('partner_admin').client, '2024-03-01', '2024-03-02'));
      // Berlin's 1 March starts at 23:00Z the day before; 2 March ends at 23:00Z.
      expect(first).toMatchObject({
        created: true,
        from: '2024-02-29T23:00:00.000Z',
        to: '2024-03-02T23:00:00.000Z',
      });
      const again = ok(await post(admin(), '2024-03-01', '2024-03-02'));
      expect(again).toMatchObject({ id: first.id, created: false });
      const jobRow = ok(await admin().GET('/api/v1/jobs/{id}', { params: { path: { id: first.id } } }));
      expect(jobRow).toMatchObject({
        type: 'usage.collect',
        subscriptionId: w.A.subscriptionId,
        regionId,
        payload: { regionId, mode: 'manual', subscriptionId: w.A.subscriptionId },
      });
      // The tenant's own people see the job of its subscription, a sibling tenant does not.
      expect(
        (
          await w
            .actor('tenant_reader')
            .client.GET('/api/v1/jobs/{id}', { params: { path: { id: first.id } } })
        ).response.status,
      ).toBe(200);
      expect(
        (
          await w.B.people.tenant_admin.client.GET('/api/v1/jobs/{id}', {
            params: { path: { id: first.id } },
          })
        ).response.status,
      ).toBe(404);
      expect((await post(w.actor('tenant_admin').client, '2024-03-01', '2024-03-02')).response.status).toBe(
        403,
      );
      const before = await snapshotDatabase(t.app);
      const cases: [string, string, string][] = [
        ['2024-03-05', '2024-03-01', 'body.toDate'],
        ['2024-01-01', '2024-06-01', 'body.toDate'],
        ['2024-03-01', '2999-01-01', 'body.toDate'],
        ['2024-13-01', '2024-03-01', 'body.fromDate'],
      ];
      for (const [fromDate, toDate, field] of cases) {
        const refused = await admin().POST('/api/v1/regions/{id}/usage-collections', {
          params: { path: { id: regionId } },
          body: { fromDate, toDate },
        });
        expect(refused.response.status, `${fromDate} ${toDate}`).toBe(400);
        expect((refused.error as { field: string }).field).toBe(field);
      }
      const importSource = await insertRegion(t.app, { kind: 'import' });
      const noStamp = await admin().POST('/api/v1/regions/{id}/usage-collections', {
        params: { path: { id: importSource } },
        body: { fromDate: '2024-03-01', toDate: '2024-03-01' },
      });
      expect(noStamp.response.status).toBe(422);
      const unplaced = await admin().POST('/api/v1/subscriptions/{id}/usage-collections', {
        params: { path: { id: w.B.subscriptionId } },
        body: { fromDate: '2024-03-01', toDate: '2024-03-01' },
      });
      expect(unplaced.response.status).toBe(422);
      await t.app.db.kysely.deleteFrom('regions').where('id', '=', importSource).execute();
      expect(await snapshotDatabase(t.app)).toBe(before);
    },
  );

  it.skipIf(skip)('checks that the auto-creation tenant exists when the setting is saved', async () => {
    const before = await snapshotDatabase(t.app);
    const refused = await admin().PATCH('/api/v1/settings', {
      body: {
        values: {
          'subscriptions.autoCreateMissing': true,
          'subscriptions.autoCreateTenantId': 'ten_7zzzzzzzzzzzzzzzzzzzzzzzzz',
        },
      },
    });
    expect(refused.response.status).toBe(400);
    expect((refused.error as { field: string }).field).toBe('body.values.subscriptions.autoCreateTenantId');
    expect(await snapshotDatabase(t.app)).toBe(before);
    const notTenant = await admin().PATCH('/api/v1/settings', {
      body: { values: { 'subscriptions.autoCreateTenantId': w.A.partnerId } },
    });
    expect(notTenant.response.status).toBe(400);
  });

  it.skipIf(skip)(
    'auto-creates every missing non-operator subscription once, even when two runs race',
    async () => {
      const off = await autoCreateMissingSubscriptions(systemContext(t.app), regionId);
      expect(off).toEqual({ status: 'off' });
      ok(
        await admin().PATCH('/api/v1/settings', {
          body: {
            values: {
              'subscriptions.autoCreateMissing': true,
              'subscriptions.autoCreateTenantId': w.B.tenantId,
            },
          },
        }),
      );
      // A job passes its fenced transaction: a worker that lost its lease creates nothing.
      const lost = new JobLeaseLost('job_x');
      await expect(
        autoCreateMissingSubscriptions(systemContext(t.app), regionId, (work) =>
          transaction(t.app.db, async (trx) => {
            await work(trx);
            throw lost;
          }),
        ),
      ).rejects.toBe(lost);
      const runs = await Promise.all([
        autoCreateMissingSubscriptions(systemContext(t.app), regionId),
        autoCreateMissingSubscriptions(systemContext(t.app), regionId),
      ]);
      const created = runs.flatMap((r) => (r.status === 'done' ? r.created : []));
      expect(created).toHaveLength(1);
      const rows = await t.app.db.kysely
        .selectFrom('subscriptions')
        .select(['id', 'tenant_id', 'azs_subscription_id', 'origin', 'billable_from', 'created_at', 'name'])
        .where('region_id', '=', regionId)
        .where('deleted_at', 'is', null)
        .execute();
      expect(rows.map((r) => r.azs_subscription_id).sort()).toEqual([SUB1, SUB2, SUB3]);
      const auto = rows.find((r) => r.azs_subscription_id === SUB3)!;
      expect(auto).toMatchObject({
        id: created[0],
        tenant_id: w.B.tenantId,
        origin: 'auto_created',
        name: 'Quiet Co',
      });
      expect(auto.billable_from).toBe(auto.created_at);
      const again = await autoCreateMissingSubscriptions(systemContext(t.app), regionId);
      expect(again).toEqual({ status: 'done', created: [] });
      const list = ok(
        await admin().GET('/api/v1/regions/{id}/platform-subscriptions', {
          params: { path: { id: regionId } },
        }),
      );
      expect(list.items.map((i) => i.azsSubscriptionId)).toEqual([OPERATOR]);
      // Branch B's tenant sees it; branch A's does not.
      const own = await w.B.people.tenant_reader.client.GET('/api/v1/subscriptions/{id}', {
        params: { path: { id: auto.id } },
      });
      expect(own.response.status).toBe(200);
      const other = await w.A.people.tenant_reader.client.GET('/api/v1/subscriptions/{id}', {
        params: { path: { id: auto.id } },
      });
      expect(other.response.status).toBe(404);
    },
  );

  it.skipIf(skip)('frees the Azure Stack subscription when its CMS subscription is deleted', async () => {
    const sub3 = await t.app.db.kysely
      .selectFrom('subscriptions')
      .select('id')
      .where('azs_subscription_id', '=', SUB3)
      .executeTakeFirstOrThrow();
    const removed = await admin().DELETE('/api/v1/subscriptions/{id}', { params: { path: { id: sub3.id } } });
    expect(removed.response.status).toBe(204);
    ok(
      await admin().PATCH('/api/v1/settings', {
        body: { values: { 'subscriptions.autoCreateMissing': false } },
      }),
    );
    const list = ok(
      await admin().GET('/api/v1/regions/{id}/platform-subscriptions', {
        params: { path: { id: regionId } },
      }),
    );
    expect(list.items.map((i) => i.azsSubscriptionId)).toEqual([SUB3, OPERATOR]);
  });
});
