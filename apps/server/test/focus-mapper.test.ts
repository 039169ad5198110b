import { describe, expect, it } from 'vitest';
import { FOCUS_COLUMNS } from '../src/modules/reports/focus.columns.ts';
import {
  costRowsOfPeriod,
  type DocumentLineFact,
  documentRowsOfPeriod,
  type RatedLineFact,
  type RatedPeriodFacts,
} from '../src/modules/reports/focus.cost-rows.ts';
import { type FocusCostRow, focusInstant, money, toFocusRow } from '../src/modules/reports/focus.mapper.ts';
import { csvHeader, csvRecord, csvTable } from '../src/modules/reports/report-csv.ts';
import { fitsDouble } from '../src/modules/reports/report-xlsx.ts';
import { focusProblems, parseCsv, readFocusCsv } from './support/focus-validator.ts';

/**
 * The FOCUS mapper and the cost rows of a rated period, without a database. Amounts are worked
 * by hand in the comments.
 *
 * Tenant T (EUR), period 2024-03, region R in Europe/Berlin: March 2024 runs from
 * 2024-02-29T23:00Z (local midnight, CET) to 2024-03-31T22:00Z (local midnight of 1 April, CEST);
 * the Platform Time Zone is UTC (2024-03-01T00:00Z to 2024-04-01T00:00Z).
 * Lines as rating stored them (positions 0–6):
 *   0 usage  VM  1000 vCore-hours, tenant list 0.08  → 80.00 (region list 0.10 → list 100.00)
 *   1 discount of 0: 10 % of 80.00                   → −8.00
 *   2 usage  TBL 250 GB × hours, graduated tiers      → 155.00 (100 × 1 + 100 × 0.5 + 50 × 0.1)
 *   3 item credit on 2                                → −20.00
 *   4 usage  X   12 units, unpriced                   → 0.00
 *   5 subscription credit                             → −25.00
 *   6 tenant credit                                   → −5.00
 * Subtotal: 80 − 8 + 155 − 20 + 0 − 25 − 5 = 177.00.
 */

const REGION_START = Date.parse('2024-02-29T23:00:00Z');
const REGION_END = Date.parse('2024-03-31T22:00:00Z');
const UTC_START = Date.parse('2024-03-01T00:00:00Z');
const UTC_END = Date.parse('2024-04-01T00:00:00Z');

const line = (
  fact: Partial<RatedLineFact> & Pick<RatedLineFact, 'position' | 'kind' | 'amount'>,
): RatedLineFact => ({
  parentPosition: null,
  subscriptionId: 'sub_1',
  regionId: 'reg_1',
  meterId: null,
  sku: null,
  rawQuantity: null,
  quantity: null,
  priceUnit: null,
  unpriced: false,
  description: null,
  ...fact,
});

const LINES: RatedLineFact[] = [
  line({
    position: 0,
    kind: 'usage',
    meterId: 'vm',
    rawQuantity: '1000',
    quantity: '1000',
    priceUnit: 'meter',
    amount: '80.00',
  }),
  line({
    position: 1,
    kind: 'discount',
    parentPosition: 0,
    meterId: 'vm',
    amount: '-8.00',
    description: 'Discount 10%',
  }),
  line({
    position: 2,
    kind: 'usage',
    meterId: 'tbl',
    rawQuantity: '250',
    quantity: '250',
    priceUnit: 'meter',
    amount: '155.00',
  }),
  line({
    position: 3,
    kind: 'item_credit',
    parentPosition: 2,
    meterId: 'tbl',
    amount: '-20.00',
    description: 'Storage credit',
  }),
  line({
    position: 4,
    kind: 'usage',
    meterId: 'x',
    sku: 'Big',
    rawQuantity: '12',
    quantity: '12',
    amount: '0.00',
    unpriced: true,
  }),
  line({
    position: 5,
    kind: 'subscription_credit',
    amount: '-25.00',
    description: 'Welcome, "new" customer',
  }),
  line({
    position: 6,
    kind: 'tenant_credit',
    subscriptionId: null,
    regionId: null,
    amount: '-5.00',
    description: 'Goodwill',
  }),
];

