import type { Schemas } from '@cms/api-client';
import { decimal, toDecimalString } from '@cms/billing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../src/context.ts';
import { transaction } from '../src/db/transaction.ts';
import { rateTenantPeriodInTransaction } from '../src/modules/rating/rating.service.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { skipWithout } from './support/engine-world.ts';
import { ALL_ENGINES, createTestDatabase, type TestDatabase } from './support/engines.ts';
import { snapshotDatabase } from './support/snapshot.ts';
import { hours, insertMeter, insertRegion, insertUsage } from './support/usage-rows.ts';
import { buildWorld, type Person, type World } from './support/world.ts';

/**
 * The pricing tools (seed 002 "Apply Price Increases (with Modeling)", "Estimate Costs",
 * "Calculator Settings") through the API, on every engine. Every expected figure is worked by hand
 * below from the fixture, never taken from a run.
 *
 * The fixture (clock: 15 March 2026, UTC; region "R" in UTC, one region price list in USD):
 *   version 1 (effective 2026-01, active):
 *     compute  flat 0.10 per hour
 *     storage  graduated 0–100 @ 1.00, 100–200 @ 0.50, 200+ @ 0.10
 *   tenant A: a 10 % tenant discount on every meter, a 5.00 tenant credit every period from
 *             2026-01, tax profile "VAT 20 %" (effective 2026-01-01); its subscription SA on R
 *   tenant B: no discount, no credit, no tax profile (no default: no tax); its subscription SB on R
 *   usage in March 2026 (P):  SA compute 100 h, storage 150;  SB compute 50 h, storage 250
 *   usage in February 2026:   SA compute 48 h (24 hours × 2), storage 120
 *
 * March at today's prices:
 *   A: compute 100 × 0.10 = 10.00, discount −1.00; storage 100 × 1.00 + 50 × 0.50 = 125.00,
 *      discount −12.50; tenant credit −5.00 → subtotal 10 − 1 + 125 − 12.50 − 5 = 116.50
 *   B: compute 50 × 0.10 = 5.00; storage 100 + 100 × 0.50 + 50 × 0.10 = 155.00 → subtotal 160.00
 * +10 %: compute 0.11; tiers 1.10, 0.55, 0.11
 *   A: compute 11.00, −1.10; storage 110.00 + 27.50 = 137.50, −13.75; credit −5.00
 *      → 11 − 1.10 + 137.50 − 13.75 − 5 = 128.65
 *   B: compute 5.50; storage 110.00 + 55.00 + 5.50 = 170.50 → 176.00
 *   per meter (gross usage lines): compute 15.00 → 16.50 (quantity 150); storage 280.00 → 308.00 (400)
 *   totals USD: usage 295.00 → 324.50; subtotals 276.50 → 304.65, difference 28.15
 */

const PERIOD = '2026-03';
const CLOCK = Date.parse('2026-03-15T12:00:00.000Z');
const COMPUTE = 'test.compute';
const STORAGE = 'test.storage';
const AZS_A = 'dddddddd-0000-4000-8000-00000000000a';
const AZS_B = 'dddddddd-0000-4000-8000-00000000000b';

type Model = Schemas['PriceIncreaseModel'];
type Estimate = Schemas['Estimate'];
/** An answer: the success body the test expects, or a problem naming its field. */
type Answer<T> = T & { field?: string; id: string; versions: Schemas['PriceIncreaseApplied']['versions'] };

