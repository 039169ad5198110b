import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../src/context.ts';
import { transaction } from '../src/db/transaction.ts';
import { ratingWorkList, requestRerating } from '../src/modules/rating/rating.jobs.ts';
import { rateTenantPeriodInTransaction } from '../src/modules/rating/rating.service.ts';
import { ok, startTestApp, type TestApp } from './support/app.ts';
import { skipWithout } from './support/engine-world.ts';
import { ALL_ENGINES, createTestDatabase, type TestDatabase } from './support/engines.ts';
import {
  insertDaily,
  insertExchangeRate,
  insertItem,
  insertPriceList,
  insertVersion,
  setVersionState,
} from './support/pricing-rows.ts';
import { insertMeter, insertRegion } from './support/usage-rows.ts';
import { buildWorld, type World } from './support/world.ts';

/**
 * Rating through the database on every engine: usage_daily rows → rating → rated lines → API.
 * Every expected amount below is worked by hand in the comments (never produced by the code).
 *
 * World: region R (UTC; March 2024 has 31 days = 744 hours). Tenant A's subscription SA and tenant
 * B's subscription SB are linked to Azure Stack subscriptions on R, billable from 1 Jan 2024.
 * The app's clock stands at 2024-03-20T12:00Z (March is the current month).
 *
 * Region list RL (USD) v1 from 2024-01:
 *   G   graduated tiers 0–100 @1.00, 100–200 @0.50, 200+ @0.10 (semantics.md's example)
 *   V   volume, the same tiers
 *   VM  meter-wide 0.10/h;  VM + SKU Standard_D8 0.20/h
 *   IP  per month 7.30 (hour-metered)
 *   DSK per month 5.00 (a month-fraction meter: stored as hours)
 *   INF 1.00 (an informational meter: never priced)
 * Tenant list TL for A (USD) v1 from 2024-01: VM meter-wide 0.08/h.
 * Override OL for SA (USD) v1 from 2024-01: VM + SKU Standard_D2 0.05/h.
 */
const G = 'aaaaaaaa00000000000000000000000g'.replace('g', '1');
const V = 'aaaaaaaa000000000000000000000002';
const VM = 'aaaaaaaa000000000000000000000003';
const IP = 'aaaaaaaa000000000000000000000004';
const DSK = 'aaaaaaaa000000000000000000000005';
const INF = 'aaaaaaaa000000000000000000000006';
const UNP = 'aaaaaaaa000000000000000000000007';
const AZS_A = 'aaaaaaaa-0000-4000-8000-00000000000a';
const AZS_B = 'aaaaaaaa-0000-4000-8000-00000000000b';
const TIERS = [
  { from: '0', to: '100', rate: '1.00' },
  { from: '100', to: '200', rate: '0.50' },
  { from: '200', to: null, rate: '0.10' },
];

