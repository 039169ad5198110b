import { decimal, toDecimalString } from '@cms/billing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../src/context.ts';
import { transaction } from '../src/db/transaction.ts';
import { rateTenantPeriodInTransaction } from '../src/modules/rating/rating.service.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { skipWithout } from './support/engine-world.ts';
import { ALL_ENGINES, createTestDatabase, type TestDatabase } from './support/engines.ts';
import { focusProblems, parseCsv, readFocusCsv } from './support/focus-validator.ts';
import { buildWorld, type Person, type World } from './support/world.ts';

/**
 * The reconciliation usage → rated → invoiced and the FOCUS export's billed columns, through the
 * public API on every engine: usage imported, rated, invoiced and issued as the product does it
 * (the generation job, the issue route, a credit note), late usage billed by a prior-period
 * adjustment. Every figure is worked by hand below.
 *
 * An import source in UTC (its March ends 2024-04-01T00:00Z); the Platform Time Zone is UTC.
 * Region list (USD) from 2024-01: compute 0.10 per hour, storage 0.25 per GB, network 1.00 per
 * unit; `orphan` has no price; `info` is informational (collected, never rated).
 *
 * Tenant T1 (branch A's partner), subscription S1, a 10 % discount from March, a one-off
 * subscription credit of 2.00 in March. March usage: compute 100, storage 30, network 3, orphan 5,
 * info 7.
 *   compute 100 × 0.10 = 10.00, discount −1.00 → 9.00
 *   storage 30 × 0.25 = 7.50, discount −0.75 → 6.75
 *   network 3 × 1.00 = 3.00, discount −0.30 → 2.70
 *   orphan 0.00 (unpriced); subscription credit −2.00
 *   March subtotal 9.00 + 6.75 + 2.70 − 2.00 = 16.45: issued as INV-2024-000001.
 * Then 20 more compute hours in March (late) and 10 in April; April's invoice carries March's
 * adjustment: +2.00 and its discount −0.20 (raw quantity +20). A credit note takes 1.00 off March's
 * storage line. Then one more network unit in March, after everything was issued.
 * Tenant T2 (the same partner), subscription S2: compute 50 in March, rated (5.00) and never
 * invoiced; then storage 8, not rated since.
 */
// biome-ignore lint/suspicious/noExplicitAny: answers of many shapes, read field by field in assertions
type Json = Record<string, any>;

/** Σ BilledCost, exact. */
const sumBilled = (rows: Record<string, string | null>[]) =>
  toDecimalString(rows.reduce((total, r) => total.plus(decimal(r.BilledCost ?? '0')), decimal('0')));

const APRIL_10 = Date.parse('2024-04-10T12:00:00.000Z');
const MAY_10 = Date.parse('2024-05-10T12:00:00.000Z');

