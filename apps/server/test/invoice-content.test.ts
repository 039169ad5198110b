import { describe, expect, it } from 'vitest';
import {
  adjustmentLines,
  type ContentLine,
  lineKey,
  linesDigest,
  sameLines,
  taxLinesFor,
  totalsOf,
} from '../src/modules/invoices/invoice-content.ts';
import {
  formatNumber,
  numberFormatProblem,
  parseNumberFormat,
} from '../src/modules/invoices/invoice-numbers.ts';

/**
 * The pure parts of invoicing: number formats, prior-period differences, tax per rate and totals
 * (semantics.md "Invoices", "Rounding, tax and totals", "Periods, late usage and corrections").
 * Expected values are worked by hand in the comments.
 */

function line(partial: Partial<ContentLine> & Pick<ContentLine, 'sourceKind' | 'amount'>): ContentLine {
  return {
    kind:
      partial.sourceKind === 'usage' ? 'usage' : partial.sourceKind === 'discount' ? 'discount' : 'credit',
    parentPosition: null,
    subscriptionId: 'sub_1',
    subscriptionName: 'Production',
    regionId: null,
    meterId: null,
    meterName: null,
    sku: null,
    unit: null,
    priceUnit: null,
    priceListId: null,
    priceListVersionId: null,
    priceItemId: null,
    discountId: null,
    creditId: null,
    rawQuantity: null,
    quantity: null,
    rate: null,
    tierMode: null,
    slices: null,
    unpriced: false,
    description: 'Line',
    originalPeriod: null,
    ...partial,
  };
}

describe('number formats', () => {
  it('prints the year and the padded sequence; a longer number is printed whole', () => {
    const format = parseNumberFormat('INV-{YYYY}-{SEQ:6}');
    if (typeof format === 'string') throw new Error(format);
    expect(format.perYear).toBe(true);
    expect(formatNumber(format, 2024, 1)).toBe('INV-2024-000001');
    expect(formatNumber(format, 2024, 1234567)).toBe('INV-2024-1234567');
    const short = parseNumberFormat('cn/{yy}/{seq}');
    if (typeof short === 'string') throw new Error(short);
    expect(formatNumber(short, 2031, 42)).toBe('cn/31/42');
    const yearless = parseNumberFormat('ST{SEQ:4}');
    if (typeof yearless === 'string') throw new Error(yearless);
    expect(yearless.perYear).toBe(false);
    expect(formatNumber(yearless, 2024, 7)).toBe('ST0007');
  });

  it('refuses formats without exactly one sequence, unknown tokens and odd characters', () => {
    expect(numberFormatProblem('INV-{YYYY}')).toMatch(/exactly one \{SEQ\}/);
    expect(numberFormatProblem('{SEQ}{SEQ}')).toMatch(/exactly one/);
    expect(numberFormatProblem('INV-{MM}-{SEQ}')).toMatch(/Unknown token \{MM\}/);
    expect(numberFormatProblem('INV-{SEQ:13}')).toMatch(/1 to 12 digits/);
    expect(numberFormatProblem('INV<{SEQ}>')).toMatch(/letters, digits/);
    expect(numberFormatProblem('')).toBe('Required.');
    expect(numberFormatProblem('X'.repeat(41))).toMatch(/At most 40/);
    expect(numberFormatProblem('INV-{yyyy}-{seq:6}')).toBeNull();
  });
});

describe('tax per rate and totals', () => {
  it('taxes each group at its rates, merging a rate shared by groups into one base', () => {
    // Own lines 0.90 and March's adjustments 4.50, both at VAT 20% and Levy 2.5%:
    // VAT 5.40 × 20% = 1.08; Levy 5.40 × 2.5% = 0.135 → 0.14 (taxed separately it would be
    // 0.0225 → 0.02 plus 0.1125 → 0.11 = 0.13).
    const rates = [
      { name: 'VAT', percentage: '20' },
      { name: 'Levy', percentage: '2.5' },
    ];
    expect(
      taxLinesFor(
        [
          { base: '0.90', rates },
          { base: '4.50', rates },
        ],
        'USD',
      ),
    ).toEqual([
      { name: 'VAT', percentage: '20', base: '5.40', amount: '1.08' },
      { name: 'Levy', percentage: '2.5', base: '5.40', amount: '0.14' },
    ]);
    // A period taxed at an older rate keeps it: own 100.00 at VAT 20% = 20.00; an adjustment of
    // 10.00 from a period at VAT 19% = 1.90; two lines.
    expect(
      taxLinesFor(
        [
          { base: '100.00', rates: [{ name: 'VAT', percentage: '20' }] },
          { base: '10.00', rates: [{ name: 'VAT', percentage: '19' }] },
        ],
        'EUR',
      ),
    ).toEqual([
      { name: 'VAT', percentage: '20', base: '100.00', amount: '20.00' },
      { name: 'VAT', percentage: '19', base: '10.00', amount: '1.90' },
    ]);
  });

  it('rounds negative taxes half away from zero too, and adds up exactly', () => {
    // −20.05 × 2.5% = −0.50125 → −0.50; −0.10 × 25% = −0.025 → −0.03.
    expect(
      taxLinesFor([{ base: '-20.05', rates: [{ name: 'Levy', percentage: '2.5' }] }], 'USD')[0]!.amount,
    ).toBe('-0.50');
    expect(taxLinesFor([{ base: '-0.10', rates: [{ name: 'T', percentage: '25' }] }], 'USD')[0]!.amount).toBe(
      '-0.03',
    );
    // Yen has no minor unit: 1001 × 10% = 100.1 → 100; total 1101.
    const taxes = taxLinesFor([{ base: '1001', rates: [{ name: 'JCT', percentage: '10' }] }], 'JPY');
    expect(taxes[0]!.amount).toBe('100');
    expect(totalsOf([{ amount: '1000' }, { amount: '1' }], taxes, 'JPY')).toEqual({
      subtotal: '1001',
      tax: '100',
      total: '1101',
    });
  });
});

