import { decimal, minorUnits, toDecimalString } from '@cms/billing';
import type { Kysely } from 'kysely';
import type { AnyContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import type { InvoiceDocument, InvoiceLine } from '../invoice-pdf/document.ts';
import { money } from './invoice-content.ts';
import { amountDueOf, tiersOf } from './invoices.presenter.ts';
import { findInvoice, findScopedInvoice, linesOf } from './invoices.repository.ts';

const plain = (v: string | null) => (v === null ? null : toDecimalString(decimal(v)));

/**
 * The document of an invoice the caller may see (a person: the recorded chain, the platform, the
 * tenant for what was issued to it; the system: any). 404 otherwise.
 */
export async function invoiceDocument(
  db: Kysely<Database>,
  ctx: AnyContext,
  id: string,
): Promise<InvoiceDocument> {
  const row = ctx.actor ? await findScopedInvoice(db, ctx.actor.scope, id) : await findInvoice(db, id);
  if (!row) throw AppError.notFound('Invoice');
  const c = row.currency;
  const lines = await linesOf(db, id);
  const groups = new Map<string, InvoiceDocument['groups'][number]>();
  const totals = new Map<string, ReturnType<typeof decimal>>();
  for (const line of lines) {
    if (line.kind === 'tax') continue;
    const key = line.original_period
      ? `period:${line.original_period}`
      : line.subscription_id
        ? `subscription:${line.subscription_id}`
        : 'tenant';
    let group = groups.get(key);
    if (!group) {
      group = {
        title: line.original_period
          ? `Prior period adjustments: ${line.original_period}`
          : line.subscription_id
            ? (line.subscription_name ?? line.subscription_id)
            : 'Credits',
        subscriptionId: line.original_period ? null : line.subscription_id,
        lines: [],
        subtotal: '0',
      };
      groups.set(key, group);
      totals.set(key, decimal('0'));
    }
    group.lines.push({
      kind: line.kind as InvoiceLine['kind'],
      description: line.description,
      meterId: line.meter_id,
      sku: line.sku,
      quantity: plain(line.quantity),
      unit: line.unit,
      unitRate: plain(line.rate),
      tiers: tiersOf(line),
      amount: money(line.amount, c),
      originalPeriod: line.original_period,
    });
    totals.set(key, totals.get(key)!.plus(decimal(line.amount)));
  }
  for (const [key, group] of groups) group.subtotal = money(totals.get(key)!, c);
  const rates = row.exchange_rates
    ? (JSON.parse(row.exchange_rates) as InvoiceDocument['exchangeRate'][])
    : [];
  const credited = row.credits_invoice_id ? await findInvoice(db, row.credits_invoice_id) : undefined;
  return {
    kind: row.kind,
    number: row.number,
    status: row.status,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    period: row.period,
    currency: { code: c, minorUnits: minorUnits(c) },
    exchangeRate: rates[0] ?? null,
    issuer: row.partner_id === null ? null : { organisationId: row.partner_id },
    billTo: {
      name: row.bill_to_name,
      contactName: row.bill_to_contact,
      email: row.bill_to_email,
      addressLines: JSON.parse(row.bill_to_address) as string[],
    },
    chain: { partnerName: row.partner_name, distributorName: row.distributor_name },
    groups: [...groups.values()],
    subtotal: money(row.subtotal, c),
    taxLines: lines
      .filter((l) => l.kind === 'tax')
      .map((l) => ({
        name: l.tax_name ?? '',
        percentage: plain(l.tax_percentage) ?? '0',
        base: money(l.tax_base ?? '0', c),
        amount: money(l.amount, c),
      })),
    total: money(row.total, c),
    amountPaid: money(row.amount_paid, c),
    amountDue: money(amountDueOf(row), c),
    references: { creditsInvoiceNumber: credited?.number ?? null },
  };
}
