import { describe, expect, it } from 'vitest';
import {
  bySubscription,
  formatDecimal,
  formatMoney,
  monthIn,
  nestLines,
  nextMonthOf,
  periodLabel,
  type RatedLine,
  rateSummary,
  recentPeriods,
  sliceLabel,
  sumAmounts,
} from '../../src/components/rating/rating-logic.ts';

/** The cost sections' formatting: exact decimal strings in, exact strings out, no float on the way. */
const line = (over: Partial<RatedLine>): RatedLine => ({
  position: 1,
  kind: 'usage',
  parentPosition: null,
  subscriptionId: 'sub_a',
  meterId: 'm1',
  sku: null,
  rawQuantity: '10',
  quantity: '10.000000',
  priceUnit: 'meter',
  rate: '0.5',
  tierMode: null,
  slices: null,
  amount: '5.00',
  currency: 'USD',
  unpriced: false,
  discountId: null,
  creditId: null,
  description: null,
  priceList: null,
  ...over,
});

describe('formatMoney', () => {
  it('prints the amount as the server rounded it, grouped, after the currency code', () => {
    expect(formatMoney('1234567.89', 'USD')).toBe('USD 1,234,567.89');
    // A 3-place currency keeps its three places; a 0-place one has none to add.
    expect(formatMoney('-1000.125', 'KWD')).toBe('KWD -1,000.125');
    expect(formatMoney('1500', 'JPY')).toBe('JPY 1,500');
    // Beyond a double's precision: every digit stays.
    expect(formatMoney('98765432109876543.21', 'EUR')).toBe('EUR 98,765,432,109,876,543.21');
    expect(formatMoney('0.10', null)).toBe('0.10');
  });
});

describe('formatDecimal', () => {
  it('drops only the padding zeros of the fraction', () => {
    expect(formatDecimal('12.500000')).toBe('12.5');
    expect(formatDecimal('3.000000')).toBe('3');
    expect(formatDecimal('1000')).toBe('1,000');
    expect(formatDecimal('100')).toBe('100');
    expect(formatDecimal('0.000000')).toBe('0');
    expect(formatDecimal('-0.000')).toBe('0');
    expect(formatDecimal('0.000000000000000001')).toBe('0.000000000000000001');
  });
});

describe('rateSummary and sliceLabel', () => {
  it('says the flat rate, or the tier mode and how many tiers the quantity reached', () => {
    expect(rateSummary(line({ rate: '0.250000' }))).toBe('0.25');
    const tiered = line({
      rate: null,
      tierMode: 'graduated',
      slices: [
        { from: '0', to: '100', rate: '1', quantity: '100', amount: '100' },
        { from: '100', to: null, rate: '0.5', quantity: '20', amount: '10' },
        { from: '1000', to: null, rate: '0.1', quantity: '0', amount: '0' },
      ],
    });
    expect(rateSummary(tiered)).toBe('Graduated, 2 tiers');
    expect(rateSummary({ ...tiered, tierMode: 'volume', slices: tiered.slices!.slice(0, 1) })).toBe(
      'Volume, 1 tier',
    );
    expect(rateSummary(line({ unpriced: true, rate: null }))).toBe('No price');
    expect(rateSummary(line({ kind: 'discount', rate: null }))).toBe('');
    expect(sliceLabel(tiered.slices![0]!)).toBe('0 – 100: 100 at 1');
    expect(sliceLabel(tiered.slices![1]!)).toBe('over 100: 20 at 0.5');
  });
});

describe('nestLines', () => {
  it('puts discounts and item credits under their usage line, other lines where they print', () => {
    const groups = nestLines([
      line({ position: 4, kind: 'subscription_credit', parentPosition: null, amount: '-1.00' }),
      line({ position: 2, kind: 'discount', parentPosition: 1, amount: '-0.50' }),
      line({ position: 1 }),
      line({ position: 3, kind: 'item_credit', parentPosition: 1, amount: '-0.25' }),
      line({ position: 5, meterId: 'm2' }),
      // Its parent is not among the lines: shown on its own, not lost.
      line({ position: 6, kind: 'discount', parentPosition: 99 }),
    ]);
    expect(groups.map((g) => [g.line.position, g.children.map((c) => c.position)])).toEqual([
      [1, [2, 3]],
      [4, []],
      [5, []],
      [6, []],
    ]);
  });
});

describe('bySubscription', () => {
  it('groups in print order, tenant-level lines last', () => {
    const groups = bySubscription([
      line({ position: 3, subscriptionId: null, kind: 'tenant_credit' }),
      line({ position: 2, subscriptionId: 'sub_b' }),
      line({ position: 1, subscriptionId: 'sub_a' }),
      line({ position: 4, subscriptionId: 'sub_a', kind: 'discount', parentPosition: 1 }),
    ]);
    expect(groups.map((g) => [g.subscriptionId, g.lines.map((l) => l.position)])).toEqual([
      ['sub_a', [1, 4]],
      ['sub_b', [2]],
      [null, [3]],
    ]);
  });
});

describe('sumAmounts', () => {
  it('adds exactly in minor units, negatives included', () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004.
    expect(sumAmounts(['0.10', '0.20'], 2)).toBe('0.30');
    expect(sumAmounts(['10.00', '-2.50', '-0.25'], 2)).toBe('7.25');
    expect(sumAmounts(['-1.000', '0.125'], 3)).toBe('-0.875');
    expect(sumAmounts(['1500', '-1'], 0)).toBe('1499');
    expect(sumAmounts(['99999999999999999.99', '0.01'], 2)).toBe('100000000000000000.00');
    expect(sumAmounts([], 2)).toBe('0.00');
    expect(() => sumAmounts(['0.001'], 2)).toThrow(/more than 2/);
  });
});

describe('periods', () => {
  it('lists recent months newest first across a year end, and names them', () => {
    expect(recentPeriods('2025-02', 4)).toEqual(['2025-02', '2025-01', '2024-12', '2024-11']);
    expect(recentPeriods('2024-12', 1)).toEqual(['2024-12']);
    expect(periodLabel('2024-03')).toBe('March 2024');
  });

  it("takes the current month in the Platform Time Zone, not the browser's", () => {
    // 31 March 2026 12:00 UTC is already 1 April in Auckland (UTC+13); 1 April 05:00 UTC is still
    // 31 March in Los Angeles (UTC−7).
    expect(monthIn('UTC', new Date('2026-03-31T12:00:00Z'))).toBe('2026-03');
    expect(monthIn('Pacific/Auckland', new Date('2026-03-31T12:00:00Z'))).toBe('2026-04');
    expect(monthIn('America/Los_Angeles', new Date('2026-04-01T05:00:00Z'))).toBe('2026-03');
    expect(nextMonthOf('2026-12')).toBe('2027-01');
    expect(nextMonthOf('2026-09')).toBe('2026-10');
  });
});