describe.each(ALL_ENGINES)('pricing tools [%s]', (engine) => {
  const skip = skipWithout(engine);
  let db: TestDatabase | undefined;
  let t: TestApp;
  let w: World;
  let regionId = '';
  let listId = '';
  let versionId = '';
  let vatId = '';

  async function call<T = Record<string, never>>(
    person: Person,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    body?: unknown,
  ) {
    const response = await t.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${person.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return { status: response.statusCode, body: response.json() as Answer<T> };
  }
  const admin = () => w.platformAdmin;
  async function must(person: Person, method: 'POST' | 'PATCH', url: string, body: unknown, status = 201) {
    const r = await call(person, method, url, body);
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  }
  const setting = (key: string, value: boolean) =>
    must(admin(), 'PATCH', '/api/v1/settings', { values: { [key]: value } }, 200);

  /** Rates a tenant's period as the rating job does, and answers its stored subtotal. */
  async function rate(tenantId: string, period: string): Promise<string> {
    await transaction(t.app.db, (trx) =>
      rateTenantPeriodInTransaction(trx, systemContext(t.app), tenantId, period),
    );
    const row = await t.app.db.kysely
      .selectFrom('rated_periods')
      .select(['subtotal', 'status'])
      .where('tenant_id', '=', tenantId)
      .where('period', '=', period)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('rated');
    // Exact: the stored subtotal printed with its cents (no float in between).
    return toDecimalString(decimal(row.subtotal), 2);
  }

  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase(engine);
    t = await startTestApp(db.url, { CMS_WORKER: 'false' }, { clock: () => CLOCK });
    w = await buildWorld(t);
    regionId = await insertRegion(t.app, { name: 'R', timeZone: 'UTC' });
    await insertMeter(t.app, COMPUTE, { name: 'Compute', unit: 'Hours' });
    await insertMeter(t.app, STORAGE, { name: 'Storage', unit: 'GB' });
    for (const [sub, azs] of [
      [w.A.subscriptionId, AZS_A],
      [w.B.subscriptionId, AZS_B],
    ] as const) {
      await t.app.db.kysely
        .updateTable('subscriptions')
        .set({
          region_id: regionId,
          azs_subscription_id: azs,
          azs_link_key: `${regionId}:${azs}`,
          billable_from: '2020-01-01T00:00:00.000Z',
        })
        .where('id', '=', sub)
        .execute();
    }
    await insertUsage(t.app, regionId, 'UTC', [
      ...hours(AZS_A, COMPUTE, '2026-03-02T00:00:00Z', '2026-03-06T04:00:00Z'), // 100 hours × 1
      { azsSubscriptionId: AZS_A, meterId: STORAGE, hour: '2026-03-03T00:00:00Z', quantity: '150' },
      ...hours(AZS_B, COMPUTE, '2026-03-02T00:00:00Z', '2026-03-04T02:00:00Z'), // 50 hours × 1
      { azsSubscriptionId: AZS_B, meterId: STORAGE, hour: '2026-03-03T00:00:00Z', quantity: '250' },
      ...hours(AZS_A, COMPUTE, '2026-02-10T00:00:00Z', '2026-02-11T00:00:00Z', '2'), // 24 × 2 = 48
      { azsSubscriptionId: AZS_A, meterId: STORAGE, hour: '2026-02-10T00:00:00Z', quantity: '120' },
    ]);
    const list = await must(admin(), 'POST', '/api/v1/price-lists', {
      scopeType: 'region',
      regionId,
      displayName: 'R prices',
      currency: 'USD',
    });
    listId = list.id;
    const version = await must(admin(), 'POST', `/api/v1/price-lists/${listId}/versions`, {
      effectiveFrom: '2026-01',
    });
    versionId = version.id;
    await must(admin(), 'POST', `/api/v1/price-list-versions/${versionId}/items`, {
      meterId: COMPUTE,
      pricing: 'flat',
      rate: '0.10',
    });
    await must(admin(), 'POST', `/api/v1/price-list-versions/${versionId}/items`, {
      meterId: STORAGE,
      pricing: 'graduated',
      tiers: [
        { from: '0', to: '100', rate: '1.00' },
        { from: '100', to: '200', rate: '0.50' },
        { from: '200', to: null, rate: '0.10' },
      ],
    });
    await must(admin(), 'POST', `/api/v1/price-list-versions/${versionId}/activation`, undefined, 200);
    await must(admin(), 'POST', '/api/v1/discounts', { tenantId: w.A.tenantId, percentage: '10' });
    await must(admin(), 'POST', '/api/v1/credits', {
      tenantId: w.A.tenantId,
      amount: '5.00',
      fromPeriod: '2026-01',
      description: 'Welcome credit',
    });
    const vat = await must(admin(), 'POST', '/api/v1/tax-profiles', {
      name: 'VAT',
      rates: [{ name: 'VAT', percentage: '20', effectiveFrom: '2026-01-01' }],
    });
    vatId = vat.id;
    await must(admin(), 'PATCH', `/api/v1/tenants/${w.A.tenantId}`, { taxProfileId: vat.id }, 200);
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const model = (body: Record<string, unknown>, who = admin()) =>
    call<Model>(who, 'POST', '/api/v1/pricing-tools/price-increases/model', { period: PERIOD, ...body });

  describe('price increase model', () => {
    it.skipIf(skip)(
      'rates the period twice: old versus new per meter, per tenant and in total (+10 %)',
      async () => {
        const before = await snapshotDatabase(t.app);
        const r = await model({ scope: 'region', regionId, increaseType: 'percentage', amount: '10' });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        // A model writes nothing.
        expect(await snapshotDatabase(t.app)).toBe(before);
        expect(r.body.lists).toEqual([
          expect.objectContaining({
            priceListId: listId,
            sourceVersionId: versionId,
            sourceVersion: 1,
            items: 2,
          }),
        ]);
        expect(r.body.tenants.map((x) => [x.tenantId, x.oldSubtotal, x.newSubtotal, x.difference])).toEqual(
          [
            [w.A.tenantId, '116.50', '128.65', '12.15'],
            [w.B.tenantId, '160.00', '176.00', '16.00'],
          ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
        );
        expect(r.body.meters).toEqual([
          {
            meterId: COMPUTE,
            sku: null,
            currency: 'USD',
            quantity: '150',
            oldAmount: '15.00',
            newAmount: '16.50',
            difference: '1.50',
          },
          {
            meterId: STORAGE,
            sku: null,
            currency: 'USD',
            quantity: '400',
            oldAmount: '280.00',
            newAmount: '308.00',
            difference: '28.00',
          },
        ]);
        expect(r.body.totals).toEqual([
          {
            currency: 'USD',
            oldUsage: '295.00',
            newUsage: '324.50',
            oldSubtotal: '276.50',
            newSubtotal: '304.65',
            difference: '28.15',
          },
        ]);
      },
    );

    it.skipIf(skip)('adds a fixed amount per unit to flat and tier rates, never below zero', async () => {
      // +0.02: compute 0.12; tiers 1.02, 0.52, 0.12. B: 50 × 0.12 = 6.00;
      // storage 102.00 + 52.00 + 50 × 0.12 = 160.00 → 166.00
      const up = await model({
        scope: 'tenant',
        tenantId: w.B.tenantId,
        increaseType: 'fixed',
        amount: '0.02',
      });
      // Tenant B has no list of its own: nothing in that scope.
      expect(up.status).toBe(422);
      expect(up.body.field).toBe('body.tenantId');
      const raised = await model({
        scope: 'priceList',
        priceListId: listId,
        increaseType: 'fixed',
        amount: '0.02',
      });
      expect(raised.status, JSON.stringify(raised.body)).toBe(200);
      const b = raised.body.tenants.find((x) => x.tenantId === w.B.tenantId);
      expect([b?.oldSubtotal, b?.newSubtotal]).toEqual(['160.00', '166.00']);
      // −0.50: compute max(0, 0.10 − 0.50) = 0; tiers 0.50, 0 (not −0.00), 0 → B: storage 100 × 0.50 = 50.00
      const cut = await model({ scope: 'allRegionLists', increaseType: 'fixed', amount: '-0.50' });
      expect(cut.status, JSON.stringify(cut.body)).toBe(200);
      const b2 = cut.body.tenants.find((x) => x.tenantId === w.B.tenantId);
      expect(b2?.newSubtotal).toBe('50.00');
    });

    it.skipIf(skip)(
      'refuses a scope without its field, and fields of another scope, naming them',
      async () => {
        const missing = await model({ scope: 'region', increaseType: 'percentage', amount: '5' });
        expect([missing.status, missing.body.field]).toEqual([400, 'body.regionId']);
        const extra = await model({
          scope: 'allRegionLists',
          tenantId: w.A.tenantId,
          increaseType: 'percentage',
          amount: '5',
        });
        expect([extra.status, extra.body.field]).toEqual([400, 'body.tenantId']);
        const source = await model({
          scope: 'region',
          regionId,
          sourceVersionId: versionId,
          increaseType: 'percentage',
          amount: '5',
        });
        expect([source.status, source.body.field]).toEqual([400, 'body.sourceVersionId']);
      },
    );

    it.skipIf(skip)('is for platform users only', async () => {
      const body = { scope: 'region', regionId, increaseType: 'percentage', amount: '10' };
      expect((await model(body, w.platformReader)).status).toBe(200);
      expect((await model(body, w.actor('distributor_admin'))).status).toBe(403);
      expect((await model(body, w.actor('tenant_admin'))).status).toBe(403);
    });
  });

  describe('estimator', () => {
    it.skipIf(skip)("equals a past month's rated amount for that month's real quantities", async () => {
      // February for SA: compute 48 × 0.10 = 4.80, discount −0.48; storage 100 × 1.00 + 20 × 0.50 =
      // 110.00, discount −11.00; tenant credit −5.00 → 4.80 − 0.48 + 110 − 11 − 5 = 98.32.
      // VAT 20 % of 98.32 = 19.664 → 19.66; total 117.98.
      expect(await rate(w.A.tenantId, '2026-02')).toBe('98.32');
      const r = await call<Estimate>(admin(), 'POST', '/api/v1/pricing-tools/estimates', {
        subscriptionId: w.A.subscriptionId,
        period: '2026-02',
        quantities: [
          { meterId: COMPUTE, quantity: '48' },
          { meterId: STORAGE, quantity: '120' },
        ],
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.subtotal).toBe('98.32');
      expect(r.body.taxes).toEqual([{ name: 'VAT', percentage: '20', amount: '19.66' }]);
      expect([r.body.tax, r.body.total, r.body.currency]).toEqual(['19.66', '117.98', 'USD']);
      expect(r.body.lines.map((l) => [l.kind, l.amount])).toEqual([
        ['usage', '4.80'],
        ['discount', '-0.48'],
        ['usage', '110.00'],
        ['discount', '-11.00'],
        ['tenant_credit', '-5.00'],
      ]);
    });

    it.skipIf(skip)('prices with one chosen list version, a draft too', async () => {
      // A draft version 2 with compute at 0.20 (no storage item): 48 × 0.20 = 9.60, discount −0.96;
      // storage unpriced (0.00); credit −5.00 → 9.60 − 0.96 − 5.00 = 3.64; VAT 0.728 → 0.73; 4.37.
      const draft = await must(admin(), 'POST', `/api/v1/price-lists/${listId}/versions`, {
        effectiveFrom: '2026-06',
      });
      await must(admin(), 'POST', `/api/v1/price-list-versions/${draft.id}/items`, {
        meterId: COMPUTE,
        pricing: 'flat',
        rate: '0.20',
      });
      const r = await call<Estimate>(admin(), 'POST', '/api/v1/pricing-tools/estimates', {
        tenantId: w.A.tenantId,
        priceListId: listId,
        versionId: draft.id,
        period: '2026-02',
        quantities: [
          { meterId: COMPUTE, quantity: '48' },
          { meterId: STORAGE, quantity: '120' },
        ],
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect([r.body.subtotal, r.body.tax, r.body.total]).toEqual(['3.64', '0.73', '4.37']);
      expect(r.body.lines.find((l) => l.meterId === STORAGE)?.unpriced).toBe(true);
      const wrong = await call<Estimate>(admin(), 'POST', '/api/v1/pricing-tools/estimates', {
        tenantId: w.A.tenantId,
        priceListId: listId,
        versionId: w.A.subscriptionId.replace('sub_', 'plv_'),
        quantities: [{ meterId: COMPUTE, quantity: '1' }],
      });
      expect([wrong.status, wrong.body.field]).toEqual([404, 'body.versionId']);
    });

    it.skipIf(skip)(
      'estimates a tenant with no subscription: its currency, tenant list, credits and tax',
      async () => {
        // Tenant C (USD, tax "VAT 20 %", a 1.00 tenant credit) has no subscription; its own list
        // prices compute at 0.20 per hour and nothing else. With no region, no region list applies.
        //   compute 30 h × 0.20 = 6.00; storage 120 unpriced 0.00; credit −1.00 → 5.00;
        //   VAT 20 % = 1.00; total 6.00.
        // With the region list chosen (version 1 rates March): compute 30 × 0.10 = 3.00; storage
        //   100 × 1.00 + 20 × 0.50 = 110.00; credit −1.00 → 112.00; VAT 22.40; total 134.40.
        const tenant = await must(admin(), 'POST', '/api/v1/tenants', {
          name: 'Prospect',
          partnerId: w.A.partnerId,
          currency: 'USD',
          administrators: [{ firstName: 'Pat', lastName: 'Prospect', email: 'pat@prospect.test' }],
        });
        await must(admin(), 'PATCH', `/api/v1/tenants/${tenant.id}`, { taxProfileId: vatId }, 200);
        await must(admin(), 'POST', '/api/v1/credits', {
          tenantId: tenant.id,
          amount: '1',
          fromPeriod: '2026-01',
          description: 'Prospect credit',
        });
        const list = await must(admin(), 'POST', '/api/v1/price-lists', {
          scopeType: 'tenant',
          tenantId: tenant.id,
          displayName: 'Prospect prices',
        });
        const version = await must(admin(), 'POST', `/api/v1/price-lists/${list.id}/versions`, {
          effectiveFrom: '2026-01',
        });
        await must(admin(), 'POST', `/api/v1/price-list-versions/${version.id}/items`, {
          meterId: COMPUTE,
          pricing: 'flat',
          rate: '0.20',
        });
        await must(admin(), 'POST', `/api/v1/price-list-versions/${version.id}/activation`, undefined, 200);
        const quantities = [
          { meterId: COMPUTE, quantity: '30' },
          { meterId: STORAGE, quantity: '120' },
        ];
        const own = await call<Estimate>(admin(), 'POST', '/api/v1/pricing-tools/estimates', {
          tenantId: tenant.id,
          period: PERIOD,
          quantities,
        });
        expect(own.status, JSON.stringify(own.body)).toBe(200);
        expect([own.body.subscriptionId, own.body.currency]).toEqual([null, 'USD']);
        expect(
          own.body.lines.map((l) => [l.kind, l.subscriptionId, l.meterId, l.amount, l.unpriced]),
        ).toEqual([
          ['usage', null, COMPUTE, '6.00', false],
          ['usage', null, STORAGE, '0.00', true],
          ['tenant_credit', null, null, '-1.00', false],
        ]);
        expect([own.body.subtotal, own.body.tax, own.body.total]).toEqual(['5.00', '1.00', '6.00']);
        const region = await call<Estimate>(admin(), 'POST', '/api/v1/pricing-tools/estimates', {
          tenantId: tenant.id,
          priceListId: listId,
          period: PERIOD,
          quantities,
        });
        expect(region.status, JSON.stringify(region.body)).toBe(200);
        expect([region.body.subtotal, region.body.tax, region.body.total]).toEqual([
          '112.00',
          '22.40',
          '134.40',
        ]);
        // A row may not name a subscription (it has none).
        const named = await call<Estimate>(admin(), 'POST', '/api/v1/pricing-tools/estimates', {
          tenantId: tenant.id,
          quantities: [{ meterId: COMPUTE, quantity: '1', subscriptionId: w.A.subscriptionId }],
        });
        expect([named.status, named.body.field]).toEqual([400, 'body.quantities.0.subscriptionId']);
      },
    );

    it.skipIf(skip)('names the quantity whose subscription is not the tenant’s', async () => {
      const r = await call<Estimate>(admin(), 'POST', '/api/v1/pricing-tools/estimates', {
        tenantId: w.A.tenantId,
        quantities: [{ meterId: COMPUTE, quantity: '1', subscriptionId: w.B.subscriptionId }],
      });
      expect([r.status, r.body.field]).toEqual([400, 'body.quantities.0.subscriptionId']);
    });
  });

  describe('calculator', () => {
    const calc = (who: Person, subject: Record<string, string>) =>
      call<Estimate>(who, 'POST', '/api/v1/calculator', {
        ...subject,
        period: PERIOD,
        quantities: [
          { meterId: COMPUTE, quantity: '100' },
          { meterId: STORAGE, quantity: '150' },
        ],
      });

    it.skipIf(skip)('follows each Calculator Setting, and never reaches outside the branch', async () => {
      // SA's March quantities for SA: 116.50 (see the top); VAT 20 % = 23.30 → total 139.80.
      // The same quantities for SB (no discount, credit or tax): 10.00 + 125.00 = 135.00.
      const own = { subscriptionId: w.A.subscriptionId };
      const other = { subscriptionId: w.B.subscriptionId };
      for (const role of ['tenant_admin', 'tenant_reader', 'partner_admin', 'distributor_admin'] as const) {
        expect((await calc(w.actor(role), own)).status, role).toBe(403);
      }
      const platform = await calc(w.platformReader, other);
      expect([platform.status, platform.body.total]).toEqual([200, '135.00']);

      await setting('calculator.showToTenants', true);
      const mine = await calc(w.actor('tenant_reader'), own);
      expect([mine.status, mine.body.subtotal, mine.body.tax, mine.body.total]).toEqual([
        200,
        '116.50',
        '23.30',
        '139.80',
      ]);
      expect((await calc(w.actor('tenant_admin'), other)).status).toBe(404);
      expect((await calc(w.actor('tenant_admin'), { tenantId: w.B.tenantId })).status).toBe(404);
      expect((await calc(w.actor('partner_admin'), own)).status).toBe(403);

      await setting('calculator.showToPartners', true);
      expect((await calc(w.actor('partner_admin'), { tenantId: w.A.tenantId })).body.total).toBe('139.80');
      expect((await calc(w.actor('partner_reader'), other)).status).toBe(404);
      expect((await calc(w.actor('distributor_admin'), own)).status).toBe(403);

      await setting('calculator.showToDistributors', true);
      expect((await calc(w.actor('distributor_reader'), own)).body.total).toBe('139.80');
      expect((await calc(w.actor('distributor_admin'), { tenantId: w.B.tenantId })).status).toBe(404);

      await setting('calculator.showToTenants', false);
      expect((await calc(w.actor('tenant_admin'), own)).status).toBe(403);
      const me = await call<{ permissions: Record<string, boolean> }>(
        w.actor('tenant_admin'),
        'GET',
        '/api/v1/me',
      );
      expect(me.body.permissions['calculator.calculate']).toBe(false);
      expect(
        (await call<{ permissions: Record<string, boolean> }>(w.actor('partner_admin'), 'GET', '/api/v1/me'))
          .body.permissions['calculator.calculate'],
      ).toBe(true);
    });

    it.skipIf(skip)(
      'tells every signed-in user the Platform Time Zone (the portal’s current month)',
      async () => {
        type Me = { platformTimeZone: string };
        const zoneOf = async (who: Person) =>
          (await call<Me>(who, 'GET', '/api/v1/me')).body.platformTimeZone;
        expect(await zoneOf(w.actor('tenant_reader'))).toBe('UTC');
        await must(
          admin(),
          'PATCH',
          '/api/v1/settings',
          { values: { 'platform.timeZone': 'Pacific/Auckland' } },
          200,
        );
        for (const role of ['tenant_reader', 'partner_admin', 'distributor_reader'] as const) {
          expect(await zoneOf(w.actor(role)), role).toBe('Pacific/Auckland');
        }
        await must(admin(), 'PATCH', '/api/v1/settings', { values: { 'platform.timeZone': 'UTC' } }, 200);
      },
    );

    it.skipIf(skip)('takes no price list: only the prices that apply', async () => {
      const r = await call<Estimate>(admin(), 'POST', '/api/v1/calculator', {
        subscriptionId: w.A.subscriptionId,
        priceListId: listId,
        quantities: [{ meterId: COMPUTE, quantity: '1' }],
      });
      expect([r.status, r.body.field]).toEqual([400, 'body.priceListId']);
    });
  });

  describe('price increase apply', () => {
    it.skipIf(skip)('refuses a month before the current one, naming it', async () => {
      const r = await call(admin(), 'POST', '/api/v1/pricing-tools/price-increases/apply', {
        scope: 'region',
        regionId,
        increaseType: 'percentage',
        amount: '10',
        effectiveFrom: '2026-02',
      });
      expect([r.status, r.body.field]).toEqual([422, 'body.effectiveFrom']);
    });

    it.skipIf(skip)('as a draft changes no rating', async () => {
      const r = await must(admin(), 'POST', '/api/v1/pricing-tools/price-increases/apply', {
        scope: 'priceList',
        priceListId: listId,
        increaseType: 'percentage',
        amount: '50',
        effectiveFrom: PERIOD,
        activate: false,
      });
      expect(r.versions).toEqual([
        expect.objectContaining({ state: 'draft', effectiveFrom: PERIOD, items: 2 }),
      ]);
      expect(await rate(w.B.tenantId, PERIOD)).toBe('160.00');
    });

    it.skipIf(skip)('modelled then applied from the period, rating it gives exactly the model', async () => {
      const body = { scope: 'region', regionId, increaseType: 'percentage', amount: '10' };
      const modelled = await model(body);
      expect(modelled.status).toBe(200);
      const auditBefore = await t.app.db.kysely.selectFrom('audit_events').select('id').execute();
      const applied = await must(admin(), 'POST', '/api/v1/pricing-tools/price-increases/apply', {
        ...body,
        effectiveFrom: PERIOD,
      });
      expect(applied.versions).toEqual([
        expect.objectContaining({
          priceListId: listId,
          state: 'active',
          sourceVersionId: versionId,
          items: 2,
        }),
      ]);
      const audit = await t.app.db.kysely
        .selectFrom('audit_events')
        .select(['action', 'target_id'])
        .where(
          'id',
          'not in',
          auditBefore.map((a) => a.id),
        )
        .execute();
      expect(audit).toEqual([{ action: 'priceList.priceIncrease', target_id: listId }]);
      for (const tenant of modelled.body.tenants) {
        expect(await rate(tenant.tenantId, PERIOD), tenant.tenantId).toBe(tenant.newSubtotal);
      }
      // February keeps version 1 (a new version from March leaves earlier months unchanged).
      expect(await rate(w.A.tenantId, '2026-02')).toBe('98.32');
      // The stored rates: 0.10 × 1.10 = 0.11 and the tiers 1.10, 0.55, 0.11.
      const version = await call<{ items: { rate: string | null; tiers: { rate: string }[] | null }[] }>(
        admin(),
        'GET',
        `/api/v1/price-list-versions/${applied.versions[0]!.versionId}`,
      );
      const rates = version.body.items.map((i) => i.rate ?? i.tiers!.map((x) => x.rate).join('/'));
      expect(rates.sort()).toEqual(['0.11', '1.1/0.55/0.11']);
    });

    it.skipIf(skip)(
      "an item credit follows its item into the increase's versions: the next period rates as modelled",
      async () => {
        // A 4.00 credit on compute, given on version 1's item, from March. March is now rated by
        // the +10 % version (compute 0.11; tiers 1.10, 0.55, 0.11), whose compute item is a copy:
        //   A: compute 11.00, discount −1.10, item credit −4.00 (of 9.90 left); storage 137.50,
        //      −13.75; tenant credit −5.00 → 11 − 1.10 − 4 + 137.50 − 13.75 − 5 = 124.65
        //   B: compute 5.50, item credit −4.00 (of 5.50); storage 170.50 → 5.50 − 4 + 170.50 = 172.00
        const v1 = await call<{ items: { id: string; meterId: string }[] }>(
          admin(),
          'GET',
          `/api/v1/price-list-versions/${versionId}`,
        );
        const v1Compute = v1.body.items.find((i) => i.meterId === COMPUTE)!.id;
        await must(admin(), 'POST', '/api/v1/credits', {
          priceItemId: v1Compute,
          amount: '4.00',
          fromPeriod: PERIOD,
          description: 'Compute credit',
        });
        expect(await rate(w.A.tenantId, PERIOD)).toBe('124.65');
        expect(await rate(w.B.tenantId, PERIOD)).toBe('172.00');

        // April's usage is March's again.
        await insertUsage(t.app, regionId, 'UTC', [
          ...hours(AZS_A, COMPUTE, '2026-04-02T00:00:00Z', '2026-04-06T04:00:00Z'), // 100 h
          { azsSubscriptionId: AZS_A, meterId: STORAGE, hour: '2026-04-03T00:00:00Z', quantity: '150' },
          ...hours(AZS_B, COMPUTE, '2026-04-02T00:00:00Z', '2026-04-04T02:00:00Z'), // 50 h
          { azsSubscriptionId: AZS_B, meterId: STORAGE, hour: '2026-04-03T00:00:00Z', quantity: '250' },
        ]);
        // +20 % on the March version: compute 0.132; tiers 1.32, 0.66, 0.132
        //   A: compute 13.20, −1.32, item credit −4.00; storage 132.00 + 33.00 = 165.00, −16.50;
        //      tenant credit −5.00 → 13.20 − 1.32 − 4 + 165 − 16.50 − 5 = 151.38
        //   B: compute 6.60, item credit −4.00; storage 132.00 + 66.00 + 6.60 = 204.60 → 207.20
        const body = { scope: 'region', regionId, increaseType: 'percentage', amount: '20' };
        const modelled = await model(body);
        expect(modelled.status, JSON.stringify(modelled.body)).toBe(200);
        expect(modelled.body.tenants.map((x) => [x.tenantId, x.oldSubtotal, x.newSubtotal]).sort()).toEqual(
          [
            [w.A.tenantId, '124.65', '151.38'],
            [w.B.tenantId, '172.00', '207.20'],
          ].sort(),
        );
        const applied = await must(admin(), 'POST', '/api/v1/pricing-tools/price-increases/apply', {
          ...body,
          effectiveFrom: '2026-04',
        });
        for (const tenant of modelled.body.tenants) {
          expect(await rate(tenant.tenantId, '2026-04'), tenant.tenantId).toBe(tenant.newSubtotal);
        }
        // The credit offsets the new version's compute item; March keeps its version and credit.
        const april = await call<{ items: { id: string; meterId: string }[] }>(
          admin(),
          'GET',
          `/api/v1/price-list-versions/${applied.versions[0]!.versionId}`,
        );
        const aprilCompute = april.body.items.find((i) => i.meterId === COMPUTE)!.id;
        const creditLines = await t.app.db.kysely
          .selectFrom('rated_lines')
          .select(['tenant_id', 'price_item_id', 'amount'])
          .where('period', '=', '2026-04')
          .where('kind', '=', 'item_credit')
          .orderBy('tenant_id')
          .execute();
        expect(
          creditLines.map((l) => [l.tenant_id, l.price_item_id, toDecimalString(decimal(l.amount), 2)]),
        ).toEqual([w.A.tenantId, w.B.tenantId].sort().map((id) => [id, aprilCompute, '-4.00']));
        expect(await rate(w.A.tenantId, PERIOD)).toBe('124.65');
      },
    );
  });
});
