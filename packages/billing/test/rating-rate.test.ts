import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CreditInput,
  decimal,
  MissingExchangeRateError,
  minorUnits,
  monthHours,
  type PeriodUsageInput,
  type PriceItemInput,
  type RatedLine,
  rateTenantPeriod,
  type TenantPeriodInput,
  type Tier,
} from '../src/index.ts';

const EXAMPLE_TIERS: Tier[] = [
  { from: '0', to: '100', rate: '1.00' },
  { from: '100', to: '200', rate: '0.50' },
  { from: '200', to: null, rate: '0.10' },
];

function item(itemId: string, meterId: string, over: Partial<PriceItemInput> = {}): PriceItemInput {
  return {
    itemId,
    meterId,
    sku: null,
    priceUnit: 'meter',
    rate: '1.00',
    tiers: null,
    tierMode: 'graduated',
    currency: 'USD',
    priceListId: 'pl-1',
    versionId: 'v-1',
    ...over,
  };
}

function usage(
  subscriptionId: string,
  priced: PriceItemInput | null,
  quantity: string,
  over: Partial<PeriodUsageInput> = {},
): PeriodUsageInput {
  return {
    subscriptionId,
    meterId: priced?.meterId ?? 'm-unpriced',
    sku: null,
    quantity,
    item: priced,
    monthHours: 744,
    ...over,
  };
}

function tenant(over: Partial<TenantPeriodInput>): TenantPeriodInput {
  return {
    tenantId: 't-1',
    period: '2026-03',
    currency: 'USD',
    usage: [],
    tenantDiscount: null,
    subscriptionDiscounts: {},
    credits: [],
    exchangeRates: null,
    ...over,
  };
}

const credit = (
  c: Partial<CreditInput> & Pick<CreditInput, 'creditId' | 'scope' | 'amount'>,
): CreditInput => ({
  itemId: null,
  subscriptionId: null,
  currency: 'USD',
  description: c.creditId,
  ...c,
});

/** The printed lines as short tuples: kind, subscription, item, amount, parent. */
const brief = (lines: RatedLine[]) =>
  lines.map((l) => [l.kind, l.subscriptionId, l.itemId ?? l.creditId, l.amount, l.parentIndex]);

describe('rateTenantPeriod: the semantics.md tier example through the whole pipeline', () => {
  it.each([
    ['graduated', '100', '100.00'], // 100 × 1.00
    ['graduated', '100.5', '100.25'], // 100 × 1.00 + 0.5 × 0.50
    ['graduated', '150', '125.00'], // 100 + 50 × 0.50
    ['graduated', '250', '155.00'], // 100 + 50 + 50 × 0.10
    ['volume', '100', '100.00'], // 100 × 1.00
    ['volume', '100.5', '50.25'], // 100.5 × 0.50
    ['volume', '200', '100.00'], // 200 × 0.50
    ['volume', '250', '25.00'], // 250 × 0.10
  ] as const)('%s %s → %s USD', (mode, q, amount) => {
    const tiered = item('i-t', 'm-t', { rate: null, tiers: EXAMPLE_TIERS, tierMode: mode });
    const result = rateTenantPeriod(tenant({ usage: [usage('s-1', tiered, q)] }));
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toMatchObject({ kind: 'usage', quantity: q, amount, tierMode: mode });
    expect(result.subtotal).toBe(amount);
  });

  it('prices once per (subscription, item): two SKUs on one meter-wide volume item are summed first', () => {
    // 60 + 60 = 120 units, volume: 100 < 120 ≤ 200 → 120 × 0.50 = 60.00
    // (pricing each row alone would give 60 × 1.00 + 60 × 1.00 = 120.00)
    const tiered = item('i-t', 'm-t', { rate: null, tiers: EXAMPLE_TIERS, tierMode: 'volume' });
    const result = rateTenantPeriod(
      tenant({
        usage: [usage('s-1', tiered, '60', { sku: 'A2' }), usage('s-1', tiered, '60', { sku: 'D4' })],
      }),
    );
    expect(brief(result.lines)).toEqual([['usage', 's-1', 'i-t', '60.00', null]]);
    expect(result.lines[0]).toMatchObject({ rawQuantity: '120', quantity: '120', sku: null });
  });
});

