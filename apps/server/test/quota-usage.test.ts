import { describe, expect, it } from 'vitest';
import { systemContext } from '../src/context.ts';
import { newId } from '../src/db/ids.ts';
import { evaluateQuotaAlerts, QUOTA_ALERT_KIND } from '../src/modules/quota-usage/quota-alerts.service.ts';
import { DISK_SIZE_METERS_NOT_COUNTED } from '../src/modules/quota-usage/quota-meters.ts';
import { ok, type TestApp } from './support/app.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES } from './support/engines.ts';
import { insertPlanRow } from './support/offer-rows.ts';
import { snapshotDatabase } from './support/snapshot.ts';
import { type HourlyUsage, insertRegion, insertUsage } from './support/usage-rows.ts';
import type { World } from './support/world.ts';

/**
 * Quotas versus consumption (GET /subscriptions/{id}/quotas) and quota threshold alerts, on every
 * engine. Plans, quotas and the offer are written as a sync stores them; usage rows as the
 * collection stores them (month-fraction disk meters already in hours), around the real clock's
 * last complete hour.
 */

const AZS = 'cccccccc-0000-4000-8000-000000000001';
const HOUR = 3_600_000;
const m = (specId: string) => specId.replace(/-/g, '').toLowerCase();
const METER = {
  baseVcpu: m('FAB6EB84-500B-4A09-A8CA-7358F8BBAEA5'),
  windowsVcpu: m('9CD92D4C-BAFD-4492-B278-BEDC2DE8232A'),
  vmHours: m('6DAB500F-A4FD-49C4-956D-229BB9C8C793'),
  s10: m('d5f7731b-f639-404a-89d0-e46186e22c8d'),
  s4Hourly: m('5d76e09f-4567-452a-94cc-7d1f097761f0'),
  stdSnapshot: m('108fa95b-be0d-4cd9-96e8-5b0d59505df1'),
  // Deprecated bytes × hours (§5.5): the snapshot one counts, the disk size one does not.
  stdSnapshotBytes: m('89009682-df7f-44fe-aeb1-63fba3ddbf4c'),
  stdDiskBytes: m('8a409390-1913-40ae-917b-08d0f16f3c38'),
  stdDiskGbMonth: m('7ba084ec-ef9c-4d64-a179-7732c6cb5e28'),
  blockBlob: m('09F8879E-87E9-4305-A572-4B7BE209F857'),
  pageBlob: m('B5C15376-6C94-4FDD-B655-1A69D138ACA3'),
  table: m('B4438D5D-453B-4EE1-B42A-DC72E377F1E4'),
  blobTransactions: m('43DAF82B-4618-444A-B994-40C23F7CD438'),
  staticIp: m('F271A8A388C44D93956A063E1D2FA80B'),
  dynamicIp: m('9E2739BA86744796B465F64674B822BA'),
};
const uri = (rg: string, type: string, name: string) =>
  `/subscriptions/${AZS}/resourceGroups/${rg}/providers/${type}/${name}`;

