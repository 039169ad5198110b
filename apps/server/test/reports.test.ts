import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../src/context.ts';
import { transaction } from '../src/db/transaction.ts';
import { rateTenantPeriodInTransaction } from '../src/modules/rating/rating.service.ts';
import { ok, startTestApp, type TestApp } from './support/app.ts';
import { skipWithout } from './support/engine-world.ts';
import { ALL_ENGINES, createTestDatabase, type TestDatabase } from './support/engines.ts';
import { type FocusRecord, focusProblems, parseCsv, readFocusCsv } from './support/focus-validator.ts';
import {
  insertDaily,
  insertDiscount,
  insertExchangeRate,
  insertItem,
  insertPriceList,
  insertVersion,
} from './support/pricing-rows.ts';
import { insertRegion } from './support/usage-rows.ts';
import { buildWorld, type Person, type World } from './support/world.ts';

/**
 * The reports through the API on every engine: rated periods → FOCUS export, Subscription
 * Summary and the chargeback report, in JSON, CSV and xlsx. Every expected figure is worked by
 * hand below (never produced by running the code).
 *
 * Region R "Frankfurt": an Azure Stack Hub stamp in Europe/Berlin. Its March 2024 runs from
 * 2024-02-29T23:00Z (local midnight, CET) to 2024-03-31T22:00Z (local midnight of 1 April, CEST):
 * 743 real hours. The Platform Time Zone is UTC. The clock stands at 2024-04-10T12:00Z.
 * Meters (the seeded Azure Stack Hub catalog):
 *   TBL TableCapacity (GB × hours)           DSK S10 managed disk (disks × month, stored as hours)
 *   IP  Static IP Address Usage (IP-hours)    VM  Base VM Size Hours (vCore-hours)
 *   INF VM size hours (informational: never priced)
 * Region list (USD) from 2024-01: TBL graduated 0–100 @1.00, 100–200 @0.50, 200+ @0.10;
 *   DSK 5.00 per month; IP 7.30 per month; VM 0.10.
 * Tenant A (USD): its own list VM 0.08; an override for its subscription SA: IP 6.00 per month;
 *   a 10 % discount in March; credits in March: 20.00 on the region's TBL item, 25.00 on SA,
 *   5.00 on the tenant.
 * Tenant B (EUR, 0.92 EUR per USD from 2024-01): the region list only.
 * "Use Monthly Variable Pricing" is off: IP's month is 730 hours; DSK (month-fraction) takes the
 * real 743.
 *
 * Usage (local days): SA — DSK 1486 h on 1 Mar; INF 100 on 2 Mar and 100 on 16 Mar; VM 600 on
 * 5 Mar, 400 on 20 Mar and 50 on 2 Apr; IP 1460 on 10 Mar; TBL 250 on 15 Mar.
 * SB — VM 1234 on 7 Mar.
 *
 * A, March, by hand:
 *   TBL 250 graduated: 100 × 1.00 + 100 × 0.50 + 50 × 0.10 = 155.00 (list: the same item, 155.00)
 *   DSK 1486 ÷ 743 = 2 disk-months × 5.00 = 10.00 (list 10.00)
 *   IP  1460 ÷ 730 = 2 IP-months × 6.00 = 12.00 (list 2 × 7.30 = 14.60)
 *   VM  600 + 400 = 1000 × 0.08 = 80.00 (list 1000 × 0.10 = 100.00)
 *   gross 257.00; discounts 10 %: −15.50, −1.00, −1.20, −8.00 = −25.70
 *   effective: 139.50, 9.00, 10.80, 72.00 = 231.30
 *   item credit −20.00 (TBL), subscription credit −25.00, tenant credit −5.00
 *   subtotal 231.30 − 50.00 = 181.30
 * A, April: VM 50 × 0.08 = 4.00 (no discount or credit in April).
 * B, March: VM 1234 × 0.10 = 123.40 USD × 0.92 = 113.528 → 113.53 EUR (list the same).
 */
