import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUOTA_ALERT_KIND } from '../src/modules/quota-usage/quota-alerts.service.ts';
import { ok, type TestApp } from './support/app.ts';
import { type EmulatorProcess, startEmulator } from './support/azs-emulator-process.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES } from './support/engines.ts';
import { insertRegion } from './support/usage.ts';
import type { World } from './support/world.ts';

/**
 * The quota alerts' hook: a `usage.collect` job of a region against the Azure Stack Hub emulator
 * ends by evaluating the region's quota threshold alerts, in the job's fenced transaction. The
 * emulated subscription runs one Standard_A4 VM (8 vCPUs) over the last hours of the real clock; the
 * offer's plan holds the emulator's default compute quota (200 cores, 100 VMs).
 */

const HOUR = 3_600_000;
const AZS = '7e3f1a2b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';
const PROVIDER = '3b2a1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d';
const DIRECTORY = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const SECRET = 'quota-hook-secret';
const lastHour = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

let emulator: EmulatorProcess;
let scenarioDir = '';
beforeAll(async () => {
  scenarioDir = mkdtempSync(join(tmpdir(), 'cms-quota-hook-'));
  const path = join(scenarioDir, 'scenario.json');
  writeFileSync(
    path,
    JSON.stringify({
      seed: 4242,
      regions: [
        {
          name: 'quotahook',
          identity: 'entra',
          directoryTenantId: DIRECTORY,
          providerSubscriptionId: PROVIDER,
          clients: [{ clientId: 'cms-quota', clientSecret: SECRET }],
          usage: {
            from: new Date(lastHour - 3 * HOUR).toISOString(),
            to: new Date(lastHour + HOUR).toISOString(),
            twoHourDelayFraction: 0,
          },
          plans: [{ name: 'iaas-plan', displayName: 'IaaS Plan' }],
          offers: [{ name: 'iaas', displayName: 'IaaS', basePlans: ['iaas-plan'] }],
          subscriptions: [
            {
              subscriptionId: AZS,
              displayName: 'Hooked',
              offer: 'iaas',
              resources: [
                { kind: 'vm', name: 'big01', resourceGroup: 'rg', size: 'Standard_A4', os: 'linux' },
              ],
            },
          ],
        },
      ],
    }),
  );
  emulator = await startEmulator(path);
});
afterAll(async () => {
  await emulator?.stop();
  if (scenarioDir) rmSync(scenarioDir, { recursive: true, force: true });
});

describe.each(ALL_ENGINES)('quota alerts after a usage collection [%s]', (engine) => {
  let t: TestApp;
  let w: World;
  const skip = useEngineWorld(
    engine,
    (app, world) => {
      t = app;
      w = world;
    },
    { CMS_WORKER: 'false' },
  );

  it.skipIf(skip)('raises the alerts the collected usage reaches when the collection job ends', async () => {
    const admin = w.platformAdmin.client;
    const region = await insertRegion(
      t.app,
      {
        name: `Quota Hook ${engine}`,
        arm_endpoint: emulator.regions.get('quotahook')!.armEndpoint,
        identity_system: 'entra',
        directory_tenant: DIRECTORY,
        client_id: 'cms-quota',
        provider_subscription_id: PROVIDER,
        location: 'quotahook',
        enabled: 0,
      },
      SECRET,
    );
    ok(
      await admin.POST('/api/v1/regions/{regionId}/offer-syncs', {
        params: { path: { regionId: region.id } },
      }),
    );
    await t.app.jobs.runNow();
    const offer = ok(await admin.GET('/api/v1/offers', { params: { query: { regionId: region.id } } }))
      .items[0]!;
    // Branch A's subscription is that Azure Stack subscription, created from the offer, billable
    // from before the usage (as a link from then would make it).
    await t.app.db.kysely
      .updateTable('subscriptions')
      .set({
        region_id: region.id,
        azs_subscription_id: AZS,
        azs_link_key: `${region.id}:${AZS}`,
        offer_id: offer.id,
        billable_from: '2024-01-01T00:00:00.000Z',
      })
      .where('id', '=', w.A.subscriptionId)
      .execute();
    // 8 of 200 vCPUs is 4%, 1 of 100 VMs 1%: thresholds 1%, 4% and 5%.
    ok(
      await admin.PATCH('/api/v1/settings', {
        body: { values: { 'subscriptions.quotaAlertThresholds': '1, 4, 5' } },
      }),
    );
    // The last complete reported hour is the one before the current hour's: the test runs on the
    // real clock, so an hour may begin while it runs (the usage goes on past it).
    const lastComplete = () => new Date(Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR).toISOString();
    const windowsSeen = [lastComplete()];
    const collect = await admin.POST('/api/v1/regions/{id}/usage-collections', {
      params: { path: { id: region.id } },
      body: { fromDate: dayOf(lastHour - 4 * HOUR), toDate: dayOf(Date.now()) },
    });
    expect(collect.response.status, JSON.stringify(collect.error)).toBe(202);
    await t.app.jobs.runNow();
    windowsSeen.push(lastComplete());
    const job = await t.app.db.kysely
      .selectFrom('jobs')
      .select(['status', 'last_error'])
      .where('id', '=', collect.data!.id)
      .executeTakeFirstOrThrow();
    expect(job).toEqual({ status: 'succeeded', last_error: null });

    const quotas = ok(
      await w.A.people.tenant_reader.client.GET('/api/v1/subscriptions/{id}/quotas', {
        params: { path: { id: w.A.subscriptionId } },
      }),
    );
    const items = Object.fromEntries(quotas.quotas.map((i) => [i.property, i.consumption]));
    // The last whole hour's records are reported an hour after it (the stamp's delay): not yet
    // collected, so the hour before it is the last complete one with collected usage.
    expect(windowsSeen).toContain(quotas.window?.start);
    expect([items.coresLimit, items.virtualMachineCount, items.maxVnetsPerSubscription]).toEqual([
      '8',
      '1',
      null,
    ]);

    const open = await t.app.db.kysely
      .selectFrom('alerts')
      .select(['alert_key', 'subscription_id', 'region_id'])
      .where('kind', '=', QUOTA_ALERT_KIND)
      .where('resolved_at', 'is', null)
      .execute();
    const conditions = open.map((a) => a.alert_key.split(':').slice(3).join(':')).sort();
    expect(conditions).toEqual(['coresLimit:1', 'coresLimit:4', 'virtualMachineCount:1']);
    expect(open.every((a) => a.subscription_id === w.A.subscriptionId && a.region_id === region.id)).toBe(
      true,
    );
  });
});
