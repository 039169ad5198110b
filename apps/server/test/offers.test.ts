import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transaction } from '../src/db/transaction.ts';
import { enqueueJob } from '../src/modules/jobs/index.ts';
import {
  addonPlanOfOffer,
  offerByArmId,
  offerForNewSubscription,
  quotasOfPlans,
} from '../src/modules/offers/offers.service.ts';
import { OFFER_SYNC_JOB_TYPE } from '../src/modules/regions/region-schedule.ts';
import { adminClientForRegion } from '../src/modules/regions/regions.service.ts';
import { contextFor, startTestApp, type TestApp } from './support/app.ts';
import { type EmulatorProcess, startEmulator } from './support/azs-emulator-process.ts';
import { skipWithout } from './support/engine-world.ts';
import { ALL_ENGINES, createTestDatabase, type TestDatabase } from './support/engines.ts';
import { insertOfferRow } from './support/offer-rows.ts';
import { buildWorld, type Person, type World } from './support/world.ts';

/**
 * Plans, offers and quotas (issue 12): the sync from a region (the Azure Stack Hub emulator as its
 * own process), writes through to the region, the CMS's publishing and who sees which offer, the
 * functions provisioning uses, and syncs racing syncs and edits. On SQLite, MariaDB and PostgreSQL.
 */

const SCENARIO = join(import.meta.dirname, 'fixtures', 'offers-scenario.json');
const STAMP = { domain: 'offerland.onmicrosoft.com', clientId: 'cms-offers', secret: 'offerland-secret' };
const PROVIDER = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';

// biome-ignore lint/suspicious/noExplicitAny: answers of many shapes, read field by field in assertions
type Json = Record<string, any>;