describe('rateTenantPeriod: discounts and credits (hand-worked)', () => {
  // Items: A on meter m-a at 1.00/unit, B on meter m-b at 2.00/unit (USD).
  const A = item('i-a', 'm-a', { rate: '1.00' });
  const B = item('i-b', 'm-b', { rate: '2.00' });
  const input = tenant({
    usage: [
      usage('s-1', A, '50'), // 50 × 1.00 = 50.00
      usage('s-1', B, '10'), // 10 × 2.00 = 20.00
      usage('s-2', A, '30'), // 30 × 1.00 = 30.00
      usage('s-2', B, '5'), //   5 × 2.00 = 10.00           gross total 110.00
    ],
    // Tenant discount 10 % on every meter: s-1 A −5.00, s-1 B −2.00.
    tenantDiscount: { discountId: 'd-t', percentage: '10', meterIds: null },
    // s-2's own discount (20 %, meter m-b only) REPLACES the tenant's: s-2 A gets none,
    // s-2 B 10.00 × 20 % = −2.00.                         discounts −9.00
    subscriptionDiscounts: { 's-2': { discountId: 'd-s2', percentage: '20', meterIds: ['m-b'] } },
    credits: [
      // Item credit on A, 60.00: s-1 A has 50 − 5 = 45 left → −45.00; 15 more to s-2 A (30 left)
      // → −15.00.                                         item credits −60.00
      credit({ creditId: 'c-1', scope: 'item', itemId: 'i-a', amount: '60.00' }),
      // s-1 credit 25.00: s-1 has 0 (A) + 18 (B: 20 − 2) = 18 left → −18.00, 7.00 expires.
      credit({ creditId: 'c-2', scope: 'subscription', subscriptionId: 's-1', amount: '25.00' }),
      // s-2 credit 5.00: s-2 has 15 (A: 30 − 15) + 8 (B: 10 − 2) = 23 left → −5.00.
      credit({ creditId: 'c-3', scope: 'subscription', subscriptionId: 's-2', amount: '5.00' }),
      //                                                   subscription credits −23.00
      // Tenant credit 10.00: the tenant has 0 + 18 = 18 left → −10.00.
      credit({ creditId: 'c-4', scope: 'tenant', amount: '10.00' }),
    ],
  });
  // Subtotal: 110.00 − 9.00 − 60.00 − 23.00 − 10.00 = 8.00

  it('applies discounts, then item, subscription and tenant credits, each capped, in print order', () => {
    const result = rateTenantPeriod(input);
    expect(brief(result.lines)).toEqual([
      ['usage', 's-1', 'i-a', '50.00', null],
      ['discount', 's-1', 'i-a', '-5.00', 0],
      ['item_credit', 's-1', 'i-a', '-45.00', 0],
      ['usage', 's-1', 'i-b', '20.00', null],
      ['discount', 's-1', 'i-b', '-2.00', 3],
      ['subscription_credit', 's-1', 'c-2', '-18.00', null],
      ['usage', 's-2', 'i-a', '30.00', null],
      ['item_credit', 's-2', 'i-a', '-15.00', 6],
      ['usage', 's-2', 'i-b', '10.00', null],
      ['discount', 's-2', 'i-b', '-2.00', 8],
      ['subscription_credit', 's-2', 'c-3', '-5.00', null],
      ['tenant_credit', null, 'c-4', '-10.00', null],
    ]);
    expect(result.lines[1]!.discountId).toBe('d-t');
    expect(result.lines[9]!.discountId).toBe('d-s2');
    expect(result.subtotal).toBe('8.00');
    expect(result.expiredCredits).toEqual([{ creditId: 'c-2', amount: '7.00' }]);
  });

  it('the same input in another order gives the same lines', () => {
    const shuffled = { ...input, usage: [...input.usage].reverse(), credits: [...input.credits].reverse() };
    expect(rateTenantPeriod(shuffled)).toEqual(rateTenantPeriod(input));
  });

  it('a tenant credit larger than everything left is capped and never goes below zero', () => {
    // 50.00 gross, tenant credit 80.00 → −50.00, 30.00 expires; a second tenant credit finds 0 left.
    const result = rateTenantPeriod(
      tenant({
        usage: [usage('s-1', A, '50')],
        credits: [
          credit({ creditId: 'c-a', scope: 'tenant', amount: '80' }),
          credit({ creditId: 'c-b', scope: 'tenant', amount: '1' }),
        ],
      }),
    );
    expect(brief(result.lines)).toEqual([
      ['usage', 's-1', 'i-a', '50.00', null],
      ['tenant_credit', null, 'c-a', '-50.00', null],
    ]);
    expect(result.subtotal).toBe('0.00');
    expect(result.expiredCredits).toEqual([
      { creditId: 'c-a', amount: '30.00' },
      { creditId: 'c-b', amount: '1.00' },
    ]);
  });

  it('a discount is computed from the rounded gross line and rounded itself', () => {
    // 10 units × 1.0005 = 10.005 → gross 10.01 (half away from zero).
    // 50 % of the ROUNDED gross: 10.01 × 0.5 = 5.005 → −5.01. (50 % of 10.005 would be 5.0025 → 5.00.)
    const result = rateTenantPeriod(
      tenant({
        usage: [usage('s-1', item('i-x', 'm-x', { rate: '1.0005' }), '10')],
        tenantDiscount: { discountId: 'd', percentage: '50', meterIds: null },
      }),
    );
    expect(brief(result.lines)).toEqual([
      ['usage', 's-1', 'i-x', '10.01', null],
      ['discount', 's-1', 'i-x', '-5.01', 0],
    ]);
    expect(result.subtotal).toBe('5.00'); // 10.01 − 5.01
  });

  it('a meter-limited tenant discount leaves other meters alone', () => {
    // 25 % on m-b only: A 50.00 undiscounted; B 10 × 2.00 = 20.00 → −5.00. Subtotal 65.00.
    const result = rateTenantPeriod(
      tenant({
        usage: [usage('s-1', A, '50'), usage('s-1', B, '10')],
        tenantDiscount: { discountId: 'd', percentage: '25', meterIds: ['m-b'] },
      }),
    );
    expect(brief(result.lines)).toEqual([
      ['usage', 's-1', 'i-a', '50.00', null],
      ['usage', 's-1', 'i-b', '20.00', null],
      ['discount', 's-1', 'i-b', '-5.00', 1],
    ]);
    expect(result.subtotal).toBe('65.00');
  });

  it('unpriced usage is a zero line, flagged, and takes no discount', () => {
    const result = rateTenantPeriod(
      tenant({
        usage: [usage('s-1', null, '12.3456789', { meterId: 'm-z', sku: 'X' })],
        tenantDiscount: { discountId: 'd', percentage: '10', meterIds: null },
      }),
    );
    expect(result.lines).toEqual([
      expect.objectContaining({
        kind: 'usage',
        unpriced: true,
        amount: '0.00',
        meterId: 'm-z',
        sku: 'X',
        rawQuantity: '12.3456789',
        quantity: '12.345679',
        itemId: null,
      }),
    ]);
    expect(result.subtotal).toBe('0.00');
  });
});

