import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../src/context.ts';
import { transaction } from '../src/db/transaction.ts';
import { invoiceDocument } from '../src/modules/invoices/invoice-document.ts';
import { generatePreview } from '../src/modules/invoices/invoice-generate.ts';
import { issueInvoice } from '../src/modules/invoices/invoices.service.ts';
import { contextFor, startTestApp, type TestApp } from './support/app.ts';
import { skipWithout } from './support/engine-world.ts';
import { ALL_ENGINES, createTestDatabase, type TestDatabase } from './support/engines.ts';
import { insertRegion } from './support/usage-rows.ts';
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
  /** The last number issued in each sequence (invoices, credit notes, statements), as the tests go. */
  const last = { INV: 0, CN: 0, ST: 0 };
  const next = (kind: keyof typeof last) => `${kind}-2024-${String(++last[kind]).padStart(6, '0')}`;

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
    const job = await made('POST', '/api/v1/invoice-generations', { period, tenantIds }, token);
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
      url: '/api/v1/invoice-generations',
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
      url: '/api/v1/invoice-generations',
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
        number: next('INV'),
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
      // Another tenant of the same partner does not see it; the tenant's currency is locked.
      const otherTenant = await made('GET', '/api/v1/invoices', undefined, w.A.people.tenant_admin.token);
      expect(otherTenant.items).toEqual([]);
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
        number: next('INV'),
        issueDate: '2024-05-02',
        dueDate: '2024-06-01',
      });
      // What the renderer takes: groups with their subtotals, the adjustments as their own group.
      const document = await invoiceDocument(t.app.db.kysely, systemContext(t.app), april.id);
      expect(document).toMatchObject({
        kind: 'invoice',
        number: issued.number,
        status: 'issued',
        issueDate: '2024-05-02',
        dueDate: '2024-06-01',
        period: '2024-04',
        currency: { code: 'USD', minorUnits: 2 },
        exchangeRate: null,
        issuer: { organisationId: w.A.partnerId },
        chain: { partnerName: 'Alpha Partner', distributorName: 'Alpha Distribution' },
        subtotal: '5.40',
        total: '6.62',
        amountPaid: '0.00',
        amountDue: '6.62',
        references: { creditsInvoiceNumber: null },
      });
      expect(
        document.groups.map((g) => [g.title, g.subscriptionId, g.lines.map((l) => l.amount), g.subtotal]),
      ).toEqual([
        ['main Production', ids.s1, ['1.00', '-0.10'], '0.90'],
        ['Prior period adjustments: 2024-03', null, ['5.00', '-0.50'], '4.50'],
      ]);
      expect(document.groups[1]!.lines[0]).toMatchObject({
        kind: 'adjustment',
        meterId: 'storage',
        quantity: '50',
        unit: 'GB',
        unitRate: null,
        tiers: [],
        originalPeriod: '2024-03',
      });
      expect(document.taxLines).toEqual([
        { name: 'Levy', percentage: '2.5', base: '5.40', amount: '0.14' },
        { name: 'VAT', percentage: '20', base: '5.40', amount: '1.08' },
      ]);
      // A person sees it only in scope: another tenant's administrator does not.
      const outsider = await contextFor(t.app, w.A.people.tenant_admin.userId);
      await expect(invoiceDocument(t.app.db.kysely, outsider, april.id)).rejects.toMatchObject({
        status: 404,
      });
      // Billed once: May's invoice has nothing to correct, and no usage of its own.
      now = JUNE_2;
      await generate('2024-05', [ids.main!]);
      const may = await made('GET', `/api/v1/invoices?tenantId=${ids.main}&period=2024-05`);
      expect(may.items).toEqual([]);
      now = APRIL_2;
    },
  );
  /** A tenant with usage in March, its preview generated; the preview. */
  async function invoicedTenant(
    key: string,
    records: { meterId: string; quantity: string; day?: string }[],
    extra: Record<string, unknown> = {},
    taxed = false,
  ): Promise<{ tenantId: string; azs: string; invoice: Json }> {
    const tenant = await tenantWith(key, ['Main'], extra);
    if (taxed) await made('PATCH', `/api/v1/tenants/${tenant.id}`, { taxProfileId: ids.taxProfile });
    const azs = tenant.subs.Main!.azs;
    await usage(records.map((r) => ({ azs, meterId: r.meterId, day: r.day ?? '12', quantity: r.quantity })));
    await generate('2024-03', [tenant.id]);
    return { tenantId: tenant.id, azs, invoice: await previewOf(tenant.id) };
  }

  it.skipIf(skip)(
    'showback tenants get statements with their own sequence, which take no payments',
    async () => {
      // 100 h × 0.10 = 10.00, no tax profile: total 10.00.
      const { invoice } = await invoicedTenant('showback', [{ meterId: 'compute', quantity: '100' }], {
        billingMode: 'showback',
      });
      expect(invoice).toMatchObject({
        kind: 'statement',
        status: 'preview',
        total: '10.00',
        paymentTermsDays: null,
      });
      // Issued by the system, as the automatic cycle will.
      const issued = await issueInvoice(systemContext(t.app), invoice.id);
      expect(issued).toMatchObject({
        kind: 'statement',
        number: next('ST'),
        dueDate: null,
        amountDue: '0.00',
      });
      const payment = await call('POST', `/api/v1/invoices/${invoice.id}/payments`, {
        amount: '10.00',
        paidOn: '2024-04-02',
      });
      expect(payment.status, payment.text).toBe(422);
      expect(payment.body.detail).toMatch(/statement takes no payments/);
    },
  );

  it.skipIf(skip)('voiding keeps the number and issues a full credit note with its own number', async () => {
    // 200 h × 0.10 = 20.00; VAT 20% = 4.00; Levy 2.5% = 0.50; total 24.50.
    const { invoice } = await invoicedTenant('void', [{ meterId: 'compute', quantity: '200' }], {}, true);
    expect(invoice.total).toBe('24.50');
    const number = next('INV');
    const issued = await made('POST', `/api/v1/invoices/${invoice.id}/issue`);
    expect(issued.number).toBe(number);
    const voided = await made('POST', `/api/v1/invoices/${invoice.id}/void`, { reason: 'Billed in error' });
    expect(voided.invoice).toMatchObject({
      status: 'void',
      number,
      amountCredited: '-24.50',
      amountDue: '0.00',
    });
    expect(voided.invoice.voidedAt).not.toBeNull();
    const cn = voided.creditNote;
    expect(cn).toMatchObject({
      kind: 'credit_note',
      status: 'issued',
      number: next('CN'),
      creditsInvoiceId: invoice.id,
      reason: 'Billed in error',
      issueDate: '2024-04-02',
      dueDate: null,
      subtotal: '-20.00',
      taxTotal: '-4.50',
      total: '-24.50',
    });
    expect(cn.lines.map((l: Json) => [l.kind, l.meterId, l.amount, l.creditedLineId])).toEqual([
      ['usage', 'compute', '-20.00', issued.lines[0].id],
    ]);
    expect(taxes(cn)).toEqual([
      ['Levy', '-20.00', '-0.50'],
      ['VAT', '-20.00', '-4.00'],
    ]);
    const cnDocument = await invoiceDocument(t.app.db.kysely, systemContext(t.app), cn.id);
    expect(cnDocument).toMatchObject({
      kind: 'credit_note',
      dueDate: null,
      total: '-24.50',
      amountDue: '0.00',
      references: { creditsInvoiceNumber: number },
    });
    expect((await call('POST', `/api/v1/invoices/${invoice.id}/void`, {})).status).toBe(409);
    expect((await call('POST', `/api/v1/invoices/${cn.id}/void`, {})).status).toBe(409);
  });

  it.skipIf(skip)(
    'a partial credit note and payments: partly paid, overdue, then paid; never more than is due',
    async () => {
      // compute 100 h × 0.10 = 10.00; storage 50 GB in the first tier × 1.00 = 50.00; subtotal 60.00;
      // VAT 12.00; Levy 1.50; total 73.50. The tenant's own terms: 14 days.
      const { invoice } = await invoicedTenant(
        'paying',
        [
          { meterId: 'compute', quantity: '100' },
          { meterId: 'storage', quantity: '50' },
        ],
        { paymentTermsDays: 14 },
        true,
      );
      expect(invoice.total).toBe('73.50');
      const issued = await made('POST', `/api/v1/invoices/${invoice.id}/issue`);
      expect(issued).toMatchObject({ number: next('INV'), dueDate: '2024-04-16', paymentTermsDays: 14 });
      const storage = (issued.lines as Json[]).find((l) => l.meterId === 'storage')!;
      // Credit 20.00 of storage: VAT −4.00, Levy −0.50, total −24.50.
      const cn = await made('POST', `/api/v1/invoices/${invoice.id}/credit-notes`, {
        lines: [{ lineId: storage.id, amount: '20' }],
        reason: 'Storage outage',
      });
      expect(cn).toMatchObject({
        kind: 'credit_note',
        number: next('CN'),
        total: '-24.50',
        subtotal: '-20.00',
      });
      expect(taxes(cn)).toEqual([
        ['Levy', '-20.00', '-0.50'],
        ['VAT', '-20.00', '-4.00'],
      ]);
      // 50.00 − 20.00 = 30.00 of storage is left to credit.
      const tooMuch = await call('POST', `/api/v1/invoices/${invoice.id}/credit-notes`, {
        lines: [{ lineId: storage.id, amount: '30.01' }],
        reason: 'Too much',
      });
      expect(tooMuch.status, tooMuch.text).toBe(422);
      expect(tooMuch.body.field).toBe('body.lines.0.amount');
      // Due: 73.50 − 24.50 = 49.00. Pay 19.00 → 30.00 due, partly paid.
      await made('POST', `/api/v1/invoices/${invoice.id}/payments`, {
        amount: '19',
        paidOn: '2024-04-02',
        reference: 'BANK-1',
      });
      now = Date.parse('2024-04-20T00:00:00.000Z'); // 20 April in Sydney: after the due date
      const partly = await made('GET', `/api/v1/invoices/${invoice.id}`);
      expect(partly).toMatchObject({
        status: 'issued',
        amountPaid: '19.00',
        amountCredited: '-24.50',
        amountDue: '30.00',
        partiallyPaid: true,
        overdue: true,
      });
      const over = await call('POST', `/api/v1/invoices/${invoice.id}/payments`, {
        amount: '30.01',
        paidOn: '2024-04-20',
      });
      expect(over.status, over.text).toBe(422);
      expect(over.body.field).toBe('body.amount');
      const future = await call('POST', `/api/v1/invoices/${invoice.id}/payments`, {
        amount: '1',
        paidOn: '2024-04-21',
      });
      expect(future.body.field).toBe('body.paidOn');
      await made('POST', `/api/v1/invoices/${invoice.id}/payments`, {
        amount: '30.00',
        paidOn: '2024-04-20',
      });
      const paid = await made('GET', `/api/v1/invoices/${invoice.id}`);
      expect(paid).toMatchObject({ status: 'paid', amountDue: '0.00', overdue: false, partiallyPaid: false });
      expect(
        (await call('POST', `/api/v1/invoices/${invoice.id}/payments`, { amount: '1', paidOn: '2024-04-20' }))
          .status,
      ).toBe(409);
      expect((await call('POST', `/api/v1/invoices/${invoice.id}/void`, {})).status).toBe(409);
      const payments = await made('GET', `/api/v1/invoices/${invoice.id}/payments`);
      expect(payments.items.map((p: Json) => [p.amount, p.paidOn, p.reference])).toEqual([
        ['19.00', '2024-04-02', 'BANK-1'],
        ['30.00', '2024-04-20', null],
      ]);
      expect(
        (await call('POST', `/api/v1/invoices/${cn.id}/payments`, { amount: '1', paidOn: '2024-04-20' }))
          .status,
      ).toBe(422);
      now = APRIL_2;
    },
  );

  it.skipIf(skip)(
    'a negative difference from volume tiers makes the next invoice a credit note',
    async () => {
      // March: volume 100.5 GB in (100, 200]: 100.5 × 0.50 = 50.25, no tax.
      const { tenantId, azs, invoice } = await invoicedTenant('volume', [
        { meterId: 'volume', quantity: '100.5' },
      ]);
      expect(invoice.total).toBe('50.25');
      expect((await made('POST', `/api/v1/invoices/${invoice.id}/issue`)).number).toBe(next('INV'));
      // 100 GB more arrive for March: 200.5 GB in (200, ∞): 200.5 × 0.10 = 20.05; difference −30.20.
      await usage([{ azs, meterId: 'volume', day: '31', quantity: '100' }]);
      now = MAY_2;
      await generate('2024-04', [tenantId]);
      const april = await previewOf(tenantId, '2024-04');
      expect(april).toMatchObject({ kind: 'credit_note', status: 'preview', total: '-30.20' });
      expect(printed(april)).toEqual([
        ['adjustment', (april.lines as Json[])[0]!.subscriptionId, 'volume', '-30.20'],
      ]);
      const issued = await made('POST', `/api/v1/invoices/${april.id}/issue`);
      expect(issued).toMatchObject({
        kind: 'credit_note',
        number: next('CN'),
        dueDate: null,
        amountDue: '0.00',
      });
      now = APRIL_2;
    },
  );

  it.skipIf(skip)(
    'a tenant that cannot be invoiced yet is refused with an alert saying why, and invoiced once it can',
    async () => {
      const partner = w.A.people.partner_admin.token;
      const alerts = async (tenantId: string) =>
        (
          (
            await made(
              'GET',
              '/api/v1/alerts?kind=invoice.not_generated&status=unresolved',
              undefined,
              partner,
            )
          ).items as Json[]
        ).filter((a) => a.key === `${tenantId}:2024-03`);
      // A tenant in EUR with no EUR rate.
      const euro = await tenantWith('euro', ['Main'], { currency: 'EUR' });
      await usage([{ azs: euro.subs.Main!.azs, meterId: 'compute', day: '12', quantity: '100' }]);
      await generate('2024-03', [euro.id]);
      expect((await made('GET', `/api/v1/invoices?tenantId=${euro.id}`)).items).toEqual([]);
      const [missing] = await alerts(euro.id);
      expect(missing!.message).toMatch(/No exchange rate for EUR/);
      // 1 USD = 0.9 EUR: 100 h × 0.10 USD × 0.9 = 9.00 EUR.
      await made('POST', '/api/v1/exchange-rates', {
        currency: 'EUR',
        rate: '0.9',
        effectiveFrom: '2024-01-01T00:00:00Z',
      });
      await generate('2024-03', [euro.id]);
      const invoice = await previewOf(euro.id);
      expect(invoice).toMatchObject({ currency: 'EUR', total: '9.00' });
      expect(invoice.exchangeRates).toEqual([{ base: 'USD', quote: 'EUR', rate: '0.9' }]);
      expect(await alerts(euro.id)).toEqual([]);

      // A stamp that has collected only up to 31 March 00:00 UTC (its March ends 1 April 00:00 UTC).
      const stamp = await insertRegion(t.app, { name: 'Late Stamp', timeZone: 'UTC' });
      await t.app.db.kysely
        .updateTable('regions')
        .set({ usage_watermark: '2024-03-31T00:00:00.000Z' })
        .where('id', '=', stamp)
        .execute();
      const late = await tenantWith('late', ['Main']);
      await t.app.db.kysely
        .updateTable('subscriptions')
        .set({ region_id: stamp, azs_subscription_id: 'late-azs', azs_link_key: `${stamp}:late-azs` })
        .where('id', '=', late.subs.Main!.id)
        .execute();
      await generate('2024-03', [late.id]);
      const [notCollected] = await alerts(late.id);
      expect(notCollected!.message).toMatch(/Late Stamp has collected up to 2024-03-31T00:00:00.000Z/);

      // A tenant with no billing mode.
      const modeless = await tenantWith('modeless', ['Main']);
      await usage([{ azs: modeless.subs.Main!.azs, meterId: 'compute', day: '12', quantity: '1' }]);
      await t.app.db.kysely
        .updateTable('organisations')
        .set({ billing_mode: null })
        .where('id', '=', modeless.id)
        .execute();
      await generate('2024-03', [modeless.id]);
      const [noMode] = await alerts(modeless.id);
      expect(noMode!.message).toMatch(/no billing mode/);
      // The tenants themselves are not told: the alert is about their partner.
      expect(
        (
          await made(
            'GET',
            '/api/v1/alerts?kind=invoice.not_generated',
            undefined,
            w.A.people.tenant_admin.token,
          )
        ).items,
      ).toEqual([]);
    },
  );

  it.skipIf(skip)(
    "a moved tenant's earlier invoices stay with the old partner and are invisible to the new one",
    async () => {
      const oldPartner = w.B.people.partner_admin.token;
      const newPartner = w.A.people.partner_admin.token;
      const tenant = await made('POST', '/api/v1/tenants', {
        name: 'Invoice mover',
        partnerId: w.B.partnerId,
        currency: 'USD',
        administrators: [{ firstName: 'Mo', lastName: 'Ver', email: `mover.${engine}@invoices.test` }],
      });
      const azs = azsId();
      await made('POST', `/api/v1/regions/${ids.source}/subscription-links`, {
        tenantId: tenant.id,
        name: 'Mover Main',
        azsSubscriptionId: azs,
        billableFrom: '2024-01-01T00:00:00Z',
      });
      await usage([{ azs, meterId: 'compute', day: '12', quantity: '100' }]);
      // The old partner generates for every tenant it billed in March, and issues.
      await generate('2024-03', undefined, oldPartner);
      const invoice = await previewOf(tenant.id);
      expect(invoice.total).toBe('10.00');
      await made('POST', `/api/v1/invoices/${invoice.id}/issue`, undefined, oldPartner);
      last.INV += 1;
      // Moved to branch A's partner during April.
      await made('POST', `/api/v1/tenants/${tenant.id}/move`, { partnerId: w.A.partnerId });
      expect((await call('GET', `/api/v1/invoices/${invoice.id}`, undefined, newPartner)).status).toBe(404);
      const listed = await made('GET', '/api/v1/invoices?limit=200', undefined, newPartner);
      expect((listed.items as Json[]).map((i) => i.id)).not.toContain(invoice.id);
      expect(
        (
          await call(
            'POST',
            `/api/v1/invoices/${invoice.id}/payments`,
            { amount: '1', paidOn: '2024-04-02' },
            newPartner,
          )
        ).status,
      ).toBe(404);
      expect((await call('GET', `/api/v1/invoices/${invoice.id}`, undefined, oldPartner)).status).toBe(200);
      await made(
        'POST',
        `/api/v1/invoices/${invoice.id}/payments`,
        { amount: '10', paidOn: '2024-04-02' },
        oldPartner,
      );
      // "Every tenant" of the new partner for March does not include it.
      await generate('2024-03', undefined, newPartner);
      const march = await made('GET', `/api/v1/invoices?tenantId=${tenant.id}&period=2024-03`);
      expect((march.items as Json[]).map((i) => [i.id, i.status])).toEqual([[invoice.id, 'paid']]);
      // Naming it is refused to the new partner for March.
      const named = await call(
        'POST',
        '/api/v1/invoice-generations',
        { period: '2024-03', tenantIds: [tenant.id] },
        newPartner,
      );
      expect(named.status, named.text).toBe(404);
      expect(named.body.field).toBe('body.tenantIds.0');
    },
  );

  it.skipIf(skip)('parallel issuing from two processes never duplicates or skips a number', async () => {
    const tenants: string[] = [];
    for (let i = 0; i < 12; i++) {
      const tenant = await tenantWith(`parallel-${i}`, ['Main']);
      await usage([{ azs: tenant.subs.Main!.azs, meterId: 'compute', day: '12', quantity: String(i + 1) }]);
      tenants.push(tenant.id);
    }
    await generate('2024-03', tenants);
    const previews = await Promise.all(tenants.map((id) => previewOf(id)));
    const second = await startTestApp(db.url, { CMS_WORKER: 'false' }, { clock: () => now });
    try {
      // One process issues every other preview by itself while the other issues the rest, two at
      // a time, and then all the rest at once (the invoices.issue job).
      const bulk = tenants.filter((_, i) => i % 4 === 3);
      const queued = await second.inject({
        method: 'POST',
        url: '/api/v1/invoice-issues',
        headers: { authorization: `Bearer ${w.platformAdmin.token}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ period: '2024-03', tenantIds: bulk }),
      });
      expect(queued.statusCode, queued.body).toBe(202);
      const [issued] = await Promise.all([
        Promise.all(
          previews
            .filter((_, i) => i % 4 !== 3)
            .map((invoice, i) =>
              (i % 3 === 0 ? t : second).inject({
                method: 'POST',
                url: `/api/v1/invoices/${invoice.id}/issue`,
                headers: { authorization: `Bearer ${w.platformAdmin.token}` },
              }),
            ),
        ),
        second.app.jobs.runNow(),
      ]);
      for (const response of issued) expect(response.statusCode, response.body).toBe(200);
      const numbers = (await Promise.all(tenants.map((id) => previewOf(id))))
        .map((i) => i.number as string)
        .sort();
      const expected = tenants.map(() => next('INV')).sort();
      expect(numbers).toEqual(expected);
    } finally {
      await second.close();
    }
  });
  it.skipIf(skip)(
    "issuing a period's previews at once: gap-free numbers in tenant order, a changed preview held with an alert, each chain only its own",
    async () => {
      // January, which no other test invoices: "every preview" of it is this test's alone.
      const period = '2024-01';
      const a: { id: string; subs: Record<string, { id: string; azs: string }> }[] = [];
      for (const key of ['bulk-1', 'bulk-2', 'bulk-3']) a.push(await tenantWith(key, ['Main']));
      const b = await tenantWith('bulk-b', ['Main'], { partnerId: w.B.partnerId });
      for (const [i, tenant] of [...a, b].entries()) {
        await usage([
          {
            azs: tenant.subs.Main!.azs,
            meterId: 'compute',
            day: '10',
            quantity: String(10 * (i + 1)),
            month: period,
          },
        ]);
      }
      await generate(
        period,
        [...a, b].map((x) => x.id),
      );
      const previews = await Promise.all([...a, b].map((x) => previewOf(x.id, period)));
      // Usage that arrives after its preview was reviewed: that preview is not issued as it stands.
      await usage([
        { azs: a[1]!.subs.Main!.azs, meterId: 'compute', day: '11', quantity: '1', month: period },
      ]);

      // A preview generated before previews kept their lines' digest: its issue reads its lines back.
      await t.app.db.kysely
        .updateTable('invoices')
        .set({ lines_digest: null })
        .where('id', '=', previews[3]!.id as string)
        .execute();
      const partnerB = w.B.people.partner_admin.token;
      const foreign = await call(
        'POST',
        '/api/v1/invoice-issues',
        { period, tenantIds: [a[0]!.id] },
        partnerB,
      );
      expect(foreign.status, foreign.text).toBe(404);
      expect(foreign.body.field).toBe('body.tenantIds.0');
      const queued = await call('POST', '/api/v1/invoice-issues', { period }, partnerB);
      expect(queued.status, queued.text).toBe(202);
      const again = await made('POST', '/api/v1/invoice-issues', { period }, partnerB);
      expect([again.id, again.created]).toEqual([queued.body.id, false]);
      await settle();
      expect((await previewOf(b.id, period)).number).toBe(next('INV'));
      for (const x of a) expect((await previewOf(x.id, period)).status).toBe('preview');

      const job = await made('POST', '/api/v1/invoice-issues', { period });
      await settle();
      const done = await made('GET', `/api/v1/jobs/${job.id}`);
      expect(done.status).toBe('succeeded');
      expect(done.progress.message).toMatch(/2 issued, 1 left as previews/);
      const byTenantId = [a[0]!, a[2]!].sort((x, y) => (x.id < y.id ? -1 : 1));
      for (const x of byTenantId) {
        const issued = await previewOf(x.id, period);
        expect([issued.status, issued.number]).toEqual(['issued', next('INV')]);
      }
      const held = previews[1]!;
      expect((await previewOf(a[1]!.id, period)).status).toBe('preview');
      const heldAlerts = async () =>
        (
          (await made('GET', '/api/v1/alerts?kind=invoice.not_issued&status=unresolved')).items as Json[]
        ).filter((alert) => String(alert.key).startsWith(`${held.id}:`));
      const [alert] = await heldAlerts();
      expect(alert!.message).toMatch(/out of date \(its usage or prices changed\)/);

      // Generated again, it is issued, and its alert resolved.
      await generate(period, [a[1]!.id]);
      await made('POST', '/api/v1/invoice-issues', { period, tenantIds: [a[1]!.id] });
      await settle();
      expect((await previewOf(a[1]!.id, period)).number).toBe(next('INV'));
      expect(await heldAlerts()).toEqual([]);
    },
  );
  it.skipIf(skip)(
    'a batch that fails on its own is issued one preview at a time; one that still fails fails the job, naming it',
    async () => {
      const period = '2024-02';
      const tenants: string[] = [];
      for (const key of ['fallback-1', 'fallback-2']) {
        const tenant = await tenantWith(key, ['Main']);
        await usage([
          { azs: tenant.subs.Main!.azs, meterId: 'compute', day: '10', quantity: '7', month: period },
        ]);
        tenants.push(tenant.id);
      }
      await generate(period, tenants);
      const previous = t.app.pause;
      try {
        // Every issuing transaction fails (a defect, not a refusal): nothing is issued, the job names it.
        t.app.pause = async (point) => {
          if (point === 'invoice.issue') throw new Error('renderer exploded');
        };
        const failing = await made('POST', '/api/v1/invoice-issues', { period });
        await settle();
        const failed = await made('GET', `/api/v1/jobs/${failing.id}`);
        expect(failed.lastError).toMatch(
          /^Issue failed for 2 preview\(s\) of 2024-02, the first inv_\w+: renderer exploded/,
        );
        for (const id of tenants) expect((await previewOf(id, period)).status).toBe('preview');
        await made('POST', `/api/v1/jobs/${failing.id}/cancel`);

        // Only the batch of two fails: each preview alone is issued.
        let batches = 0;
        t.app.pause = async (point) => {
          if (point === 'invoice.issue' && ++batches === 1) throw new Error('renderer exploded');
        };
        const job = await made('POST', '/api/v1/invoice-issues', { period });
        await settle();
        expect((await made('GET', `/api/v1/jobs/${job.id}`)).status).toBe('succeeded');
        expect(batches).toBe(3);
        const numbers = [];
        for (const id of [...tenants].sort()) numbers.push((await previewOf(id, period)).number);
        expect(numbers).toEqual([next('INV'), next('INV')]);
      } finally {
        t.app.pause = previous;
      }
    },
  );
  it.skipIf(skip)(
    'a format with the year numbers each year from 1; one without has a sequence of its own',
    async () => {
      now = Date.parse('2025-01-01T20:00:00.000Z'); // 2 January 2025 in Sydney
      const december = await tenantWith('december', ['Main']);
      const yearless = await tenantWith('yearless', ['Main']);
      for (const tenant of [december, yearless]) {
        await usage([
          { azs: tenant.subs.Main!.azs, meterId: 'compute', day: '12', quantity: '5', month: '2024-12' },
        ]);
      }
      await generate('2024-12', [december.id, yearless.id]);
      const first = await previewOf(december.id, '2024-12');
      expect((await made('POST', `/api/v1/invoices/${first.id}/issue`)).number).toBe('INV-2025-000001');
      await made('PATCH', '/api/v1/settings', { values: { 'invoices.numberFormat': 'T{seq:3}' } });
      const refused = await call('PATCH', '/api/v1/settings', {
        values: { 'invoices.numberFormat': 'T{YYYY}' },
      });
      expect(refused.status).toBe(400);
      const second = await previewOf(yearless.id, '2024-12');
      expect((await made('POST', `/api/v1/invoices/${second.id}/issue`)).number).toBe('T001');
      await made('PATCH', '/api/v1/settings', { values: { 'invoices.numberFormat': 'INV-{YYYY}-{SEQ:6}' } });
      now = APRIL_2;
    },
  );

  // SQLite runs one connection, so an issue and a generation cannot interleave there: this test
  // exists on the server engines only.
  const onServerEngines =
    engine === 'sqlite' ? (_name: string, _test: () => Promise<void>) => undefined : it.skipIf(skip);
  onServerEngines(
    'a generation waits for an issue of the same tenant, then leaves the issued invoice alone',
    async () => {
      const { tenantId, invoice } = await invoicedTenant('race', [{ meterId: 'compute', quantity: '30' }]);
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
        if (point !== 'invoice.issue') return;
        t.app.pause = previous;
        reached();
        await gate;
      };
      const issuing = call('POST', `/api/v1/invoices/${invoice.id}/issue`);
      await held; // the issue holds the tenant and has checked the preview
      let generated: string | null = null;
      const generation = transaction(t.app.db, (trx) =>
        generatePreview(trx, systemContext(t.app), tenantId, '2024-03'),
      ).then((outcome) => {
        generated = outcome.status;
        return outcome;
      });
      await new Promise((r) => setTimeout(r, 400));
      expect(generated).toBeNull();
      release();
      const [issued, outcome] = await Promise.all([issuing, generation]);
      expect(issued.status, issued.text).toBe(200);
      expect(issued.body.number).toBe(next('INV'));
      expect(outcome).toEqual({ status: 'skipped', reason: 'already_issued' });
      const all = await made('GET', `/api/v1/invoices?tenantId=${tenantId}`);
      expect((all.items as Json[]).map((i) => [i.id, i.status])).toEqual([[invoice.id, 'issued']]);
    },
  );
});
