import { decimal, toDecimalString } from '@cms/billing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../src/context.ts';
import { newId } from '../src/db/ids.ts';
import { transaction } from '../src/db/transaction.ts';
import { RATE_JOB, requestRerating } from '../src/modules/rating/rating.jobs.ts';
import {
  type RatingOutcome,
  rateTenantPeriodInTransaction,
  rateTenantPeriodsInTransaction,
} from '../src/modules/rating/rating.service.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { skipWithout } from './support/engine-world.ts';
import { ALL_ENGINES, createTestDatabase, type TestDatabase } from './support/engines.ts';
import {
  insertDaily,
  insertDiscount,
  insertExchangeRate,
  insertItem,
  insertPriceList,
  insertVersion,
} from './support/pricing-rows.ts';
import { insertMeter, insertRegion, insertUsage } from './support/usage-rows.ts';
import { buildWorld, type World } from './support/world.ts';

/**
 * Rating set-wise: a batch of tenant-periods rated in one transaction must leave exactly what
 * rating each of them alone leaves (lines, rated_periods rows, alerts, outcomes), however much the
 * tenants of the batch differ. The world's four tenants (A and its sibling C, B and its sibling D):
 *
 *   A  two subscriptions (the second billable from 10 March 06:00, so its first day is partial),
 *      a tenant list, an override, a tenant discount, item, subscription and tenant credits, usage
 *      in February and March (both periods in the batch)
 *   C  usage of a meter nothing prices (unpriced, alerted)
 *   B  EUR without an exchange rate (missing_exchange_rate: no lines, alerted)
 *   D  March closed (an issued invoice); February open
 *
 * plus a tenant id that does not exist. Region R is in UTC; region list RL (USD) from 2024-01:
 * G graduated 0–100 @1.00, 100+ @0.50; F flat 0.25. Tenant list for A: F 0.20. Override for A's
 * first subscription: G flat 0.40.
 */
const G = 'bbbbbbbb000000000000000000000001';
const F = 'bbbbbbbb000000000000000000000002';
const U = 'bbbbbbbb000000000000000000000003';

