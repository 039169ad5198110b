import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateLargestRemainder, decimal, taxLines } from '../src/index.ts';

describe('taxLines', () => {
  it('rounds each rate on the taxable subtotal and adds up exactly (hand-worked)', () => {
    // 104.92 × 5 % = 5.246 → 5.25; 104.92 × 9.975 % = 10.465770 → 10.47
    // tax 5.25 + 10.47 = 15.72; total 104.92 + 15.72 = 120.64
    expect(
      taxLines(
        '104.92',
        [
          { name: 'GST', percentage: '5' },
          { name: 'QST', percentage: '9.975' },
        ],
        'CAD',
      ),
    ).toEqual({
      lines: [
        { name: 'GST', percentage: '5', amount: '5.25' },
        { name: 'QST', percentage: '9.975', amount: '10.47' },
      ],
      tax: '15.72',
      total: '120.64',
    });
  });

  it('follows the minor unit and rounds half away from zero, also below zero (credit notes)', () => {
    // JPY: 1,235 × 10 % = 123.5 → 124; total 1,359
    expect(taxLines('1235', [{ name: 'JCT', percentage: '10' }], 'JPY')).toMatchObject({
      tax: '124',
      total: '1359',
    });
    // KWD: −0.125 × 10 % = −0.0125 → −0.013 (3 places, away from zero); total −0.138
    expect(taxLines('-0.125', [{ name: 'VAT', percentage: '10' }], 'KWD')).toMatchObject({
      tax: '-0.013',
      total: '-0.138',
    });
    // exempt: no rates
    expect(taxLines('10.00', [], 'USD')).toEqual({ lines: [], tax: '0.00', total: '10.00' });
  });
});

describe('taxLines properties', () => {
  it('the total is the subtotal plus the printed tax lines, each rounded to the minor unit', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.constantFrom('JPY', 'USD', 'KWD'),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 4 }),
        (minor, currency, permyriads) => {
          const places = currency === 'JPY' ? 0 : currency === 'USD' ? 2 : 3;
          const subtotal = decimal(minor.toString())
            .div(decimal((10n ** BigInt(places)).toString()))
            .toFixed(places);
          const rates = permyriads.map((p, i) => ({
            name: `r${i}`,
            percentage: decimal(String(p)).div(decimal('1000')).toFixed(),
          }));
          const result = taxLines(subtotal, rates, currency);
          const tax = result.lines.reduce((s, l) => s.plus(decimal(l.amount)), decimal('0'));
          expect(result.tax).toBe(tax.toFixed(places));
          expect(result.total).toBe(decimal(subtotal).plus(tax).toFixed(places));
          for (const line of result.lines)
            expect(decimal(line.amount).round(places).eq(decimal(line.amount))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('allocateLargestRemainder', () => {
  it('splits by quantity and gives leftover minor units to the largest remainders (hand-worked)', () => {
    // 10.00 over weights 1, 1, 1 (sum 3): each 3.333… → 3.33; 1 cent left → index 0 (tie, earliest)
    expect(allocateLargestRemainder('10.00', ['1', '1', '1'], 2)).toEqual(['3.34', '3.33', '3.33']);
    // 1.00 over 0.2, 0.3, 0.5 → exact 0.20, 0.30, 0.50
    expect(allocateLargestRemainder('1.00', ['0.2', '0.3', '0.5'], 2)).toEqual(['0.20', '0.30', '0.50']);
    // 100 JPY over 1, 2 (sum 3): 33.33 → 33 rem 1/3; 66.67 → 66 rem 2/3; 1 yen left → index 1
    expect(allocateLargestRemainder('100', ['1', '2'], 0)).toEqual(['33', '67']);
    // zero weights take nothing: 5.00 over 0, 1, 0, 1 → 0, 2.50, 0, 2.50
    expect(allocateLargestRemainder('5.00', ['0', '1', '0', '1'], 2)).toEqual([
      '0.00',
      '2.50',
      '0.00',
      '2.50',
    ]);
    // all weights zero: split evenly; 0.10 over 3 → 0.04, 0.03, 0.03
    expect(allocateLargestRemainder('0.10', ['0', '0', '0'], 2)).toEqual(['0.04', '0.03', '0.03']);
    // a negative amount splits like its magnitude: −0.10 over 1, 1, 1 → −0.04, −0.03, −0.03
    expect(allocateLargestRemainder('-0.10', ['1', '1', '1'], 2)).toEqual(['-0.04', '-0.03', '-0.03']);
    // KWD 3 places: 1.000 over 1, 1, 1 → 0.334, 0.333, 0.333
    expect(allocateLargestRemainder('1.000', ['1', '1', '1'], 3)).toEqual(['0.334', '0.333', '0.333']);
  });

  it('refuses an amount off the minor unit and negative weights', () => {
    expect(() => allocateLargestRemainder('1.005', ['1'], 2)).toThrow(RangeError);
    expect(() => allocateLargestRemainder('1.00', ['1', '-1'], 2)).toThrow(/Weight 1/);
    expect(() => allocateLargestRemainder('1.00', [], 2)).toThrow(RangeError);
  });

  it('always adds up exactly to the amount, each share within one minor unit of its exact share', () => {
    const weight = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 0, max: 18 }))
      .map(([u, s]) =>
        decimal(u.toString())
          .div(decimal((10n ** BigInt(s)).toString()))
          .toFixed(),
      );
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.constantFrom(0, 2, 3),
        fc.array(weight, { minLength: 1, maxLength: 31 }),
        (minor, places, weights) => {
          const amount = decimal(minor.toString())
            .div(decimal((10n ** BigInt(places)).toString()))
            .toFixed(places);
          const shares = allocateLargestRemainder(amount, weights, places);
          const sum = shares.reduce((s, v) => s.plus(decimal(v)), decimal('0'));
          expect(sum.eq(decimal(amount))).toBe(true);
          const total = weights.reduce((s, w) => s.plus(decimal(w)), decimal('0'));
          const unit = decimal('1').div(decimal((10n ** BigInt(places)).toString()));
          shares.forEach((share, i) => {
            const exact = total.eq(decimal('0'))
              ? decimal(amount).div(decimal(String(weights.length)))
              : decimal(amount).times(decimal(weights[i]!)).div(total);
            expect(decimal(share).minus(exact).abs().lt(unit)).toBe(true);
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