describe('prior-period differences', () => {
  const usage = (amount: string, quantity: string, itemId = 'pri_storage') =>
    line({
      sourceKind: 'usage',
      amount,
      quantity,
      priceItemId: itemId,
      meterId: 'storage',
      description: 'Storage',
    });
  const discount = (amount: string) =>
    line({
      sourceKind: 'discount',
      amount,
      priceItemId: 'pri_storage',
      meterId: 'storage',
      discountId: 'dsc_1',
      description: 'Discount 10%',
    });

  it('prints each line whose amount differs as the difference, labelled with its period', () => {
    // Issued: storage 250 → 155.00, discount −15.50. Recomputed with 300: 160.00, −16.00.
    const billed = [usage('155.00', '250'), discount('-15.50')];
    const now = [usage('160.00', '300'), discount('-16.00')];
    const lines = adjustmentLines('2024-03', now, billed, 'USD');
    expect(
      lines.map((l) => [l.kind, l.sourceKind, l.quantity, l.amount, l.originalPeriod, l.description]),
    ).toEqual([
      ['adjustment', 'usage', '50', '5.00', '2024-03', 'Prior period adjustment 2024-03: Storage'],
      ['adjustment', 'discount', null, '-0.50', '2024-03', 'Prior period adjustment 2024-03: Discount 10%'],
    ]);
  });

  it('counts adjustments already billed, so a difference is billed once', () => {
    const billed = [
      usage('155.00', '250'),
      discount('-15.50'),
      { ...usage('5.00', '50'), kind: 'adjustment' as const, originalPeriod: '2024-03' },
      { ...discount('-0.50'), kind: 'adjustment' as const, originalPeriod: '2024-03' },
    ];
    expect(adjustmentLines('2024-03', [usage('160.00', '300'), discount('-16.00')], billed, 'USD')).toEqual(
      [],
    );
  });

  it('takes back a line that is gone, and leaves unchanged amounts out', () => {
    // A volume item whose usage moved to another item: the old line is −50.25, the new one +20.05.
    const billed = [usage('50.25', '100.5', 'pri_old'), usage('7.00', '70', 'pri_same')];
    const now = [usage('20.05', '200.5', 'pri_new'), usage('7.00', '70', 'pri_same')];
    expect(
      adjustmentLines('2024-03', now, billed, 'USD').map((l) => [l.priceItemId, l.amount, l.quantity]),
    ).toEqual([
      ['pri_new', '20.05', '200.5'],
      ['pri_old', '-50.25', '-100.5'],
    ]);
  });

  it('keys lines by what they price, not by their position or amount', () => {
    expect(lineKey(usage('1.00', '1'))).toBe(lineKey(usage('2.00', '2')));
    expect(lineKey(usage('1.00', '1'))).not.toBe(lineKey(discount('-0.10')));
    expect(sameLines([usage('1.00', '1')], [usage('1.0', '1.000')])).toBe(true);
    expect(sameLines([usage('1.00', '1')], [usage('1.01', '1')])).toBe(false);
    expect(linesDigest([usage('1.00', '1')])).toBe(linesDigest([usage('1.0', '1.000')]));
    expect(linesDigest([usage('1.00', '1')])).not.toBe(linesDigest([usage('1.01', '1')]));
    expect(linesDigest([usage('1.00', '1')])).not.toBe(linesDigest([usage('1.00', '1.1')]));
    expect(linesDigest([usage('1.00', '1')])).not.toBe(linesDigest([usage('1.00', '1'), usage('1.00', '1')]));
    expect(linesDigest([usage('1.00', '1')])).not.toBe(linesDigest([discount('1.00')]));
  });
});
