import { decimal, type TierSlice, toDecimalString } from '@cms/billing';
import type { Scope } from '../../context.ts';
import type { Coverage } from './invoice-build.ts';
import { money } from './invoice-content.ts';
import type { InvoiceLineRow, InvoiceRow, PaymentRow } from './invoices.repository.ts';

/**
 * Invoice rows → the API's views. Ids of levels above the viewer are left out (as everywhere), and
 * so are region ids below the platform (regions are the platform's). Overdue and partially paid
 * are derived here, never stored.
 */

/** What is still due on an invoice: total + credit notes (negative) − payments; 0 for the other kinds. */
export function amountDueOf(row: Pick<InvoiceRow, 'kind' | 'total' | 'amount_credited' | 'amount_paid'>) {
  if (row.kind !== 'invoice') return decimal('0');
  return decimal(row.total).plus(decimal(row.amount_credited)).minus(decimal(row.amount_paid));
}

const plain = (v: string | null) => (v === null ? null : toDecimalString(decimal(v)));

export function presentInvoice(row: InvoiceRow, viewer: Scope, today: string) {
  const c = row.currency;
  const due = amountDueOf(row);
  const paid = decimal(row.amount_paid);
  const issued = row.status === 'issued';
  const coverage = JSON.parse(row.coverage) as Coverage[];
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    number: row.number,
    period: row.period,
    tenantId: row.tenant_id,
    ...(viewer.level === 'platform' || viewer.level === 'distributor'
      ? { partnerId: row.partner_id ?? undefined, partnerName: row.partner_name }
      : {}),
    ...(viewer.level === 'platform'
      ? { distributorId: row.distributor_id ?? undefined, distributorName: row.distributor_name }
      : {}),
    currency: c,
    exchangeRates: row.exchange_rates
      ? (JSON.parse(row.exchange_rates) as { base: string; quote: string; rate: string }[])
      : [],
    issueDate: row.issue_date,
    dueDate: row.due_date,
    paymentTermsDays: row.payment_terms_days === null ? null : Number(row.payment_terms_days),
    subtotal: money(row.subtotal, c),
    taxTotal: money(row.tax_total, c),
    total: money(row.total, c),
    amountPaid: money(row.amount_paid, c),
    amountCredited: money(row.amount_credited, c),
    amountDue: money(due, c),
    overdue: issued && due.gt(decimal('0')) && row.due_date !== null && today > row.due_date,
    partiallyPaid: issued && paid.gt(decimal('0')) && due.gt(decimal('0')),
    unpricedLines: Number(row.unpriced_lines),
    creditsInvoiceId: row.credits_invoice_id,
    reason: row.reason,
    coverage: coverage.map((r) => ({
      regionId: viewer.level === 'platform' ? r.regionId : null,
      regionName: r.regionName,
      timeZone: r.timeZone,
      from: r.from,
      to: r.to,
    })),
    billTo: {
      name: row.bill_to_name,
      contactName: row.bill_to_contact,
      email: row.bill_to_email,
      addressLines: JSON.parse(row.bill_to_address) as string[],
    },
    generatedAt: row.generated_at,
    issuedAt: row.issued_at,
    voidedAt: row.voided_at,
    lastDelinquencyNoticeAt: row.last_delinquency_notice_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function tiersOf(line: Pick<InvoiceLineRow, 'slices'>) {
  const slices = line.slices ? (JSON.parse(line.slices) as TierSlice[]) : [];
  return slices.map((s) => ({
    from: s.from,
    to: s.to,
    quantity: s.quantity,
    rate: s.rate,
    amount: s.amount,
  }));
}

export function presentLine(line: InvoiceLineRow, currency: string) {
  return {
    id: line.id,
    position: Number(line.position),
    kind: line.kind as 'usage' | 'discount' | 'credit' | 'adjustment',
    sourceKind: line.source_kind ?? 'usage',
    parentPosition: line.parent_position === null ? null : Number(line.parent_position),
    subscriptionId: line.subscription_id,
    subscriptionName: line.subscription_name,
    meterId: line.meter_id,
    meterName: line.meter_name,
    sku: line.sku,
    unit: line.unit,
    rawQuantity: plain(line.raw_quantity),
    quantity: plain(line.quantity),
    unitRate: plain(line.rate),
    tierMode: line.tier_mode,
    tiers: tiersOf(line),
    amount: money(line.amount, currency),
    unpriced: Number(line.unpriced) === 1,
    description: line.description,
    originalPeriod: line.original_period,
    creditedLineId: line.credited_line_id,
  };
}

export function presentTaxLine(line: InvoiceLineRow, currency: string) {
  return {
    name: line.tax_name ?? '',
    percentage: plain(line.tax_percentage) ?? '0',
    base: money(line.tax_base ?? '0', currency),
    amount: money(line.amount, currency),
  };
}

export function presentPayment(row: PaymentRow, currency: string) {
  return {
    id: row.id,
    invoiceId: row.invoice_id,
    amount: money(row.amount, currency),
    paidOn: row.paid_on,
    reference: row.reference,
    createdAt: row.created_at,
  };
}
