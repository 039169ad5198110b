import { describe, expect, it } from 'vitest';
import type { UsageItem } from '../../src/api/types.ts';
import { formatQuantity, thisMonth } from '../../src/components/usage/quantity.ts';
import { byMeter } from '../../src/pages/subscriptions/SubscriptionUsage.tsx';

/** The usage section's arithmetic: exact decimal strings in, exact strings out. */
describe('formatQuantity', () => {
  it('groups thousands and keeps every digit of the fraction, with no float on the way', () => {
    expect(formatQuantity('0')).toBe('0');
    expect(formatQuantity('12')).toBe('12');
    expect(formatQuantity('1234567.000000000001')).toBe('1,234,567.000000000001');
    expect(formatQuantity('-9876543210.5')).toBe('-9,876,543,210.5');
    // Beyond a double's 15–17 significant digits.
    expect(formatQuantity('12345678901234567890.12345678901234567890')).toBe(
      '12,345,678,901,234,567,890.12345678901234567890',
    );
  });
});

describe('thisMonth', () => {
  it('is the first of the month to today, on the local calendar', () => {
    expect(thisMonth(new Date(2024, 1, 29, 23, 30))).toEqual({
      fromDate: '2024-02-01',
      toDate: '2024-02-29',
    });
    expect(thisMonth(new Date(2024, 11, 1, 0, 0))).toEqual({ fromDate: '2024-12-01', toDate: '2024-12-01' });
  });
});

describe('byMeter', () => {
  const item = (day: string, meterId: string, sku: string | null, quantity: string): UsageItem => ({
    day,
    meterId,
    sku,
    meterName: meterId === 'unknown' ? null : `Meter ${meterId}`,
    unit: 'Hours',
    quantity,
    records: 24,
    unknownMeter: meterId === 'unknown',
    informational: false,
  });

  it('sums each meter and SKU over the days exactly, one row per meter and SKU', () => {
    const rows = byMeter([
      item('2024-03-01', 'a', 'S1', '0.1'),
      item('2024-03-02', 'a', 'S1', '0.2'),
      item('2024-03-01', 'a', 'S2', '99999999999999999.9'),
      item('2024-03-02', 'a', 'S2', '0.1'),
      item('2024-03-01', 'unknown', null, '6'),
    ]);
    expect(rows.map((r) => [r.meterId, r.sku, r.quantity, r.records, r.day])).toEqual([
      ['a', 'S1', '0.3', 48, undefined],
      ['a', 'S2', '100000000000000000', 48, undefined],
      ['unknown', null, '6', 24, undefined],
    ]);
    expect(rows[2]!.unknownMeter).toBe(true);
  });
});