describe.each(ALL_ENGINES)('rating [%s]', (engine) => {
  const skip = skipWithout(engine);
  let db: TestDatabase;
  let t: TestApp;
  let w: World;
  let regionId: string;
  let regionV1: string;
  const now = Date.parse('2024-03-20T12:00:00.000Z');

  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase(engine);
    t = await startTestApp(db.url, { CMS_WORKER: 'false' }, { clock: () => now });
    w = await buildWorld(t);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const ctx = () => systemContext(t.app);
  const rate = (tenantId: string, period: string) =>
    transaction(t.app.db, (trx) => rateTenantPeriodInTransaction(trx, ctx(), tenantId, period));
  const linesOf = async (subscriptionId: string, period: string) =>
    ok(
      await w.platformAdmin.client.GET('/api/v1/subscriptions/{id}/rated-lines', {
        params: { path: { id: subscriptionId }, query: { period } },
      }),
    );
  const amounts = async (subscriptionId: string, period: string) =>
    Object.fromEntries(
      (await linesOf(subscriptionId, period)).lines.map((l) => [`${l.meterId}/${l.sku ?? ''}`, l.amount]),
    );
  const setSetting = (key: string, value: unknown) =>
    t.app.db.kysely
      .deleteFrom('settings')
      .where('key', '=', key)
      .execute()
      .then(() =>
        t.app.db.kysely
          .insertInto('settings')
          .values({
            key,
            value: JSON.stringify(value),
            updated_at: '2024-01-01T00:00:00.000Z',
            updated_by: null,
          } as never)
          .execute(),
      );

  it.skipIf(skip)('sets up the region, meters, price lists and March usage', async () => {
    regionId = await insertRegion(t.app, { timeZone: 'UTC' });
    for (const m of [G, V, VM, IP, UNP]) await insertMeter(t.app, m);
    await insertMeter(t.app, INF, { informational: true });
    await insertMeter(t.app, DSK, { unit: 'GB-month' });
    await t.app.db.kysely
      .updateTable('meters')
      .set({ month_fraction: 1 })
      .where('meter_id', '=', DSK)
      .execute();
    for (const [sub, azs, tenant] of [
      [w.A.subscriptionId, AZS_A, w.A.tenantId],
      [w.B.subscriptionId, AZS_B, w.B.tenantId],
    ] as const) {
      await t.app.db.kysely
        .updateTable('subscriptions')
        .set({
          region_id: regionId,
          azs_subscription_id: azs,
          azs_link_key: `${regionId}:${azs}`,
          billable_from: '2024-01-01T00:00:00.000Z',
        })
        .where('id', '=', sub)
        .execute();
      await t.app.db.kysely
        .updateTable('organisations')
        .set({ currency: 'USD' })
        .where('id', '=', tenant)
        .execute();
    }
    const rl = await insertPriceList(t.app, { region: regionId });
    regionV1 = await insertVersion(t.app, rl, 1, '2024-01');
    await insertItem(t.app, regionV1, { meterId: G, tiers: TIERS, mode: 'graduated' });
    await insertItem(t.app, regionV1, { meterId: V, tiers: TIERS, mode: 'volume' });
    await insertItem(t.app, regionV1, { meterId: VM, rate: '0.10' });
    await insertItem(t.app, regionV1, { meterId: VM, sku: 'Standard_D8', rate: '0.20' });
    await insertItem(t.app, regionV1, { meterId: IP, priceUnit: 'month', rate: '7.30' });
    await insertItem(t.app, regionV1, { meterId: DSK, priceUnit: 'month', rate: '5.00' });
    await insertItem(t.app, regionV1, { meterId: INF, rate: '1.00' });
    // A draft never rates, even one effective earlier with a higher price.
    const draft = await insertVersion(t.app, rl, 9, '2023-01', 'draft');
    await insertItem(t.app, draft, { meterId: VM, rate: '99' });
    const tl = await insertPriceList(t.app, { tenant: w.A.tenantId });
    await insertItem(t.app, await insertVersion(t.app, tl, 1, '2024-01'), { meterId: VM, rate: '0.08' });
    const ol = await insertPriceList(t.app, { subscription: w.A.subscriptionId });
    await insertItem(t.app, await insertVersion(t.app, ol, 1, '2024-01'), {
      meterId: VM,
      sku: 'Standard_D2',
      rate: '0.05',
    });

    const day = (d: number) => `2024-03-${String(d).padStart(2, '0')}`;
    const a = { regionId, azs: AZS_A };
    await insertDaily(t.app, { ...a, meterId: G, day: day(1), quantity: '100' });
    await insertDaily(t.app, { ...a, meterId: G, day: day(2), quantity: '150' });
    await insertDaily(t.app, { ...a, meterId: V, day: day(1), quantity: '50.25' });
    await insertDaily(t.app, { ...a, meterId: V, day: day(2), quantity: '50.25' });
    await insertDaily(t.app, { ...a, meterId: VM, sku: 'Standard_D2', day: day(3), quantity: '10' });
    await insertDaily(t.app, { ...a, meterId: VM, sku: 'Standard_D4', day: day(3), quantity: '10' });
    await insertDaily(t.app, { ...a, meterId: INF, day: day(3), quantity: '5' });
    await insertDaily(t.app, { ...a, meterId: UNP, day: day(3), quantity: '3' });
    const b = { regionId, azs: AZS_B };
    await insertDaily(t.app, { ...b, meterId: VM, sku: 'Standard_D4', day: day(4), quantity: '10' });
    await insertDaily(t.app, { ...b, meterId: VM, sku: 'Standard_D8', day: day(4), quantity: '5' });
    for (let d = 1; d <= 31; d++) {
      await insertDaily(t.app, { ...b, meterId: IP, day: day(d), quantity: '24' });
      await insertDaily(t.app, { ...b, meterId: DSK, day: day(d), quantity: '24' });
    }
  });

  it.skipIf(skip)('rates tiers, precedence and unpriced usage exactly (tenant A, March)', async () => {
    expect(await rate(w.A.tenantId, '2024-03')).toMatchObject({ status: 'rated', unpricedLines: 1 });
    expect(await amounts(w.A.subscriptionId, '2024-03')).toEqual({
      // Graduated 250: 100 × 1.00 + 100 × 0.50 + 50 × 0.10 = 100 + 50 + 5 = 155.00
      [`${G}/`]: '155.00',
      // Volume 100.5 falls in 100–200: 100.5 × 0.50 = 50.25
      [`${V}/`]: '50.25',
      // D2: the override's SKU item, 10 h × 0.05 = 0.50
      [`${VM}/Standard_D2`]: '0.50',
      // D4: no override item → the tenant list's meter-wide 0.08 beats the region's 0.10: 10 × 0.08 = 0.80
      [`${VM}/`]: '0.80',
      // No item anywhere: rated at zero and flagged. The informational meter has no line at all.
      [`${UNP}/`]: '0.00',
    });
    const view = await linesOf(w.A.subscriptionId, '2024-03');
    // 155.00 + 50.25 + 0.50 + 0.80 + 0.00 = 206.55
    expect(view.total).toBe('206.55');
    const g = view.lines.find((l) => l.meterId === G)!;
    expect(g.slices?.map((s) => [s.from, s.to, s.quantity])).toEqual([
      ['0', '100', '100'],
      ['100', '200', '100'],
      ['200', null, '50'],
    ]);
    expect(g.priceList).toMatchObject({ scope: 'region', version: 1, versionId: regionV1 });
    expect(view.lines.find((l) => l.meterId === UNP)).toMatchObject({ unpriced: true, priceList: null });
    const alerts = await t.app.db.kysely
      .selectFrom('alerts')
      .selectAll()
      .where('kind', '=', 'rating.unpriced_usage')
      .execute();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.resolved_at).toBeNull();
  });

  it.skipIf(skip)(
    'prices tenant B from the region list only; variable pricing changes only the per-month item',
    async () => {
      await setSetting('billing.monthlyVariablePricing', false);
      await rate(w.B.tenantId, '2024-03');
      expect(await amounts(w.B.subscriptionId, '2024-03')).toEqual({
        // A's tenant list does not reach B: D4 at the region's meter-wide 0.10: 10 × 0.10 = 1.00
        [`${VM}/`]: '1.00',
        // SKU item beats meter-wide inside a list: 5 × 0.20 = 1.00
        [`${VM}/Standard_D8`]: '1.00',
        // Off: 744 h ÷ 730 = 1.019178082… → 1.019178 months × 7.30 = 7.4399994 → 7.44
        [`${IP}/`]: '7.44',
        // Month-fraction meter: 744 h ÷ 744 (always the real hours) = 1 disk-month × 5.00 = 5.00
        [`${DSK}/`]: '5.00',
      });
      await setSetting('billing.monthlyVariablePricing', true);
      await rate(w.B.tenantId, '2024-03');
      const on = await amounts(w.B.subscriptionId, '2024-03');
      // On: 744 h ÷ 744 = 1 month × 7.30 = 7.30; the disk is 5.00 either way.
      expect(on[`${IP}/`]).toBe('7.30');
      expect(on[`${DSK}/`]).toBe('5.00');
      await setSetting('billing.monthlyVariablePricing', false);
      await rate(w.B.tenantId, '2024-03');
    },
  );

  it.skipIf(skip)('a new version from April leaves March unchanged', async () => {
    const rl = (
      await t.app.db.kysely
        .selectFrom('price_list_versions')
        .select('price_list_id')
        .where('id', '=', regionV1)
        .executeTakeFirstOrThrow()
    ).price_list_id;
    const v2 = await insertVersion(t.app, rl, 2, '2024-04');
    await insertItem(t.app, v2, { meterId: VM, rate: '0.12' });
    await setVersionState(t.app, regionV1, 'superseded');
    await insertDaily(t.app, {
      regionId,
      azs: AZS_B,
      meterId: VM,
      sku: 'Standard_D4',
      day: '2024-04-02',
      quantity: '10',
    });
    await rate(w.B.tenantId, '2024-03');
    await rate(w.B.tenantId, '2024-04');
    // March still v1: 1.00 + 1.00 + 7.44 + 5.00 = 14.44. April: 10 × 0.12 = 1.20.
    expect((await linesOf(w.B.subscriptionId, '2024-03')).total).toBe('14.44');
    expect(await amounts(w.B.subscriptionId, '2024-04')).toEqual({ [`${VM}/`]: '1.20' });
  });

  it.skipIf(skip)('rating twice changes nothing', async () => {
    const before = await t.app.db.kysely
      .selectFrom('rated_lines')
      .selectAll()
      .orderBy('tenant_id')
      .orderBy('period')
      .orderBy('position')
      .execute();
    await rate(w.A.tenantId, '2024-03');
    await rate(w.B.tenantId, '2024-03');
    const after = await t.app.db.kysely
      .selectFrom('rated_lines')
      .selectAll()
      .orderBy('tenant_id')
      .orderBy('period')
      .orderBy('position')
      .execute();
    expect(after).toEqual(before);
  });

  it.skipIf(skip)('cost to date and its projection (tenant A, 9 fully collected days)', async () => {
    // Watermark at 10 March 00:00Z: 1–9 March are fully collected (9 days); the month has 31.
    await t.app.db.kysely
      .updateTable('regions')
      .set({ usage_watermark: '2024-03-10T00:00:00.000Z' })
      .where('id', '=', regionId)
      .execute();
    const cost = ok(
      await w.A.people.tenant_reader.client.GET('/api/v1/subscriptions/{id}/cost-to-date', {
        params: { path: { id: w.A.subscriptionId } },
      }),
    );
    // Projected quantities = quantity × 31 ÷ 9, rounded to 6 places:
    //   G 250 → 861.111111: graduated 100 + 50 + 661.111111 × 0.10 = 216.1111111 → 216.11
    //   V 100.5 → 346.166667: volume 200+ tier: × 0.10 = 34.6166667 → 34.62
    //   VM D2 10 → 34.444444 × 0.05 = 1.7222222 → 1.72;  VM D4 34.444444 × 0.08 = 2.75555552 → 2.76
    //   UNP: 0.00.  Total 216.11 + 34.62 + 1.72 + 2.76 = 255.21
    expect(cost).toMatchObject({
      period: '2024-03',
      monthToDate: '206.55',
      projected: '255.21',
      daysBasedOn: 9,
    });
    const tenantCost = ok(
      await w.A.people.partner_reader.client.GET('/api/v1/tenants/{id}/cost-to-date', {
        params: { path: { id: w.A.tenantId } },
      }),
    );
    expect(tenantCost).toMatchObject({ monthToDate: '206.55', projected: '255.21', daysBasedOn: 9 });
    expect(
      (
        await w.B.people.tenant_admin.client.GET('/api/v1/subscriptions/{id}/cost-to-date', {
          params: { path: { id: w.A.subscriptionId } },
        })
      ).response.status,
    ).toBe(404);
  });

  it.skipIf(skip)('daily cost allocates each line over its days, adding up exactly', async () => {
    const daily = ok(
      await w.A.people.tenant_admin.client.GET('/api/v1/subscriptions/{id}/daily-cost', {
        params: { path: { id: w.A.subscriptionId }, query: { period: '2024-03' } },
      }),
    );
    const byDay = Object.fromEntries(daily.days.map((d) => [d.day, d.amount]));
    // G 155.00 by 100 : 150 → 62.00 and 93.00; V 50.25 by halves → 25.13 and 25.12 (the odd cent to
    // the earlier day); day 3: VM 0.50 + 0.80 = 1.30. Day 1: 62.00 + 25.13 = 87.13; day 2: 93.00 + 25.12 = 118.12.
    expect([byDay['2024-03-01'], byDay['2024-03-02'], byDay['2024-03-03'], byDay['2024-03-04']]).toEqual([
      '87.13',
      '118.12',
      '1.30',
      '0.00',
    ]);
    expect(daily.allocation).toBe(true);
  });

  it.skipIf(skip)(
    'daily cost spreads a subscription credit over the days by their gross amounts',
    async () => {
      // A 2.00 subscription credit for SA in March (removed again at the end, for the tests after).
      await t.app.db.kysely
        .insertInto('credits')
        .values({
          id: 'crd_daily_cost_test',
          scope_type: 'subscription',
          price_list_id: null,
          meter_id: null,
          sku: null,
          subscription_id: w.A.subscriptionId,
          tenant_id: null,
          amount: '2.00',
          currency: 'USD',
          from_period: '2024-03',
          to_period: '2024-03',
          description: 'Daily cost test',
          created_at: '2024-01-01T00:00:00.000Z',
          updated_at: '2024-01-01T00:00:00.000Z',
        })
        .execute();
      try {
        await rate(w.A.tenantId, '2024-03');
        const daily = ok(
          await w.A.people.tenant_admin.client.GET('/api/v1/subscriptions/{id}/daily-cost', {
            params: { path: { id: w.A.subscriptionId }, query: { period: '2024-03' } },
          }),
        );
        const byDay = Object.fromEntries(daily.days.map((d) => [d.day, d.amount]));
        // Gross by day (above): 87.13, 118.12, 1.30 (206.55). The −2.00 in cents by those weights:
        //   200 × 87.13/206.55 = 84.367, × 118.12/206.55 = 114.374, × 1.30/206.55 = 1.259
        //   floors 84 + 114 + 1 = 199; the last cent to the largest remainder (.374, day 2)
        //   → −0.84, −1.15, −0.01; days 86.29, 116.97, 1.29 (204.55 = 206.55 − 2.00).
        expect([byDay['2024-03-01'], byDay['2024-03-02'], byDay['2024-03-03'], byDay['2024-03-04']]).toEqual([
          '86.29',
          '116.97',
          '1.29',
          '0.00',
        ]);
      } finally {
        await t.app.db.kysely.deleteFrom('credits').where('id', '=', 'crd_daily_cost_test').execute();
        await rate(w.A.tenantId, '2024-03');
      }
    },
  );

  it.skipIf(skip)('non-platform users see the list name and version, never its ids', async () => {
    const view = ok(
      await w.A.people.tenant_reader.client.GET('/api/v1/subscriptions/{id}/rated-lines', {
        params: { path: { id: w.A.subscriptionId }, query: { period: '2024-03' } },
      }),
    );
    const vm = view.lines.find((l) => l.sku === 'Standard_D2')!;
    expect(vm.priceList).toEqual({
      id: null,
      versionId: null,
      itemId: null,
      scope: 'subscription',
      name: 'subscription list',
      version: 1,
    });
    expect(
      (
        await w.B.people.tenant_admin.client.GET('/api/v1/tenants/{id}/rated-lines', {
          params: { path: { id: w.A.tenantId }, query: {} },
        })
      ).response.status,
    ).toBe(404);
  });

  it.skipIf(skip)('an unpriced meter once priced resolves its alert', async () => {
    await insertItem(t.app, regionV1, { meterId: UNP, rate: '1' });
    await rate(w.A.tenantId, '2024-03');
    const open = await t.app.db.kysely
      .selectFrom('alerts')
      .selectAll()
      .where('kind', '=', 'rating.unpriced_usage')
      .where('resolved_at', 'is', null)
      .execute();
    expect(open).toEqual([]);
    // 206.55 + 3 × 1.00 = 209.55
    expect((await linesOf(w.A.subscriptionId, '2024-03')).total).toBe('209.55');
  });

  it.skipIf(skip)(
    'missing exchange rate: no lines and an alert naming the currency; then exact EUR and KWD',
    async () => {
      await t.app.db.kysely
        .updateTable('organisations')
        .set({ currency: 'EUR' })
        .where('id', '=', w.B.tenantId)
        .execute();
      expect(await rate(w.B.tenantId, '2024-03')).toEqual({
        status: 'missing_exchange_rate',
        currency: 'EUR',
      });
      const view = await linesOf(w.B.subscriptionId, '2024-03');
      expect(view).toMatchObject({ status: 'missing_exchange_rate', lines: [] });
      const alert = await t.app.db.kysely
        .selectFrom('alerts')
        .selectAll()
        .where('kind', '=', 'rating.missing_exchange_rate')
        .executeTakeFirstOrThrow();
      expect(alert.title).toContain('EUR');
      expect(alert.resolved_at).toBeNull();

      // 1 USD = 0.9137 EUR, effective before the end of March. Rates are converted first:
      //   D4 0.10 × 0.9137 = 0.09137 × 10 = 0.9137 → 0.91;  D8 0.20 × 0.9137 = 0.18274 × 5 = 0.9137 → 0.91
      //   IP 7.30 × 0.9137 = 6.67001 × 1.019178 = 6.79792745178 → 6.80;  DSK 5 × 0.9137 = 4.5685 → 4.57
      //   Total 0.91 + 0.91 + 6.80 + 4.57 = 13.19
      await insertExchangeRate(t.app, 'EUR', '0.9137', '2024-02-01T00:00:00.000Z');
      // A rate effective after the end of March (1 April 00:00 platform time) is not used for March.
      await insertExchangeRate(t.app, 'EUR', '5', '2024-04-01T00:00:00.001Z');
      await rate(w.B.tenantId, '2024-03');
      const eur = await linesOf(w.B.subscriptionId, '2024-03');
      expect(eur.lines.map((l) => l.amount)).toEqual(
        ['0.91', '0.91', '6.80', '4.57'].sort((a, b) => 0 * a.localeCompare(b)),
      );
      expect(eur.total).toBe('13.19');
      expect(
        await t.app.db.kysely
          .selectFrom('alerts')
          .select('resolved_at')
          .where('kind', '=', 'rating.missing_exchange_rate')
          .executeTakeFirstOrThrow(),
      ).not.toMatchObject({ resolved_at: null });

      // KWD has 3 minor units. 1 USD = 0.3075 KWD:
      //   D4 0.10 × 0.3075 = 0.03075 × 10 = 0.3075 → 0.308 (half away from zero);  D8 0.0615 × 5 = 0.3075 → 0.308
      //   IP 7.30 × 0.3075 = 2.24475 × 1.019178 = 2.2877998155 → 2.288;  DSK 5 × 0.3075 = 1.5375 → 1.538
      //   Total 0.308 + 0.308 + 2.288 + 1.538 = 4.442
      await t.app.db.kysely
        .updateTable('organisations')
        .set({ currency: 'KWD' })
        .where('id', '=', w.B.tenantId)
        .execute();
      await insertExchangeRate(t.app, 'KWD', '0.3075', '2024-02-01T00:00:00.000Z');
      await rate(w.B.tenantId, '2024-03');
      const kwd = await linesOf(w.B.subscriptionId, '2024-03');
      expect(kwd.total).toBe('4.442');
      expect(kwd.lines.map((l) => l.amount).sort()).toEqual(['0.308', '0.308', '1.538', '2.288']);
    },
  );

  it.skipIf(skip)('an import asks for a rating; a request while one runs gets a follow-up job', async () => {
    const first = await transaction(t.app.db, (trx) => requestRerating(trx, ctx(), 'test'));
    const merged = await transaction(t.app.db, (trx) => requestRerating(trx, ctx(), 'test'));
    expect(merged).toMatchObject({ id: first.id, created: false });
    await t.app.db.kysely.updateTable('jobs').set({ status: 'running' }).where('id', '=', first.id).execute();
    const followUp = await transaction(t.app.db, (trx) => requestRerating(trx, ctx(), 'test'));
    expect(followUp.created).toBe(true);
    expect(followUp.id).not.toBe(first.id);
    const again = await transaction(t.app.db, (trx) => requestRerating(trx, ctx(), 'test'));
    expect(again.id).toBe(followUp.id);
    // The job's work list: every tenant-period with usage or rated lines.
    const pairs = await ratingWorkList(t.app.db.kysely, {});
    expect(pairs).toEqual(
      [
        [w.A.tenantId, '2024-03'],
        [w.B.tenantId, '2024-03'],
        [w.B.tenantId, '2024-04'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!) || a[1]!.localeCompare(b[1]!)),
    );
  });

  // SQLite runs one connection, so two ratings cannot interleave there: this test exists on the
  // server engines only (registered, not skipped, where it means something).
  const onServerEngines =
    engine === 'sqlite' ? (_name: string, _test: () => Promise<void>) => undefined : it.skipIf(skip);
  onServerEngines(
    'two ratings of one tenant-period run one after the other; the later one sees the later usage',
    async () => {
      await t.app.db.kysely
        .updateTable('organisations')
        .set({ currency: 'USD' })
        .where('id', '=', w.B.tenantId)
        .execute();
      await rate(w.B.tenantId, '2024-04');
      let reached!: () => void;
      let release!: () => void;
      const held = new Promise<void>((r) => {
        reached = r;
      });
      const gate = new Promise<void>((r) => {
        release = r;
      });
      const previous = t.app.pause;
      t.app.pause = async (point) => {
        if (point !== 'rating.rate') return;
        t.app.pause = previous;
        reached();
        await gate;
      };
      const first = rate(w.B.tenantId, '2024-04');
      await held; // the first has locked the period and read 10 h
      await insertDaily(t.app, {
        regionId,
        azs: AZS_B,
        meterId: VM,
        sku: 'Standard_D4',
        day: '2024-04-03',
        quantity: '5',
      });
      let secondDone = false;
      const second = rate(w.B.tenantId, '2024-04').then((r) => {
        secondDone = true;
        return r;
      });
      await new Promise((r) => setTimeout(r, 400));
      expect(secondDone).toBe(false);
      release();
      await Promise.all([first, second]);
      // The second waited for the first and read 15 h: 15 × 0.12 = 1.80 (the first's 1.20 is gone).
      expect(await amounts(w.B.subscriptionId, '2024-04')).toEqual({ [`${VM}/`]: '1.80' });
    },
  );
});
