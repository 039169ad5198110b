import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext, systemContext } from '../src/context.ts';
import { newId } from '../src/db/ids.ts';
import { readSchedule } from '../src/modules/jobs/index.ts';
import { adminClientForRegion } from '../src/modules/regions/regions.service.ts';
import {
  PROVISIONING_GRACE_MS,
  reconcileProvisioning,
} from '../src/modules/subscriptions/provisioning.service.ts';
import type { TestApp } from './support/app.ts';
import { type EmulatorProcess, startEmulator } from './support/azs-emulator-process.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES } from './support/engines.ts';
import { type Peer, startPeer } from './support/oidc-peer.ts';
import type { Person, World } from './support/world.ts';

/**
 * Subscriptions provisioned on a region (issue 12): the provisioning settings gate every route
 * that creates one; a create from an offer makes the subscription on the emulated stamp (a
 * separate process) with the offer, owner and directory asked for; refusals, an unreachable
 * region and a connection dropped after the stamp committed leave the CMS and the region agreeing
 * (the reconciler settles what a request could not); a retried create with the same
 * Idempotency-Key never makes a second subscription on the region; suspend, resume, cancel and the
 * typed-confirmation deletion go to the region first. On SQLite, MariaDB and PostgreSQL.
 */

const SCENARIO = join(import.meta.dirname, 'fixtures', 'provisioning-scenario.json');
const ENTRA = {
  domain: 'contosocloud.onmicrosoft.com',
  clientId: 'cms-collector',
  secret: 'westeu1-secret',
  provider: '7d2c1a4e-5b3f-4e21-9c7a-1f0e8d6b2a90',
};
/** The customer's directory the new subscriptions are made in. */
const CUSTOMER_DIRECTORY = '0b6f3c1e-2d4a-4e8b-9f7c-1a2b3c4d5e6f';

/** A domain of the customer's directory, as someone might type it. */
const CUSTOMER_DOMAIN = 'Customer-Dir.onmicrosoft.com';

let emulator: EmulatorProcess;
beforeAll(async () => {
  emulator = await startEmulator(SCENARIO);
});
afterAll(async () => {
  await emulator?.stop();
});

/**
 * The Microsoft Entra authority: the OpenID peer acting as Entra, where CUSTOMER_DOMAIN is
 * CUSTOMER_DIRECTORY's and any other domain is unknown (400 AADSTS90002, as Entra answers).
 */