const FACTS: RatedPeriodFacts = {
  period: '2024-03',
  tenant: { id: 'ten_1', name: 'Tenant, One' },
  currency: 'EUR',
  issuerName: 'Partner Cloud',
  platformBounds: { start: UTC_START, end: UTC_END },
  lines: LINES,
  subscriptionNames: new Map([['sub_1', 'Production']]),
  regions: new Map([
    [
      'reg_1',
      { id: 'reg_1', name: 'Frankfurt', azureStack: true, bounds: { start: REGION_START, end: REGION_END } },
    ],
  ]),
  meter: (_region, meterId) =>
    ({
      vm: { name: 'Base VM Size Hours', unit: 'vCore-hours', category: 'compute', monthFraction: false },
      tbl: { name: 'TableCapacity', unit: 'GB × hours', category: 'storage', monthFraction: false },
    })[meterId],
  listAmounts: new Map([
    [0, '100.00'],
    [2, '155.00'],
  ]),
  invoiced: new Map(),
};

const rowsOf = (facts: RatedPeriodFacts) => costRowsOfPeriod(facts).map(toFocusRow);
const csvOf = (facts: RatedPeriodFacts) => csvTable(FOCUS_COLUMNS, rowsOf(facts));

describe('the cost rows of a rated period', () => {
  const rows = rowsOf(FACTS);

  it('conform to FOCUS 1.2 (checked by the test validator)', () => {
    const { columns, rows: read } = readFocusCsv(csvOf(FACTS));
    expect(focusProblems(columns, read)).toEqual([]);
    expect(read).toHaveLength(6);
  });

  it('fold each discount into its usage row and keep every credit a Credit row of its own', () => {
    expect(rows.map((r) => [r.ChargeCategory, r.ContractedCost, r.EffectiveCost, r.ListCost])).toEqual([
      // 80.00 − 8.00 = 72.00 effective; list 1000 × 0.10 = 100.00.
      ['Usage', '80.00', '72.00', '100.00'],
      ['Usage', '155.00', '155.00', '155.00'],
      ['Credit', '-20.00', '-20.00', '-20.00'],
      // Unpriced: nothing is contracted; the region has no price either, so list = contracted.
      ['Usage', '0.00', '0.00', '0.00'],
      ['Credit', '-25.00', '-25.00', '-25.00'],
      ['Credit', '-5.00', '-5.00', '-5.00'],
    ]);
  });

  it('add up to the rated subtotal in EffectiveCost, and bill nothing while the period is open', () => {
    const cents = (v: string | null) => BigInt(v!.replace('.', ''));
    // 72.00 + 155.00 + 0 − 20.00 − 25.00 − 5.00 = 177.00, the subtotal.
    expect(rows.reduce((sum, r) => sum + cents(r.EffectiveCost), 0n)).toBe(17700n);
    expect(rows.every((r) => r.BilledCost === '0.00' && r.InvoiceId === null)).toBe(true);
  });

  it("state each row's period, region, sub account, service and units", () => {
    const [vm, tbl, itemCredit, unpriced, subCredit, tenantCredit] = rows;
    expect(vm).toMatchObject({
      BillingAccountId: 'ten_1',
      BillingAccountName: 'Tenant, One',
      BillingCurrency: 'EUR',
      BillingPeriodStart: '2024-02-29T23:00:00Z',
      BillingPeriodEnd: '2024-03-31T22:00:00Z',
      ChargePeriodStart: '2024-02-29T23:00:00Z',
      ChargePeriodEnd: '2024-03-31T22:00:00Z',
      ChargeClass: null,
      ChargeDescription: 'Base VM Size Hours',
      PricingQuantity: '1000',
      PricingUnit: 'vCore-hours',
      ConsumedQuantity: '1000',
      ConsumedUnit: 'vCore-hours',
      ProviderName: 'Partner Cloud',
      InvoiceIssuerName: 'Partner Cloud',
      PublisherName: 'Microsoft',
      ServiceName: 'Virtual Machines',
      ServiceCategory: 'Compute',
      RegionId: 'reg_1',
      RegionName: 'Frankfurt',
      SubAccountId: 'sub_1',
      SubAccountName: 'Production',
      x_BillingPeriod: '2024-03',
      x_ListPriceSource: 'region',
      x_MeterId: 'vm',
      x_Unpriced: 'false',
    });
    expect(tbl).toMatchObject({ ServiceName: 'Storage Accounts', ServiceCategory: 'Storage' });
    expect(unpriced).toMatchObject({
      ChargeDescription: 'x (Big): no applicable price',
      x_Unpriced: 'true',
      x_Sku: 'Big',
      x_ListPriceSource: 'contracted',
      ServiceName: 'Azure Stack Hub',
      ServiceCategory: 'Other',
      PricingUnit: 'Units',
    });
    // An item credit is about its usage line's meter; it has no pricing or consumption.
    expect(itemCredit).toMatchObject({
      ServiceName: 'Storage Accounts',
      x_MeterId: 'tbl',
      PricingQuantity: null,
      ConsumedQuantity: null,
      ChargeDescription: 'Storage credit',
    });
    expect(subCredit).toMatchObject({
      ServiceName: 'Credits',
      ServiceCategory: 'Other',
      SubAccountId: 'sub_1',
    });
    // A tenant credit has no region: the period in the Platform Time Zone.
    expect(tenantCredit).toMatchObject({
      SubAccountId: null,
      SubAccountName: null,
      RegionId: null,
      BillingPeriodStart: '2024-03-01T00:00:00Z',
      BillingPeriodEnd: '2024-04-01T00:00:00Z',
      PublisherName: 'Partner Cloud',
    });
  });

  it('take BilledCost and InvoiceId from an issued invoice when one is given', () => {
    const invoiced = rowsOf({
      ...FACTS,
      invoiced: new Map([
        [0, { invoiceId: 'INV-2024-000001', billedCost: '72.00' }],
        [6, { invoiceId: 'INV-2024-000001', billedCost: '-5.00' }],
      ]),
    });
    expect(invoiced[0]).toMatchObject({ BilledCost: '72.00', InvoiceId: 'INV-2024-000001' });
    expect(invoiced[5]).toMatchObject({ BilledCost: '-5.00', InvoiceId: 'INV-2024-000001' });
    const { columns, rows: read } = readFocusCsv(csvTable(FOCUS_COLUMNS, invoiced.slice(5)));
    expect(focusProblems(columns, read)).toEqual([]);
  });

  it('import sources publish their own usage under their own name', () => {
    const imported = rowsOf({
      ...FACTS,
      regions: new Map([
        ['reg_1', { ...FACTS.regions.get('reg_1')!, name: 'Hybrid Source', azureStack: false }],
      ]),
    });
    expect(imported[0]).toMatchObject({
      PublisherName: 'Hybrid Source',
      ServiceName: 'Hybrid Source',
      ServiceCategory: 'Other',
    });
  });
});