describe.each(ALL_ENGINES)('reconciliation and FOCUS billed cost [%s]', (engine) => {
  const skip = skipWithout(engine);
  let db: TestDatabase;
  let t: TestApp;
  let w: World;
  let now = APRIL_10;
  const ids: Record<string, string> = {};
  let records = 0;

  async function call(method: string, url: string, body?: unknown, who?: Person) {
    const response = await t.inject({
      method: method as 'GET',
      url,
      headers: {
        authorization: `Bearer ${who?.token ?? w.platformAdmin.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    const json = response.headers['content-type']?.toString().includes('json') ? response.json() : {};
    return { status: response.statusCode, body: json as Json, text: response.body, raw: response };
  }
  async function made(method: string, url: string, body?: unknown, who?: Person): Promise<Json> {
    const response = await call(method, url, body, who);
    expect(response.status, `${method} ${url}: ${response.text}`).toBeLessThan(300);
    return response.body;
  }
  const usage = (azs: string, meterId: string, day: string, quantity: string) =>
    made('POST', `/api/v1/regions/${ids.source}/usage-imports`, {
      records: [
        {
          externalId: `rec-${++records}`,
          subscription: azs,
          meterId,
          usageStart: `${day}T10:00:00Z`,
          usageEnd: `${day}T11:00:00Z`,
          quantity,
        },
      ],
    });
  async function tenant(key: string): Promise<{ id: string; sub: string; azs: string }> {
    const created = await made('POST', '/api/v1/tenants', {
      name: `Recon ${key}`,
      partnerId: w.A.partnerId,
      currency: 'USD',
      administrators: [{ firstName: 'Rita', lastName: key, email: `rita.${key}.${engine}@recon.test` }],
    });
    const azs = `00000000-0000-4000-8000-00000000000${key === 'one' ? 1 : 2}`;
    const sub = await made('POST', `/api/v1/regions/${ids.source}/subscription-links`, {
      tenantId: created.id,
      name: `Recon ${key} Production`,
      azsSubscriptionId: azs,
      billableFrom: '2024-01-01T00:00:00Z',
    });
    return { id: created.id, sub: sub.id, azs };
  }
  /** Generates a tenant-period's preview through the job and issues it. */
  async function issue(tenantId: string, period: string): Promise<Json> {
    await made('POST', '/api/v1/invoice-generations', { period, tenantIds: [tenantId] });
    await t.app.jobs.runNow();
    const list = await made('GET', `/api/v1/invoices?tenantId=${tenantId}&period=${period}`);
    const preview = (list.items as Json[]).find((i) => i.status === 'preview');
    expect(preview, `a preview of ${tenantId} ${period}`).toBeDefined();
    return made('POST', `/api/v1/invoices/${preview!.id}/issue`);
  }
  const report = async (query: string, who?: Person) =>
    made('GET', `/api/v1/reports/reconciliation?${query}`, undefined, who);
  /** [tenant, meter or kind, usage, rated, invoiced, rated amount, invoiced amount, adjusted, credited, status] */
  const table = (body: Json) =>
    (body.rows as Json[]).map((r) => [
      r.tenantName,
      r.meterId ?? r.kind,
      r.usageQuantity,
      r.ratedQuantity,
      r.invoicedQuantity,
      r.ratedAmount,
      r.invoicedAmount,
      r.adjustedAmount,
      r.creditedAmount,
      r.status,
    ]);

  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase(engine);
    t = await startTestApp(db.url, { CMS_WORKER: 'false' }, { clock: () => now });
    w = await buildWorld(t);
    const source = await made('POST', '/api/v1/regions', { kind: 'import', name: 'Recon', timeZone: 'UTC' });
    ids.source = source.id;
    for (const meterId of ['compute', 'storage', 'network', 'orphan', 'info']) {
      await made('POST', `/api/v1/regions/${source.id}/meters`, {
        meterId,
        name: `${meterId} meter`,
        unit: 'Units',
        ...(meterId === 'info' ? { informational: true } : {}),
      });
    }
    const list = await made('POST', '/api/v1/price-lists', {
      scopeType: 'region',
      regionId: source.id,
      displayName: 'Recon prices',
      currency: 'USD',
    });
    const version = await made('POST', `/api/v1/price-lists/${list.id}/versions`, {
      effectiveFrom: '2024-01',
    });
    for (const [meterId, rate] of [
      ['compute', '0.10'],
      ['storage', '0.25'],
      ['network', '1.00'],
    ]) {
      await made('POST', `/api/v1/price-list-versions/${version.id}/items`, {
        meterId,
        pricing: 'flat',
        rate,
      });
    }
    await made('POST', `/api/v1/price-list-versions/${version.id}/activation`);

    const one = await tenant('one');
    ids.t1 = one.id;
    ids.s1 = one.sub;
    await made('POST', '/api/v1/discounts', { tenantId: one.id, percentage: '10', fromPeriod: '2024-03' });
    await made('POST', '/api/v1/credits', {
      subscriptionId: one.sub,
      amount: '2',
      fromPeriod: '2024-03',
      oneOff: true,
      description: 'Recon goodwill',
    });
    await usage(one.azs, 'compute', '2024-03-03', '100');
    await usage(one.azs, 'storage', '2024-03-04', '30');
    await usage(one.azs, 'network', '2024-03-05', '3');
    await usage(one.azs, 'orphan', '2024-03-06', '5');
    await usage(one.azs, 'info', '2024-03-07', '7');
    const march = await issue(one.id, '2024-03');
    expect([march.number, march.subtotal]).toEqual(['INV-2024-000001', '16.45']);
    ids.march = march.id;
    ids.marchStorageLine = (march.lines as Json[]).find(
      (l) => l.kind === 'usage' && l.meterId === 'storage',
    )!.id;
    await usage(one.azs, 'compute', '2024-03-20', '20');
    await t.app.jobs.runNow();
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it.skipIf(skip)('FOCUS: BilledCost is what the issued invoice charged, InvoiceId its number', async () => {
    const response = await call('GET', `/api/v1/reports/focus?period=2024-03&tenantId=${ids.t1}`);
    expect(response.status, response.text).toBe(200);
    const { columns, rows } = readFocusCsv(response.text);
    expect(focusProblems(columns, rows)).toEqual([]);
    // Usage rows: the line plus its discount; the credit row: the credit; the unpriced line 0.
    expect(
      rows.map((r) => [r.ChargeCategory, r.x_MeterId, r.BilledCost, r.EffectiveCost, r.InvoiceId]),
    ).toEqual([
      ['Usage', 'compute', '9.00', '9.00', 'INV-2024-000001'],
      ['Usage', 'network', '2.70', '2.70', 'INV-2024-000001'],
      ['Usage', 'orphan', '0.00', '0.00', 'INV-2024-000001'],
      ['Usage', 'storage', '6.75', '6.75', 'INV-2024-000001'],
      ['Credit', null, '-2.00', '-2.00', 'INV-2024-000001'],
    ]);
    // Σ BilledCost = the invoice's subtotal (no tax profile: its total).
    expect(sumBilled(rows)).toBe('16.45');
  });

  it.skipIf(skip)('late usage of an issued period shows as a difference until it is invoiced', async () => {
    const body = await report(`period=2024-03&tenantId=${ids.t1}`);
    const compute = (body.rows as Json[]).find((r) => r.meterId === 'compute')!;
    expect([compute.usageQuantity, compute.ratedQuantity, compute.invoicedQuantity, compute.status]).toEqual([
      '120',
      '100',
      '100',
      'differs',
    ]);
    expect([compute.usageMinusRated, compute.usageMinusInvoiced, compute.ratedMinusInvoiced]).toEqual([
      '20',
      '20',
      '0.00',
    ]);
  });

  it.skipIf(skip)('a row of every status, exact totals, in JSON, CSV and xlsx', async () => {
    now = MAY_10;
    await usage((await subscriptionAzs(ids.s1!))!, 'compute', '2024-04-10', '10');
    await t.app.jobs.runNow();
    const april = await issue(ids.t1!, '2024-04');
    // April: 10 × 0.10 = 1.00, discount −0.10; March's adjustment: 20 × 0.10 = +2.00, −0.20.
    expect((april.lines as Json[]).map((l) => [l.kind, l.meterId, l.rawQuantity, l.amount])).toEqual([
      ['usage', 'compute', '10', '1.00'],
      ['discount', 'compute', null, '-0.10'],
      ['adjustment', 'compute', '20', '2.00'],
      ['adjustment', 'compute', null, '-0.20'],
    ]);
    await made('POST', `/api/v1/invoices/${ids.march}/credit-notes`, {
      lines: [{ lineId: ids.marchStorageLine, amount: '1.00' }],
      reason: 'Storage goodwill',
    });
    // Late network usage after everything was issued.
    await usage((await subscriptionAzs(ids.s1!))!, 'network', '2024-03-25', '1');

    const two = await tenant('two');
    ids.t2 = two.id;
    await usage(two.azs, 'compute', '2024-03-08', '50');
    await transaction(t.app.db, (trx) =>
      rateTenantPeriodInTransaction(trx, systemContext(t.app), two.id, '2024-03'),
    );
    await usage(two.azs, 'storage', '2024-03-09', '8');

    const body = await report('period=2024-03', w.A.people.partner_reader);
    expect(table(body)).toEqual([
      // compute: 9.00 rated; invoiced 9.00 + 2.00 − 0.20 = 10.80, of which 1.80 adjusted.
      ['Recon one', 'compute', '120', '100', '120', '9.00', '10.80', '1.80', '0.00', 'adjusted'],
      ['Recon one', 'network', '4', '3', '3', '2.70', '2.70', '0.00', '0.00', 'differs'],
      ['Recon one', 'orphan', '5', '5', '5', '0.00', '0.00', '0.00', '0.00', 'unpriced'],
      ['Recon one', 'storage', '30', '30', '30', '6.75', '6.75', '0.00', '-1.00', 'matched'],
      ['Recon one', 'subscription_credit', null, null, null, '-2.00', '-2.00', '0.00', '0.00', 'matched'],
      ['Recon two', 'compute', '50', '50', '0', '5.00', '0.00', '0.00', '0.00', 'not_invoiced'],
      ['Recon two', 'storage', '8', '0', '0', '0.00', '0.00', '0.00', '0.00', 'not_rated'],
    ]);
    // Rated 16.45 + 5.00 = 21.45; invoiced 16.45 + 1.80 = 18.25; credited −1.00; net 17.25.
    expect(body.totals).toEqual([
      {
        currency: 'USD',
        tenants: 2,
        rows: 7,
        ratedAmount: '21.45',
        invoicedAmount: '18.25',
        adjustedAmount: '1.80',
        creditedAmount: '-1.00',
        netInvoicedAmount: '17.25',
        ratedMinusInvoiced: '3.20',
      },
    ]);
    const tenants = new Map((body.tenants as Json[]).map((x) => [x.tenantId, x]));
    expect(tenants.get(ids.t1)).toMatchObject({ invoiceNumber: 'INV-2024-000001', invoiceStatus: 'issued' });
    expect(tenants.get(ids.t2)).toMatchObject({ rating: 'rated', invoiceId: null, invoiceStatus: null });

    const csv = await call(
      'GET',
      '/api/v1/reports/reconciliation?period=2024-03&format=csv',
      undefined,
      w.A.people.partner_reader,
    );
    expect(csv.status, csv.text).toBe(200);
    expect(csv.raw.headers['content-disposition']).toBe('attachment; filename="reconciliation-2024-03.csv"');
    const [header, ...lines] = parseCsv(csv.text);
    const col = (name: string) => header!.indexOf(name);
    expect(lines.map((l) => [l[col('meterId')], l[col('invoicedAmount')], l[col('status')]])).toEqual([
      ['compute', '10.80', 'adjusted'],
      ['network', '2.70', 'differs'],
      ['orphan', '0.00', 'unpriced'],
      ['storage', '6.75', 'matched'],
      ['', '-2.00', 'matched'],
      ['compute', '0.00', 'not_invoiced'],
      ['storage', '0.00', 'not_rated'],
    ]);

    const xlsx = await call(
      'GET',
      '/api/v1/reports/reconciliation?period=2024-03&format=xlsx',
      undefined,
      w.A.people.partner_reader,
    );
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.raw.rawPayload as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Reconciliation', 'Tenants', 'Totals']);
    const sheet = book.getWorksheet('Reconciliation')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const at = (row: number, name: string) => sheet.getRow(row).getCell(headers.indexOf(name) + 1);
    expect([at(2, 'meterId').value, at(2, 'invoicedAmount').value, at(2, 'status').value]).toEqual([
      'compute',
      10.8,
      'adjusted',
    ]);
    expect(at(2, 'invoicedAmount').numFmt).toBe('#,##0.00');
    const totals = book.getWorksheet('Totals')!;
    const totalHeaders = (totals.getRow(1).values as unknown[]).slice(1);
    expect(totals.getRow(2).getCell(totalHeaders.indexOf('netInvoicedAmount') + 1).value).toBe(17.25);
  });

  it.skipIf(skip)(
    'FOCUS: a credit note and prior-period adjustments are rows of the documents that bill them',
    async () => {
      const march = readFocusCsv(
        (await call('GET', `/api/v1/reports/focus?period=2024-03&tenantId=${ids.t1}`)).text,
      );
      expect(focusProblems(march.columns, march.rows)).toEqual([]);
      // The credit note against March's storage line: a correction of March, billed by the note.
      const fields = [
        'ChargeCategory',
        'ChargeClass',
        'x_MeterId',
        'BilledCost',
        'InvoiceId',
        'x_CorrectedPeriod',
      ];
      const pick = (r: Record<string, string | null>) => fields.map((f) => r[f]);
      expect(march.rows.slice(5).map(pick)).toEqual([
        ['Credit', 'Correction', 'storage', '-1.00', 'CN-2024-000001', '2024-03'],
      ]);
      // 16.45 invoiced − 1.00 credited.
      expect(sumBilled(march.rows)).toBe('15.45');

      const april = readFocusCsv(
        (await call('GET', `/api/v1/reports/focus?period=2024-04&tenantId=${ids.t1}`)).text,
      );
      expect(focusProblems(april.columns, april.rows)).toEqual([]);
      // April's own compute (1.00 − 0.10) and March's adjustment (+2.00, its discount −0.20),
      // charged for March and billed in April.
      expect(april.rows.map((r) => [...pick(r), r.ChargePeriodStart, r.BillingPeriodStart])).toEqual([
        [
          'Usage',
          null,
          'compute',
          '0.90',
          'INV-2024-000002',
          null,
          '2024-04-01T00:00:00Z',
          '2024-04-01T00:00:00Z',
        ],
        [
          'Adjustment',
          'Correction',
          'compute',
          '2.00',
          'INV-2024-000002',
          '2024-03',
          '2024-03-01T00:00:00Z',
          '2024-04-01T00:00:00Z',
        ],
        [
          'Adjustment',
          'Correction',
          'compute',
          '-0.20',
          'INV-2024-000002',
          '2024-03',
          '2024-03-01T00:00:00Z',
          '2024-04-01T00:00:00Z',
        ],
      ]);
      expect(sumBilled(april.rows)).toBe('2.7');
    },
  );

  it.skipIf(skip)('FOCUS of an open period: BilledCost 0 and no InvoiceId', async () => {
    const response = await call('GET', `/api/v1/reports/focus?period=2024-03&tenantId=${ids.t2}`);
    const { rows } = readFocusCsv(response.text);
    expect(rows.map((r) => [r.x_MeterId, r.EffectiveCost, r.BilledCost, r.InvoiceId])).toEqual([
      ['compute', '5.00', '0.00', null],
    ]);
  });

  it.skipIf(skip)(
    'a sibling partner gets none of it, and a tenant outside its scope is not found',
    async () => {
      const sibling = w.B.people.partner_admin;
      const body = await report('period=2024-03', sibling);
      expect((body.rows as Json[]).filter((r) => r.tenantId === ids.t1 || r.tenantId === ids.t2)).toEqual([]);
      expect((body.tenants as Json[]).map((x) => x.tenantId)).not.toContain(ids.t1);
      const csv = await call(
        'GET',
        '/api/v1/reports/reconciliation?period=2024-03&format=csv',
        undefined,
        sibling,
      );
      expect(csv.text).not.toContain('Recon one');
      const outside = await call(
        'GET',
        `/api/v1/reports/reconciliation?period=2024-03&tenantId=${ids.t1}`,
        undefined,
        sibling,
      );
      expect(outside.status).toBe(404);
      expect(outside.body.field).toBe('query.tenantId');
    },
  );

  async function subscriptionAzs(id: string): Promise<string | null> {
    const row = await t.app.db.kysely
      .selectFrom('subscriptions')
      .select('azs_subscription_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return row.azs_subscription_id;
  }
});