let entra: Peer;
const env: Record<string, string> = {};
beforeAll(async () => {
  entra = await startPeer({
    clients: [],
    entra: { tenantId: CUSTOMER_DIRECTORY, domains: [CUSTOMER_DOMAIN.toLowerCase()] },
  });
  // Read by the app each engine block starts next (its beforeAll runs after this one).
  env.CMS_ENTRA_AUTHORITY = new URL(entra.issuer).origin;
}, 30_000);
afterAll(async () => {
  await entra?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: answers of many shapes, read field by field in assertions
type Json = Record<string, any>;

async function call(
  t: TestApp,
  who: Person,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json }> {
  const response = await t.inject({
    method: method as 'GET',
    url,
    headers: {
      authorization: `Bearer ${who.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : {} };
}

/** The emulator's control surface and its admin API as the stamp itself answers. */
async function addFault(region: string, fault: Json): Promise<void> {
  const response = await fetch(`${emulator.origin}/_emulator/${region}/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  expect(response.status).toBeLessThan(300);
}
async function clearFaults(region: string): Promise<void> {
  await fetch(`${emulator.origin}/_emulator/${region}/faults`, { method: 'DELETE' });
}

let seq = 0;
const unique = (label: string) => `${label} ${++seq}`;

describe.each(ALL_ENGINES)('subscription provisioning [%s]', (engine) => {
  let t: TestApp;
  let w: World;
  const skip = useEngineWorld(
    engine,
    (app, world) => {
      t = app;
      w = world;
    },
    env,
  );
  if (skip) return;

  const setSettings = async (values: Record<string, unknown>) => {
    const response = await call(t, w.platformAdmin, 'PATCH', '/api/v1/settings', { values });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  };

  describe('who may create (Subscription Settings)', () => {
    const gates = [
      { setting: 'subscriptions.tenantCanCreate', role: 'tenant_admin' as const },
      { setting: 'subscriptions.partnerCanCreate', role: 'partner_admin' as const },
      { setting: 'subscriptions.distributorCanCreate', role: 'distributor_admin' as const },
    ];
    for (const { setting, role } of gates) {
      it(`${setting}: off refuses the ${role} every create route; on allows it, in its own branch only`, async () => {
        const actor = w.A.people[role];
        await setSettings({ [setting]: false });
        const body = { tenantId: w.A.tenantId, name: unique('Gated') };
        expect((await call(t, actor, 'POST', '/api/v1/subscriptions', body)).status).toBe(403);
        // With an offer too (the setting is checked before anything is looked up).
        const withOffer = { ...body, offerId: `off_${'0'.repeat(26)}`, initialOwner: 'owner@customer.test' };
        expect((await call(t, actor, 'POST', '/api/v1/subscriptions', withOffer)).status).toBe(403);
        // Linking an Azure Stack subscription is the platform's, whatever the settings say.
        const link = await call(t, actor, 'POST', `/api/v1/regions/${newId('reg')}/subscription-links`, {
          azsSubscriptionId: 'a1f3c2d4-8e7b-4a6c-9d5e-2b1f0c3e4d5a',
          tenantId: w.A.tenantId,
        });
        expect([403, 404]).toContain(link.status);

        await setSettings({ [setting]: true });
        const created = await call(t, actor, 'POST', '/api/v1/subscriptions', {
          ...body,
          name: unique('Own'),
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        expect(created.body).toMatchObject({ tenantId: w.A.tenantId, provisioningState: 'not_provisioned' });
        // Never in another branch's tenant.
        const foreign = await call(t, actor, 'POST', '/api/v1/subscriptions', {
          tenantId: w.B.tenantId,
          name: unique('Foreign'),
        });
        expect(foreign.status).toBe(404);
        expect(foreign.body.errors[0].field).toBe('body.tenantId');
      });
    }

    it('platform administrators always may', async () => {
      await setSettings({
        'subscriptions.tenantCanCreate': false,
        'subscriptions.partnerCanCreate': false,
        'subscriptions.distributorCanCreate': false,
      });
      const created = await call(t, w.platformAdmin, 'POST', '/api/v1/subscriptions', {
        tenantId: w.A.tenantId,
        name: unique('Platform'),
      });
      expect(created.status).toBe(201);
      await setSettings({
        'subscriptions.partnerCanCreate': true,
        'subscriptions.distributorCanCreate': true,
      });
    });
  });

  describe('lifecycle of a subscription the CMS did not provision', () => {
    it('suspend, resume and cancel change the record only; PATCH status takes the same path', async () => {
      const admin = w.A.people.partner_admin;
      const { body: sub } = await call(t, w.platformAdmin, 'POST', '/api/v1/subscriptions', {
        tenantId: w.A.tenantId,
        name: unique('Old'),
      });
      expect(sub.provisioningState).toBe('not_provisioned');
      const suspended = await call(t, admin, 'POST', `/api/v1/subscriptions/${sub.id}/suspension`);
      expect(suspended.status).toBe(200);
      expect(suspended.body).toMatchObject({ status: 'suspended', regionState: null });
      expect((await call(t, admin, 'POST', `/api/v1/subscriptions/${sub.id}/suspension`)).status).toBe(409);
      const resumed = await call(t, admin, 'DELETE', `/api/v1/subscriptions/${sub.id}/suspension`);
      expect(resumed.body.status).toBe('active');
      const patched = await call(t, admin, 'PATCH', `/api/v1/subscriptions/${sub.id}`, {
        status: 'cancelled',
      });
      expect(patched.body.status).toBe('cancelled');
      // A cancelled subscription is not resumed.
      expect((await call(t, admin, 'DELETE', `/api/v1/subscriptions/${sub.id}/suspension`)).status).toBe(409);
      // Nothing on a region to delete, even with the right name.
      const deletion = await call(t, admin, 'POST', `/api/v1/subscriptions/${sub.id}/region-deletion`, {
        confirm: sub.name,
      });
      expect(deletion.status).toBe(409);
    });

    it('a tenant change is refused: subscriptions never cross tenants', async () => {
      const moved = await call(t, w.platformAdmin, 'PATCH', `/api/v1/subscriptions/${w.A.subscriptionId}`, {
        tenantId: w.B.tenantId,
      });
      expect(moved.status).toBe(400);
      expect(moved.body.errors[0].field).toBe('body.tenantId');
      const row = await call(t, w.platformAdmin, 'GET', `/api/v1/subscriptions/${w.A.subscriptionId}`);
      expect(row.body.tenantId).toBe(w.A.tenantId);
    });
  });
  describe('on the emulated region', () => {
    let regionId = '';
    let offerId = '';
    let unknownOfferId = '';
    let decommissionedOfferId = '';
    let addonPlanId = '';
    const westeu1 = () => adminClientForRegion(t.app, regionId);
    /** The app as it will be once the grace period has passed (the reconciler's view). */
    const later = (): AppContext => ({ ...t.app, clock: () => Date.now() + PROVISIONING_GRACE_MS + 60_000 });

    /** An offer row as the offers module syncs it from the region (publication and visibility its own). */
    async function insertOffer(name: string, publication: 'public' | 'decommissioned'): Promise<string> {
      const id = newId('off');
      const now = new Date().toISOString();
      await t.app.db.kysely
        .insertInto('offers')
        .values({
          id,
          region_id: regionId,
          resource_group: 'offers-rg',
          name,
          arm_key: `offers-rg/${name}`,
          display_name: name,
          description: null,
          region_state: 'Public',
          publication,
          visibility: 'all',
          max_subscriptions_per_account: 0,
          subscription_count: 0,
          synced_at: now,
          region_deleted_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return id;
    }

    beforeAll(async () => {
      const region = await call(t, w.platformAdmin, 'POST', '/api/v1/regions', {
        kind: 'azure_stack',
        name: 'West Europe 1',
        timeZone: 'Europe/Amsterdam',
        armEndpoint: emulator.regions.get('westeu1')!.armEndpoint,
        directoryTenant: ENTRA.domain,
        clientId: ENTRA.clientId,
        clientSecret: ENTRA.secret,
      });
      expect(region.status, JSON.stringify(region.body)).toBe(201);
      regionId = region.body.id;
      offerId = await insertOffer('iaas-standard', 'public');
      // Known to the CMS but not on the stamp: the stamp refuses it.
      unknownOfferId = await insertOffer('gone-offer', 'public');
      decommissionedOfferId = await insertOffer('old-offer', 'decommissioned');
      addonPlanId = newId('pln');
      const now = new Date().toISOString();
      await t.app.db.kysely
        .insertInto('plans')
        .values({
          id: addonPlanId,
          region_id: regionId,
          resource_group: 'plans-rg',
          name: 'extra-storage',
          arm_key: 'plans-rg/extra-storage',
          display_name: 'Extra Storage',
          description: null,
          quota_ids: '[]',
          subscription_count: 0,
          synced_at: now,
          region_deleted_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await t.app.db.kysely
        .insertInto('offer_plans')
        .values({ offer_id: offerId, plan_id: addonPlanId, link_type: 'addon', max_acquisition_count: 2 })
        .execute();
    });

    const provision = (who: Person, name: string, headers: Record<string, string> = {}, extra: Json = {}) =>
      call(
        t,
        who,
        'POST',
        '/api/v1/subscriptions',
        {
          tenantId: w.A.tenantId,
          name,
          offerId,
          directoryId: CUSTOMER_DIRECTORY,
          initialOwner: 'owner@customer.test',
          ...extra,
        },
        headers,
      );
    const onRegion = async (name: string) =>
      (await (await westeu1()).listAdminSubscriptions()).filter((s) => s.displayName === name);

    it('creates the subscription on the region with the offer, owner and directory', async () => {
      const name = unique('Provisioned');
      const created = await provision(w.A.people.partner_admin, name);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body).toMatchObject({
        provisioningState: 'provisioned',
        regionState: 'Enabled',
        regionId,
        offerId,
        directoryId: CUSTOMER_DIRECTORY,
        initialOwner: 'owner@customer.test',
        status: 'active',
      });
      // All its usage is billable: from the start of the hour it was created in.
      const createdAt = Date.parse(created.body.createdAt as string);
      expect(created.body.billableFrom).toBe(new Date(createdAt - (createdAt % 3_600_000)).toISOString());
      const there = await (await westeu1()).getAdminSubscription(created.body.azsSubscriptionId);
      expect(there).toMatchObject({
        displayName: name,
        owner: 'owner@customer.test',
        tenantId: CUSTOMER_DIRECTORY,
        state: 'Enabled',
        externalReferenceId: created.body.id,
      });
      // The reconciler is scheduled from the first subscription left provisioning on.
      expect(await readSchedule(t.app.db.kysely, 'subscriptions.reconcile')).toMatchObject({
        type: 'subscriptions.reconcile',
        intervalSeconds: 300,
        enabled: true,
      });
      expect(there!.offerId!.toLowerCase()).toBe(
        `/subscriptions/${ENTRA.provider}/resourcegroups/offers-rg/providers/microsoft.subscriptions.admin/offers/iaas-standard`,
      );
    });

    it('refusals name the field and leave nothing on either side', async () => {
      const name = unique('Refused');
      const refused = await provision(w.platformAdmin, name, {}, { offerId: unknownOfferId });
      expect(refused.status, JSON.stringify(refused.body)).toBe(422);
      expect(refused.body.errors[0].field).toBe('body.offerId');
      expect(refused.body.detail).toMatch(/offerId/);
      expect(await onRegion(name)).toHaveLength(0);
      const listed = await call(
        t,
        w.platformAdmin,
        'GET',
        `/api/v1/subscriptions?q=${encodeURIComponent(name)}`,
      );
      expect(listed.body.items).toHaveLength(0);
      const decommissioned = await provision(w.platformAdmin, name, {}, { offerId: decommissionedOfferId });
      expect(decommissioned.status).toBe(422);
      expect(decommissioned.body.errors[0].field).toBe('body.offerId');
      const badOwner = await provision(w.platformAdmin, name, {}, { initialOwner: 'not an owner' });
      expect(badOwner.status, JSON.stringify(badOwner.body)).toBe(422);
      expect(badOwner.body.errors[0].field).toBe('body.initialOwner');
      expect(badOwner.body.detail).toMatch(/owner/);
      const noOwner = await provision(w.platformAdmin, name, {}, { initialOwner: null });
      expect(noOwner.status).toBe(422);
      expect(noOwner.body.errors[0].field).toBe('body.initialOwner');
      expect(await onRegion(name)).toHaveLength(0);
    });

    it('resolves a directory given as a domain to its tenant id before the region gets it', async () => {
      const name = unique('By domain');
      const created = await provision(w.A.people.partner_admin, name, {}, { directoryId: CUSTOMER_DOMAIN });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      // The CMS records what the region holds and reports: the GUID.
      expect(created.body.directoryId).toBe(CUSTOMER_DIRECTORY);
      const [there] = await onRegion(name);
      expect(there?.tenantId).toBe(CUSTOMER_DIRECTORY);

      // A tenant whose recorded directory is a domain: the same, with no directory in the request.
      const tenantPath = `/api/v1/tenants/${w.A.tenantId}`;
      const before = (await call(t, w.platformAdmin, 'GET', tenantPath)).body.directoryId ?? null;
      const patched = await call(t, w.platformAdmin, 'PATCH', tenantPath, { directoryId: CUSTOMER_DOMAIN });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      try {
        const fromTenant = await provision(
          w.platformAdmin,
          unique('Tenant domain'),
          {},
          { directoryId: undefined },
        );
        expect(fromTenant.status, JSON.stringify(fromTenant.body)).toBe(201);
        expect(fromTenant.body.directoryId).toBe(CUSTOMER_DIRECTORY);
      } finally {
        await call(t, w.platformAdmin, 'PATCH', tenantPath, { directoryId: before ?? '' });
      }
    });

    it('a domain no directory has is 422 on body.directoryId, and Entra out of reach 503 on it; nothing is made', async () => {
      const name = unique('Unknown domain');
      const unknown = await provision(
        w.platformAdmin,
        name,
        {},
        { directoryId: 'nobody-here.onmicrosoft.com' },
      );
      expect(unknown.status, JSON.stringify(unknown.body)).toBe(422);
      expect(unknown.body.errors[0].field).toBe('body.directoryId');
      expect(unknown.body.errors[0].message).toMatch(/No Microsoft Entra directory has the domain/);
      await entra.reachable(false);
      let unreachable: Awaited<ReturnType<typeof provision>>;
      try {
        unreachable = await provision(w.platformAdmin, name, {}, { directoryId: CUSTOMER_DOMAIN });
      } finally {
        await entra.reachable(true);
      }
      expect(unreachable.status, JSON.stringify(unreachable.body)).toBe(503);
      expect(unreachable.body.errors[0].field).toBe('body.directoryId');
      expect(await onRegion(name)).toHaveLength(0);
      const listed = await call(
        t,
        w.platformAdmin,
        'GET',
        `/api/v1/subscriptions?q=${encodeURIComponent(name)}`,
      );
      expect(listed.body.items).toHaveLength(0);
    });

    it('an unreachable region leaves it provisioning; the reconciler marks it failed when the region never got it', async () => {
      const name = unique('Unreachable');
      await addFault('westeu1', { endpoint: 'admin', status: 'drop', times: 'always' });
      let answer: Awaited<ReturnType<typeof provision>>;
      try {
        answer = await provision(w.platformAdmin, name);
      } finally {
        await clearFaults('westeu1');
      }
      expect(answer.status, JSON.stringify(answer.body)).toBe(503);
      expect(answer.body.code).toBe('region_unavailable');
      const [row] = (
        await call(t, w.platformAdmin, 'GET', `/api/v1/subscriptions?q=${encodeURIComponent(name)}`)
      ).body.items;
      expect(row.provisioningState).toBe('provisioning');
      // Within the grace period the reconciler leaves it to its request.
      expect((await reconcileProvisioning(systemContext(t.app))).failed).not.toContain(row.id);
      const outcome = await reconcileProvisioning(systemContext(later()));
      expect(outcome.failed).toContain(row.id);
      expect((await call(t, w.platformAdmin, 'GET', `/api/v1/subscriptions/${row.id}`)).status).toBe(404);
      expect(await onRegion(name)).toHaveLength(0);
    });

    it('the stamp committed but the answer was lost: the reconciler finishes it', async () => {
      const name = unique('Committed');
      // The stamp creates it, then the connection drops before the answer (every attempt).
      await addFault('westeu1', {
        endpoint: 'admin',
        status: 'commit-then-drop',
        times: 'always',
        match: { method: 'PUT', resource: 'subscriptions' },
      });
      let answer: Awaited<ReturnType<typeof provision>>;
      try {
        answer = await provision(w.platformAdmin, name);
      } finally {
        await clearFaults('westeu1');
      }
      expect(answer.status).toBe(503);
      expect(answer.body.code).toBe('region_unavailable');
      const [row] = (
        await call(t, w.platformAdmin, 'GET', `/api/v1/subscriptions?q=${encodeURIComponent(name)}`)
      ).body.items;
      expect(row.provisioningState).toBe('provisioning');
      expect(await onRegion(name)).toHaveLength(1);
      const outcome = await reconcileProvisioning(systemContext(later()));
      expect(outcome.finished).toContain(row.id);
      const settled = await call(t, w.platformAdmin, 'GET', `/api/v1/subscriptions/${row.id}`);
      expect(settled.body).toMatchObject({ provisioningState: 'provisioned', regionState: 'Enabled' });
      expect(await onRegion(name)).toHaveLength(1);
    });

    it('a retry with the same Idempotency-Key resumes the same subscription: one on the region', async () => {
      const name = unique('Retried');
      const key = { 'idempotency-key': `retry-${seq}-${Date.now()}` };
      await addFault('westeu1', {
        endpoint: 'admin',
        status: 'commit-then-drop',
        times: 'always',
        match: { method: 'PUT', resource: 'subscriptions' },
      });
      let first: Awaited<ReturnType<typeof provision>>;
      try {
        first = await provision(w.A.people.partner_admin, name, key);
      } finally {
        await clearFaults('westeu1');
      }
      expect(first.status).toBe(503);
      expect(await onRegion(name)).toHaveLength(1);
      const retried = await provision(w.A.people.partner_admin, name, key);
      expect(retried.status, JSON.stringify(retried.body)).toBe(201);
      expect(retried.body.provisioningState).toBe('provisioned');
      const again = await provision(w.A.people.partner_admin, name, key);
      expect(again.body.id).toBe(retried.body.id);
      const listed = await call(
        t,
        w.platformAdmin,
        'GET',
        `/api/v1/subscriptions?q=${encodeURIComponent(name)}`,
      );
      expect(listed.body.items).toHaveLength(1);
      expect(await onRegion(name)).toHaveLength(1);
    });

    it('two concurrent creates with one Idempotency-Key make one subscription', async () => {
      const name = unique('Concurrent');
      const key = { 'idempotency-key': `concurrent-${seq}-${Date.now()}` };
      const answers = await Promise.all([
        provision(w.A.people.partner_admin, name, key),
        provision(w.A.people.partner_admin, name, key),
      ]);
      const statuses = answers.map((a) => a.status).sort();
      expect(
        statuses.every((s) => s === 201 || s === 409),
        JSON.stringify(statuses),
      ).toBe(true);
      expect(statuses).toContain(201);
      expect(await onRegion(name)).toHaveLength(1);
      const listed = await call(
        t,
        w.platformAdmin,
        'GET',
        `/api/v1/subscriptions?q=${encodeURIComponent(name)}`,
      );
      expect(listed.body.items).toHaveLength(1);
    });

    it('suspend, resume, cancel and the typed-confirmation deletion go to the region first', async () => {
      const admin = w.A.people.partner_admin;
      const name = unique('Lifecycle');
      const { body: sub } = await provision(admin, name);
      const azs = sub.azsSubscriptionId as string;
      const stateThere = async () => (await (await westeu1()).getAdminSubscription(azs))?.state ?? null;

      const suspended = await call(t, admin, 'POST', `/api/v1/subscriptions/${sub.id}/suspension`);
      expect(suspended.body).toMatchObject({ status: 'suspended', regionState: 'Disabled' });
      expect(await stateThere()).toBe('Disabled');

      // A region failure changes nothing in the CMS.
      await addFault('westeu1', { endpoint: 'admin', status: 'drop', times: 'always' });
      let failed: Awaited<ReturnType<typeof call>>;
      try {
        failed = await call(t, admin, 'DELETE', `/api/v1/subscriptions/${sub.id}/suspension`);
      } finally {
        await clearFaults('westeu1');
      }
      expect(failed.status).toBe(503);
      expect(failed.body.code).toBe('region_unavailable');
      expect((await call(t, admin, 'GET', `/api/v1/subscriptions/${sub.id}`)).body.status).toBe('suspended');

      const resumed = await call(t, admin, 'DELETE', `/api/v1/subscriptions/${sub.id}/suspension`);
      expect(resumed.body).toMatchObject({ status: 'active', regionState: 'Enabled' });
      expect(await stateThere()).toBe('Enabled');

      const cancelled = await call(t, admin, 'POST', `/api/v1/subscriptions/${sub.id}/cancellation`);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', regionState: 'Disabled' });
      expect(await stateThere()).toBe('Disabled');

      // Not deleted in the CMS while it lives on its region.
      expect((await call(t, admin, 'DELETE', `/api/v1/subscriptions/${sub.id}`)).status).toBe(409);

      const mistyped = await call(t, admin, 'POST', `/api/v1/subscriptions/${sub.id}/region-deletion`, {
        confirm: name.toUpperCase(),
      });
      expect(mistyped.status).toBe(422);
      expect(mistyped.body.errors[0].field).toBe('body.confirm');
      expect(await stateThere()).toBe('Disabled');

      const deleted = await call(t, admin, 'POST', `/api/v1/subscriptions/${sub.id}/region-deletion`, {
        confirm: name,
      });
      expect(deleted.status).toBe(200);
      expect(deleted.body).toMatchObject({ status: 'cancelled', regionState: 'Deleted' });
      expect(deleted.body.regionDeletedAt).not.toBeNull();
      expect(await stateThere()).toBeNull();
      // The record stays for billing history.
      expect(
        (await call(t, admin, 'GET', `/api/v1/subscriptions/${sub.id}`)).body.regionDeletedAt,
      ).not.toBeNull();
      expect(
        (await call(t, admin, 'POST', `/api/v1/subscriptions/${sub.id}/region-deletion`, { confirm: name }))
          .status,
      ).toBe(409);
    });

    it('two changes that cross leave the region as the record says: the later one is refused', async () => {
      const admin = w.A.people.partner_admin;
      const { body: sub } = await provision(admin, unique('Crossing'));
      const azs = sub.azsSubscriptionId as string;
      const stateThere = async () => (await (await westeu1()).getAdminSubscription(azs))?.state ?? null;
      expect((await call(t, admin, 'POST', `/api/v1/subscriptions/${sub.id}/suspension`)).status).toBe(200);

      // The cancel writes Disabled on the region and waits before its commit; a resume writes
      // Enabled and commits. The cancel must not record "cancelled" over a region left Enabled.
      let reached!: () => void;
      let release!: () => void;
      const atCommit = new Promise<void>((resolve) => (reached = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      const previous = t.app.pause;
      t.app.pause = async (point) => {
        if (point !== 'subscription.lifecycle') return;
        t.app.pause = previous;
        reached();
        await released;
      };
      const cancel = call(t, admin, 'POST', `/api/v1/subscriptions/${sub.id}/cancellation`);
      await atCommit;
      const resumed = await call(t, admin, 'DELETE', `/api/v1/subscriptions/${sub.id}/suspension`);
      expect(resumed.body).toMatchObject({ status: 'active', regionState: 'Enabled' });
      release();
      const refused = await cancel;
      expect(refused.status, JSON.stringify(refused.body)).toBe(409);
      expect((await call(t, admin, 'GET', `/api/v1/subscriptions/${sub.id}`)).body.status).toBe('active');
      expect(await stateThere()).toBe('Enabled');
    });

    it('acquires add-on plans of its offer on the region, at most maxAcquisitionCount, and removes them', async () => {
      const admin = w.A.people.partner_admin;
      const { body: sub } = await provision(admin, unique('With add-ons'));
      const plansUrl = `/api/v1/subscriptions/${sub.id}/plans`;
      const plansThere = async () =>
        (await (await westeu1()).listAcquiredPlans(sub.azsSubscriptionId)).map((p) => p.acquisitionId);
      const first = await call(t, admin, 'POST', plansUrl, { planId: addonPlanId });
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expect(first.body).toMatchObject({ planId: addonPlanId, state: 'provisioned' });
      expect(await plansThere()).toContain(first.body.acquisitionId);
      const second = await call(t, admin, 'POST', plansUrl, { planId: addonPlanId });
      expect(second.status).toBe(201);
      const third = await call(t, admin, 'POST', plansUrl, { planId: addonPlanId });
      expect(third.status).toBe(422);
      expect(third.body.errors[0].field).toBe('body.planId');
      // Not an add-on of its offer.
      const foreign = await call(t, admin, 'POST', plansUrl, { planId: newId('pln') });
      expect(foreign.body.errors[0].field).toBe('body.planId');
      const listed = await call(t, w.A.people.tenant_reader, 'GET', plansUrl);
      expect(listed.body.items.map((p: Json) => p.acquisitionId).sort()).toEqual(
        [first.body.acquisitionId, second.body.acquisitionId].sort(),
      );
      // The region first: a failure removes nothing.
      await addFault('westeu1', { endpoint: 'admin', status: 'drop', times: 'always' });
      let failed: Awaited<ReturnType<typeof call>>;
      try {
        failed = await call(t, admin, 'DELETE', `${plansUrl}/${first.body.acquisitionId}`);
      } finally {
        await clearFaults('westeu1');
      }
      expect(failed.status).toBe(503);
      expect(await plansThere()).toContain(first.body.acquisitionId);
      const removed = await call(t, admin, 'DELETE', `${plansUrl}/${first.body.acquisitionId}`);
      expect(removed.status).toBe(204);
      expect(await plansThere()).not.toContain(first.body.acquisitionId);
      const after = await call(t, admin, 'GET', plansUrl);
      expect(after.body.items.map((p: Json) => p.acquisitionId)).toEqual([second.body.acquisitionId]);
      // A lost answer on an acquisition: left provisioning, then finished by the reconciler.
      await addFault('westeu1', {
        endpoint: 'admin',
        status: 'commit-then-drop',
        times: 'always',
        match: { method: 'PUT', resource: 'acquiredPlans' },
      });
      let lost: Awaited<ReturnType<typeof call>>;
      try {
        lost = await call(t, admin, 'POST', plansUrl, { planId: addonPlanId });
      } finally {
        await clearFaults('westeu1');
      }
      expect(lost.status).toBe(503);
      const pending = (await call(t, admin, 'GET', plansUrl)).body.items.find(
        (p: Json) => p.state === 'provisioning',
      );
      expect(pending).toBeDefined();
      const outcome = await reconcileProvisioning(systemContext(later()));
      expect(outcome.acquisitions.finished).toBeGreaterThanOrEqual(1);
      const settled = (await call(t, admin, 'GET', plansUrl)).body.items;
      expect(settled.every((p: Json) => p.state === 'provisioned')).toBe(true);
      expect(await plansThere()).toContain(pending.acquisitionId);
    });

    it('linking refuses a subscription whose offer is decommissioned or unknown', async () => {
      const now = new Date().toISOString();
      const offerArm = (name: string) =>
        `/subscriptions/${ENTRA.provider}/resourceGroups/offers-rg/providers/Microsoft.Subscriptions.Admin/offers/${name}`;
      const cases = [
        { azs: 'c0000000-0000-4000-8000-000000000001', offer: offerArm('old-offer') },
        { azs: 'c0000000-0000-4000-8000-000000000002', offer: offerArm('never-synced') },
      ];
      for (const c of cases) {
        await t.app.db.kysely
          .insertInto('region_subscriptions')
          .values({
            region_id: regionId,
            azs_subscription_id: c.azs,
            display_name: 'Found on the region',
            owner: 'someone@customer.test',
            directory_tenant: CUSTOMER_DIRECTORY,
            offer_id: c.offer,
            state: 'Enabled',
            is_operator: 0,
            seen_in_admin_api: 1,
            seen_in_usage: 0,
            first_seen_at: now,
            last_seen_at: now,
          })
          .execute();
        const link = await call(
          t,
          w.platformAdmin,
          'POST',
          `/api/v1/regions/${regionId}/subscription-links`,
          {
            azsSubscriptionId: c.azs,
            tenantId: w.A.tenantId,
          },
        );
        expect(link.status, JSON.stringify(link.body)).toBe(422);
        expect(link.body.errors[0].field).toBe('body.azsSubscriptionId');
      }
    });
  });
});