const TBL = 'b4438d5d453b4ee1b42adc72e377f1e4';
const DSK = 'd5f7731bf639404a89d0e46186e22c8d';
const IP = 'f271a8a388c44d93956a063e1d2fa80b';
const VM = 'fab6eb84500b4a09a8ca7358f8bbaea5';
const INF = '6dab500fa4fd49c4956d229bb9c8c793';
const AZS_A = 'aaaaaaaa-0000-4000-8000-00000000000a';
const AZS_B = 'aaaaaaaa-0000-4000-8000-00000000000b';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function workbook(payload: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  // exceljs types its input as its own Buffer interface; a Node Buffer is what it reads.
  await book.xlsx.load(payload as unknown as ExcelJS.Buffer);
  return book;
}

describe.each(ALL_ENGINES)('reports [%s]', (engine) => {
  const skip = skipWithout(engine);
  let db: TestDatabase;
  let t: TestApp;
  let w: World;
  let regionId: string;
  let partnerName: string;
  const now = Date.parse('2024-04-10T12:00:00.000Z');

  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase(engine);
    t = await startTestApp(db.url, { CMS_WORKER: 'false' }, { clock: () => now });
    w = await buildWorld(t);
    const kysely = t.app.db.kysely;
    regionId = await insertRegion(t.app, { name: 'Frankfurt', timeZone: 'Europe/Berlin' });
    for (const [sub, azs, tenant, currency] of [
      [w.A.subscriptionId, AZS_A, w.A.tenantId, 'USD'],
      [w.B.subscriptionId, AZS_B, w.B.tenantId, 'EUR'],
    ] as const) {
      await kysely
        .updateTable('subscriptions')
        .set({
          region_id: regionId,
          azs_subscription_id: azs,
          azs_link_key: `${regionId}:${azs}`,
          billable_from: '2024-01-01T00:00:00.000Z',
        })
        .where('id', '=', sub)
        .execute();
      await kysely.updateTable('organisations').set({ currency }).where('id', '=', tenant).execute();
    }
    partnerName = (
      await kysely
        .selectFrom('organisations')
        .select('name')
        .where('id', '=', w.A.partnerId)
        .executeTakeFirstOrThrow()
    ).name;
    await insertExchangeRate(t.app, 'EUR', '0.92', '2024-01-01T00:00:00.000Z');
    const regionList = await insertPriceList(t.app, { region: regionId });
    const region = await insertVersion(t.app, regionList, 1, '2024-01');
    await insertItem(t.app, region, {
      meterId: TBL,
      tiers: [
        { from: '0', to: '100', rate: '1.00' },
        { from: '100', to: '200', rate: '0.50' },
        { from: '200', to: null, rate: '0.10' },
      ],
    });
    await insertItem(t.app, region, { meterId: DSK, priceUnit: 'month', rate: '5.00' });
    await insertItem(t.app, region, { meterId: IP, priceUnit: 'month', rate: '7.30' });
    await insertItem(t.app, region, { meterId: VM, rate: '0.10' });
    const tenantList = await insertVersion(
      t.app,
      await insertPriceList(t.app, { tenant: w.A.tenantId }),
      1,
      '2024-01',
    );
    await insertItem(t.app, tenantList, { meterId: VM, rate: '0.08' });
    const override = await insertVersion(
      t.app,
      await insertPriceList(t.app, { subscription: w.A.subscriptionId }),
      1,
      '2024-01',
    );
    await insertItem(t.app, override, { meterId: IP, priceUnit: 'month', rate: '6.00' });
    await insertDiscount(t.app, { tenantId: w.A.tenantId, percentage: '10', from: '2024-03', to: '2024-03' });
    const credit = (
      id: string,
      scope: 'item' | 'subscription' | 'tenant',
      amount: string,
      description: string,
    ) =>
      kysely
        .insertInto('credits')
        .values({
          id,
          scope_type: scope,
          price_list_id: scope === 'item' ? regionList : null,
          meter_id: scope === 'item' ? TBL : null,
          sku: scope === 'item' ? '' : null,
          subscription_id: scope === 'subscription' ? w.A.subscriptionId : null,
          tenant_id: scope === 'tenant' ? w.A.tenantId : null,
          amount,
          currency: 'USD',
          from_period: '2024-03',
          to_period: '2024-03',
          description,
          created_at: '2024-01-01T00:00:00.000Z',
          updated_at: '2024-01-01T00:00:00.000Z',
        })
        .execute();
    await credit('crd_report_item', 'item', '20.00', 'Storage credit');
    await credit('crd_report_subscription', 'subscription', '25.00', 'Welcome, "new" customer');
    await credit('crd_report_tenant', 'tenant', '5.00', 'Goodwill');
    const a = { regionId, azs: AZS_A };
    await insertDaily(t.app, { ...a, meterId: DSK, day: '2024-03-01', quantity: '1486' });
    await insertDaily(t.app, { ...a, meterId: INF, day: '2024-03-02', quantity: '100' });
    await insertDaily(t.app, { ...a, meterId: INF, day: '2024-03-16', quantity: '100' });
    await insertDaily(t.app, { ...a, meterId: VM, day: '2024-03-05', quantity: '600' });
    await insertDaily(t.app, { ...a, meterId: VM, day: '2024-03-20', quantity: '400' });
    await insertDaily(t.app, { ...a, meterId: VM, day: '2024-04-02', quantity: '50' });
    await insertDaily(t.app, { ...a, meterId: IP, day: '2024-03-10', quantity: '1460' });
    await insertDaily(t.app, { ...a, meterId: TBL, day: '2024-03-15', quantity: '250' });
    await insertDaily(t.app, { regionId, azs: AZS_B, meterId: VM, day: '2024-03-07', quantity: '1234' });
    for (const [tenant, period] of [
      [w.A.tenantId, '2024-03'],
      [w.A.tenantId, '2024-04'],
      [w.B.tenantId, '2024-03'],
    ] as const) {
      await transaction(t.app.db, (trx) =>
        rateTenantPeriodInTransaction(trx, systemContext(t.app), tenant, period),
      );
    }
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const get = (who: Person, url: string) =>
    t.inject({ method: 'GET', url, headers: { authorization: `Bearer ${who.token}` } });
  const focus = async (who: Person, query: string) => {
    const response = await get(who, `/api/v1/reports/focus?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    return { ...readFocusCsv(response.body), body: response.body };
  };
  const pick = (row: FocusRecord, ...names: string[]) => names.map((n) => row[n]);

  it.skipIf(skip)("exports tenant A's March as FOCUS 1.2 rows with the hand-worked amounts", async () => {
    const { columns, rows } = await focus(w.platformAdmin, `period=2024-03&tenantId=${w.A.tenantId}`);
    expect(focusProblems(columns, rows)).toEqual([]);
    const cost = ['ChargeCategory', 'x_MeterId', 'ListCost', 'ContractedCost', 'EffectiveCost', 'BilledCost'];
    expect(rows.map((r) => pick(r, ...cost))).toEqual([
      ['Usage', TBL, '155.00', '155.00', '139.50', '0.00'],
      ['Credit', TBL, '-20.00', '-20.00', '-20.00', '0.00'],
      ['Usage', DSK, '10.00', '10.00', '9.00', '0.00'],
      ['Usage', IP, '14.60', '12.00', '10.80', '0.00'],
      ['Usage', VM, '100.00', '80.00', '72.00', '0.00'],
      ['Credit', null, '-25.00', '-25.00', '-25.00', '0.00'],
      ['Credit', null, '-5.00', '-5.00', '-5.00', '0.00'],
    ]);
    // Σ EffectiveCost = 139.50 − 20.00 + 9.00 + 10.80 + 72.00 − 25.00 − 5.00 = 181.30, the subtotal.
    const cents = rows.reduce((sum, r) => sum + BigInt(r.EffectiveCost!.replace('.', '')), 0n);
    expect(cents).toBe(18130n);
    const quantities = ['PricingQuantity', 'PricingUnit', 'ConsumedQuantity', 'ConsumedUnit'];
    expect(rows.filter((r) => r.ChargeCategory === 'Usage').map((r) => pick(r, ...quantities))).toEqual([
      ['250', 'GB × hours', '250', 'GB × hours'],
      ['2', 'disks × month', '1486', 'disks × hours'],
      ['2', 'IP-months', '1460', 'IP-hours'],
      ['1000', 'vCore-hours', '1000', 'vCore-hours'],
    ]);
    expect(rows[0]).toMatchObject({
      BillingAccountId: w.A.tenantId,
      BillingCurrency: 'USD',
      BillingPeriodStart: '2024-02-29T23:00:00Z',
      BillingPeriodEnd: '2024-03-31T22:00:00Z',
      ChargePeriodStart: '2024-02-29T23:00:00Z',
      ChargePeriodEnd: '2024-03-31T22:00:00Z',
      ChargeClass: null,
      InvoiceId: null,
      ProviderName: partnerName,
      InvoiceIssuerName: partnerName,
      PublisherName: 'Microsoft',
      ServiceName: 'Storage Accounts',
      ServiceCategory: 'Storage',
      RegionId: regionId,
      RegionName: 'Frankfurt',
      SubAccountId: w.A.subscriptionId,
      x_BillingPeriod: '2024-03',
      x_ListPriceSource: 'region',
    });
    expect(rows[5]).toMatchObject({
      ChargeDescription: 'Welcome, "new" customer',
      SubAccountId: w.A.subscriptionId,
    });
    // The tenant credit belongs to no region: the period in the Platform Time Zone (UTC).
    expect(rows[6]).toMatchObject({
      SubAccountId: null,
      RegionId: null,
      BillingPeriodStart: '2024-03-01T00:00:00Z',
      BillingPeriodEnd: '2024-04-01T00:00:00Z',
    });
  });

  it.skipIf(skip)('states a tenant in another currency in its own, list and contracted alike', async () => {
    const { columns, rows } = await focus(w.platformAdmin, `period=2024-03&tenantId=${w.B.tenantId}`);
    expect(focusProblems(columns, rows)).toEqual([]);
    // 1234 × 0.10 = 123.40 USD × 0.92 = 113.528 → 113.53 EUR, from the region list both ways.
    expect(
      rows.map((r) => pick(r, 'BillingCurrency', 'ListCost', 'ContractedCost', 'EffectiveCost')),
    ).toEqual([['EUR', '113.53', '113.53', '113.53']]);
  });

  it.skipIf(skip)('shows each caller its own scope only; a tenant outside it is not found', async () => {
    const all = await focus(w.platformAdmin, 'period=2024-03');
    expect([...new Set(all.rows.map((r) => r.BillingAccountId))].sort()).toEqual(
      [w.A.tenantId, w.B.tenantId].sort(),
    );
    for (const role of ['partner_admin', 'distributor_reader', 'tenant_reader'] as const) {
      const own = await focus(w.actor(role, 'A'), 'period=2024-03');
      expect(new Set(own.rows.map((r) => r.BillingAccountId))).toEqual(new Set([w.A.tenantId]));
      // Nothing of branch B anywhere in the file: not its tenant, subscription or partner.
      for (const id of [w.B.tenantId, w.B.subscriptionId, w.B.partnerId]) expect(own.body).not.toContain(id);
      expect(focusProblems(own.columns, own.rows)).toEqual([]);
    }
    const refused = await get(
      w.B.people.partner_admin,
      `/api/v1/reports/focus?period=2024-03&tenantId=${w.A.tenantId}`,
    );
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toMatchObject({ code: 'not_found', field: 'query.tenantId' });
    // A period nothing was rated for: the header alone.
    const empty = await focus(w.platformAdmin, 'period=2023-01');
    expect(empty.rows).toEqual([]);
    expect(empty.columns.slice(0, 3)).toEqual(['BilledCost', 'BillingAccountId', 'BillingAccountName']);
  });

  it.skipIf(skip)('names the partner that owned the tenant when the period began as its issuer', async () => {
    const branded = await w.platformAdmin.client.PATCH('/api/v1/partners/{id}/branding', {
      params: { path: { id: w.A.partnerId } },
      body: { name: 'Alpha Cloud Services' },
    });
    expect(branded.response.status).toBe(200);
    const moved = await w.platformAdmin.client.POST('/api/v1/tenants/{id}/move', {
      params: { path: { id: w.A.tenantId } },
      body: { partnerId: w.A.sparePartnerId },
    });
    expect(moved.response.status, JSON.stringify(moved.error)).toBe(200);
    const spare = (
      await t.app.db.kysely
        .selectFrom('organisations')
        .select('name')
        .where('id', '=', w.A.sparePartnerId)
        .executeTakeFirstOrThrow()
    ).name;
    // The move took effect now (10 April), after both periods began: both stay with the branded
    // partner (for billing a move counts from the next period), although the spare one owns A today.
    for (const period of ['2024-03', '2024-04']) {
      const rows = (await focus(w.platformAdmin, `period=${period}&tenantId=${w.A.tenantId}`)).rows;
      expect(new Set(rows.map((r) => `${r.ProviderName}|${r.InvoiceIssuerName}`))).toEqual(
        new Set(['Alpha Cloud Services|Alpha Cloud Services']),
      );
    }
    // Had it taken effect in mid-March, April (which began after it) belongs to the spare partner.
    await t.app.db.kysely
      .updateTable('organisation_chain_history')
      .set({ effective_at: '2024-03-15T00:00:00.000Z' })
      .where('org_id', '=', w.A.tenantId)
      .execute();
    const march = await focus(w.platformAdmin, `period=2024-03&tenantId=${w.A.tenantId}`);
    expect(new Set(march.rows.map((r) => r.ProviderName))).toEqual(new Set(['Alpha Cloud Services']));
    const april = await focus(w.platformAdmin, `period=2024-04&tenantId=${w.A.tenantId}`);
    expect(april.rows.map((r) => pick(r, 'ProviderName', 'ContractedCost'))).toEqual([[spare, '4.00']]);
    const back = await w.platformAdmin.client.POST('/api/v1/tenants/{id}/move', {
      params: { path: { id: w.A.tenantId } },
      body: { partnerId: w.A.partnerId },
    });
    expect(back.response.status).toBe(200);
  });

  it.skipIf(skip)('summarises usage and billing per subscription and meter (JSON)', async () => {
    const summary = ok(
      await w.A.people.partner_admin.client.GET('/api/v1/reports/subscription-summary', {
        params: { query: { tenantId: w.A.tenantId, from: '2024-03-15', to: '2024-04-05' } },
      }),
    );
    expect(summary.periods).toEqual(['2024-03', '2024-04']);
    expect(summary.tenants).toHaveLength(1);
    const [tenant] = summary.tenants;
    expect(tenant!.periods.map((p) => [p.period, p.status, p.subtotal])).toEqual([
      ['2024-03', 'rated', '181.30'],
      ['2024-04', 'rated', '4.00'],
    ]);
    // Usage of 15 Mar – 5 Apr only: VM 400 + 50 = 450, TBL 250, INF 100 (informational, never billed);
    // billing of the whole of March and April: VM 80.00 + 4.00 = 84.00 gross over 1000 + 50 = 1050 vCore-hours.
    expect(
      tenant!.rows.map((r) => [
        r.kind,
        r.meterId,
        r.usageQuantity,
        r.usageUnit,
        r.ratedQuantity,
        r.ratedUnit,
        r.gross,
        r.discounts,
        r.credits,
        r.net,
      ]),
    ).toEqual([
      ['meter', VM, '450', 'vCore-hours', '1050', 'vCore-hours', '84.00', '-8.00', '0.00', '76.00'],
      ['meter', DSK, null, null, '2', 'disks × month', '10.00', '-1.00', '0.00', '9.00'],
      ['meter', IP, null, null, '2', 'IP-months', '12.00', '-1.20', '0.00', '10.80'],
      // 155.00 − 15.50 − 20.00 = 119.50
      ['meter', TBL, '250', 'GB × hours', '250', 'GB × hours', '155.00', '-15.50', '-20.00', '119.50'],
      ['meter', INF, '100', 'VM-hours', null, null, null, null, null, null],
      ['subscription_credit', null, null, null, null, null, null, null, '-25.00', '-25.00'],
      ['tenant_credit', null, null, null, null, null, null, null, '-5.00', '-5.00'],
    ]);
    // 261.00 − 25.70 − 50.00 = 185.30 = 181.30 (March) + 4.00 (April)
    expect(tenant!.totals).toEqual([
      {
        currency: 'USD',
        gross: '261.00',
        discounts: '-25.70',
        credits: '-50.00',
        net: '185.30',
        unpricedLines: 0,
      },
    ]);
  });

  it.skipIf(skip)('exports the summary as CSV and as an Excel workbook with exact amounts', async () => {
    const url = `/api/v1/reports/subscription-summary?tenantId=${w.A.tenantId}&from=2024-03-15&to=2024-04-05`;
    const csv = await get(w.A.people.tenant_reader, `${url}&format=csv`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(
      'attachment; filename="subscription-summary-2024-03-15-2024-04-05.csv"',
    );
    const [header, ...lines] = parseCsv(csv.body);
    const col = (name: string) => header!.indexOf(name);
    expect(lines.map((l) => [l[col('kind')], l[col('meterId')], l[col('net')]])).toEqual([
      ['meter', VM, '76.00'],
      ['meter', DSK, '9.00'],
      ['meter', IP, '10.80'],
      ['meter', TBL, '119.50'],
      ['meter', INF, ''],
      ['subscription_credit', '', '-25.00'],
      ['tenant_credit', '', '-5.00'],
    ]);
    expect(lines[5]![col('subscriptionId')]).toBe(w.A.subscriptionId);

    const xlsx = await get(w.A.people.tenant_reader, `${url}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe(XLSX);
    const book = await workbook(xlsx.rawPayload);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Summary', 'Periods', 'Totals']);
    const sheet = book.getWorksheet('Summary')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const cell = (row: number, name: string) => sheet.getRow(row).getCell(headers.indexOf(name) + 1);
    // Amounts are numbers in the currency's format; the text a double gives back is the amount.
    expect(String(cell(5, 'net').value)).toBe('119.5');
    expect(cell(5, 'net').numFmt).toBe('#,##0.00');
    expect(String(cell(2, 'discounts').value)).toBe('-8');
    expect(cell(2, 'ratedQuantity').value).toBe(1050);
    expect(cell(7, 'kind').value).toBe('subscription_credit');
    const totals = book.getWorksheet('Totals')!;
    expect((totals.getRow(2).values as unknown[]).slice(1).map(String)).toEqual([
      w.A.tenantId,
      expect.any(String),
      'USD',
      '261',
      '-25.7',
      '-50',
      '185.3',
      '0',
    ]);
  });

  it.skipIf(skip)('refuses a summary range that runs backwards or over a year', async () => {
    for (const [from, to, message] of [
      ['2024-03-02', '2024-03-01', 'Must not be before from.'],
      // 2024 is a leap year: 1 Jan 2024 – 1 Jan 2025 is 367 days.
      ['2024-01-01', '2025-01-01', 'At most 366 days from from.'],
    ]) {
      const response = await get(
        w.platformAdmin,
        `/api/v1/reports/subscription-summary?from=${from}&to=${to}`,
      );
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toMatchObject({ field: 'query.to', errors: [{ field: 'query.to', message }] });
    }
  });

  it.skipIf(skip)(
    'reports chargeback per tenant in scope, in its currency and the platform currency',
    async () => {
      const report = ok(
        await w.platformAdmin.client.GET('/api/v1/reports/chargeback', {
          params: { query: { period: '2024-03' } },
        }),
      );
      expect(report.platformCurrency).toBe('USD');
      const byTenant = new Map(report.rows.map((r) => [r.tenantId, r]));
      // A: 257.00 − 25.70 − 50.00 = 181.30 in USD; 4 usage + 4 discount + 3 credit lines.
      expect(byTenant.get(w.A.tenantId)).toMatchObject({
        billingMode: 'chargeback',
        currency: 'USD',
        status: 'rated',
        usage: '257.00',
        discounts: '-25.70',
        credits: '-50.00',
        subtotal: '181.30',
        unpricedLines: 0,
        lines: 11,
        platformSubtotal: '181.30',
        partnerId: w.A.partnerId,
        distributorId: w.A.distributorId,
      });
      // B: 113.53 EUR ÷ 0.92 = 123.4021… → 123.40 USD.
      expect(byTenant.get(w.B.tenantId)).toMatchObject({
        currency: 'EUR',
        subtotal: '113.53',
        platformSubtotal: '123.40',
      });
      expect(report.totals).toEqual([
        {
          billingMode: 'chargeback',
          currency: 'EUR',
          tenants: 1,
          usage: '113.53',
          discounts: '0.00',
          credits: '0.00',
          subtotal: '113.53',
        },
        {
          billingMode: 'chargeback',
          currency: 'USD',
          tenants: 1,
          usage: '257.00',
          discounts: '-25.70',
          credits: '-50.00',
          subtotal: '181.30',
        },
      ]);
      // 181.30 + 123.40 = 304.70
      expect(report.platformTotals).toEqual([
        { billingMode: 'chargeback', subtotal: '304.70', tenants: 2, withoutRate: 0 },
      ]);

      const partner = ok(
        await w.A.people.partner_reader.client.GET('/api/v1/reports/chargeback', {
          params: { query: { period: '2024-03' } },
        }),
      );
      expect(partner.rows.map((r) => r.tenantId)).toEqual([w.A.tenantId]);
      // A partner is not told its own distributor, nor its own id as a parent.
      expect(partner.rows[0]).toMatchObject({ distributorId: null, distributorName: null, partnerId: null });
      const tenant = ok(
        await w.B.people.tenant_admin.client.GET('/api/v1/reports/chargeback', {
          params: { query: { period: '2024-04' } },
        }),
      );
      expect(tenant.rows.map((r) => [r.tenantId, r.status, r.subtotal])).toEqual([
        [w.B.tenantId, 'not_rated', '0.00'],
      ]);
    },
  );

  it.skipIf(skip)(
    'exports chargeback as CSV and xlsx, the parent columns only to those above them',
    async () => {
      const csv = await get(w.A.people.partner_admin, '/api/v1/reports/chargeback?period=2024-03&format=csv');
      expect(csv.statusCode, csv.body).toBe(200);
      const [header, ...lines] = parseCsv(csv.body);
      expect(header).not.toContain('distributorId');
      expect(header).not.toContain('partnerName');
      expect(lines).toHaveLength(1);
      expect(lines[0]![header!.indexOf('subtotal')]).toBe('181.30');
      expect(lines[0]![header!.indexOf('credits')]).toBe('-50.00');

      const xlsx = await get(w.platformAdmin, '/api/v1/reports/chargeback?period=2024-03&format=xlsx');
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-disposition']).toBe('attachment; filename="chargeback-2024-03.xlsx"');
      const book = await workbook(xlsx.rawPayload);
      const sheet = book.getWorksheet('Tenants')!;
      const headers = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(headers).toContain('distributorName');
      const rows = [2, 3].map((n) => sheet.getRow(n));
      const b = rows.find((r) => r.getCell(headers.indexOf('tenantId') + 1).value === w.B.tenantId)!;
      const cell = (name: string) => b.getCell(headers.indexOf(name) + 1);
      expect(String(cell('subtotal').value)).toBe('113.53');
      expect(String(cell('platformSubtotal').value)).toBe('123.4');
      expect(cell('platformSubtotal').numFmt).toBe('#,##0.00');
      expect(book.worksheets.map((s) => s.name)).toEqual(['Tenants', 'Totals', 'Totals in USD']);
    },
  );
});
