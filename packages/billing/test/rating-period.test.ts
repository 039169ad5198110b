import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decimal,
  derivedAmount,
  localPeriodOf,
  monthHours,
  periodBoundsUtc,
  periodQuantity,
} from '../src/index.ts';
import { divideRounded } from '../src/rating/exact.ts';

describe('monthHours (Use Monthly Variable Pricing)', () => {
  it.each([
    // [period, zone, hours]: days × 24, ± a daylight-saving hour
    ['2026-02', 'UTC', 672], //            28 × 24 = 672
    ['2028-02', 'UTC', 696], //            29 × 24 = 696 (leap year)
    ['2026-04', 'UTC', 720], //            30 × 24 = 720
    ['2026-01', 'UTC', 744], //            31 × 24 = 744
    ['2026-03', 'Europe/London', 743], //  31 × 24 − 1: clocks go forward 29 March 2026 01:00 UTC
    ['2026-10', 'Europe/London', 745], //  31 × 24 + 1: clocks go back 25 October 2026 01:00 UTC
    ['2026-11', 'America/New_York', 721], // 30 × 24 + 1: back on 1 November 2026
    ['2026-04', 'Australia/Sydney', 721], // 30 × 24 + 1: back on 5 April 2026 (southern hemisphere)
    ['2026-10', 'Australia/Lord_Howe', 743.5], // 31 × 24 − 0.5: a half-hour shift on 4 October 2026
    ['2026-09', 'America/Santiago', 719], // 30 × 24 − 1: midnight of 6 September 2026 is skipped
  ])('%s in %s is %d hours when on', (period, zone, hours) => {
    expect(monthHours(period, zone, true)).toBe(hours);
  });

  it('is 730 whatever the month when variable pricing is off', () => {
    expect(monthHours('2026-02', 'UTC', false)).toBe(730);
    expect(monthHours('2026-03', 'Europe/London', false)).toBe(730);
    expect(monthHours('2026-10', 'Europe/London', false)).toBe(730);
  });

  it('refuses a malformed period and an unknown zone', () => {
    expect(() => monthHours('2026-13', 'UTC', true)).toThrow(RangeError);
    expect(() => monthHours('2026-3', 'UTC', true)).toThrow(RangeError);
    expect(() => monthHours('2026-03', 'Mars/Olympus', true)).toThrow(RangeError);
  });

  it('bounds a local month in UTC', () => {
    // Europe/London March 2026: starts 1 March 00:00 GMT (= UTC), ends 1 April 00:00 BST (= 31 March 23:00 UTC)
    expect(periodBoundsUtc('2026-03', 'Europe/London')).toEqual({
      start: Date.parse('2026-03-01T00:00:00Z'),
      end: Date.parse('2026-03-31T23:00:00Z'),
    });
    // Asia/Kolkata is UTC+5:30: 1 March 2026 00:00 local = 28 February 18:30 UTC
    expect(localPeriodOf(Date.parse('2026-02-28T18:29:59Z'), 'Asia/Kolkata')).toBe('2026-02');
    expect(localPeriodOf(Date.parse('2026-02-28T18:30:00Z'), 'Asia/Kolkata')).toBe('2026-03');
  });
});

