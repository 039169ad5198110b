import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimal, priceTiers, type Tier, validateTiers } from '../src/index.ts';

// semantics.md "Tiers": 0–100 @1.00, 100–200 @0.50, 200+ @0.10.
const EXAMPLE: Tier[] = [
  { from: '0', to: '100', rate: '1.00' },
  { from: '100', to: '200', rate: '0.50' },
  { from: '200', to: null, rate: '0.10' },
];

describe('tiers: the semantics.md example', () => {
  it.each([
    // graduated: each part at its own tier's rate
    ['100', '100'], //   100 × 1.00 = 100.00
    ['100.5', '100.25'], // 100 × 1.00 + 0.5 × 0.50 = 100 + 0.25 = 100.25
    ['150', '125'], //   100 × 1.00 + 50 × 0.50 = 100 + 25 = 125.00
    ['250', '155'], //   100 × 1.00 + 100 × 0.50 + 50 × 0.10 = 100 + 50 + 5 = 155.00
  ])('graduated %s → %s', (q, amount) => {
    expect(priceTiers(q, EXAMPLE, 'graduated').amount.eq(decimal(amount))).toBe(true);
  });

  it.each([
    // volume: the whole quantity at the rate of the tier with From < q ≤ To
    ['100', '100'], //   100 is in 0 < q ≤ 100: 100 × 1.00 = 100.00
    ['100.5', '50.25'], // 100 < 100.5 ≤ 200: 100.5 × 0.50 = 50.25
    ['200', '100'], //   100 < 200 ≤ 200: 200 × 0.50 = 100.00
    ['250', '25'], //    200 < 250: 250 × 0.10 = 25.00
    ['0', '0'], //       q = 0 → the first tier: 0 × 1.00 = 0
  ])('volume %s → %s', (q, amount) => {
    expect(priceTiers(q, EXAMPLE, 'volume').amount.eq(decimal(amount))).toBe(true);
  });

  it('lists the slices of a graduated price (units and amount per tier)', () => {
    // 250: 100 units @1.00 = 100, 100 units @0.50 = 50, 50 units @0.10 = 5
    expect(priceTiers('250', EXAMPLE, 'graduated').slices).toEqual([
      { from: '0', to: '100', rate: '1', quantity: '100', amount: '100' },
      { from: '100', to: '200', rate: '0.5', quantity: '100', amount: '50' },
      { from: '200', to: null, rate: '0.1', quantity: '50', amount: '5' },
    ]);
    // volume 0 → the first tier, zero units
    expect(priceTiers('0', EXAMPLE, 'volume').slices).toEqual([
      { from: '0', to: '100', rate: '1', quantity: '0', amount: '0' },
    ]);
  });
});

describe('validateTiers', () => {
  it('accepts the example and equal bounds written differently (100 = 100.0)', () => {
    expect(validateTiers(EXAMPLE)).toBeNull();
    expect(
      validateTiers([
        { from: '0.000', to: '100', rate: '1' },
        { from: '100.0', to: null, rate: '0' },
      ]),
    ).toBeNull();
  });

  it.each<[string, Tier[], number, string]>([
    ['empty table', [], -1, 'tiers'],
    ['first tier not at 0', [{ from: '1', to: null, rate: '1' }], 0, 'from'],
    [
      'gap',
      [
        { from: '0', to: '100', rate: '1' },
        { from: '101', to: null, rate: '1' },
      ],
      1,
      'from',
    ],
    [
      'overlap',
      [
        { from: '0', to: '100', rate: '1' },
        { from: '99', to: null, rate: '1' },
      ],
      1,
      'from',
    ],
    [
      'To not above From',
      [
        { from: '0', to: '0', rate: '1' },
        { from: '0', to: null, rate: '1' },
      ],
      0,
      'to',
    ],
    [
      'open-ended tier before the last',
      [
        { from: '0', to: null, rate: '1' },
        { from: '0', to: null, rate: '1' },
      ],
      0,
      'to',
    ],
    [
      'last tier closed',
      [
        { from: '0', to: '10', rate: '1' },
        { from: '10', to: '20', rate: '1' },
      ],
      1,
      'to',
    ],
    [
      'negative rate',
      [
        { from: '0', to: '10', rate: '1' },
        { from: '10', to: null, rate: '-0.5' },
      ],
      1,
      'rate',
    ],
    ['rate not a decimal', [{ from: '0', to: null, rate: '1e3' }], 0, 'rate'],
  ])('refuses %s, naming the tier', (_name, tiers, tierIndex, field) => {
    const problem = validateTiers(tiers);
    expect(problem).toMatchObject({ tierIndex, field });
    if (tierIndex >= 0) expect(problem!.message).toContain(`Tier ${tierIndex + 1}:`);
  });

  it('priceTiers refuses an invalid table and a negative quantity', () => {
    expect(() => priceTiers('1', [{ from: '0', to: '5', rate: '1' }], 'graduated')).toThrow(/open-ended/);
    expect(() => priceTiers('-1', EXAMPLE, 'volume')).toThrow(RangeError);
  });
});

/** A valid random table: increasing bounds from 0, rates ≥ 0 with up to 12 places. */
const rateArb = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 12 }))
  .map(([units, scale]) =>
    decimal(units.toString())
      .div(decimal((10n ** BigInt(scale)).toString()))
      .toFixed(),
  );
const tableArb = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 10_000 }), rateArb), { minLength: 1, maxLength: 6 })
  .chain((widths) =>
    rateArb.map((lastRate) => {
      const tiers: Tier[] = [];
      let from = 0;
      for (const [width, rate] of widths) {
        tiers.push({ from: String(from), to: String(from + width), rate });
        from += width;
      }
      tiers.push({ from: String(from), to: null, rate: lastRate });
      return tiers;
    }),
  );
const quantityArb = fc
  .tuple(fc.integer({ min: 0, max: 80_000 }), fc.integer({ min: 0, max: 999_999 }))
  .map(([whole, micro]) => `${whole}.${String(micro).padStart(6, '0')}`);

describe('tier properties', () => {
  it('graduated totals never decrease as the quantity grows', () => {
    fc.assert(
      fc.property(tableArb, quantityArb, quantityArb, (tiers, a, b) => {
        const [low, high] = decimal(a).lte(decimal(b)) ? [a, b] : [b, a];
        return priceTiers(low, tiers, 'graduated').amount.lte(priceTiers(high, tiers, 'graduated').amount);
      }),
      { numRuns: 300 },
    );
  });

  it('volume and graduated agree inside the first tier', () => {
    fc.assert(
      fc.property(tableArb, fc.integer({ min: 0, max: 1_000_000 }), (tiers, permille) => {
        // a quantity 0 ≤ q ≤ first To, to 6 places
        const firstTo = decimal(tiers[0]!.to ?? '1000');
        const q = firstTo
          .times(decimal(String(permille)))
          .div(decimal('1000000'))
          .round(6, 0);
        return priceTiers(q, tiers, 'volume').amount.eq(priceTiers(q, tiers, 'graduated').amount);
      }),
      { numRuns: 300 },
    );
  });

  it('the graduated amount is the sum of its slices', () => {
    fc.assert(
      fc.property(tableArb, quantityArb, (tiers, q) => {
        const priced = priceTiers(q, tiers, 'graduated');
        const sum = priced.slices.reduce((s, slice) => s.plus(decimal(slice.amount)), decimal('0'));
        const units = priced.slices.reduce((s, slice) => s.plus(decimal(slice.quantity)), decimal('0'));
        return sum.eq(priced.amount) && units.eq(decimal(q));
      }),
      { numRuns: 300 },
    );
  });
});
