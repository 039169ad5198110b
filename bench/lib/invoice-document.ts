/**
 * The invoice the invoice-pdf benchmark renders: a tenant with three subscriptions of typical
 * Azure Stack Hub meters, some tiered, a discount, a credit and a prior-period adjustment, one tax
 * rate, in EUR converted from USD; 29 lines and tier slices, which fill two A4 pages. Amounts are plausible
 * decimal text, not a real rating (the renderer only prints them).
 */
import type { InvoiceDocument, InvoiceLine } from '../../apps/server/src/modules/invoice-pdf/document.ts';

const METERS = [
  ['Virtual machine compute, Standard_D2_v2 (Windows)', 'hours', '0.1460'],
  ['Virtual machine compute, Standard_D4_v2 (Linux)', 'hours', '0.2190'],
  ['Standard managed disk, 128 GiB', 'disk-month', '5.2800'],
  ['Premium managed disk, 256 GiB', 'disk-month', '38.0160'],
  ['Blob storage, hot tier, data stored', 'GB-month', '0.0208'],
  ['Table and queue transactions', '10,000 transactions', '0.0004'],
  ['Data transfer out', 'GB', '0.0870'],
  ['Public IP addresses', 'IP-hours', '0.0050'],
  ['App Service, Standard S1 instance', 'hours', '0.1000'],
] as const;

export function benchInvoiceDocument(sequence: number): InvoiceDocument {
  const groups = [0, 1, 2].map((g) => {
    const lines: InvoiceLine[] = METERS.map(([description, unit, rate], m) => ({
      kind: 'usage',
      description,
      meterId: `6dab500f-a4fd-49c4-956d-229bb9c8c7${g}${m}`,
      sku: m % 3 === 0 ? `SKU-${g}${m}` : null,
      quantity: `${(g + 1) * 1000 + m * 37}.${m}25`,
      unit,
      unitRate: rate,
      tiers:
        m === 4
          ? [
              { from: '0', to: '1000', quantity: '1000', rate: '0.0208', amount: '20.80' },
              {
                from: '1000',
                to: null,
                quantity: `${g * 1000 + m * 37}.425`,
                rate: '0.0180',
                amount: '18.32',
              },
            ]
          : [],
      amount: `${(g + 2) * 31 + m}.${String(10 + m * 7).slice(0, 2)}`,
      originalPeriod: null,
    }));
    return {
      title: `Subscription ${g + 1} – Production workloads`,
      subscriptionId: `sub_${g}`,
      lines,
      subtotal: '1234.56',
    };
  });
  groups[0]!.lines.push({
    kind: 'discount',
    description: 'Partner promotion, 5% on compute',
    meterId: null,
    sku: null,
    quantity: null,
    unit: null,
    unitRate: null,
    tiers: [],
    amount: '-12.34',
    originalPeriod: null,
  });
  groups[1]!.lines.push({
    kind: 'adjustment',
    description: 'Blob storage, hot tier, data stored (late usage)',
    meterId: '6dab500f-a4fd-49c4-956d-229bb9c8c714',
    sku: null,
    quantity: '120.5',
    unit: 'GB-month',
    unitRate: '0.0208',
    tiers: [],
    amount: '2.51',
    originalPeriod: '2024-02',
  });
  return {
    kind: 'invoice',
    number: `INV-2024-${String(sequence).padStart(6, '0')}`,
    status: 'issued',
    issueDate: '2024-04-03',
    dueDate: '2024-05-03',
    period: '2024-03',
    currency: { code: 'EUR', minorUnits: 2 },
    exchangeRate: { base: 'USD', quote: 'EUR', rate: '0.921234' },
    issuer: null,
    billTo: {
      name: 'Zürich Ölçü Ltd – Ωmega',
      contactName: 'Łukasz Kowalski',
      email: 'billing@omega.example',
      addressLines: ['Bahnhofstrasse 1', '8001 Zürich', 'Switzerland'],
    },
    chain: { partnerName: 'Contoso Partner', distributorName: 'Fabrikam Distribution' },
    groups,
    subtotal: '4938.24',
    taxLines: [{ name: 'VAT', percentage: '8.1', base: '4938.24', amount: '400.00' }],
    total: '5338.24',
    amountPaid: '0.00',
    amountDue: '5338.24',
    references: { creditsInvoiceNumber: null },
  };
}