/**
 * What the documents of the period charge beyond its rating: the invoice INV-7 (177.00 before
 * tax) with VAT 19 % of 177.00 = 33.63 and February's late VM usage, 10 vCore-hours × 0.08 = +0.80;
 * then the credit note CN-2 taking 8.00 off the storage line and its VAT, 19 % of 8.00 = 1.52.
 */
describe('the rows of what an issued invoice and its credit notes charge', () => {
  const doc = (
    fact: Partial<DocumentLineFact> & Pick<DocumentLineFact, 'kind' | 'amount'>,
  ): DocumentLineFact => ({
    documentNumber: 'INV-7',
    creditNote: false,
    subscription: { id: 'sub_1', name: 'Production' },
    regionId: 'reg_1',
    meterId: null,
    sku: null,
    unpriced: false,
    description: 'line',
    originalPeriod: null,
    ...fact,
  });
  const rows = documentRowsOfPeriod({
    period: FACTS.period,
    tenant: FACTS.tenant,
    currency: 'EUR',
    issuerName: FACTS.issuerName,
    regions: FACTS.regions,
    meter: FACTS.meter,
    // Berlin's months for the region, UTC's for the tenant's own lines.
    bounds: (regionId, period) =>
      regionId === null
        ? { start: Date.parse(`${period}-01T00:00:00Z`), end: period === '2024-03' ? UTC_END : UTC_START }
        : period === '2024-03'
          ? { start: REGION_START, end: REGION_END }
          : { start: Date.parse('2024-01-31T23:00:00Z'), end: REGION_START },
    lines: [
      doc({ kind: 'tax', amount: '33.63', subscription: null, regionId: null, description: 'VAT 19%' }),
      doc({
        kind: 'adjustment',
        amount: '0.80',
        meterId: 'vm',
        originalPeriod: '2024-02',
        description: 'Late usage',
      }),
      doc({ documentNumber: 'CN-2', creditNote: true, kind: 'usage', amount: '-8.00', meterId: 'tbl' }),
      doc({
        documentNumber: 'CN-2',
        creditNote: true,
        kind: 'tax',
        amount: '-1.52',
        subscription: null,
        regionId: null,
        description: 'VAT 19%',
      }),
    ],
  }).map(toFocusRow);

  it('bills tax, corrections and credits on the document that carries them', () => {
    const fields = [
      'ChargeCategory',
      'ChargeClass',
      'SubAccountId',
      'RegionId',
      'x_MeterId',
      'ServiceName',
      'BilledCost',
      'EffectiveCost',
      'InvoiceId',
      'x_CorrectedPeriod',
      'ChargePeriodStart',
    ] as const;
    expect(rows.map((r) => fields.map((f) => r[f]))).toEqual([
      ['Tax', null, null, null, null, 'Tax', '33.63', '33.63', 'INV-7', null, '2024-03-01T00:00:00Z'],
      [
        'Adjustment',
        'Correction',
        'sub_1',
        'reg_1',
        'vm',
        'Virtual Machines',
        '0.80',
        '0.80',
        'INV-7',
        '2024-02',
        '2024-01-31T23:00:00Z',
      ],
      [
        'Credit',
        'Correction',
        'sub_1',
        'reg_1',
        'tbl',
        'Storage Accounts',
        '-8.00',
        '-8.00',
        'CN-2',
        '2024-03',
        '2024-02-29T23:00:00Z',
      ],
      [
        'Tax',
        'Correction',
        null,
        null,
        null,
        'Tax',
        '-1.52',
        '-1.52',
        'CN-2',
        '2024-03',
        '2024-03-01T00:00:00Z',
      ],
    ]);
    // Billed in March, whatever they correct.
    expect(new Set(rows.map((r) => r.BillingPeriodEnd))).toEqual(
      new Set(['2024-04-01T00:00:00Z', '2024-03-31T22:00:00Z']),
    );
    const { columns, rows: read } = readFocusCsv(csvTable(FOCUS_COLUMNS, rows));
    expect(focusProblems(columns, read)).toEqual([]);
  });
});