describe.each(ALL_ENGINES)('rating a batch of tenant-periods [%s]', (engine) => {
  const skip = skipWithout(engine);
  let db: TestDatabase;
  let t: TestApp;
  let w: World;
  let regionId: string;
  const now = Date.parse('2024-03-20T12:00:00.000Z');
  const azs: Record<string, string> = {};
  const tenantIds = () => [w.A.tenantId, w.A.siblings!.tenantId, w.B.tenantId, w.B.siblings!.tenantId];
  const missingTenant = newId('ten');

  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase(engine);
    t = await startTestApp(db.url, { CMS_WORKER: 'false' }, { clock: () => now });
    w = await buildWorld(t, { siblings: true });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const ctx = () => systemContext(t.app);
  const day = (month: string, d: number) => `2024-${month}-${String(d).padStart(2, '0')}`;

  /** What rating left for the world's tenants, ids and clocks that differ between runs left out. */
  async function snapshot() {
    const k = t.app.db.kysely;
    const lines = await k
      .selectFrom('rated_lines')
      .selectAll()
      .where('tenant_id', 'in', tenantIds())
      .orderBy('tenant_id')
      .orderBy('period')
      .orderBy('position')
      .execute();
    const periods = await k
      .selectFrom('rated_periods')
      .selectAll()
      .where('tenant_id', 'in', tenantIds())
      .orderBy('tenant_id')
      .orderBy('period')
      .execute();
    const alerts = await k
      .selectFrom('alerts')
      .select([
        'kind',
        'alert_key',
        'severity',
        'title',
        'message',
        'details_json',
        'occurrences',
        'resolved_at',
      ])
      .where('kind', 'like', 'rating.%')
      .orderBy('kind')
      .orderBy('alert_key')
      .execute();
    return { lines, periods, alerts };
  }
  async function forget() {
    const k = t.app.db.kysely;
    await k.deleteFrom('rated_lines').execute();
    await k.deleteFrom('rated_periods').execute();
    await k.deleteFrom('alerts').where('kind', 'like', 'rating.%').execute();
  }

  it.skipIf(skip)('sets up four tenants that differ in every way rating cares about', async () => {
    const k = t.app.db.kysely;
    regionId = await insertRegion(t.app, { timeZone: 'UTC' });
    for (const m of [G, F, U]) await insertMeter(t.app, m);
    const A2 = w.A.siblings!.subscriptionId;
    const subs: [string, string, string][] = [
      [w.A.subscriptionId, w.A.tenantId, '2024-01-01T00:00:00.000Z'],
      [A2, w.A.tenantId, '2024-03-10T06:00:00.000Z'],
      [w.A.siblings!.tenantSubscriptionId, w.A.siblings!.tenantId, '2024-01-01T00:00:00.000Z'],
      [w.B.subscriptionId, w.B.tenantId, '2024-01-01T00:00:00.000Z'],
      [w.B.siblings!.tenantSubscriptionId, w.B.siblings!.tenantId, '2024-01-01T00:00:00.000Z'],
    ];
    for (const [n, [sub, , billableFrom]] of subs.entries()) {
      azs[sub] = `cccccccc-0000-4000-8000-00000000000${n}`;
      await k
        .updateTable('subscriptions')
        .set({
          region_id: regionId,
          azs_subscription_id: azs[sub],
          azs_link_key: `${regionId}:${azs[sub]}`,
          billable_from: billableFrom,
        })
        .where('id', '=', sub)
        .execute();
    }
    for (const tenant of tenantIds())
      await k
        .updateTable('organisations')
        .set({ currency: tenant === w.B.tenantId ? 'EUR' : 'USD' })
        .where('id', '=', tenant)
        .execute();

    const regionList = await insertPriceList(t.app, { region: regionId });
    const rl = await insertVersion(t.app, regionList, 1, '2024-01');
    await insertItem(t.app, rl, {
      meterId: G,
      tiers: [
        { from: '0', to: '100', rate: '1.00' },
        { from: '100', to: null, rate: '0.50' },
      ],
    });
    await insertItem(t.app, rl, { meterId: F, rate: '0.25' });
    const tl = await insertVersion(
      t.app,
      await insertPriceList(t.app, { tenant: w.A.tenantId }),
      1,
      '2024-01',
    );
    await insertItem(t.app, tl, { meterId: F, rate: '0.20' });
    const ol = await insertVersion(
      t.app,
      await insertPriceList(t.app, { subscription: w.A.subscriptionId }),
      1,
      '2024-01',
    );
    await insertItem(t.app, ol, { meterId: G, rate: '0.40' });

    await insertDiscount(t.app, { tenantId: w.A.tenantId, percentage: '10' });
    const credit = (id: string, scope: 'item' | 'subscription' | 'tenant', amount: string, target: string) =>
      k
        .insertInto('credits')
        .values({
          id,
          scope_type: scope,
          // An item credit names its item by list, meter and SKU.
          price_list_id: scope === 'item' ? target : null,
          meter_id: scope === 'item' ? G : null,
          sku: scope === 'item' ? '' : null,
          subscription_id: scope === 'subscription' ? target : null,
          tenant_id: scope === 'tenant' ? target : null,
          amount,
          currency: 'USD',
          from_period: '2024-02',
          to_period: null,
          description: `${scope} credit`,
          created_at: '2024-01-01T00:00:00.000Z',
          updated_at: '2024-01-01T00:00:00.000Z',
        })
        .execute();
    await credit('crd_batch_item', 'item', '3', regionList);
    await credit('crd_batch_subscription', 'subscription', '2.5', A2);
    await credit('crd_batch_tenant', 'tenant', '1', w.A.tenantId);
    // Another tenant's credit on the same item and a tenant credit of C: never A's.
    await credit('crd_batch_other', 'tenant', '4', w.A.siblings!.tenantId);

    const daily = (sub: string, meterId: string, d: string, quantity: string) =>
      insertDaily(t.app, { regionId, azs: azs[sub]!, meterId, day: d, quantity });
    for (const month of ['02', '03']) {
      for (const d of [1, 2, 11]) {
        await daily(w.A.subscriptionId, G, day(month, d), '40.125');
        await daily(w.A.subscriptionId, F, day(month, d), '24');
        await daily(w.A.siblings!.tenantSubscriptionId, G, day(month, d), '60.5');
        await daily(w.A.siblings!.tenantSubscriptionId, U, day(month, d), '7');
        await daily(w.B.subscriptionId, F, day(month, d), '12');
        await daily(w.B.siblings!.tenantSubscriptionId, G, day(month, d), '99.999');
      }
    }
    // A's second subscription: 10 March from 06:00 only (its partial first day), then whole days.
    await insertUsage(t.app, regionId, 'UTC', [
      { azsSubscriptionId: azs[A2]!, meterId: G, hour: '2024-03-10T03:00:00.000Z', quantity: '50' },
      { azsSubscriptionId: azs[A2]!, meterId: G, hour: '2024-03-10T08:00:00.000Z', quantity: '70.5' },
    ]);
    await daily(A2, G, day('03', 11), '33.3');
    await daily(A2, F, day('03', 12), '5');
    await k
      .insertInto('closed_periods')
      .values({
        tenant_id: w.B.siblings!.tenantId,
        region_id: regionId,
        period: '2024-03',
        closed_at: '2024-03-05T00:00:00.000Z',
        invoice_id: null,
      })
      .execute();
  });

  const pairs = (): [string, string][] => [
    [w.B.siblings!.tenantId, '2024-03'],
    [w.A.tenantId, '2024-03'],
    [missingTenant, '2024-03'],
    [w.B.tenantId, '2024-03'],
    [w.A.siblings!.tenantId, '2024-03'],
    [w.A.tenantId, '2024-02'],
    [w.B.siblings!.tenantId, '2024-02'],
  ];

  /** Rates the pairs as one batch, then each alone from scratch: the same outcomes and rows. */
  async function batchEqualsAlone() {
    const batch = await transaction(t.app.db, (trx) => rateTenantPeriodsInTransaction(trx, ctx(), pairs()));
    const together = await snapshot();
    await forget();
    const alone: RatingOutcome[] = [];
    for (const [tenantId, period] of pairs())
      alone.push(
        await transaction(t.app.db, (trx) => rateTenantPeriodInTransaction(trx, ctx(), tenantId, period)),
      );
    expect(batch).toEqual(alone);
    expect(together).toEqual(await snapshot());
    return { batch, together };
  }

  it.skipIf(skip)('rates each tenant-period of a batch exactly as rating it alone', async () => {
    const { batch, together } = await batchEqualsAlone();
    // And each differs as it should.
    expect(batch.map((o) => o.status)).toEqual([
      'closed',
      'rated',
      'no_tenant',
      'missing_exchange_rate',
      'rated',
      'rated',
      'rated',
    ]);
    expect(batch[3]).toEqual({ status: 'missing_exchange_rate', currency: 'EUR' });
    expect(batch[4]).toMatchObject({ unpricedLines: 1 });
    const kinds = new Set(
      together.lines.filter((l) => l.tenant_id === w.A.tenantId && l.period === '2024-03').map((l) => l.kind),
    );
    expect([...kinds].sort()).toEqual([
      'discount',
      'item_credit',
      'subscription_credit',
      'tenant_credit',
      'usage',
    ]);
    expect(together.lines.filter((l) => l.tenant_id === w.B.tenantId)).toEqual([]);
    expect(
      together.periods.filter((p) => p.tenant_id === w.B.siblings!.tenantId).map((p) => p.period),
    ).toEqual(['2024-02']);
    expect(together.alerts.map((a) => [a.kind, a.alert_key])).toEqual([
      ['rating.missing_exchange_rate', `${w.B.tenantId}:2024-03`],
      ['rating.unpriced_usage', `${w.A.siblings!.tenantId}:2024-03`],
    ]);
    // A's second subscription counts 10 March from 06:00 on: 70.5 of G that day, then 33.3.
    const partial = together.lines.find(
      (l) => l.subscription_id === w.A.siblings!.subscriptionId && l.meter_id === G && l.kind === 'usage',
    );
    expect(toDecimalString(decimal(partial!.raw_quantity!))).toBe('103.8');
  });

  it.skipIf(skip)('with a rate for EUR, the batch prices B in EUR, still as alone', async () => {
    await forget();
    await insertExchangeRate(t.app, 'EUR', '0.9137', '2024-02-01T00:00:00.000Z');
    const { batch, together } = await batchEqualsAlone();
    expect(batch[3]).toMatchObject({ status: 'rated' });
    const b = together.periods.find((p) => p.tenant_id === w.B.tenantId)!;
    expect(b).toMatchObject({ status: 'rated', currency: 'EUR' });
    expect(JSON.parse(b.exchange_rates!)).toHaveProperty('USD');
    // The missing rate's alert is resolved by the batch as by the single rating.
    expect(together.alerts.find((a) => a.kind === 'rating.missing_exchange_rate')).toBeUndefined();
  });

  it.skipIf(skip)(
    'a tenant whose rating fails leaves its batch rated; the job fails naming it, for its retry',
    async () => {
      await forget();
      // C's own list prices G with neither a rate nor tiers: the engine refuses it.
      const cl = await insertVersion(
        t.app,
        await insertPriceList(t.app, { tenant: w.A.siblings!.tenantId }),
        1,
        '2024-01',
      );
      const broken = await insertItem(t.app, cl, { meterId: G, rate: '1' });
      await t.app.db.kysely.updateTable('price_items').set({ rate: null }).where('id', '=', broken).execute();
      const job = await transaction(t.app.db, (trx) =>
        requestRerating(trx, ctx(), 'test', { period: '2024-03' }),
      );
      await t.app.jobs.runNow();
      const row = await t.app.db.kysely
        .selectFrom('jobs')
        .select(['type', 'status', 'last_error'])
        .where('id', '=', job.id)
        .executeTakeFirstOrThrow();
      expect(row.type).toBe(RATE_JOB);
      expect(row.status).not.toBe('succeeded');
      expect(row.last_error).toContain(`2024-03 of tenant ${w.A.siblings!.tenantId}`);
      const rated = (await snapshot()).periods.map((p) => `${p.tenant_id} ${p.period} ${p.status}`);
      expect(rated.sort()).toEqual([`${w.A.tenantId} 2024-03 rated`, `${w.B.tenantId} 2024-03 rated`].sort());
    },
  );
});