describe('rateTenantPeriod: month lengths and per-month prices (hand-worked)', () => {
  // A VM metered in hours, priced 73.00 USD per month.
  const vm = item('i-vm', 'm-vm', { priceUnit: 'month', rate: '73.00' });

  it('variable pricing on: 365 h in February 2026 (672 h)', () => {
    // 365 ÷ 672 = 0.5431547619… → 0.543155; × 73.00 = 39.650315 → 39.65
    const hours = monthHours('2026-02', 'UTC', true);
    const result = rateTenantPeriod(
      tenant({ period: '2026-02', usage: [usage('s-1', vm, '365', { monthHours: hours })] }),
    );
    expect(result.lines[0]).toMatchObject({ quantity: '0.543155', rate: '73', amount: '39.65' });
  });

  it('variable pricing off: the same 365 h over 730 h', () => {
    // 365 ÷ 730 = 0.5; × 73.00 = 36.50
    const hours = monthHours('2026-02', 'UTC', false);
    const result = rateTenantPeriod(
      tenant({ period: '2026-02', usage: [usage('s-1', vm, '365', { monthHours: hours })] }),
    );
    expect(result.lines[0]).toMatchObject({ quantity: '0.5', amount: '36.50' });
  });

  it.each([
    ['2026-02', 'UTC', '672', '73.00'], // 672 ÷ 672 = 1 month × 73.00
    ['2028-02', 'UTC', '696', '73.00'], // 696 ÷ 696 = 1
    ['2026-04', 'UTC', '720', '73.00'], // 720 ÷ 720 = 1
    ['2026-01', 'UTC', '744', '73.00'], // 744 ÷ 744 = 1
    ['2026-03', 'Europe/London', '743', '73.00'], // 743 ÷ 743 = 1
    ['2026-10', 'Europe/London', '745', '73.00'], // 745 ÷ 745 = 1
    // Half the month's real hours: 0.5 × 73.00 = 36.50 (371.5 ÷ 743 = 0.5; 372.5 ÷ 745 = 0.5)
    ['2026-03', 'Europe/London', '371.5', '36.50'],
    ['2026-10', 'Europe/London', '372.5', '36.50'],
  ])('a VM on all of %s in %s (%s h) costs %s with variable pricing', (period, zone, hours, amount) => {
    const result = rateTenantPeriod(
      tenant({ period, usage: [usage('s-1', vm, hours, { monthHours: monthHours(period, zone, true) })] }),
    );
    expect(result.lines[0]!.amount).toBe(amount);
  });

  it('a month-fraction disk present all of a 745-hour month is 1 disk-month, even with variable pricing off', () => {
    // Ingest stores disk hours; the caller passes the REAL hours for month-fraction meters
    // (monthHours(period, zone, true)) whatever the setting: 745 ÷ 745 = 1 × 4.25 = 4.25.
    const disk = item('i-disk', 'm-disk', { priceUnit: 'month', rate: '4.25' });
    const result = rateTenantPeriod(
      tenant({
        period: '2026-10',
        usage: [usage('s-1', disk, '745', { monthHours: monthHours('2026-10', 'Europe/London', true) })],
      }),
    );
    expect(result.lines[0]).toMatchObject({ quantity: '1', amount: '4.25' });
  });
});