describe('periodQuantity', () => {
  it('rounds a meter-unit sum half away from zero to 6 places', () => {
    // 1.0000005 → 7th place is 5 → away from zero → 1.000001
    expect(periodQuantity('1.0000005', 'meter', 744).toFixed()).toBe('1.000001');
    // 1.00000049999999999999 → below half → 1.000000
    expect(periodQuantity('1.00000049999999999999', 'meter', 744).toFixed()).toBe('1');
    expect(periodQuantity('-1.0000005', 'meter', 744).toFixed()).toBe('-1.000001');
  });

  it('converts hours to months at full precision before rounding', () => {
    // 365 h ÷ 672 h = 0.543154761904… → 6 places: 0.543155 (7th digit 7 rounds up)
    expect(periodQuantity('365', 'month', 672).toFixed()).toBe('0.543155');
    // 365 h ÷ 730 h = 0.5 exactly
    expect(periodQuantity('365', 'month', 730).toFixed()).toBe('0.5');
    // 1 h ÷ 744 = 0.00134408602150537… → 0.001344
    expect(periodQuantity('1', 'month', 744).toFixed()).toBe('0.001344');
    // a half exactly at the 7th place from a division: 0.0000005 × 744 = 0.000372 h → ÷ 744 = 0.0000005 → 0.000001
    expect(periodQuantity('0.000372', 'month', 744).toFixed()).toBe('0.000001');
    // 743.5-hour month: 743.5 ÷ 743.5 = 1
    expect(periodQuantity('743.5', 'month', 743.5).toFixed()).toBe('1');
  });

  it('month-fraction disks: a disk present all month is exactly 1 disk-month with the real hours', () => {
    // Ingest turns 1/744-of-a-UTC-month fractions back into hours; a disk present for the whole
    // local month Europe/London March 2026 has 743 hours. The caller passes the real hours
    // (monthHours(…, true)) whatever the setting: 743 ÷ 743 = 1.
    const hours = monthHours('2026-03', 'Europe/London', true);
    expect(periodQuantity('743', 'month', hours).toFixed()).toBe('1');
    // October: 745 ÷ 745 = 1
    expect(periodQuantity('745', 'month', monthHours('2026-10', 'Europe/London', true)).toFixed()).toBe('1');
    // What the fixed 730 would wrongly give: 743 ÷ 730 = 1.0178082… → 1.017808
    expect(periodQuantity('743', 'month', 730).toFixed()).toBe('1.017808');
  });

  it('a derived amount multiplies first (rate × quantity ÷ hours), never from a rounded hourly rate', () => {
    // 100.00 per month, 1 hour in a 744-hour month: 100 × 1 ÷ 744 = 0.134408602… → 0.13.
    // Three hours: 100 × 3 ÷ 744 = 0.403225806… → 0.40; a rate rounded first (0.13 × 3) would give 0.39.
    expect(derivedAmount('100', '3', 744, 2).toFixed()).toBe('0.4');
    expect(derivedAmount('100', '1', 744, 2).toFixed()).toBe('0.13');
  });
});

describe('divideRounded (the exact quotient rounding behind periodQuantity and conversions)', () => {
  /** Oracle in BigInt: a/10^sa ÷ b/10^sb to `places`, half away from zero. */
  const oracle = (a: bigint, sa: number, b: bigint, sb: number, places: number): string => {
    const top = a * 10n ** BigInt(sb + places);
    const bottom = b * 10n ** BigInt(sa);
    const negative = top < 0n !== bottom < 0n;
    const n = top < 0n ? -top : top;
    const d = bottom < 0n ? -bottom : bottom;
    let q = n / d;
    if ((n % d) * 2n >= d) q += 1n;
    return decimal(`${negative ? '-' : ''}${q}`)
      .div(decimal((10n ** BigInt(places)).toString()))
      .toFixed();
  };
  const scaled = (max: bigint) => fc.tuple(fc.bigInt({ min: -max, max }), fc.integer({ min: 0, max: 18 }));
  it('equals BigInt long division with half away from zero, for 30-digit numerators', () => {
    fc.assert(
      fc.property(
        scaled(10n ** 30n),
        scaled(10n ** 6n).filter(([b]) => b !== 0n),
        fc.integer({ min: 0, max: 20 }),
        ([a, sa], [b, sb], places) => {
          const text = (u: bigint, s: number) =>
            decimal(u.toString())
              .div(decimal((10n ** BigInt(s)).toString()))
              .toFixed();
          const got = divideRounded(decimal(text(a, sa)), decimal(text(b, sb)), places);
          expect(got.toFixed()).toBe(oracle(a, sa, b, sb, places));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('rounds exact halves away from zero both ways (hand-worked)', () => {
    // 1 ÷ 8 = 0.125 → 2 places: 0.13; −1 ÷ 8 → −0.13; 1 ÷ −8 → −0.13
    expect(divideRounded(decimal('1'), decimal('8'), 2).toFixed()).toBe('0.13');
    expect(divideRounded(decimal('-1'), decimal('8'), 2).toFixed()).toBe('-0.13');
    expect(divideRounded(decimal('1'), decimal('-8'), 2).toFixed()).toBe('-0.13');
    // 1 ÷ 3 = 0.333… → 0.33; 2 ÷ 3 = 0.666… → 0.67
    expect(divideRounded(decimal('1'), decimal('3'), 2).toFixed()).toBe('0.33');
    expect(divideRounded(decimal('2'), decimal('3'), 2).toFixed()).toBe('0.67');
  });
});
