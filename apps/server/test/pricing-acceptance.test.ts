import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.ts';
import { skipWithout } from './support/engine-world.ts';
import { ALL_ENGINES, createTestDatabase, type TestDatabase } from './support/engines.ts';
import { buildWorld, type World } from './support/world.ts';

/**
 * Issue 13's acceptance path, every step through the public API (price list → imported usage →
 * rating → rated lines), on every engine. No Recalculate is pressed: the import, the price changes,
 * the discount, the credits and the exchange rate each ask for the re-rating themselves; the test
 * only lets the job runner run what they queued. Amounts are worked by hand in the comments.
 *
 * Source S: an import region in UTC; March 2024 is the open period (the clock stands on 20 March).
 * Region list (USD), version 1 from 2024-01:
 *   storage  graduated 0–100 @1.00, 100–200 @0.50, 200+ @0.10 (semantics.md's example)
 *   volume   the same tiers, volume
 *   compute  flat 0.10 per hour
 * Tenant U (USD) holds subscription SU; tenant E (EUR) holds SE. Both are billable from 1 January.
 */
// biome-ignore lint/suspicious/noExplicitAny: answers of many shapes, read field by field in assertions
type Json = Record<string, any>;

const TIERS = [
  { from: '0', to: '100', rate: '1.00' },
  { from: '100', to: '200', rate: '0.50' },
  { from: '200', to: null, rate: '0.10' },
];
const AZS_U = '6b2d8f3e-4c5a-4b7f-8d9e-0f1a2b3c4d5e';
const AZS_E = '7c3e9a4f-5d6b-4c8a-9e0f-1a2b3c4d5e6f';