describe.each(ALL_ENGINES)('quotas versus consumption [%s]', (engine) => {
  let t: TestApp;
  let w: World;
  let regionId = '';
  let basePlanId = '';
  let addonPlanId = '';
  const quotaIds = { compute: '', storage: '', network: '' };
  const lastHour = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR).toISOString();

  const skip = useEngineWorld(
    engine,
    (app, world) => {
      t = app;
      w = world;
    },
    { CMS_WORKER: 'false' },
  );

  const quotasOf = (who: World['platformAdmin'], id: string) =>
    who.client.GET('/api/v1/subscriptions/{id}/quotas', { params: { path: { id } } });

  async function insertQuota(provider: string, name: string, limits: Record<string, number>) {
    const id = newId('quo');
    await t.app.db.kysely
      .insertInto('quotas')
      .values({
        id,
        region_id: regionId,
        provider,
        location: 'local',
        name,
        arm_key: `${provider}/local/${name}`.toLowerCase(),
        limits: JSON.stringify(limits),
        synced_at: lastHour,
        region_deleted_at: null,
        created_at: lastHour,
        updated_at: lastHour,
      })
      .execute();
    return id;
  }
  const quotaArmId = (provider: string, name: string) =>
    `/subscriptions/${AZS}/providers/${provider}/locations/local/quotas/${name}`;
  const setLimits = (id: string, limits: Record<string, number>) =>
    t.app.db.kysely
      .updateTable('quotas')
      .set({ limits: JSON.stringify(limits) })
      .where('id', '=', id)
      .execute();

  it.skipIf(skip)('sets up an offer with a base and an add-on plan, quotas and usage', async () => {
    regionId = await insertRegion(t.app);
    quotaIds.compute = await insertQuota('Microsoft.Compute.Admin', 'Default Quota', {
      coresLimit: 10,
      virtualMachineCount: 4,
      maxAllocationStandardManagedDisksAndSnapshots: 256,
      maxAllocationPremiumManagedDisksAndSnapshots: 0,
      availabilitySetCount: 5,
    });
    quotaIds.storage = await insertQuota('Microsoft.Storage.Admin', 'Default Quota', {
      capacityInGb: 100,
      numberOfStorageAccounts: 2,
    });
    quotaIds.network = await insertQuota('Microsoft.Network.Admin', 'Small', {
      maxPublicIpsPerSubscription: 2,
      maxVnetsPerSubscription: 5,
    });
    basePlanId = await insertPlanRow(t.app, regionId, {
      name: 'base',
      display_name: 'Base',
      quota_ids: JSON.stringify([
        quotaArmId('Microsoft.Compute.Admin', 'Default Quota'),
        quotaArmId('Microsoft.Storage.Admin', 'Default Quota'),
      ]),
    });
    addonPlanId = await insertPlanRow(t.app, regionId, {
      name: 'more-ips',
      display_name: 'More IPs',
      quota_ids: JSON.stringify([quotaArmId('Microsoft.Network.Admin', 'Small')]),
    });
    const offerId = newId('off');
    const db = t.app.db.kysely;
    await db
      .insertInto('offers')
      .values({
        id: offerId,
        region_id: regionId,
        resource_group: 'rg',
        name: 'gold',
        arm_key: 'rg/gold',
        display_name: 'Gold',
        description: null,
        region_state: 'Public',
        publication: 'public',
        visibility: 'all',
        max_subscriptions_per_account: 0,
        subscription_count: 0,
        synced_at: lastHour,
        region_deleted_at: null,
        created_at: lastHour,
        updated_at: lastHour,
      })
      .execute();
    await db
      .insertInto('offer_plans')
      .values([
        { offer_id: offerId, plan_id: basePlanId, link_type: 'base', max_acquisition_count: null },
        { offer_id: offerId, plan_id: addonPlanId, link_type: 'addon', max_acquisition_count: 1 },
      ])
      .execute();
    await db
      .updateTable('subscriptions')
      .set({
        region_id: regionId,
        azs_subscription_id: AZS,
        azs_link_key: `${regionId}:${AZS}`,
        offer_id: offerId,
        provisioning_state: 'provisioned',
        billable_from: '2024-01-01T00:00:00.000Z',
      })
      .where('id', '=', w.A.subscriptionId)
      .execute();
    await db
      .insertInto('subscription_plans')
      .values({
        subscription_id: w.A.subscriptionId,
        plan_id: addonPlanId,
        acquisition_id: 'eeeeeeee-0000-4000-8000-000000000001',
        state: 'provisioned',
        acquired_at: lastHour,
        removed_at: null,
      })
      .execute();

    const at = (hour: string, meterId: string, resource: string, quantity: string): HourlyUsage => ({
      azsSubscriptionId: AZS,
      meterId,
      hour,
      quantity,
      resource,
    });
    const vm1 = uri('vms', 'Microsoft.Compute/virtualMachines', 'vm1');
    const vm2 = uri('vms', 'Microsoft.Compute/virtualMachines', 'vm2');
    const sa1 = uri('data', 'Microsoft.Storage/storageAccounts', 'sa1');
    const sa2 = uri('data', 'Microsoft.Storage/storageAccounts', 'sa2');
    const earlier = new Date(Date.parse(lastHour) - HOUR).toISOString();
    const current = new Date(Date.parse(lastHour) + HOUR).toISOString();
    await insertUsage(t.app, regionId, 'UTC', [
      // An earlier hour: busier, not measured.
      at(earlier, METER.baseVcpu, vm1, '9'),
      at(earlier, METER.vmHours, vm1, '1'),
      // The last complete hour.
      at(lastHour, METER.baseVcpu, vm1, '2'),
      at(lastHour, METER.vmHours, vm1, '1'),
      at(lastHour, METER.windowsVcpu, vm2, '3.5'),
      at(lastHour, METER.vmHours, vm2, '0.875'),
      at(lastHour, METER.s10, uri('vms', 'Microsoft.Compute/disks', 'd1'), '1'),
      at(lastHour, METER.s4Hourly, uri('vms', 'Microsoft.Compute/disks', 'd2'), '1'),
      at(lastHour, METER.stdSnapshot, uri('vms', 'Microsoft.Compute/snapshots', 's1'), '10.5'),
      // An old stamp's snapshot: 5 GiB and one byte held all hour.
      at(lastHour, METER.stdSnapshotBytes, uri('vms', 'Microsoft.Compute/snapshots', 's2'), '5368709121'),
      // The actual on-disk size of d1 (already counted at its S10 tier): not counted again.
      at(lastHour, METER.stdDiskBytes, uri('vms', 'Microsoft.Compute/disks', 'd1'), '53687091200'),
      at(lastHour, METER.stdDiskGbMonth, uri('vms', 'Microsoft.Compute/disks', 'd1'), '50'),
      at(lastHour, METER.blockBlob, sa1, '40.25'),
      at(lastHour, METER.pageBlob, sa1, '9.75'),
      at(lastHour, METER.table, sa2, '0.5'),
      at(
        lastHour,
        METER.blobTransactions,
        `${sa2.replace('resourceGroups', 'resourcegroups')}/blobServices/default`,
        '3',
      ),
      at(lastHour, METER.staticIp, uri('net', 'Microsoft.Network/publicIPAddresses', 'ip1'), '1'),
      at(lastHour, METER.dynamicIp, uri('net', 'Microsoft.Network/publicIPAddresses', 'ip2'), '1'),
      // The current hour has not ended: not measured.
      at(current, METER.baseVcpu, vm1, '50'),
    ]);
  });

  it.skipIf(skip)('maps each quota property to the meters measuring it, or marks it untracked', async () => {
    const answer = ok(await quotasOf(w.A.people.tenant_reader, w.A.subscriptionId));
    expect(answer.offer?.displayName).toBe('Gold');
    expect(answer.window).toEqual({
      start: lastHour,
      end: new Date(Date.parse(lastHour) + HOUR).toISOString(),
    });
    expect(answer.plans.map((p) => [p.planId, p.kind, p.acquisitionId])).toEqual([
      [basePlanId, 'base', null],
      [addonPlanId, 'addon', 'eeeeeeee-0000-4000-8000-000000000001'],
    ]);
    // Each plan lists its own quotas' limits; the quotas versus consumption are per property.
    expect(
      answer.plans.map((p) => p.quotas.map((q) => [q.quotaId, q.items.map((i) => [i.property, i.limit])])),
    ).toEqual([
      [
        [
          quotaIds.compute,
          [
            ['coresLimit', 10],
            ['virtualMachineCount', 4],
            ['maxAllocationStandardManagedDisksAndSnapshots', 256],
            ['maxAllocationPremiumManagedDisksAndSnapshots', 0],
            ['availabilitySetCount', 5],
          ],
        ],
        [
          quotaIds.storage,
          [
            ['capacityInGb', 100],
            ['numberOfStorageAccounts', 2],
          ],
        ],
      ],
      [
        [
          quotaIds.network,
          [
            ['maxPublicIpsPerSubscription', 2],
            ['maxVnetsPerSubscription', 5],
          ],
        ],
      ],
    ]);
    const items = Object.fromEntries(
      answer.quotas.map((i) => [i.property, [i.limit, i.consumption, i.untracked]]),
    );
    expect(items).toEqual({
      coresLimit: [10, '5.5', false],
      virtualMachineCount: [4, '2', false],
      // S10 (128 GB) + hourly S4 (32 GB) + a 10.5 GB snapshot + an old stamp's snapshot of
      // 5 GiB and a byte (5368709121 bytes ÷ 2^30, exact); d1's actual-size meters add nothing.
      maxAllocationStandardManagedDisksAndSnapshots: [256, '175.500000000931322574615478515625', false],
      maxAllocationPremiumManagedDisksAndSnapshots: [0, '0', false],
      availabilitySetCount: [5, null, true],
      capacityInGb: [100, '50.5', false],
      numberOfStorageAccounts: [2, '2', false],
      maxPublicIpsPerSubscription: [2, '2', false],
      maxVnetsPerSubscription: [5, null, true],
    });
    const disks = answer.quotas.find((i) => i.property === 'maxAllocationStandardManagedDisksAndSnapshots')!;
    expect(disks.meterIds).toContain(METER.stdSnapshotBytes);
    for (const uncounted of DISK_SIZE_METERS_NOT_COUNTED) expect(disks.meterIds).not.toContain(uncounted);
    const vnets = answer.quotas.find((i) => i.property === 'maxVnetsPerSubscription')!;
    expect(vnets.meterIds).toEqual([]);
    expect(vnets.explanation).toMatch(/virtual networks/);
    expect(vnets.contributions).toEqual([
      {
        planId: addonPlanId,
        kind: 'addon',
        acquisitionId: 'eeeeeeee-0000-4000-8000-000000000001',
        quotaId: quotaIds.network,
        quotaName: 'Small',
        limit: 5,
      },
    ]);
    const cores = answer.quotas.find((i) => i.property === 'coresLimit')!;
    expect(cores.meterIds).toEqual([METER.windowsVcpu, METER.baseVcpu].sort());
  });

  it.skipIf(skip)(
    'is scoped like the subscription: 404 outside it, the same answer for its chain',
    async () => {
      const outside = await quotasOf(w.B.people.tenant_admin, w.A.subscriptionId);
      expect(outside.response.status).toBe(404);
      const platform = ok(await quotasOf(w.platformAdmin, w.A.subscriptionId));
      expect(platform.plans).toHaveLength(2);
      // A subscription without an offer has no plans to measure.
      const plain = ok(await quotasOf(w.B.people.tenant_admin, w.B.subscriptionId));
      expect(plain).toEqual({
        subscriptionId: w.B.subscriptionId,
        offer: null,
        window: null,
        plans: [],
        quotas: [],
      });
    },
  );

  const openAlerts = () =>
    t.app.db.kysely
      .selectFrom('alerts')
      .select(['alert_key', 'severity', 'occurrences', 'subscription_id'])
      .where('kind', '=', QUOTA_ALERT_KIND)
      .where('resolved_at', 'is', null)
      .orderBy('alert_key')
      .execute();
  const keyOf = (provider: string, property: string, threshold: number) =>
    `${regionId}:${w.A.subscriptionId}:${provider.toLowerCase()}:${property}:${threshold}`;
  const PROVIDER = {
    compute: 'Microsoft.Compute.Admin',
    storage: 'Microsoft.Storage.Admin',
    network: 'Microsoft.Network.Admin',
  };

  it.skipIf(skip)(
    'raises one alert per quota and threshold reached, and keeps it one while it holds',
    async () => {
      const ctx = systemContext(t.app);
      expect(await evaluateQuotaAlerts(ctx, regionId)).toEqual({ holding: 6, resolved: 0 });
      const expected = [
        ...[80, 90, 100].map((p) => keyOf(PROVIDER.storage, 'numberOfStorageAccounts', p)),
        ...[80, 90, 100].map((p) => keyOf(PROVIDER.network, 'maxPublicIpsPerSubscription', p)),
      ].sort();
      let open = await openAlerts();
      expect(open.map((a) => a.alert_key)).toEqual(expected);
      expect(open.every((a) => a.subscription_id === w.A.subscriptionId)).toBe(true);
      expect(open.filter((a) => a.severity === 'critical').map((a) => a.alert_key)).toEqual(
        expected.filter((k) => k.endsWith(':100')),
      );
      // Evaluated again (the next collection): the same alerts, seen twice.
      await evaluateQuotaAlerts(ctx, regionId);
      open = await openAlerts();
      expect(open.map((a) => [a.alert_key, a.occurrences])).toEqual(expected.map((k) => [k, 2]));
      // The tenant sees its subscription's alerts.
      const seen = ok(
        await w.A.people.tenant_reader.client.GET('/api/v1/alerts', {
          params: { query: { kind: QUOTA_ALERT_KIND } as never },
        }),
      );
      expect(seen.items).toHaveLength(6);
      const hidden = ok(
        await w.B.people.tenant_admin.client.GET('/api/v1/alerts', {
          params: { query: { kind: QUOTA_ALERT_KIND } as never },
        }),
      );
      expect(hidden.items).toHaveLength(0);
    },
  );

  it.skipIf(skip)(
    'resolves the alerts whose consumption dropped back below, and opens a new one on the next crossing',
    async () => {
      const ctx = systemContext(t.app);
      // Three storage accounts allowed: 2 of 3 is 66.7%, under every threshold.
      await setLimits(quotaIds.storage, { capacityInGb: 100, numberOfStorageAccounts: 3 });
      expect(await evaluateQuotaAlerts(ctx, regionId)).toEqual({ holding: 3, resolved: 3 });
      expect((await openAlerts()).map((a) => a.alert_key)).toEqual(
        [80, 90, 100].map((p) => keyOf(PROVIDER.network, 'maxPublicIpsPerSubscription', p)).sort(),
      );
      // Back to two: a new crossing, a new alert per threshold.
      await setLimits(quotaIds.storage, { capacityInGb: 100, numberOfStorageAccounts: 2 });
      expect(await evaluateQuotaAlerts(ctx, regionId)).toEqual({ holding: 6, resolved: 0 });
      const all = await t.app.db.kysely
        .selectFrom('alerts')
        .select(['alert_key', 'resolved_at', 'resolved_by'])
        .where('alert_key', '=', keyOf(PROVIDER.storage, 'numberOfStorageAccounts', 80))
        .execute();
      expect(all).toHaveLength(2);
      expect(all.filter((a) => a.resolved_at !== null && a.resolved_by === null)).toHaveLength(1);
    },
  );

  it.skipIf(skip)('follows the thresholds setting, and refuses a bad one naming the field', async () => {
    const admin = w.platformAdmin.client;
    const before = await snapshotDatabase(t.app);
    const bad = await admin.PATCH('/api/v1/settings', {
      body: { values: { 'subscriptions.quotaAlertThresholds': '80, lots' } },
    });
    expect(bad.response.status).toBe(400);
    expect((bad.error as { field: string }).field).toBe('body.values.subscriptions.quotaAlertThresholds');
    const zero = await admin.PATCH('/api/v1/settings', {
      body: { values: { 'subscriptions.quotaAlertThresholds': '0, 50' } },
    });
    expect(zero.response.status).toBe(400);
    expect(await snapshotDatabase(t.app)).toBe(before);
    ok(
      await admin.PATCH('/api/v1/settings', {
        body: { values: { 'subscriptions.quotaAlertThresholds': ' 100 ' } },
      }),
    );
    // 80 and 90 are no longer thresholds: their alerts resolve; 100 holds.
    expect(await evaluateQuotaAlerts(systemContext(t.app), regionId)).toEqual({ holding: 2, resolved: 4 });
    // Five vCPUs and a half of ten reach 50%.
    ok(
      await admin.PATCH('/api/v1/settings', {
        body: { values: { 'subscriptions.quotaAlertThresholds': '55,50' } },
      }),
    );
    await evaluateQuotaAlerts(systemContext(t.app), regionId);
    expect((await openAlerts()).map((a) => a.alert_key)).toContain(keyOf(PROVIDER.compute, 'coresLimit', 55));
    ok(
      await admin.PATCH('/api/v1/settings', {
        body: { values: { 'subscriptions.quotaAlertThresholds': '' } },
      }),
    );
    await evaluateQuotaAlerts(systemContext(t.app), regionId);
    expect(await openAlerts()).toEqual([]);
  });

  it.skipIf(skip)(
    'sums the limits of the base plan and every acquired add-on plan, and alerts against the sum',
    async () => {
      const ctx = systemContext(t.app);
      const admin = w.platformAdmin.client;
      ok(
        await admin.PATCH('/api/v1/settings', {
          body: { values: { 'subscriptions.quotaAlertThresholds': '80, 90, 100' } },
        }),
      );
      // Two storage accounts of two: at every threshold.
      await evaluateQuotaAlerts(ctx, regionId);
      expect((await openAlerts()).map((a) => a.alert_key)).toContain(
        keyOf(PROVIDER.storage, 'numberOfStorageAccounts', 80),
      );
      // An add-on plan with one more storage account, acquired twice (each acquisition adds its quota).
      const moreId = await insertQuota('Microsoft.Storage.Admin', 'One More Account', {
        numberOfStorageAccounts: 1,
      });
      const morePlanId = await insertPlanRow(t.app, regionId, {
        name: 'more-accounts',
        display_name: 'More accounts',
        quota_ids: JSON.stringify([quotaArmId('Microsoft.Storage.Admin', 'One More Account')]),
      });
      const acquire = (n: number) =>
        t.app.db.kysely
          .insertInto('subscription_plans')
          .values({
            subscription_id: w.A.subscriptionId,
            plan_id: morePlanId,
            acquisition_id: `eeeeeeee-0000-4000-8000-00000000010${n}`,
            state: 'provisioned',
            acquired_at: lastHour,
            removed_at: null,
          })
          .execute();
      await acquire(1);
      let answer = ok(await quotasOf(w.A.people.tenant_reader, w.A.subscriptionId));
      let accounts = answer.quotas.find((q) => q.property === 'numberOfStorageAccounts')!;
      expect([accounts.limit, accounts.consumption]).toEqual([3, '2']);
      expect(accounts.contributions.map((c) => [c.planId, c.quotaId, c.limit])).toEqual([
        [basePlanId, quotaIds.storage, 2],
        [morePlanId, moreId, 1],
      ]);
      // Capacity is set by the base plan only: unchanged.
      expect(answer.quotas.find((q) => q.property === 'capacityInGb')!.limit).toBe(100);
      // 2 of 3 (66.7%): the storage account alerts resolve, the IP ones hold.
      expect(await evaluateQuotaAlerts(ctx, regionId)).toEqual({ holding: 3, resolved: 3 });
      expect((await openAlerts()).map((a) => a.alert_key)).toEqual(
        [80, 90, 100].map((p) => keyOf(PROVIDER.network, 'maxPublicIpsPerSubscription', p)).sort(),
      );
      await acquire(2);
      answer = ok(await quotasOf(w.A.people.tenant_reader, w.A.subscriptionId));
      accounts = answer.quotas.find((q) => q.property === 'numberOfStorageAccounts')!;
      expect(accounts.limit).toBe(4);
      expect(answer.plans.map((p) => [p.kind, p.acquisitionId?.slice(-3) ?? null])).toEqual([
        ['base', null],
        ['addon', '001'],
        ['addon', '101'],
        ['addon', '102'],
      ]);
    },
  );
});