describe('the FOCUS mapper', () => {
  const base: FocusCostRow = costRowsOfPeriod(FACTS)[0]!;

  it('maps tax and prior-period adjustments by the specification', () => {
    const tax = toFocusRow({ ...base, kind: 'tax', subAccount: null, description: 'VAT 19%' });
    expect(tax).toMatchObject({
      ChargeCategory: 'Tax',
      ChargeClass: null,
      PricingQuantity: null,
      PricingUnit: null,
      ConsumedQuantity: null,
    });
    const adjustment = toFocusRow({ ...base, kind: 'adjustment', correctedPeriod: '2024-02' });
    expect(adjustment).toMatchObject({
      ChargeCategory: 'Adjustment',
      ChargeClass: 'Correction',
      x_CorrectedPeriod: '2024-02',
      ConsumedQuantity: null,
    });
    const { columns, rows } = readFocusCsv(csvTable(FOCUS_COLUMNS, [tax, adjustment]));
    expect(focusProblems(columns, rows)).toEqual([]);
  });

  it('refuses rows FOCUS cannot state', () => {
    expect(() => toFocusRow({ ...base, pricing: null })).toThrow('A usage row needs its pricing');
    expect(() => toFocusRow({ ...base, kind: 'adjustment' })).toThrow('names the period it corrects');
    expect(() => toFocusRow({ ...base, chargePeriod: { start: UTC_END, end: UTC_START } })).toThrow(
      'start must come before',
    );
    expect(() => toFocusRow({ ...base, contractedCost: '1e3' })).toThrow('Not a decimal');
  });

  it('writes amounts in the minor unit, exactly, never as -0', () => {
    expect(money('-0.00', 'USD')).toBe('0.00');
    expect(money('-0', 'EUR')).toBe('0.00');
    expect(money('12345678901234567.5', 'EUR')).toBe('12345678901234567.50');
    expect(money('1200', 'JPY')).toBe('1200');
    expect(money('0.125', 'BHD')).toBe('0.125');
  });

  it('writes instants in UTC to the second with a Z', () => {
    expect(focusInstant(Date.parse('2024-02-29T23:00:00Z'))).toBe('2024-02-29T23:00:00Z');
    expect(() => focusInstant(Date.parse('2024-02-29T23:00:00.500Z'))).toThrow('whole-second');
  });
});