describe.each(ALL_ENGINES)('pricing acceptance through the public API [%s]', (engine) => {
  const skip = skipWithout(engine);
  let db: TestDatabase;
  let t: TestApp;
  let w: World;
  const now = Date.parse('2024-03-20T12:00:00.000Z');
  const ids: Record<string, string> = {};

  async function call(method: string, url: string, body?: unknown) {
    const response = await t.inject({
      method: method as 'GET',
      url,
      headers: {
        authorization: `Bearer ${w.platformAdmin.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    const text = response.body;
    const json =
      text && response.headers['content-type']?.toString().includes('json') ? JSON.parse(text) : {};
    return { status: response.statusCode, body: json as Json, text };
  }
  async function made(method: string, url: string, body?: unknown): Promise<Json> {
    const response = await call(method, url, body);
    expect(response.status, `${method} ${url}: ${response.text}`).toBeLessThan(300);
    return response.body;
  }
  /** Runs what the changes queued (the rating job among them). */
  const settle = () => t.app.jobs.runNow();
  const lines = async (subscriptionId: string, period = '2024-03') =>
    made('GET', `/api/v1/subscriptions/${subscriptionId}/rated-lines?period=${period}`);
  const printed = (body: Json) =>
    (body.lines as Json[]).map((l) => [l.kind, l.meterId, l.amount] as [string, string | null, string]);

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

  it.skipIf(skip)(
    'prices imported usage with a region list, once the import has queued its rating',
    async () => {
      const source = await made('POST', '/api/v1/regions', {
        kind: 'import',
        name: 'Acceptance',
        timeZone: 'UTC',
      });
      ids.source = source.id;
      for (const [meterId, unit] of [
        ['storage', 'GB'],
        ['volume', 'GB'],
        ['compute', 'Hours'],
      ]) {
        await made('POST', `/api/v1/regions/${source.id}/meters`, { meterId, name: meterId, unit });
      }
      for (const [key, currency, azs] of [
        ['U', 'USD', AZS_U],
        ['E', 'EUR', AZS_E],
      ] as const) {
        const tenant = await made('POST', '/api/v1/tenants', {
          name: `Acceptance ${key}`,
          partnerId: w.A.partnerId,
          currency,
          administrators: [
            { firstName: 'Ann', lastName: key, email: `ann.${key}.${engine}@acceptance.test` },
          ],
        });
        ids[`tenant${key}`] = tenant.id;
        // Linked with its usage billable from 1 January (a created one bills from its creation).
        const subscription = await made('POST', `/api/v1/regions/${source.id}/subscription-links`, {
          tenantId: tenant.id,
          name: `Acceptance ${key}`,
          azsSubscriptionId: azs,
          billableFrom: '2024-01-01T00:00:00Z',
        });
        ids[`sub${key}`] = subscription.id;
      }
      const list = await made('POST', '/api/v1/price-lists', {
        scopeType: 'region',
        regionId: source.id,
        displayName: 'Acceptance prices',
        currency: 'USD',
      });
      ids.list = list.id;
      const v1 = await made('POST', `/api/v1/price-lists/${list.id}/versions`, { effectiveFrom: '2024-01' });
      ids.v1 = v1.id;
      await made('POST', `/api/v1/price-list-versions/${v1.id}/items`, {
        meterId: 'storage',
        pricing: 'graduated',
        tiers: TIERS,
      });
      await made('POST', `/api/v1/price-list-versions/${v1.id}/items`, {
        meterId: 'volume',
        pricing: 'volume',
        tiers: TIERS,
      });
      await made('POST', `/api/v1/price-list-versions/${v1.id}/items`, {
        meterId: 'compute',
        pricing: 'flat',
        rate: '0.10',
      });
      await made('POST', `/api/v1/price-list-versions/${v1.id}/activation`);

      // Usage on two March days, split over records: the period quantity is their exact sum.
      const record = (externalId: string, azs: string, meterId: string, day: string, quantity: string) => ({
        externalId,
        subscription: azs,
        meterId,
        usageStart: `2024-03-${day}T10:00:00Z`,
        usageEnd: `2024-03-${day}T11:00:00Z`,
        quantity,
      });
      await made('POST', `/api/v1/regions/${source.id}/usage-imports`, {
        records: [
          record('u1', AZS_U, 'storage', '02', '100.5'),
          record('u2', AZS_U, 'storage', '09', '149.5'),
          record('u3', AZS_U, 'volume', '02', '100.5'),
          record('u4', AZS_U, 'compute', '02', '1.5'),
          record('u5', AZS_U, 'compute', '03', '1.5'),
          record('u6', AZS_U, 'compute', '04', '1.5'),
          record('e1', AZS_E, 'compute', '02', '4.5'),
        ],
      });
      await settle();

      // storage: 100.5 + 149.5 = 250 → graduated 100 × 1.00 + 100 × 0.50 + 50 × 0.10 = 155.00
      // volume:  100.5 lies in (100, 200] → 100.5 × 0.50 = 50.25
      // compute: 1.5 × 3 = 4.5 h × 0.10 = 0.45
      const u = await lines(ids.subU!);
      expect(u.status).toBe('rated');
      expect(printed(u)).toEqual([
        ['usage', 'compute', '0.45'],
        ['usage', 'storage', '155.00'],
        ['usage', 'volume', '50.25'],
      ]);
      expect(u.total).toBe('205.70'); // 0.45 + 155.00 + 50.25
      const storage = (u.lines as Json[]).find((l) => l.meterId === 'storage')!;
      expect(storage).toMatchObject({
        quantity: '250',
        rawQuantity: '250',
        tierMode: 'graduated',
        currency: 'USD',
      });
      expect(storage.slices.map((s: Json) => [s.quantity, s.amount])).toEqual([
        ['100', '100'],
        ['100', '50'],
        ['50', '5'],
      ]);
      expect(storage.priceList).toMatchObject({
        id: ids.list,
        versionId: ids.v1,
        version: 1,
        scope: 'region',
      });
    },
  );

  it.skipIf(skip)(
    'a tenant with no exchange rate for its currency gets no lines, until a rate is set',
    async () => {
      const before = await lines(ids.subE!);
      expect(before.status).toBe('missing_exchange_rate');
      expect(before.lines).toEqual([]);
      // 1 USD = 0.9 EUR. Conversion first: 0.10 USD/h × 0.9 = 0.09 EUR/h; 4.5 h × 0.09 = 0.405,
      // rounded half away from zero to the cent: 0.41 EUR.
      await made('POST', '/api/v1/exchange-rates', {
        currency: 'EUR',
        rate: '0.9',
        effectiveFrom: '2024-01-01T00:00:00Z',
      });
      await settle();
      const after = await lines(ids.subE!);
      expect(after.status).toBe('rated');
      expect(printed(after)).toEqual([['usage', 'compute', '0.41']]);
      expect(after.currency).toBe('EUR');
      // A rate taking effect at the first moment of April (Platform Time Zone UTC) is April's:
      // March keeps 0.9 (with 0.8 it would be 4.5 × 0.08 = 0.36).
      await made('POST', '/api/v1/exchange-rates', {
        currency: 'EUR',
        rate: '0.8',
        effectiveFrom: '2024-04-01T00:00:00Z',
      });
      await settle();
      expect(printed(await lines(ids.subE!))).toEqual([['usage', 'compute', '0.41']]);
    },
  );

  it.skipIf(skip)('a discount and credits print as their own lines, in order and capped', async () => {
    // 10% off storage for tenant U: −(155.00 × 10%) = −15.50, under the storage line.
    await made('POST', '/api/v1/discounts', {
      tenantId: ids.tenantU,
      percentage: '10',
      meterIds: ['storage'],
      fromPeriod: '2024-03',
    });
    await settle();
    expect(printed(await lines(ids.subU!))).toContainEqual(['discount', 'storage', '-15.50']);
    // A one-off subscription credit of 5.00, then a tenant credit of 500.00 capped at what is left:
    // 205.70 − 15.50 − 5.00 = 185.20.
    await made('POST', '/api/v1/credits', {
      subscriptionId: ids.subU,
      amount: '5',
      fromPeriod: '2024-03',
      oneOff: true,
      description: 'Goodwill',
    });
    await made('POST', '/api/v1/credits', {
      tenantId: ids.tenantU,
      amount: '500',
      fromPeriod: '2024-01',
      description: 'Launch credit',
    });
    await settle();
    const u = await lines(ids.subU!);
    expect(printed(u)).toEqual([
      ['usage', 'compute', '0.45'],
      ['usage', 'storage', '155.00'],
      ['discount', 'storage', '-15.50'],
      ['usage', 'volume', '50.25'],
      ['subscription_credit', null, '-5.00'],
    ]);
    const tenant = await made('GET', `/api/v1/tenants/${ids.tenantU}/rated-lines?period=2024-03`);
    const tenantCredit = (tenant.lines as Json[]).filter((l) => l.kind === 'tenant_credit');
    expect(tenantCredit.map((l) => l.amount)).toEqual(['-185.20']);
    // 205.70 − 15.50 − 5.00 − 185.20 = 0.00: credits never take a period below zero.
    expect(tenant.total).toBe('0.00');
  });

  it.skipIf(skip)('a new version from April leaves March as it was, and prices April', async () => {
    const v2 = await made('POST', `/api/v1/price-lists/${ids.list}/versions`, {
      effectiveFrom: '2024-04',
      copyFromVersionId: ids.v1,
    });
    const version = await made('GET', `/api/v1/price-list-versions/${v2.id}`);
    const compute = (version.items as Json[]).find((i) => i.meterId === 'compute')!;
    await made('PATCH', `/api/v1/price-items/${compute.id}`, { rate: '0.20' });
    await made('POST', `/api/v1/price-list-versions/${v2.id}/activation`);
    await made('POST', `/api/v1/regions/${ids.source}/usage-imports`, {
      records: [
        {
          externalId: 'a1',
          subscription: AZS_U,
          meterId: 'compute',
          usageStart: '2024-04-01T00:00:00Z',
          usageEnd: '2024-04-01T01:00:00Z',
          quantity: '2',
        },
      ],
    });
    await settle();
    // March: still 0.45 at version 1's 0.10.
    const march = await lines(ids.subU!);
    expect(printed(march)[0]).toEqual(['usage', 'compute', '0.45']);
    expect((march.lines as Json[])[0]!.priceList).toMatchObject({ versionId: ids.v1 });
    // April: 2 h × 0.20 = 0.40 at version 2.
    const april = await lines(ids.subU!, '2024-04');
    expect(printed(april)).toEqual([['usage', 'compute', '0.40']]);
    expect((april.lines as Json[])[0]!.priceList).toMatchObject({ versionId: v2.id, version: 2 });
  });

  it.skipIf(skip)(
    'usage of the first, partial billable day counts from the billable-from instant on',
    async () => {
      const tenant = await made('POST', '/api/v1/tenants', {
        name: 'Acceptance P',
        partnerId: w.A.partnerId,
        currency: 'USD',
        administrators: [{ firstName: 'Ann', lastName: 'P', email: `ann.p.${engine}@acceptance.test` }],
      });
      const azs = '8d4f0b5a-6e7c-4d9b-8f1a-2b3c4d5e6f70';
      const sub = await made('POST', `/api/v1/regions/${ids.source}/subscription-links`, {
        tenantId: tenant.id,
        name: 'Acceptance P',
        azsSubscriptionId: azs,
        billableFrom: '2024-03-05T12:00:00Z',
      });
      const hour = (externalId: string, start: string, quantity: string) => ({
        externalId,
        subscription: azs,
        meterId: 'compute',
        usageStart: start,
        usageEnd: new Date(Date.parse(start) + 3_600_000).toISOString(),
        quantity,
      });
      await made('POST', `/api/v1/regions/${ids.source}/usage-imports`, {
        records: [
          hour('p1', '2024-03-05T10:00:00Z', '1'), // before billable-from: not this subscription's bill
          hour('p2', '2024-03-05T14:00:00Z', '2'), // the partial first day, after it: billed
          hour('p3', '2024-03-06T09:00:00Z', '3'), // a whole day: billed
        ],
      });
      await settle();
      // 2 + 3 = 5 h × 0.10 (March is version 1's) = 0.50
      expect(printed(await lines(sub.id))).toEqual([['usage', 'compute', '0.50']]);
    },
  );
});
