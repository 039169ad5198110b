import { describe, expect, it } from 'vitest';
import type { InvoiceLine } from '../../src/api/types.ts';
import { displayStatus, documentTitle, groupLines, isZero } from '../../src/pages/invoices/invoice-logic.ts';

function line(position: number, over: Partial<InvoiceLine>): InvoiceLine {
  return {
    id: `inl_${position}`,
    position,
    kind: 'usage',
    sourceKind: 'usage',
    parentPosition: null,
    subscriptionId: null,
    subscriptionName: null,
    meterId: null,
    meterName: null,
    sku: null,
    unit: null,
    rawQuantity: null,
    quantity: null,
    unitRate: null,
    tierMode: null,
    tiers: [],
    amount: '0.00',
    unpriced: false,
    description: `line ${position}`,
    originalPeriod: null,
    creditedLineId: null,
    ...over,
  } as InvoiceLine;
}

describe('invoice view logic', () => {
  it('derives overdue and partially paid from an issued invoice only', () => {
    const issued = { status: 'issued' as const, overdue: false, partiallyPaid: false };
    expect(displayStatus(issued).label).toBe('Issued');
    expect(displayStatus({ ...issued, overdue: true }).label).toBe('Overdue');
    expect(displayStatus({ ...issued, partiallyPaid: true }).label).toBe('Partially paid');
    expect(displayStatus({ ...issued, overdue: true, partiallyPaid: true }).label).toBe(
      'Overdue, partially paid',
    );
    expect(displayStatus({ status: 'preview', overdue: false, partiallyPaid: false }).label).toBe('Preview');
    expect(documentTitle({ number: null, kind: 'invoice' })).toBe('Invoice preview');
    expect(documentTitle({ number: 'INV-2026-000001', kind: 'invoice' })).toBe('INV-2026-000001');
    expect(['0', '0.00', '-0.00', '.0'].every(isZero)).toBe(true);
    expect(['0.01', '-0.001', '10'].some(isZero)).toBe(false);
  });

  it('groups lines per subscription, tenant credits and adjusted period, with exact subtotals', () => {
    // Subscription A: 12.50 − 1.25 + 0.10 = 11.35; its 0.1 + 0.2 would be 0.30000000000000004 as floats.
    const groups = groupLines([
      line(4, { kind: 'credit', sourceKind: 'tenant_credit', amount: '-2.00' }),
      line(1, { subscriptionId: 'sub_a', subscriptionName: 'A', amount: '12.50' }),
      line(2, {
        subscriptionId: 'sub_a',
        subscriptionName: 'A',
        kind: 'discount',
        parentPosition: 1,
        amount: '-1.25',
      }),
      line(3, { subscriptionId: 'sub_a', subscriptionName: 'A', amount: '0.1' }),
      line(5, { kind: 'adjustment', subscriptionId: 'sub_a', originalPeriod: '2026-09', amount: '0.2' }),
      line(6, { kind: 'adjustment', subscriptionId: 'sub_a', originalPeriod: '2026-09', amount: '0.10' }),
    ]);
    expect(groups.map((g) => [g.title, g.lines.map((l) => l.position), g.subtotal])).toEqual([
      ['A', [1, 2, 3], '11.35'],
      ['Credits', [4], '-2.00'],
      ['Prior period adjustments: 2026-09', [5, 6], '0.30'],
    ]);
  });
});
