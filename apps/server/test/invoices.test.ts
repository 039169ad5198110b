import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.ts';
import { skipWithout } from './support/engine-world.ts';
import { ALL_ENGINES, createTestDatabase, type TestDatabase } from './support/engines.ts';
import { buildWorld, type World } from './support/world.ts';

/**
 * Invoices through the public API (issue 14; semantics.md "Invoices", "Periods, late usage and
 * corrections", "Rounding, tax and totals", "Currencies"), on every engine. Every expected amount
 * is worked by hand in the comments, never taken from a run of the code.
 *
 * The Platform Time Zone is Australia/Sydney (UTC+11 in March, +10 from 7 April), so issue and due
 * dates fall on the next day compared with UTC. Usage comes from an import source in UTC; its March
 * ends 2024-04-01T00:00Z and can be invoiced from then on.
 *
 * Region price list (USD) from 2024-01:
 *   storage  graduated 0–100 @1.00, 100–200 @0.50, 200+ @0.10
 *   volume   volume, the same tiers
 *   compute  flat 0.10 per hour
 * Tax profile "Standard": VAT 20%, Levy 2.5% (from 2024-01-01).
 */
// biome-ignore lint/suspicious/noExplicitAny: answers of many shapes, read field by field in assertions
type Json = Record<string, any>;

const TIERS = [
  { from: '0', to: '100', rate: '1.00' },
  { from: '100', to: '200', rate: '0.50' },
  { from: '200', to: null, rate: '0.10' },
];
/** 2024-04-02 07:00 in Sydney, 2024-04-01 in UTC. */
const APRIL_2 = Date.parse('2024-04-01T20:00:00.000Z');
/** 2024-05-02 06:00 in Sydney. */
const MAY_2 = Date.parse('2024-05-01T20:00:00.000Z');
/** 2024-06-02 06:00 in Sydney. */
const JUNE_2 = Date.parse('2024-06-01T20:00:00.000Z');

let azsSeq = 0;
const azsId = () => `00000000-0000-4000-8000-${String(++azsSeq).padStart(12, '0')}`;

