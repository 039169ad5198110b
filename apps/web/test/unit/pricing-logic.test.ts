import { describe, expect, it } from 'vitest';
import { tierSummary } from '../../src/pages/pricing/PriceVersionPage.tsx';
import { tierProblems, toDrafts } from '../../src/pages/pricing/TierEditor.tsx';

/** The tier editor: the table as typed ('' To: open-ended) checked by the server's own rules. */
describe('tier editor', () => {
  it('reads an empty To as open-ended and trims what was typed', () => {
    expect(toDrafts([{ from: ' 0 ', to: '', rate: '1 ' }])).toEqual([{ from: '0', to: null, rate: '1' }]);
    expect(tierProblems([{ from: '0', to: '', rate: '1' }])).toEqual([]);
  });
  it('shows a gap and an overlap as they are typed', () => {
    const rows = [
      { from: '0', to: '100', rate: '1' },
      { from: '110', to: '200', rate: '0.5' },
      { from: '150', to: '', rate: '0.1' },
    ];
    expect(tierProblems(rows).map((p) => [p.index, p.kind])).toEqual([
      [1, 'gap'],
      [2, 'overlap'],
    ]);
  });
  it('summarises tiers for the items table', () => {
    expect(
      tierSummary({
        tiers: [
          { from: '0', to: '100', rate: '1' },
          { from: '100', to: null, rate: '0.5' },
        ],
      }),
    ).toBe('0–100 @ 1 · 100+ @ 0.5');
  });
});