describe('rateTenantPeriod: currencies and exchange rates (hand-worked)', () => {
  it.each([
    // [currency, rate, quantity, amount]
    ['JPY', '12.5', '3.3', '41'], //      12.5 × 3.3 = 41.25 → 41 (0 places)
    ['JPY', '12.5', '3.4', '43'], //      12.5 × 3.4 = 42.5 → 43 (half away from zero)
    ['USD', '0.125', '3', '0.38'], //     0.125 × 3 = 0.375 → 0.38
    ['USD', '0.125', '2.96', '0.37'], //  0.125 × 2.96 = 0.37
    ['KWD', '0.0125', '3.3', '0.041'], // 0.0125 × 3.3 = 0.04125 → 0.041 (3 places)
    ['KWD', '0.0125', '3.4', '0.043'], // 0.0125 × 3.4 = 0.0425 → 0.043
  ])('%s: %s × %s = %s', (currency, rate, quantity, amount) => {
    const result = rateTenantPeriod(
      tenant({ currency, usage: [usage('s-1', item('i', 'm', { rate, currency }), quantity)] }),
    );
    expect(result.lines[0]!.amount).toBe(amount);
    expect(result.subtotal).toBe(amount);
  });

  const rates = {
    platformCurrency: 'USD',
    perPlatformUnit: { EUR: '0.9123456789', GBP: '0.7891234567' },
  };

  it('USD price list, EUR tenant: rates converted first at full precision', () => {
    // Tiers 0–100 @1.00, 100+ @0.50 USD, 150 units graduated: 100 × 1.00 + 50 × 0.50 = 125 USD.
    // In EUR at full precision: rates 0.9123456789 and 0.45617283945 EUR →
    // 100 × 0.9123456789 + 50 × 0.45617283945 = 91.23456789 + 22.8086419725 = 114.0432098625 → 114.04
    // (a rate rounded to cents first, 0.91 and 0.46, would give 91 + 23 = 114.00).
    // Item credit 10.00 USD = 9.123456789 EUR → −9.12. Subtotal 114.04 − 9.12 = 104.92.
    const tiers: Tier[] = [
      { from: '0', to: '100', rate: '1.00' },
      { from: '100', to: null, rate: '0.50' },
    ];
    const result = rateTenantPeriod(
      tenant({
        currency: 'EUR',
        exchangeRates: rates,
        usage: [usage('s-1', item('i-t', 'm-t', { rate: null, tiers }), '150')],
        credits: [credit({ creditId: 'c', scope: 'item', itemId: 'i-t', amount: '10.00', currency: 'USD' })],
      }),
    );
    expect(brief(result.lines)).toEqual([
      ['usage', 's-1', 'i-t', '114.04', null],
      ['item_credit', 's-1', 'i-t', '-9.12', 0],
    ]);
    expect(result.lines[0]!.slices).toEqual([
      { from: '0', to: '100', rate: '0.9123456789', quantity: '100', amount: '91.23456789' },
      { from: '100', to: null, rate: '0.45617283945', quantity: '50', amount: '22.8086419725' },
    ]);
    expect(result.subtotal).toBe('104.92');
    expect(result.appliedExchangeRates).toEqual({ USD: '0.9123456789' });
  });

  it('GBP price list, EUR tenant: crossed through the platform currency (USD)', () => {
    // 10 units × 2.00 GBP = 20 GBP. EUR per GBP = 0.9123456789 ÷ 0.7891234567.
    // 20 × 0.9123456789 = 18.246913578; ÷ 0.7891234567:
    //   0.7891234567 × 23 = 18.1498395041; remainder 0.0970740739
    //   0.7891234567 × 0.123 = 0.0970621852; remainder 0.0000118887
    //   0.0000118887 ÷ 0.7891234567 ≈ 0.0000150657 → 23.1230150657… → 23.12
    const result = rateTenantPeriod(
      tenant({
        currency: 'EUR',
        exchangeRates: rates,
        usage: [usage('s-1', item('i', 'm', { rate: '2.00', currency: 'GBP' }), '10')],
      }),
    );
    expect(result.lines[0]!.amount).toBe('23.12');
    // 0.9123456789 ÷ 0.7891234567 = 1.15615075328681456998… (20 places shown)
    expect(result.appliedExchangeRates.GBP).toBe('1.15615075328681456999');
  });

  it('refuses an item with a negative flat rate, or with both a rate and tiers', () => {
    const run = (over: Partial<PriceItemInput>) => () =>
      rateTenantPeriod(tenant({ usage: [usage('s-1', item('i', 'm', over), '1')] }));
    expect(run({ rate: '-1' })).toThrow(/rate/);
    expect(run({ rate: '1', tiers: EXAMPLE_TIERS })).toThrow(/exactly one/);
    expect(run({ rate: null, tiers: null })).toThrow(/exactly one/);
  });

  it('a missing exchange rate throws a typed error naming the currency, before any line', () => {
    const run = (over: Partial<TenantPeriodInput>) => () =>
      rateTenantPeriod(
        tenant({ currency: 'EUR', usage: [usage('s-1', item('i', 'm', { currency: 'CHF' }), '1')], ...over }),
      );
    expect(run({ exchangeRates: rates })).toThrow(MissingExchangeRateError);
    expect(run({ exchangeRates: rates })).toThrow(/CHF/);
    try {
      run({ exchangeRates: { platformCurrency: 'USD', perPlatformUnit: { CHF: '0.8' } } })();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MissingExchangeRateError);
      expect((error as MissingExchangeRateError).currency).toBe('EUR');
    }
    expect(run({ exchangeRates: null })).toThrow(MissingExchangeRateError);
  });
});