describe('the CSV writer', () => {
  const columns = [
    { name: 'Text', type: 'string' },
    { name: 'Amount', type: 'decimal' },
    { name: 'At', type: 'datetime' },
  ] as const;

  it('quotes by RFC 4180 and guards formulas in text, never in numbers', () => {
    const text = csvTable(columns, [
      { Text: 'a, "b"\r\nc', Amount: '-12.50', At: '2024-03-01T00:00:00Z' },
      { Text: '=1+1', Amount: '0', At: null },
      { Text: null, Amount: null, At: null },
    ]);
    expect(text).toBe('Text,Amount,At\r\n"a, ""b""\r\nc",-12.50,2024-03-01T00:00:00Z\r\n\'=1+1,0,\r\n,,\r\n');
    expect(parseCsv(text)[1]).toEqual(['a, "b"\r\nc', '-12.50', '2024-03-01T00:00:00Z']);
  });

  it('refuses a number or an instant that is not one', () => {
    expect(() => csvRecord(columns, { Text: '', Amount: '1,5', At: null })).toThrow('Not a plain decimal');
    expect(() => csvRecord(columns, { Text: '', Amount: '1', At: '2024-03-01 00:00' })).toThrow(
      'Not a UTC instant',
    );
    expect(csvHeader(columns)).toBe('Text,Amount,At\r\n');
  });
});

describe('the test validator', () => {
  it('finds what breaks FOCUS 1.2 (it can fail)', () => {
    const good = readFocusCsv(csvOf(FACTS));
    const broken = good.rows.map((row) => ({ ...row }));
    broken[0]!.ChargeCategory = 'Discount';
    broken[1]!.PricingQuantity = null;
    broken[2]!.EffectiveCost = '-19.00';
    broken[3]!.BilledCost = '1.00';
    broken[4]!.BillingPeriodStart = '2024-03-01T00:00:00.000Z';
    broken[5]!.BillingCurrency = 'EURO';
    const problems = focusProblems(good.columns, broken);
    expect(problems).toEqual([
      'row 1: ChargeCategory "Discount" not allowed',
      'row 1: ConsumedQuantity must be null on a Discount row',
      'row 1: ConsumedUnit must be null on a Discount row',
      'row 2: PricingQuantity must not be null on a Usage row',
      "row 3: a Credit row's list, contracted and effective costs differ (-20.00, -20.00, -19.00)",
      'row 4: BilledCost 1.00 without an InvoiceId',
      'row 5: BillingPeriodStart "2024-03-01T00:00:00.000Z" is not a UTC date/time',
      'row 6: BillingCurrency "EURO" is not an ISO 4217 code',
    ]);
    expect(
      focusProblems(
        good.columns.filter((c) => c !== 'ListCost'),
        good.rows,
      ),
    ).toContain('missing mandatory column ListCost');
  });
});

describe('spreadsheet numbers', () => {
  it('hold a decimal only when a double keeps it (≤ 15 significant digits)', () => {
    expect(fitsDouble('1234567890123.45')).toBe(true);
    expect(fitsDouble('-0.000000000000001')).toBe(true);
    expect(fitsDouble('12345678901234.56')).toBe(false);
    expect(fitsDouble('0.1234567890123456')).toBe(false);
    expect(fitsDouble('1000000000000000000')).toBe(true);
  });
});
