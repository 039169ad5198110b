import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accumulateUsage,
  decimal,
  InvalidUsageQuantityError,
  sumDecimals,
  UsageAccumulator,
} from '../src/index.ts';

/** A plain decimal ≥ 0: up to 15 integer digits, up to 18 fraction digits (sometimes trailing zeros). */
const quantity = fc
  .tuple(
    fc.oneof(
      fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }),
      fc.bigInt({ min: 0n, max: 9n }),
      fc.constant(10n ** 15n - 1n), // the largest integer part
    ),
    fc.oneof(
      fc.bigInt({ min: 0n, max: 10n ** 18n - 1n }),
      fc.constant(10n ** 18n - 1n), // .999999999999999999
      fc.constant(1n), // .000000000000000001
    ),
    fc.integer({ min: 0, max: 18 }),
    fc.boolean(),
  )
  .map(([whole, fraction, places, trailingZeros]) => {
    if (places === 0) return whole.toString();
    const digits = fraction.toString().padStart(18, '0').slice(0, places);
    return `${whole}.${digits}${trailingZeros ? '000' : ''}`;
  });

const HOURS = [
  '2026-02-28T23:00:00Z',
  '2026-03-01T00:00:00Z', // first hour of March in London (GMT)
  '2026-03-31T22:00:00Z',
  '2026-03-31T23:00:00Z', // already April in London (BST)
  '2026-04-15T12:00:00.000Z',
];
const record = fc.record({
  meterId: fc.constantFrom('m-a', 'm-b', 'm-c'),
  usageStart: fc.constantFrom(...HOURS),
  quantity,
});

/** The oracle: big.js sums per (meter, London month), with the month found by Intl, one record at a time. */
function oracle(records: { meterId: string; usageStart: string; quantity: string }[]) {
  const groups = new Map<string, string[]>();
  for (const r of records) {
    const local = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
    })
      .format(new Date(r.usageStart))
      .slice(0, 7);
    const key = `${r.meterId} ${local}`;
    groups.set(key, [...(groups.get(key) ?? []), r.quantity]);
  }
  return new Map([...groups].map(([key, values]) => [key, sumDecimals(values)]));
}

function check(
  records: { meterId: string; usageStart: string; quantity: string }[],
  carryThreshold?: number,
) {
  const accumulator = new UsageAccumulator('Europe/London', carryThreshold ? { carryThreshold } : {});
  for (const r of records) accumulator.add(r.meterId, r.usageStart, r.quantity);
  const expected = oracle(records);
  const actual = accumulator.results();
  expect(actual.length).toBe(expected.size);
  for (const sum of actual) {
    const want = expected.get(`${sum.meterId} ${sum.period}`);
    expect(want, `${sum.meterId} ${sum.period}`).toBeDefined();
    expect(decimal(sum.quantity).eq(want!), `${sum.meterId} ${sum.period}: ${sum.quantity} vs ${want}`).toBe(
      true,
    );
  }
}

describe('UsageAccumulator (exact scaled-integer limbs)', () => {
  it('equals big.js sums per (meter, local month) for any 18-place quantities', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 200 }), (records) => check(records)),
      { numRuns: 300 },
    );
  });

  it('stays exact through every carry (a tiny carry threshold forces carries on almost every record)', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 200 }), (records) => check(records, 1e9)),
      { numRuns: 300 },
    );
  });

  it('worst case: 20,000 maximal quantities (integer limb spills to BigInt, fraction limbs carry)', () => {
    // Each record is 999999999999999.999999999999999999 = 10^15 − 10^-18.
    // 20,000 of them: 20,000 × 10^15 − 20,000 × 10^-18 = 19999999999999999999.99999999999998
    const max = '999999999999999.999999999999999999';
    const sums = accumulateUsage(
      Array.from({ length: 20_000 }, () => ({
        meterId: 'm',
        usageStart: '2026-03-10T10:00:00Z',
        quantity: max,
      })),
      'UTC',
    );
    expect(sums).toEqual([
      { meterId: 'm', period: '2026-03', quantity: '19999999999999999999.99999999999998', records: 20_000 },
    ]);
  });

  it('1/744 written to 18 places, 744 times, is 0.999999999999999744 — not 1 (no float anywhere)', () => {
    // 1/744 = 0.001344086021505376… ; 744 × 0.001344086021505376 = 0.999999999999999744
    const sums = accumulateUsage(
      Array.from({ length: 744 }, (_, h) => ({
        meterId: 'disk',
        usageStart: new Date(Date.UTC(2026, 0, 1) + h * 3_600_000).toISOString(),
        quantity: '0.001344086021505376',
      })),
      'UTC',
    );
    expect(sums).toEqual([
      { meterId: 'disk', period: '2026-01', quantity: '0.999999999999999744', records: 744 },
    ]);
  });

  it('places records by the local month of their usage start, also in half-hour zones', () => {
    // Asia/Kolkata (UTC+5:30): March begins 28 February 18:30 UTC, inside the UTC hour 18:00–19:00.
    const a = new UsageAccumulator('Asia/Kolkata');
    a.add('m', '2026-02-28T18:00:00Z', '1'); // 23:30 local, 28 Feb
    a.add('m', '2026-02-28T18:29:59Z', '2'); // 23:59:59 local, 28 Feb
    a.add('m', '2026-02-28T18:30:00Z', '4'); // 00:00 local, 1 Mar
    a.add('m', '2026-02-28T19:00:00Z', '8'); // 00:30 local, 1 Mar
    expect(a.results()).toEqual([
      { meterId: 'm', period: '2026-02', quantity: '3', records: 2 },
      { meterId: 'm', period: '2026-03', quantity: '12', records: 2 },
    ]);
    // Europe/London: 31 March 23:00 UTC is 1 April 00:00 BST.
    expect(
      accumulateUsage(
        [
          { meterId: 'm', usageStart: '2026-03-31T22:00:00Z', quantity: '1' },
          { meterId: 'm', usageStart: '2026-03-31T23:00:00Z', quantity: '2' },
          { meterId: 'm', usageStart: '2026-03-31T23:00:00+00:00', quantity: '4' }, // not 'Z': the slow path
        ],
        'Europe/London',
      ).map((s) => [s.period, s.quantity]),
    ).toEqual([
      ['2026-03', '1'],
      ['2026-04', '6'],
    ]);
  });

  it.each([
    '-1', // negative: refused, usage is never negative
    '6.36e-06', // exponent notation: ingest writes plain decimals
    '1.0000000000000000001', // a 19th non-zero fraction digit would be rounded away
    '1234567890123456', // 16 integer digits
    '',
    '.5',
    '1.',
    '1,5',
  ])('refuses the quantity "%s"', (text) => {
    const a = new UsageAccumulator('UTC');
    expect(() => a.add('m', '2026-03-01T00:00:00Z', text)).toThrow(InvalidUsageQuantityError);
  });

  it('accepts zeros beyond the 18th place and refuses bad timestamps and zones', () => {
    const a = new UsageAccumulator('UTC');
    a.add('m', '2026-03-01T00:00:00Z', '0.10000000000000000000000');
    expect(a.results()[0]!.quantity).toBe('0.1');
    expect(() => a.add('m', '2026-13-01T00:00:00Z', '1')).toThrow(RangeError);
    expect(() => a.add('m', 'yesterday', '1')).toThrow(RangeError);
    expect(() => new UsageAccumulator('Not/AZone')).toThrow(RangeError);
  });
});