// ---------------------------------------------------------------- properties

const ITEMS = [
  item('i-flat', 'm-1', { rate: '0.123456789012' }),
  item('i-grad', 'm-2', { rate: null, tiers: EXAMPLE_TIERS, tierMode: 'graduated' }),
  item('i-vol', 'm-3', { rate: null, tiers: EXAMPLE_TIERS, tierMode: 'volume' }),
  item('i-month', 'm-4', { priceUnit: 'month', rate: '99.99' }),
];
const SUBSCRIPTIONS = ['s-1', 's-2', 's-3'];

/** Attos (10^-18) as a decimal string. */
const attosText = (attos: bigint) => decimal(attos.toString()).div(decimal('1000000000000000000')).toFixed();

const scenario = fc.record({
  // EUR: the price list stays in USD and everything is converted (exchange rates below).
  currency: fc.constantFrom('USD', 'JPY', 'KWD', 'EUR'),
  // per (subscription, item): total in attos, cut into 1–4 parts
  usage: fc.array(
    fc.record({
      subscription: fc.constantFrom(...SUBSCRIPTIONS),
      item: fc.integer({ min: 0, max: ITEMS.length }), // ITEMS.length: unpriced
      parts: fc.array(fc.bigInt({ min: 0n, max: 300n * 10n ** 18n }), { minLength: 1, maxLength: 4 }),
    }),
    { maxLength: 8 },
  ),
  discount: fc.option(fc.integer({ min: 0, max: 100 })),
  subscriptionDiscount: fc.option(fc.integer({ min: 0, max: 100 })),
  credits: fc.array(
    fc.record({
      scope: fc.constantFrom('item', 'subscription', 'tenant') as fc.Arbitrary<CreditInput['scope']>,
      target: fc.integer({ min: 0, max: 3 }),
      amount: fc.integer({ min: 0, max: 20_000 }),
    }),
    { maxLength: 5 },
  ),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function build(s: Scenario): { rows: PeriodUsageInput[]; input: TenantPeriodInput } {
  const rows: PeriodUsageInput[] = [];
  for (const u of s.usage) {
    const listCurrency = s.currency === 'EUR' ? 'USD' : s.currency;
    const priced = u.item < ITEMS.length ? { ...ITEMS[u.item]!, currency: listCurrency } : null;
    for (const part of u.parts) rows.push(usage(u.subscription, priced, attosText(part)));
  }
  const input = tenant({
    currency: s.currency,
    usage: rows,
    tenantDiscount:
      s.discount === null ? null : { discountId: 'd-t', percentage: String(s.discount), meterIds: null },
    subscriptionDiscounts:
      s.subscriptionDiscount === null
        ? {}
        : {
            's-2': {
              discountId: 'd-s',
              percentage: String(s.subscriptionDiscount),
              meterIds: ['m-1', 'm-2'],
            },
          },
    credits: s.credits.map((c, i) =>
      credit({
        creditId: `c-${i}`,
        scope: c.scope,
        itemId: c.scope === 'item' ? ITEMS[c.target]!.itemId : null,
        subscriptionId: c.scope === 'subscription' ? SUBSCRIPTIONS[c.target % 3]! : null,
        amount: String(c.amount / 100),
        // item credits are in the price list's currency, the others in the tenant's
        currency: c.scope === 'item' && s.currency === 'EUR' ? 'USD' : s.currency,
      }),
    ),
    exchangeRates:
      s.currency === 'EUR' ? { platformCurrency: 'USD', perPlatformUnit: { EUR: '0.9123456789' } } : null,
  });
  return { rows, input };
}

describe('rateTenantPeriod properties', () => {
  it('does not depend on the order or batching of usage (rows split, merged and shuffled)', () => {
    fc.assert(
      fc.property(scenario, fc.integer(), (s, seed) => {
        const { input } = build(s);
        // The same usage with each (subscription, item) total in ONE row …
        const merged = new Map<string, PeriodUsageInput>();
        for (const row of input.usage) {
          const key = `${row.subscriptionId}|${row.item?.itemId ?? row.meterId}`;
          const found = merged.get(key);
          if (found) found.quantity = decimal(found.quantity).plus(decimal(row.quantity)).toFixed();
          else merged.set(key, { ...row });
        }
        // … and the split rows in a shuffled order.
        const shuffled = [...input.usage];
        let state = seed;
        for (let i = shuffled.length - 1; i > 0; i--) {
          state = (state * 1103515245 + 12345) & 0x7fffffff;
          const j = state % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const a = rateTenantPeriod({ ...input, usage: [...merged.values()] });
        const b = rateTenantPeriod({ ...input, usage: shuffled, credits: [...input.credits].reverse() });
        expect(b).toEqual(a);
      }),
      { numRuns: 200 },
    );
  });

  it('every printed total equals the sum of its printed lines, at the currency minor unit', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { input } = build(s);
        const result = rateTenantPeriod(input);
        const places = minorUnits(s.currency);
        const pattern = places === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${places}}$`);
        for (const line of result.lines) expect(line.amount).toMatch(pattern);
        const sum = result.lines.reduce((acc, l) => acc.plus(decimal(l.amount)), decimal('0'));
        expect(result.subtotal).toBe(sum.toFixed(places));
        // Credits never push their scope below zero: the subtotal is ≥ 0 when gross lines are.
        expect(decimal(result.subtotal).gte(decimal('0'))).toBe(true);
        // Every adjustment is negative and hangs under a usage line when it has a parent.
        for (const line of result.lines) {
          if (line.kind !== 'usage') expect(decimal(line.amount).lt(decimal('0'))).toBe(true);
          if (line.parentIndex !== null) expect(result.lines[line.parentIndex]!.kind).toBe('usage');
        }
      }),
      { numRuns: 300 },
    );
  });
});