describe.each(ALL_ENGINES)('invoices through the public API [%s]', (engine) => {
  const skip = skipWithout(engine);
  let db: TestDatabase;
  let t: TestApp;
  let w: World;
  let now = APRIL_2;
  const ids: Record<string, string> = {};

  async function call(method: string, url: string, body?: unknown, token?: string) {
    const response = await t.inject({
      method: method as 'GET',
      url,
      headers: {
        authorization: `Bearer ${token ?? w.platformAdmin.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    const text = response.body;
    const json =
      text && response.headers['content-type']?.toString().includes('json') ? JSON.parse(text) : {};
    return { status: response.statusCode, body: json as Json, text };
  }
  async function made(method: string, url: string, body?: unknown, token?: string): Promise<Json> {
    const response = await call(method, url, body, token);
    expect(response.status, `${method} ${url}: ${response.text}`).toBeLessThan(300);
    return response.body;
  }
  const settle = () => t.app.jobs.runNow();

  /** A tenant under branch A's partner with subscriptions linked on the import source from 1 January. */
  async function tenantWith(
    key: string,
    subscriptions: string[],
    extra: Record<string, unknown> = {},
  ): Promise<{ id: string; subs: Record<string, { id: string; azs: string }> }> {
    const tenant = await made('POST', '/api/v1/tenants', {
      name: `Invoice ${key}`,
      partnerId: w.A.partnerId,
      currency: 'USD',
      administrators: [{ firstName: 'Ivy', lastName: key, email: `ivy.${key}.${engine}@invoices.test` }],
      ...extra,
    });
    const subs: Record<string, { id: string; azs: string }> = {};
    for (const name of subscriptions) {
      const azs = azsId();
      const sub = await made('POST', `/api/v1/regions/${ids.source}/subscription-links`, {
        tenantId: tenant.id,
        name: `${key} ${name}`,
        azsSubscriptionId: azs,
        billableFrom: '2024-01-01T00:00:00Z',
      });
      subs[name] = { id: sub.id, azs };
    }
    return { id: tenant.id, subs };
  }
  let recordSeq = 0;
  /** Usage records of one hour each on a day of the month. */
  async function usage(
    records: { azs: string; meterId: string; day: string; quantity: string; month?: string }[],
  ) {
    await made('POST', `/api/v1/regions/${ids.source}/usage-imports`, {
      records: records.map((r) => ({
        externalId: `r${++recordSeq}`,
        subscription: r.azs,
        meterId: r.meterId,
        usageStart: `${r.month ?? '2024-03'}-${r.day}T10:00:00Z`,
        usageEnd: `${r.month ?? '2024-03'}-${r.day}T11:00:00Z`,
        quantity: r.quantity,
      })),
    });
  }
  async function generate(period: string, tenantIds?: string[], token?: string) {
    const job = await made('POST', '/api/v1/invoices/generations', { period, tenantIds }, token);
    await settle();
    return job;
  }
  async function previewOf(tenantId: string, period = '2024-03'): Promise<Json> {
    const list = await made('GET', `/api/v1/invoices?tenantId=${tenantId}&period=${period}`);
    const own = (list.items as Json[]).filter((i) => i.creditsInvoiceId === null);
    expect(own, `one invoice of ${tenantId} for ${period}`).toHaveLength(1);
    return made('GET', `/api/v1/invoices/${own[0]!.id}`);
  }
  /** Lines as [kind, subscription id or null, meter or period, amount]. */
  const printed = (invoice: Json) =>
    (invoice.lines as Json[]).map((l) => [l.kind, l.subscriptionId, l.meterId ?? l.originalPeriod, l.amount]);
  const taxes = (invoice: Json) => (invoice.taxLines as Json[]).map((l) => [l.name, l.base, l.amount]);

  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase(engine);
    t = await startTestApp(db.url, { CMS_WORKER: 'false' }, { clock: () => now });
    w = await buildWorld(t);
    await made('PATCH', '/api/v1/settings', { values: { 'platform.timeZone': 'Australia/Sydney' } });
    const source = await made('POST', '/api/v1/regions', {
      kind: 'import',
      name: 'Invoicing',
      timeZone: 'UTC',
    });
    ids.source = source.id;
    for (const [meterId, unit] of [
      ['storage', 'GB'],
      ['volume', 'GB'],
      ['compute', 'Hours'],
    ]) {
      await made('POST', `/api/v1/regions/${source.id}/meters`, { meterId, name: `${meterId} meter`, unit });
    }
    const list = await made('POST', '/api/v1/price-lists', {
      scopeType: 'region',
      regionId: source.id,
      displayName: 'Invoice prices',
      currency: 'USD',
    });
    const v1 = await made('POST', `/api/v1/price-lists/${list.id}/versions`, { effectiveFrom: '2024-01' });
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
    const profile = await made('POST', '/api/v1/tax-profiles', {
      name: 'Standard',
      rates: [
        { name: 'VAT', percentage: '20', effectiveFrom: '2024-01-01' },
        { name: 'Levy', percentage: '2.5', effectiveFrom: '2024-01-01' },
      ],
    });
    ids.taxProfile = profile.id;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it.skipIf(skip)('a preview has the hand-worked lines, tax and totals of the fixture', async () => {
    const main = await tenantWith('main', ['Production', 'Staging']);
    ids.main = main.id;
    ids.s1 = main.subs.Production!.id;
    ids.s2 = main.subs.Staging!.id;
    ids.azs1 = main.subs.Production!.azs;
    ids.azs2 = main.subs.Staging!.azs;
    await made('PATCH', `/api/v1/tenants/${main.id}`, { taxProfileId: ids.taxProfile });
    await made('POST', '/api/v1/discounts', { tenantId: main.id, percentage: '10', fromPeriod: '2024-03' });
    await made('POST', '/api/v1/credits', {
      subscriptionId: ids.s2,
      amount: '20',
      fromPeriod: '2024-03',
      oneOff: true,
      description: 'Staging goodwill',
    });
    await made('POST', '/api/v1/credits', {
      tenantId: main.id,
      amount: '5',
      fromPeriod: '2024-03',
      oneOff: true,
      description: 'Welcome credit',
    });
    await usage([
      { azs: ids.azs1!, meterId: 'storage', day: '02', quantity: '100.5' },
      { azs: ids.azs1!, meterId: 'storage', day: '09', quantity: '149.5' },
      { azs: ids.azs1!, meterId: 'compute', day: '03', quantity: '60' },
      { azs: ids.azs1!, meterId: 'compute', day: '04', quantity: '40' },
      { azs: ids.azs2!, meterId: 'volume', day: '05', quantity: '100.5' },
      { azs: ids.azs2!, meterId: 'compute', day: '05', quantity: '20' },
    ]);
    const job = await generate('2024-03', [main.id]);
    expect(job.status).toBe('queued');
    const done = await made('GET', `/api/v1/jobs/${job.id}`);
    expect(done.status).toBe('succeeded');
    expect(done.progress.message).toContain('1 preview(s) generated');

    const invoice = await previewOf(main.id);
    ids.mainInvoice = invoice.id;
    expect(invoice).toMatchObject({ kind: 'invoice', status: 'preview', number: null, currency: 'USD' });
    expect(invoice.issueDate).toBeNull();
    // Production (S1):
    //   compute 60 + 40 = 100 h × 0.10 = 10.00, discount 10% = −1.00
    //   storage 100.5 + 149.5 = 250 GB graduated: 100 × 1.00 + 100 × 0.50 + 50 × 0.10 = 155.00,
    //   discount −15.50
    // Staging (S2):
    //   compute 20 h × 0.10 = 2.00, discount −0.20
    //   volume 100.5 lies in (100, 200]: 100.5 × 0.50 = 50.25, discount 5.025 → −5.03 (half away)
    //   subscription credit 20.00, capped at what is left: 2.00 − 0.20 + 50.25 − 5.03 = 47.02 → −20.00
    // Tenant credit 5.00 → −5.00
    const s1 = (invoice.lines as Json[]).filter((l) => l.subscriptionId === ids.s1);
    const s2 = (invoice.lines as Json[]).filter((l) => l.subscriptionId === ids.s2);
    expect(s1.map((l) => [l.kind, l.meterId, l.amount])).toEqual([
      ['usage', 'compute', '10.00'],
      ['discount', 'compute', '-1.00'],
      ['usage', 'storage', '155.00'],
      ['discount', 'storage', '-15.50'],
    ]);
    expect(s2.map((l) => [l.kind, l.meterId, l.amount])).toEqual([
      ['usage', 'compute', '2.00'],
      ['discount', 'compute', '-0.20'],
      ['usage', 'volume', '50.25'],
      ['discount', 'volume', '-5.03'],
      ['credit', null, '-20.00'],
    ]);
    const last = (invoice.lines as Json[]).at(-1)!;
    expect([last.kind, last.subscriptionId, last.amount, last.description]).toEqual([
      'credit',
      null,
      '-5.00',
      'Welcome credit',
    ]);
    const storage = s1.find((l) => l.meterId === 'storage')!;
    expect(storage).toMatchObject({
      quantity: '250',
      unit: 'GB',
      meterName: 'storage meter',
      tierMode: 'graduated',
      unitRate: null,
      description: 'storage meter',
    });
    expect(storage.tiers).toEqual([
      { from: '0', to: '100', quantity: '100', rate: '1', amount: '100' },
      { from: '100', to: '200', quantity: '100', rate: '0.5', amount: '50' },
      { from: '200', to: null, quantity: '50', rate: '0.1', amount: '5' },
    ]);
    expect(s1[0]).toMatchObject({ quantity: '100', unitRate: '0.1', unit: 'Hours' });
    // Subtotal: (10.00 − 1.00 + 155.00 − 15.50) + (2.00 − 0.20 + 50.25 − 5.03 − 20.00) − 5.00
    //         = 148.50 + 27.02 − 5.00 = 170.52
    // VAT 20% × 170.52 = 34.104 → 34.10; Levy 2.5% × 170.52 = 4.263 → 4.26
    // Total 170.52 + 34.10 + 4.26 = 208.88
    expect(invoice.subtotal).toBe('170.52');
    expect(taxes(invoice)).toEqual([
      ['Levy', '170.52', '4.26'],
      ['VAT', '170.52', '34.10'],
    ]);
    expect(invoice.taxTotal).toBe('38.36');
    expect(invoice.total).toBe('208.88');
    expect(invoice.amountDue).toBe('208.88');
    expect(invoice.coverage).toEqual([
      {
        regionId: ids.source,
        regionName: 'Invoicing',
        timeZone: 'UTC',
        from: '2024-03-01T00:00:00.000Z',
        to: '2024-04-01T00:00:00.000Z',
      },
    ]);
    expect(invoice.partnerId).toBe(w.A.partnerId);
    expect(invoice.billTo.name).toBe('Invoice main');
  });

  it.skipIf(skip)('generating twice makes no second invoice, and an Idempotency-Key replays', async () => {
    const request = { period: '2024-03', tenantIds: [ids.main] };
    const first = await t.inject({
      method: 'POST',
      url: '/api/v1/invoices/generations',
      headers: {
        authorization: `Bearer ${w.platformAdmin.token}`,
        'content-type': 'application/json',
        'idempotency-key': `gen-${engine}`,
      },
      payload: JSON.stringify(request),
    });
    expect(first.statusCode, first.body).toBe(202);
    const replay = await t.inject({
      method: 'POST',
      url: '/api/v1/invoices/generations',
      headers: {
        authorization: `Bearer ${w.platformAdmin.token}`,
        'content-type': 'application/json',
        'idempotency-key': `gen-${engine}`,
      },
      payload: JSON.stringify(request),
    });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().id).toBe(first.json().id);
    await settle();
    await generate('2024-03', [ids.main!]);
    const again = await previewOf(ids.main!);
    expect(again.id).toBe(ids.mainInvoice);
    expect(again.total).toBe('208.88');
  });

  it.skipIf(skip)('an outdated preview is not issued; regenerating replaces it', async () => {
    // 10 more compute hours for Production: 110 h × 0.10 = 11.00, discount −1.10.
    await usage([{ azs: ids.azs1!, meterId: 'compute', day: '20', quantity: '10' }]);
    const refused = await call('POST', `/api/v1/invoices/${ids.mainInvoice}/issue`);
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.detail).toMatch(/out of date/);
    await generate('2024-03', [ids.main!]);
    const invoice = await previewOf(ids.main!);
    expect(invoice.id).toBe(ids.mainInvoice);
    // Production: 11.00 − 1.10 + 155.00 − 15.50 = 149.40; subtotal 149.40 + 27.02 − 5.00 = 171.42
    // VAT 171.42 × 20% = 34.284 → 34.28; Levy 171.42 × 2.5% = 4.2855 → 4.29 (half away from zero)
    // Total 171.42 + 34.28 + 4.29 = 209.99
    expect(invoice.subtotal).toBe('171.42');
    expect(taxes(invoice)).toEqual([
      ['Levy', '171.42', '4.29'],
      ['VAT', '171.42', '34.28'],
    ]);
    expect(invoice.total).toBe('209.99');
  });

  it.skipIf(skip)(
    'issuing numbers it, dates it in the Platform Time Zone and closes the period',
    async () => {
      const issued = await made('POST', `/api/v1/invoices/${ids.mainInvoice}/issue`);
      // The clock stands at 2024-04-01T20:00Z: 2 April in Sydney. Default terms 30 days → 2 May.
      expect(issued).toMatchObject({
        kind: 'invoice',
        status: 'issued',
        number: 'INV-2024-000001',
        issueDate: '2024-04-02',
        dueDate: '2024-05-02',
        paymentTermsDays: 30,
        total: '209.99',
        overdue: false,
      });
      const again = await call('POST', `/api/v1/invoices/${ids.mainInvoice}/issue`);
      expect(again.status).toBe(409);
      const deleted = await call('DELETE', `/api/v1/invoices/${ids.mainInvoice}`);
      expect(deleted.status).toBe(409);
      // The tenant reads it now, and its currency is locked.
      const tenantAdmin = await made('GET', '/api/v1/invoices', undefined, w.A.people.tenant_admin.token);
      expect(tenantAdmin.items).toEqual([]);
      const locked = await call('PATCH', `/api/v1/tenants/${ids.main}`, { currency: 'EUR' });
      expect(locked.status, locked.text).toBe(409);
      expect(locked.body.field).toBe('body.currency');
      const closed = await t.app.db.kysely
        .selectFrom('closed_periods')
        .selectAll()
        .where('tenant_id', '=', ids.main!)
        .execute();
      expect(closed.map((c) => [c.region_id, c.period, c.invoice_id])).toEqual([
        [ids.source, '2024-03', ids.mainInvoice],
      ]);
    },
  );

  it.skipIf(skip)('rating leaves the closed period as it was issued when late usage arrives', async () => {
    // Late storage for Production in March: 250 + 50 = 300 GB.
    await usage([{ azs: ids.azs1!, meterId: 'storage', day: '30', quantity: '50' }]);
    await settle();
    const rated = await made('GET', `/api/v1/tenants/${ids.main}/rated-lines?period=2024-03`);
    // Still the issued period: 171.42.
    expect(rated.total).toBe('171.42');
    const invoice = await made('GET', `/api/v1/invoices/${ids.mainInvoice}`);
    expect(invoice.total).toBe('209.99');
  });

  it.skipIf(skip)(
    'the next invoice carries the late usage as prior-period adjustment lines, taxed on one base per rate',
    async () => {
      now = MAY_2;
      // April: Production 10 h compute = 1.00, discount −0.10.
      await usage([{ azs: ids.azs1!, meterId: 'compute', day: '10', quantity: '10', month: '2024-04' }]);
      await generate('2024-04', [ids.main!]);
      const april = await previewOf(ids.main!, '2024-04');
      // March recomputed with 300 GB: 100 × 1.00 + 100 × 0.50 + 100 × 0.10 = 160.00 (was 155.00):
      // +5.00; its discount 16.00 (was 15.50): −0.50. Nothing else of March changed.
      expect(printed(april)).toEqual([
        ['usage', ids.s1, 'compute', '1.00'],
        ['discount', ids.s1, 'compute', '-0.10'],
        ['adjustment', ids.s1, 'storage', '5.00'],
        ['adjustment', ids.s1, 'storage', '-0.50'],
      ]);
      const adjustments = (april.lines as Json[]).filter((l) => l.kind === 'adjustment');
      expect(adjustments.map((l) => [l.originalPeriod, l.sourceKind, l.quantity])).toEqual([
        ['2024-03', 'usage', '50'],
        ['2024-03', 'discount', null],
      ]);
      expect(adjustments[0]!.description).toBe('Prior period adjustment 2024-03: storage meter');
      // Subtotal 1.00 − 0.10 + 5.00 − 0.50 = 5.40. March's rates equal April's, so one line per
      // rate on the whole base: VAT 5.40 × 20% = 1.08; Levy 5.40 × 2.5% = 0.135 → 0.14.
      // Total 5.40 + 1.08 + 0.14 = 6.62.
      expect(april.subtotal).toBe('5.40');
      expect(taxes(april)).toEqual([
        ['Levy', '5.40', '0.14'],
        ['VAT', '5.40', '1.08'],
      ]);
      expect(april.total).toBe('6.62');
      const issued = await made('POST', `/api/v1/invoices/${april.id}/issue`);
      // 2 May in Sydney; the invoice sequence continues.
      expect(issued).toMatchObject({
        number: 'INV-2024-000002',
        issueDate: '2024-05-02',
        dueDate: '2024-06-01',
      });
      // Billed once: May's invoice has nothing to correct, and no usage of its own.
      now = JUNE_2;
      await generate('2024-05', [ids.main!]);
      const may = await made('GET', `/api/v1/invoices?tenantId=${ids.main}&period=2024-05`);
      expect(may.items).toEqual([]);
      now = APRIL_2;
    },
  );
});