async function call(t: TestApp, who: Person, method: string, url: string, body?: unknown) {
  const response = await t.inject({
    method: method as 'GET',
    url,
    headers: {
      authorization: `Bearer ${who.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  const text = response.body;
  return { status: response.statusCode, body: (text ? JSON.parse(text) : {}) as Json, text };
}

let seq = 0;

describe.each(ALL_ENGINES)('plans and offers [%s]', (engine) => {
  const skip = skipWithout(engine);
  if (skip) return;
  let db: TestDatabase;
  let t: TestApp;
  let w: World;
  let regionId = '';
  // One stamp per engine: the writes of one engine's tests stay out of the next one's syncs.
  let emulator: EmulatorProcess;

  beforeAll(async () => {
    emulator = await startEmulator(SCENARIO);
    db = await createTestDatabase(engine);
    t = await startTestApp(db.url, { CMS_WORKER: 'false' });
    w = await buildWorld(t, { siblings: true });
    const region = await call(t, w.platformAdmin, 'POST', '/api/v1/regions', {
      kind: 'azure_stack',
      name: 'Offerland',
      timeZone: 'UTC',
      armEndpoint: emulator.regions.get('offerland')!.armEndpoint,
      directoryTenant: STAMP.domain,
      clientId: STAMP.clientId,
      clientSecret: STAMP.secret,
    });
    expect(region.status, region.text).toBe(201);
    regionId = region.body.id;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await emulator?.stop();
  });

  const admin = () => w.platformAdmin;
  const kysely = () => t.app.db.kysely;

  /** Sync now, run the job to its end; the job row. */
  async function sync() {
    const queued = await call(t, admin(), 'POST', `/api/v1/regions/${regionId}/offer-syncs`);
    expect(queued.status, queued.text).toBe(202);
    await t.app.jobs.runNow();
    return kysely().selectFrom('jobs').selectAll().where('id', '=', queued.body.id).executeTakeFirstOrThrow();
  }

  const offerByName = (name: string) =>
    kysely().selectFrom('offers').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
  const planByName = (name: string) =>
    kysely().selectFrom('plans').selectAll().where('name', '=', name).executeTakeFirstOrThrow();

  describe('sync from the region', () => {
    it('stores plans, quotas and offers with their plan links; new offers start private, visible to all', async () => {
      const job = await sync();
      expect(job.status, job.last_error ?? '').toBe('succeeded');
      const plans = await kysely()
        .selectFrom('plans')
        .selectAll()
        .where('region_id', '=', regionId)
        .execute();
      expect(plans.map((p) => p.arm_key).sort()).toEqual(['plans-rg/base-plan', 'plans-rg/extra-plan']);
      const quotas = await kysely()
        .selectFrom('quotas')
        .selectAll()
        .where('region_id', '=', regionId)
        .execute();
      expect(quotas.map((q) => q.provider).sort()).toEqual([
        'Microsoft.Compute.Admin',
        'Microsoft.KeyVault.Admin',
        'Microsoft.Network.Admin',
        'Microsoft.Storage.Admin',
        'Microsoft.Subscriptions.Admin',
      ]);
      const compute = quotas.find((q) => q.provider === 'Microsoft.Compute.Admin')!;
      expect(compute.name).toBe('Default Quota');
      expect(JSON.parse(compute.limits)).toMatchObject({ coresLimit: 200, virtualMachineCount: 100 });
      const silver = await offerByName('silver');
      expect(silver).toMatchObject({ publication: 'private', visibility: 'all', region_deleted_at: null });
      const links = await kysely()
        .selectFrom('offer_plans')
        .selectAll()
        .where('offer_id', '=', silver.id)
        .execute();
      const base = await planByName('base-plan');
      const extra = await planByName('extra-plan');
      expect(links.map((l) => [l.plan_id, l.link_type]).sort()).toEqual(
        [
          [base.id, 'base'],
          [extra.id, 'base'],
        ].sort(),
      );

      // The API shows the plan's quotas by CMS id and the offer's plans.
      const plan = await call(t, admin(), 'GET', `/api/v1/plans/${base.id}`);
      expect(plan.status, plan.text).toBe(200);
      expect(plan.body.armId).toBe(
        `/subscriptions/${PROVIDER}/resourceGroups/plans-rg/providers/Microsoft.Subscriptions.Admin/plans/base-plan`,
      );
      expect(plan.body.quotas.find((q: Json) => q.provider === 'Microsoft.Compute.Admin').id).toBe(
        compute.id,
      );
      const offer = await call(t, admin(), 'GET', `/api/v1/offers/${silver.id}`);
      expect(offer.body.basePlans.map((p: Json) => p.name).sort()).toEqual(['base-plan', 'extra-plan']);
    });

    it('marks rows the region no longer has (never deletes them), and revives rows it has again', async () => {
      await sync();
      const gold = await offerByName('gold');
      // A plan the region never had, as if it was deleted there since the last sync.
      const gone = await insertOfferRow(t.app, regionId, { name: `gone-${++seq}` });
      await kysely()
        .updateTable('offers')
        .set({ region_deleted_at: '2024-01-01T00:00:00.000Z' })
        .where('id', '=', gold.id)
        .execute();
      const job = await sync();
      expect(job.status).toBe('succeeded');
      const goneRow = await kysely()
        .selectFrom('offers')
        .selectAll()
        .where('id', '=', gone)
        .executeTakeFirstOrThrow();
      expect(goneRow.region_deleted_at).not.toBeNull();
      const goneLinks = await kysely()
        .selectFrom('offer_plans')
        .select('plan_id')
        .where('offer_id', '=', gone)
        .execute();
      const goneplan = await kysely()
        .selectFrom('plans')
        .selectAll()
        .where('id', '=', goneLinks[0]!.plan_id)
        .executeTakeFirstOrThrow();
      expect(goneplan.region_deleted_at).not.toBeNull();
      expect((await offerByName('gold')).region_deleted_at).toBeNull();
      // Gone from the lists by default; a platform user can ask for them.
      const listed = await call(t, admin(), 'GET', `/api/v1/offers?regionId=${regionId}&limit=200`);
      expect(listed.body.items.map((o: Json) => o.id)).not.toContain(gone);
      const all = await call(
        t,
        admin(),
        'GET',
        `/api/v1/offers?regionId=${regionId}&includeDeleted=true&limit=200`,
      );
      expect(all.body.items.map((o: Json) => o.id)).toContain(gone);
    });

    it('keeps the publishing the CMS gave an offer through later syncs', async () => {
      await sync();
      const gold = await offerByName('gold');
      const published = await call(t, admin(), 'PATCH', `/api/v1/offers/${gold.id}`, {
        publication: 'public',
        visibility: 'chosen',
        visibleTo: [w.A.partnerId],
      });
      expect(published.status, published.text).toBe(200);
      await sync();
      expect(await offerByName('gold')).toMatchObject({ publication: 'public', visibility: 'chosen' });
      const rows = await kysely()
        .selectFrom('offer_visibility')
        .selectAll()
        .where('offer_id', '=', gold.id)
        .execute();
      expect(rows.map((r) => r.organisation_id)).toEqual([w.A.partnerId]);
    });

    it('raises an alert when the region cannot be read, and resolves it with the next success', async () => {
      const alertOf = () =>
        kysely()
          .selectFrom('alerts')
          .selectAll()
          .where('kind', '=', 'offers.sync_failed')
          .where('alert_key', '=', regionId)
          .executeTakeFirst();
      const endpoint = (
        await kysely()
          .selectFrom('regions')
          .select('arm_endpoint')
          .where('id', '=', regionId)
          .executeTakeFirstOrThrow()
      ).arm_endpoint;
      await kysely()
        .updateTable('regions')
        .set({ arm_endpoint: 'http://127.0.0.1:9/nowhere' })
        .where('id', '=', regionId)
        .execute();
      try {
        const job = await sync();
        expect(job.status).not.toBe('succeeded');
        expect((await alertOf())?.resolved_at).toBeNull();
      } finally {
        await kysely()
          .updateTable('regions')
          .set({ arm_endpoint: endpoint })
          .where('id', '=', regionId)
          .execute();
      }
      await kysely()
        .updateTable('jobs')
        .set({ status: 'cancelled', active_dedupe_key: null })
        .where('type', '=', OFFER_SYNC_JOB_TYPE)
        .where('status', '=', 'queued')
        .execute();
      expect((await sync()).status).toBe('succeeded');
      expect((await alertOf())?.resolved_at).not.toBeNull();
    });

    it('skips a quota provider the stamp lacks and keeps its rows; a failing one fails the sync', async () => {
      const faults = (method: 'POST' | 'DELETE', fault?: unknown) =>
        fetch(`${emulator.origin}/_emulator/offerland/faults`, {
          method,
          ...(fault === undefined
            ? {}
            : { body: JSON.stringify(fault), headers: { 'content-type': 'application/json' } }),
        });
      const quotaRows = () =>
        kysely()
          .selectFrom('quotas')
          .select(['provider', 'synced_at', 'region_deleted_at'])
          .where('region_id', '=', regionId)
          .orderBy('provider')
          .execute();
      const stored = await quotaRows();
      const network = stored.find((q) => q.provider === 'Microsoft.Network.Admin')!;
      expect(network.region_deleted_at).toBeNull();
      // The stamp has no network provider: its quota list is 404, the others answer.
      const lacking = {
        endpoint: 'admin',
        status: 404,
        times: 'always',
        match: { resource: 'quotas', provider: 'Microsoft.Network.Admin' },
      };
      expect((await faults('POST', lacking)).status).toBeLessThan(300);
      try {
        const job = await sync();
        expect(job.status, job.last_error ?? '').toBe('succeeded');
        expect(job.progress_message).toMatch(
          /providers the stamp lacks: Microsoft\.Network\.Admin \(offerland\)/,
        );
        const after = await quotaRows();
        // The network quota is kept as it was (not marked gone, not re-stamped); the rest synced.
        expect(after.find((q) => q.provider === 'Microsoft.Network.Admin')).toEqual(network);
        for (const q of after.filter((r) => r.provider !== 'Microsoft.Network.Admin')) {
          expect(q.region_deleted_at).toBeNull();
          expect(q.synced_at! > network.synced_at!).toBe(true);
        }
      } finally {
        expect((await faults('DELETE')).status).toBe(204);
      }
      // A provider that fails (500) is not a lacking one: the sync fails and stores nothing.
      expect((await faults('POST', { ...lacking, status: 500 })).status).toBeLessThan(300);
      try {
        const before = await quotaRows();
        const job = await sync();
        expect(job.status).not.toBe('succeeded');
        expect(await quotaRows()).toEqual(before);
      } finally {
        expect((await faults('DELETE')).status).toBe(204);
        await kysely()
          .updateTable('jobs')
          .set({ status: 'cancelled', active_dedupe_key: null })
          .where('type', '=', OFFER_SYNC_JOB_TYPE)
          .where('status', '=', 'queued')
          .execute();
      }
      expect((await sync()).status).toBe('succeeded');
    });

    it('is scheduled with the region', async () => {
      const schedule = await kysely()
        .selectFrom('job_schedules')
        .selectAll()
        .where('key', '=', `region:${regionId}:offers`)
        .executeTakeFirst();
      expect(schedule).toMatchObject({ type: OFFER_SYNC_JOB_TYPE, enabled: 1 });
    });
  });

  describe('two syncs, one after the other under the region lock', () => {
    it('both succeed and leave one row per plan and offer', async () => {
      await sync();
      const jobs = [];
      for (let i = 0; i < 2; i++) {
        jobs.push(
          await transaction(t.app.db, (trx) =>
            enqueueJob(trx, { app: t.app, actor: null, system: true } as never, {
              type: OFFER_SYNC_JOB_TYPE,
              payload: { regionId },
              dedupeKey: `race:${++seq}`,
              regionId,
            }),
          ),
        );
      }
      await t.app.jobs.runNow();
      for (const job of jobs) {
        const row = await kysely()
          .selectFrom('jobs')
          .selectAll()
          .where('id', '=', job.id)
          .executeTakeFirstOrThrow();
        expect(row.status, row.last_error ?? '').toBe('succeeded');
      }
      const offers = await kysely()
        .selectFrom('offers')
        .select('arm_key')
        .where('region_id', '=', regionId)
        .where('region_deleted_at', 'is', null)
        .execute();
      expect(offers.map((o) => o.arm_key).sort()).toEqual(['offers-rg/gold', 'offers-rg/silver']);
    });
  });

  describe('publishing: who sees which offer', () => {
    it('an offer published to one partner is invisible to every other branch', async () => {
      const offer = await insertOfferRow(t.app, regionId, { visibleTo: [w.A.partnerId] });
      const sees = async (who: Person) => {
        const one = await call(t, who, 'GET', `/api/v1/offers/${offer}`);
        const list = await call(t, who, 'GET', '/api/v1/offers?limit=200');
        expect(list.status).toBe(200);
        const listed = list.body.items.some((o: Json) => o.id === offer);
        expect(one.status === 200, `GET and list agree for ${who.userId}`).toBe(listed);
        if (!listed) expect(one.status).toBe(404);
        return listed;
      };
      // The partner's branch and the chain above it (they sell it), and the platform.
      for (const who of [
        w.platformAdmin,
        w.platformReader,
        w.A.people.distributor_admin,
        w.A.people.partner_admin,
        w.A.people.partner_reader,
        w.A.people.tenant_admin,
        w.A.people.tenant_reader,
        w.A.siblings!.people.tenant_admin,
      ]) {
        expect(await sees(who), who.userId).toBe(true);
      }
      // The sibling partner, the other distributor and their tenants.
      for (const who of [
        w.A.siblings!.people.partner_admin,
        w.A.siblings!.people.partner_reader,
        w.B.people.distributor_admin,
        w.B.people.distributor_reader,
        w.B.people.partner_admin,
        w.B.people.tenant_admin,
        w.B.people.tenant_reader,
      ]) {
        expect(await sees(who), who.userId).toBe(false);
      }
    });

    it('below the platform only public offers exist; private and decommissioned ones are 404', async () => {
      const priv = await insertOfferRow(t.app, regionId, { publication: 'private' });
      const dec = await insertOfferRow(t.app, regionId, { publication: 'decommissioned' });
      const pub = await insertOfferRow(t.app, regionId, { publication: 'public' });
      const tenant = w.A.people.tenant_admin;
      expect((await call(t, tenant, 'GET', `/api/v1/offers/${priv}`)).status).toBe(404);
      expect((await call(t, tenant, 'GET', `/api/v1/offers/${dec}`)).status).toBe(404);
      const seen = await call(t, tenant, 'GET', `/api/v1/offers/${pub}`);
      expect(seen.status).toBe(200);
      expect(seen.body.subscriptionCount).toBeNull();
      expect((await call(t, admin(), 'GET', `/api/v1/offers/${dec}`)).status).toBe(200);
      // A tenant never learns which other organisations an offer is published to.
      const chosen = await insertOfferRow(t.app, regionId, { visibleTo: [w.A.tenantId, w.B.tenantId] });
      const asTenant = await call(t, tenant, 'GET', `/api/v1/offers/${chosen}`);
      expect(asTenant.body.visibleTo.map((o: Json) => o.id)).toEqual([w.A.tenantId]);
      // Only platform administrators publish: others see it and get 403.
      const refused = await call(t, w.A.people.partner_admin, 'PATCH', `/api/v1/offers/${pub}`, {
        publication: 'private',
      });
      expect(refused.status).toBe(403);
    });

    it('publishing is validated and audited', async () => {
      const offer = await insertOfferRow(t.app, regionId, { publication: 'private' });
      const unknown = await call(t, admin(), 'PATCH', `/api/v1/offers/${offer}`, {
        visibility: 'chosen',
        visibleTo: ['ten_00000000000000000000000000'],
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body.field).toBe('body.visibleTo.0');
      const mixed = await call(t, admin(), 'PATCH', `/api/v1/offers/${offer}`, {
        visibility: 'all',
        visibleTo: [w.A.tenantId],
      });
      expect(mixed.status).toBe(422);
      const published = await call(t, admin(), 'PATCH', `/api/v1/offers/${offer}`, {
        publication: 'public',
        visibility: 'chosen',
        visibleTo: [w.B.distributorId],
      });
      expect(published.status, published.text).toBe(200);
      expect(published.body.visibleTo).toEqual([
        { id: w.B.distributorId, kind: 'distributor', name: expect.any(String) },
      ]);
      const audit = await kysely()
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'offer.update')
        .where('target_id', '=', offer)
        .execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({
        publication: 'public',
        visibleTo: [w.B.distributorId],
      });
      // Back to all: the chosen list goes.
      const all = await call(t, admin(), 'PATCH', `/api/v1/offers/${offer}`, { visibility: 'all' });
      expect(all.body.visibleTo).toEqual([]);
    });
  });

  describe('two publishing changes of one offer', () => {
    it('never lose each other: each applies to the offer as it is under its lock', async () => {
      const offer = await insertOfferRow(t.app, regionId, { publication: 'private' });
      const previous = t.app.pause;
      t.app.pause = async (point) => {
        if (point !== 'offer.update') return previous(point);
        t.app.pause = previous;
        // The first change has made its checks; a second one lands before it writes.
        const other = await call(t, admin(), 'PATCH', `/api/v1/offers/${offer}`, { publication: 'public' });
        expect(other.status, other.text).toBe(200);
      };
      try {
        const first = await call(t, admin(), 'PATCH', `/api/v1/offers/${offer}`, {
          visibility: 'chosen',
          visibleTo: [w.A.partnerId],
        });
        expect(first.status, first.text).toBe(200);
      } finally {
        t.app.pause = previous;
      }
      const after = await call(t, admin(), 'GET', `/api/v1/offers/${offer}`);
      expect(after.body).toMatchObject({ publication: 'public', visibility: 'chosen' });
      expect(after.body.visibleTo.map((o: Json) => o.id)).toEqual([w.A.partnerId]);
    });
  });

  describe('for provisioning', () => {
    it('offerForNewSubscription: visible to the caller and the tenant, not decommissioned, still on the region', async () => {
      await sync();
      const tenantAdmin = await contextFor(t.app, w.A.people.tenant_admin.userId);
      const partnerAdmin = await contextFor(t.app, w.A.people.partner_admin.userId);
      const platform = await contextFor(t.app, w.platformAdmin.userId);
      const forA = await insertOfferRow(t.app, regionId, { visibleTo: [w.A.tenantId] });
      const got = await transaction(t.app.db, (trx) =>
        offerForNewSubscription(trx, partnerAdmin, forA, w.A.tenantId),
      );
      expect(got.regionId).toBe(regionId);
      expect(got.armId).toMatch(
        new RegExp(
          `^/subscriptions/${PROVIDER}/resourceGroups/cms-offers/providers/Microsoft.Subscriptions.Admin/offers/`,
        ),
      );
      const refusal = async (ctx: typeof platform, offerId: string, tenantId: string) => {
        try {
          await transaction(t.app.db, (trx) => offerForNewSubscription(trx, ctx, offerId, tenantId));
          return null;
        } catch (error) {
          return { code: (error as Json).code, field: (error as Json).errors?.[0]?.field };
        }
      };
      // Not published to the sibling tenant: not found, for the platform too.
      expect(await refusal(platform, forA, w.A.siblings!.tenantId)).toEqual({
        code: 'not_found',
        field: 'body.offerId',
      });
      // A private offer: the platform may use it for a tenant it is published to; a tenant cannot see it.
      const priv = await insertOfferRow(t.app, regionId, { publication: 'private' });
      expect(await refusal(platform, priv, w.A.tenantId)).toBeNull();
      expect(await refusal(tenantAdmin, priv, w.A.tenantId)).toEqual({
        code: 'not_found',
        field: 'body.offerId',
      });
      const dec = await insertOfferRow(t.app, regionId, { publication: 'decommissioned' });
      expect(await refusal(tenantAdmin, dec, w.A.tenantId)).toEqual({
        code: 'invalid_request',
        field: 'body.offerId',
      });
      await kysely()
        .updateTable('offers')
        .set({ region_deleted_at: '2024-01-01T00:00:00.000Z' })
        .where('id', '=', forA)
        .execute();
      expect(await refusal(partnerAdmin, forA, w.A.tenantId)).toEqual({
        code: 'invalid_request',
        field: 'body.offerId',
      });
    });

    it('offerByArmId, addonPlanOfOffer and quotasOfPlans', async () => {
      await sync();
      const silver = await offerByName('silver');
      const found = await offerByArmId(
        kysely(),
        regionId,
        `/subscriptions/${PROVIDER}/resourcegroups/OFFERS-RG/providers/Microsoft.Subscriptions.Admin/offers/Silver`,
      );
      expect(found).toEqual({ id: silver.id, publication: silver.publication });
      expect(
        await offerByArmId(
          kysely(),
          regionId,
          '/subscriptions/x/resourceGroups/r/providers/Microsoft.Subscriptions.Admin/offers/none',
        ),
      ).toBeNull();
      const base = await planByName('base-plan');
      await expect(addonPlanOfOffer(kysely(), silver.id, base.id)).rejects.toMatchObject({
        code: 'not_found',
      });
      await kysely()
        .updateTable('offer_plans')
        .set({ link_type: 'addon', max_acquisition_count: 2 })
        .where('offer_id', '=', silver.id)
        .where('plan_id', '=', base.id)
        .execute();
      expect(await addonPlanOfOffer(kysely(), silver.id, base.id)).toEqual({
        id: base.id,
        armId: `/subscriptions/${PROVIDER}/resourceGroups/plans-rg/providers/Microsoft.Subscriptions.Admin/plans/base-plan`,
        maxAcquisitionCount: 2,
      });
      const quotas = await quotasOfPlans(kysely(), [base.id]);
      expect(quotas.map((q) => q.provider).sort()).toHaveLength(5);
      expect(quotas.find((q) => q.provider === 'Microsoft.Storage.Admin')).toMatchObject({
        planId: base.id,
        name: 'Default Quota',
        limits: { numberOfStorageAccounts: 20, capacityInGb: 500 },
      });
    });
  });
  describe('writes through to the region', () => {
    const stamp = () => adminClientForRegion(t.app, regionId);
    const emulatorFaults = (method: 'POST' | 'DELETE', fault?: unknown) =>
      fetch(`${emulator.origin}/_emulator/offerland/faults`, {
        method,
        ...(fault === undefined
          ? {}
          : { body: JSON.stringify(fault), headers: { 'content-type': 'application/json' } }),
      });
    const counts = async () => ({
      plans: (await kysely().selectFrom('plans').select('id').execute()).length,
      offers: (await kysely().selectFrom('offers').select('id').execute()).length,
      quotas: (await kysely().selectFrom('quotas').select('id').execute()).length,
      audit: (await kysely().selectFrom('audit_events').select('id').execute()).length,
    });

    it('creates and edits a plan on the region first, then stores what the region answered', async () => {
      await sync();
      const compute = await kysely()
        .selectFrom('quotas')
        .selectAll()
        .where('region_id', '=', regionId)
        .where('provider', '=', 'Microsoft.Compute.Admin')
        .executeTakeFirstOrThrow();
      const name = `written-plan-${++seq}`;
      const created = await call(t, admin(), 'POST', '/api/v1/plans', {
        regionId,
        name,
        displayName: 'Written Plan',
        description: 'Made in the CMS',
        quotaIds: [compute.id],
      });
      expect(created.status, created.text).toBe(201);
      expect(created.body).toMatchObject({ resourceGroup: 'cms-offers', name, displayName: 'Written Plan' });
      expect(created.body.quotas).toEqual([
        {
          id: compute.id,
          provider: 'Microsoft.Compute.Admin',
          location: compute.location,
          name: 'Default Quota',
        },
      ]);
      const onRegion = (await (await stamp()).listPlans()).find((p) => p.name === name);
      expect(onRegion).toMatchObject({ displayName: 'Written Plan', resourceGroup: 'cms-offers' });
      expect(onRegion!.quotaIds).toHaveLength(1);

      const edited = await call(t, admin(), 'PATCH', `/api/v1/plans/${created.body.id}`, {
        displayName: 'Renamed Plan',
        quotaIds: [],
      });
      expect(edited.status, edited.text).toBe(200);
      expect(edited.body.quotas).toEqual([]);
      const after = (await (await stamp()).listPlans()).find((p) => p.name === name);
      expect(after).toMatchObject({ displayName: 'Renamed Plan', quotaIds: [] });
      const actions = await kysely()
        .selectFrom('audit_events')
        .select('action')
        .where('target_id', '=', created.body.id)
        .orderBy('occurred_at')
        .execute();
      expect(actions.map((a) => a.action)).toEqual(['plan.create', 'plan.update']);
    });

    it('creates an offer with base and add-on plans, published as asked and Private on the region', async () => {
      await sync();
      const base = await planByName('base-plan');
      const extra = await planByName('extra-plan');
      const name = `written-offer-${++seq}`;
      const created = await call(t, admin(), 'POST', '/api/v1/offers', {
        regionId,
        name,
        displayName: 'Written Offer',
        basePlanIds: [base.id],
        addonPlans: [{ planId: extra.id, maxAcquisitionCount: 3 }],
        publication: 'public',
        visibility: 'chosen',
        visibleTo: [w.A.tenantId],
      });
      expect(created.status, created.text).toBe(201);
      expect(created.body).toMatchObject({
        publication: 'public',
        visibility: 'chosen',
        regionState: 'Private',
      });
      expect(created.body.basePlans.map((p: Json) => p.id)).toEqual([base.id]);
      expect(created.body.addonPlans).toEqual([
        expect.objectContaining({ id: extra.id, maxAcquisitionCount: 3 }),
      ]);
      const onRegion = (await (await stamp()).listOffers()).find((o) => o.name === name);
      expect(onRegion).toMatchObject({ state: 'Private', displayName: 'Written Offer' });
      expect(onRegion!.basePlanIds).toHaveLength(1);
      expect(onRegion!.addonPlans).toEqual([
        { planId: expect.stringMatching(/extra-plan$/), maxAcquisitionCount: 3 },
      ]);
      // A later sync keeps the CMS's publishing and the links.
      await sync();
      const stored = await call(t, admin(), 'GET', `/api/v1/offers/${created.body.id}`);
      expect(stored.body).toMatchObject({ publication: 'public', visibility: 'chosen' });
      expect(stored.body.addonPlans.map((p: Json) => p.id)).toEqual([extra.id]);
      // The tenant it is published to may now provision from it.
      const tenantView = await call(t, w.A.people.tenant_admin, 'GET', `/api/v1/offers/${created.body.id}`);
      expect(tenantView.status).toBe(200);
    });

    it('the region refusing a write is a 422 naming the field, with its message; nothing is stored', async () => {
      await sync();
      const doomed = `doomed-plan-${++seq}`;
      const plan = await call(t, admin(), 'POST', '/api/v1/plans', {
        regionId,
        name: doomed,
        displayName: 'Doomed',
        quotaIds: [],
      });
      expect(plan.status, plan.text).toBe(201);
      // Deleted on the stamp behind the CMS's back: the CMS still offers it until the next sync.
      await (await stamp()).deletePlan('cms-offers', doomed);
      const before = await counts();
      const refused = await call(t, admin(), 'POST', '/api/v1/offers', {
        regionId,
        name: `refused-offer-${++seq}`,
        displayName: 'Refused',
        basePlanIds: [plan.body.id],
      });
      expect(refused.status, refused.text).toBe(422);
      expect(refused.body.field).toBe('body.basePlanIds');
      expect(refused.body.detail).toMatch(/PlanNotFound|was not found/);
      expect(await counts()).toEqual(before);
    });

    it('a region that does not answer is a 503 and nothing is stored', async () => {
      await sync();
      const row = await planByName('base-plan');
      await emulatorFaults('POST', {
        endpoint: 'admin',
        status: 503,
        times: 'always',
        match: { method: 'PUT' },
      });
      try {
        const before = await counts();
        const refused = await call(t, admin(), 'PATCH', `/api/v1/plans/${row.id}`, { displayName: 'Never' });
        expect(refused.status, refused.text).toBe(503);
        expect(refused.body.code).toBe('not_ready');
        expect(await counts()).toEqual(before);
        expect((await planByName('base-plan')).display_name).toBe(row.display_name);
      } finally {
        await emulatorFaults('DELETE');
      }
    });

    it('deletes: refused while used, else on the region first, and the row is kept as gone', async () => {
      await sync();
      const base = await planByName('base-plan');
      const used = await call(t, admin(), 'DELETE', `/api/v1/plans/${base.id}`);
      expect(used.status).toBe(409);
      expect(used.body.code).toBe('has_dependents');
      const name = `short-lived-${++seq}`;
      const offer = await call(t, admin(), 'POST', '/api/v1/offers', {
        regionId,
        name,
        displayName: 'Short-lived',
        basePlanIds: [base.id],
      });
      expect(offer.status, offer.text).toBe(201);
      const deleted = await call(t, admin(), 'DELETE', `/api/v1/offers/${offer.body.id}`);
      expect(deleted.status, deleted.text).toBe(204);
      expect((await (await stamp()).listOffers()).some((o) => o.name === name)).toBe(false);
      const row = await offerByName(name);
      expect(row.region_deleted_at).not.toBeNull();
      expect((await call(t, admin(), 'DELETE', `/api/v1/offers/${offer.body.id}`)).status).toBe(422);
    });

    it("creates and changes a quota's limits on the region", async () => {
      await sync();
      const name = `Probe Quota ${++seq}`;
      const created = await call(t, admin(), 'POST', '/api/v1/quotas', {
        regionId,
        provider: 'Microsoft.Storage.Admin',
        name,
        limits: { numberOfStorageAccounts: 5, capacityInGb: 100 },
      });
      expect(created.status, created.text).toBe(201);
      const wrong = await call(t, admin(), 'PATCH', `/api/v1/quotas/${created.body.id}`, {
        limits: { coresLimit: 1 },
      });
      expect(wrong.status).toBe(422);
      expect(wrong.body.field).toBe('body.limits.coresLimit');
      const changed = await call(t, admin(), 'PATCH', `/api/v1/quotas/${created.body.id}`, {
        limits: { capacityInGb: 250 },
      });
      expect(changed.status, changed.text).toBe(200);
      expect(changed.body.limits).toMatchObject({ numberOfStorageAccounts: 5, capacityInGb: 250 });
      const location = created.body.location as string;
      const onRegion = (await (await stamp()).listQuotas('Microsoft.Storage.Admin', location)).find(
        (q) => q.name === name,
      );
      expect(onRegion?.limits).toMatchObject({ numberOfStorageAccounts: 5, capacityInGb: 250 });
    });

    it('a sync that read the region before an edit stored its answer leaves the edit as it is', async () => {
      await sync();
      const row = await planByName('extra-plan');
      const previous = t.app.pause;
      t.app.pause = async (point) => {
        if (point !== 'offers.sync') return previous(point);
        t.app.pause = previous;
        // The sync has read the region; the edit lands on the region and in the CMS meanwhile.
        const edited = await call(t, admin(), 'PATCH', `/api/v1/plans/${row.id}`, {
          displayName: 'Edited Meanwhile',
        });
        expect(edited.status, edited.text).toBe(200);
      };
      try {
        const job = await sync();
        expect(job.status, job.last_error ?? '').toBe('succeeded');
      } finally {
        t.app.pause = previous;
      }
      expect((await planByName('extra-plan')).display_name).toBe('Edited Meanwhile');
      // The next sync reads the edit from the region.
      await sync();
      expect((await planByName('extra-plan')).display_name).toBe('Edited Meanwhile');
    });
  });
});
