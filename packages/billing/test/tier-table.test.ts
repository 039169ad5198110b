import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tierTableProblems } from '../src/index.ts';

/**
 * The tier-table checker the server refuses tables with and the portal's tier editor shows as the
 * user types (semantics.md "Tiers": first from 0, each From the previous To, last open-ended).
 */
describe('tierTableProblems', () => {
  it('accepts the semantics.md table and one open tier', () => {
    expect(
      tierTableProblems([
        { from: '0', to: '100', rate: '1.00' },
        { from: '100', to: '200', rate: '0.50' },
        { from: '200', to: null, rate: '0.10' },
      ]),
    ).toEqual([]);
    expect(tierTableProblems([{ from: '0', to: null, rate: '0' }])).toEqual([]);
  });

  it('names each problem by tier: gap, overlap, start, open before the end, closed last tier, order, numbers', () => {
    const kinds = (tiers: Parameters<typeof tierTableProblems>[0]) =>
      tierTableProblems(tiers).map((p) => [p.index, p.field, p.kind]);
    expect(kinds([])).toEqual([[-1, 'tiers', 'empty']]);
    expect(kinds([{ from: '5', to: null, rate: '1' }])).toEqual([[0, 'from', 'start']]);
    expect(
      kinds([
        { from: '0', to: '10', rate: '1' },
        { from: '12', to: '20', rate: '1' },
        { from: '15', to: null, rate: '1' },
      ]),
    ).toEqual([
      [1, 'from', 'gap'],
      [2, 'from', 'overlap'],
    ]);
    // 10 and 10.0 are the same bound.
    expect(
      kinds([
        { from: '0', to: '10', rate: '1' },
        { from: '10.0', to: null, rate: '1' },
      ]),
    ).toEqual([]);
    expect(
      kinds([
        { from: '0', to: null, rate: '1' },
        { from: '0', to: null, rate: '1' },
      ]),
    ).toEqual([[0, 'to', 'open']]);
    expect(kinds([{ from: '0', to: '5', rate: '1' }])).toEqual([[0, 'to', 'closed']]);
    expect(
      kinds([
        { from: '0', to: '0', rate: '1' },
        { from: '0', to: null, rate: '1' },
      ]),
    ).toEqual([[0, 'to', 'order']]);
    expect(kinds([{ from: '0', to: '', rate: '-1' }])).toEqual([[0, 'rate', 'invalid']]);
    expect(
      kinds([
        { from: 'x', to: '1', rate: '1' },
        { from: '1', to: null, rate: '1' },
      ]),
    ).toEqual([[0, 'from', 'invalid']]);
    expect(
      tierTableProblems([
        { from: '0', to: '10', rate: '1' },
        { from: '12', to: null, rate: '1' },
      ])[0]!.message,
    ).toBe('Tier 2: gap: From must equal the previous To (10).');
  });

  it('accepts every contiguous table, and finds the one bound moved off its place', () => {
    const table = fc
      .uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 0, maxLength: 8 })
      .map((bounds) => {
        const sorted = [0, ...bounds.sort((a, b) => a - b)];
        return sorted.map((from, i) => ({
          from: String(from),
          to: i === sorted.length - 1 ? null : String(sorted[i + 1]),
          rate: '1.5',
        }));
      });
    fc.assert(
      fc.property(
        table,
        fc.nat(),
        fc.integer({ min: -3, max: 3 }).filter((d) => d !== 0),
        (tiers, pick, delta) => {
          expect(tierTableProblems(tiers)).toEqual([]);
          if (tiers.length < 2) return;
          const index = 1 + (pick % (tiers.length - 1));
          const moved = tiers.map((t, i) =>
            i === index ? { ...t, from: String(Number(t.from) + delta) } : t,
          );
          const problems = tierTableProblems(moved).filter((p) => p.field === 'from');
          // Moved below zero it is no valid From at all, before it is an overlap.
          const movedFrom = Number(tiers[index]!.from) + delta;
          const kind = movedFrom < 0 ? 'invalid' : delta > 0 ? 'gap' : 'overlap';
          expect(problems.map((p) => [p.index, p.kind])).toEqual([[index, kind]]);
        },
      ),
    );
  });
});
