import Database from 'better-sqlite3';
import Big from 'big.js';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { decimalSumAggregate } from '../src/db/decimal-sum.ts';

/**
 * semantics.md "Numbers": SQL SUM must be exact on SQLite too, where decimals are text. The
 * `decimal_sum` aggregate is checked here on a real SQLite database against big.js, which adds
 * exactly: any rounding (a float SUM, a lost digit, a misplaced point) shows as a difference.
 */
describe('decimal_sum: the exact SQLite aggregate', () => {
  const sqlite = new Database(':memory:');
  sqlite.aggregate('decimal_sum', decimalSumAggregate);
  sqlite.exec('create table q (g integer not null, v text)');
  const insert = sqlite.prepare('insert into q (g, v) values (?, ?)');
  const sum = sqlite.prepare('select g, decimal_sum(v) as total from q group by g order by g');
  afterAll(() => sqlite.close());

  const reset = (rows: [number, string | null][]) => {
    sqlite.exec('delete from q');
    sqlite.transaction(() => {
      for (const [g, v] of rows) insert.run(g, v);
    })();
  };
  const plain = (b: Big) => {
    const text = b.toFixed();
    return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  };

  // Up to 18 integer digits and 30 fraction digits, signed: the widest the quantity columns hold.
  const decimalText = fc
    .tuple(
      fc.boolean(),
      fc.bigInt({ min: 0n, max: 10n ** 18n - 1n }),
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 0, maxLength: 30 }),
    )
    .map(([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`);

  it('equals the exact sum per group, for any values and any grouping', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), decimalText), { maxLength: 60 }),
        (rows) => {
          reset(rows);
          const expected = new Map<number, Big>();
          for (const [g, v] of rows) expected.set(g, (expected.get(g) ?? new Big(0)).plus(v));
          const got = sum.all() as { g: number; total: string }[];
          expect(got.map((r) => [r.g, r.total])).toEqual(
            [...expected.entries()].sort((a, b) => a[0] - b[0]).map(([g, b]) => [g, plain(b)]),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps 30 fraction digits where a float SUM loses them', () => {
    // 0.1 + 0.2 in binary floating point is 0.30000000000000004; 1e-30 + 1e18 has 49 significant
    // digits, far beyond a double's 17.
    reset([
      [1, '0.1'],
      [1, '0.2'],
      [2, '0.000000000000000000000000000001'],
      [2, '1000000000000000000'],
    ]);
    expect(sum.all()).toEqual([
      { g: 1, total: '0.3' },
      { g: 2, total: '1000000000000000000.000000000000000000000000000001' },
    ]);
  });

  it('skips NULLs, gives NULL for no values, and -0 prints as 0', () => {
    reset([
      [1, null],
      [2, '-0.5'],
      [2, '0.5'],
    ]);
    expect(sum.all()).toEqual([
      { g: 1, total: null },
      { g: 2, total: '0' },
    ]);
  });

  it('fails the query on a value it cannot add exactly, instead of rounding it', () => {
    for (const bad of ['1e-7', '0.0000000000000000000000000000001', '12abc']) {
      reset([[1, bad]]);
      expect(() => sum.all()).toThrow(/not a plain decimal/);
    }
  });
});
