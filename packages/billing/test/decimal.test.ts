import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decimal,
  isCurrencyCode,
  isDecimalString,
  minorUnits,
  roundHalfAwayFromZero,
  sumDecimals,
  toDecimalString,
} from '../src/index.ts';

/** A decimal string with up to 20 integer and 18 fraction digits, built from exact integers. */
const decimalString = fc
  .tuple(fc.bigInt({ min: -(10n ** 38n), max: 10n ** 38n }), fc.integer({ min: 0, max: 18 }))
  .map(([units, scale]) => {
    const negative = units < 0n;
    const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
    const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    return { text: negative ? `-${text}` : text, units, scale };
  });

/** Oracle: the exact sum as an integer number of 10^-18 units. */
const toAttos = (units: bigint, scale: number) => units * 10n ** BigInt(18 - scale);

describe('decimal arithmetic', () => {
  it('sums any list of 18-place decimals exactly (checked against BigInt arithmetic)', () => {
    fc.assert(
      fc.property(fc.array(decimalString, { maxLength: 50 }), (values) => {
        const expected = values.reduce((sum, v) => sum + toAttos(v.units, v.scale), 0n);
        const actual = sumDecimals(values.map((v) => v.text));
        return actual.times('1000000000000000000').eq(decimal(expected));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a + b - b == a for values beyond 20 significant digits (the decimal.js default trap)', () => {
    fc.assert(
      fc.property(decimalString, decimalString, (a, b) =>
        decimal(a.text).plus(b.text).minus(b.text).eq(a.text),
      ),
      { numRuns: 500 },
    );
  });

  it('rounds half away from zero, at any number of places', () => {
    // 2.345 → 2.35 and -2.345 → -2.35 (banker's rounding would give 2.34).
    expect(toDecimalString(roundHalfAwayFromZero(decimal('2.345'), 2))).toBe('2.35');
    expect(toDecimalString(roundHalfAwayFromZero(decimal('-2.345'), 2))).toBe('-2.35');
    expect(toDecimalString(roundHalfAwayFromZero(decimal('2.3449999'), 2))).toBe('2.34');
    expect(toDecimalString(roundHalfAwayFromZero(decimal('0.5'), 0))).toBe('1');
    expect(toDecimalString(roundHalfAwayFromZero(decimal('-0.5'), 0))).toBe('-1');
    expect(toDecimalString(roundHalfAwayFromZero(decimal('1.0000005'), 6))).toBe('1.000001');
    fc.assert(
      fc.property(decimalString, fc.integer({ min: 0, max: 6 }), (v, places) => {
        const x = decimal(v.text);
        const rounded = roundHalfAwayFromZero(x, places);
        const unit = decimal(`1e-${places}`);
        // Never moves more than half a unit, and a tie always moves away from zero.
        const diff = rounded.minus(x).abs();
        if (diff.gt(unit.div('2'))) return false;
        if (diff.eq(unit.div('2'))) return rounded.abs().gt(x.abs());
        return true;
      }),
      { numRuns: 500 },
    );
  });

  it('refuses JS numbers, so a float can never enter a money calculation', () => {
    expect(() => decimal(0.1 as unknown as string)).toThrow();
  });

  it('prints plain decimals without exponent or trailing zeros', () => {
    expect(toDecimalString(decimal('6.36e-6'))).toBe('0.00000636');
    expect(toDecimalString(decimal('1.2300'), 2)).toBe('1.23');
    expect(toDecimalString(decimal('5'), 2)).toBe('5.00');
    expect(toDecimalString(decimal('-0.000'))).toBe('0');
    expect(isDecimalString('12.5')).toBe(true);
    expect(isDecimalString('1e5')).toBe(false);
    expect(isDecimalString('01.5')).toBe(false);
  });
});

describe('currencies', () => {
  it('knows ISO 4217 minor units', () => {
    expect(minorUnits('USD')).toBe(2);
    expect(minorUnits('AUD')).toBe(2);
    expect(minorUnits('JPY')).toBe(0);
    expect(minorUnits('BHD')).toBe(3);
    expect(isCurrencyCode('XXX')).toBe(false);
    expect(() => minorUnits('usd')).toThrow(RangeError);
  });
});
