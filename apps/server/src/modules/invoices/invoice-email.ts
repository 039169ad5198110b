import type { Kysely } from 'kysely';
import type { AnyContext, RequestContext, SystemContext } from '../../context.ts';
import type { Database, OrganisationRow } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { holdOrganisation } from '../../tenancy/chain.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { resolveIssuer } from '../invoice-pdf/issuer.ts';
import { listEmailLog } from '../mail/mail-log.service.ts';
import { queueEmail } from '../mail/outbox.ts';
import { escapeHtml } from '../mail/templates.ts';
import { PLATFORM_SCOPE } from '../subscriptions/subscription-links.service.ts';
import { daysBetween } from '../usage/local-time.ts';
import { money } from './invoice-content.ts';
import { fileNameOf, invoicePdfFile, keepIssuedPdf } from './invoice-files.ts';
import { amountDueOf } from './invoices.presenter.ts';
import {
  findInvoice,
  findScopedInvoice,
  type InvoiceRow,
  lockInvoice,
  updateInvoice,
} from './invoices.repository.ts';
import { auditOrg } from './invoices.service.ts';

const TITLE = { invoice: 'Invoice', credit_note: 'Credit note', statement: 'Statement' } as const;

/** The tenant's billing e-mail as it is now, else its contact e-mail, else the address it was issued to. */
export function billingAddressOf(tenant: OrganisationRow | undefined, row: InvoiceRow): string | null {
  return tenant?.billing_email ?? tenant?.contact_email ?? row.bill_to_email;
}

/** The recipients: those asked for, else the tenant's billing address. */
function recipientsOf(tenant: OrganisationRow | undefined, row: InvoiceRow, to: string[] | undefined) {
  if (to !== undefined) return to;
  const address = billingAddressOf(tenant, row);
  if (!address) {
    throw AppError.invalidField(
      'body.to',
      'The tenant has no billing e-mail address: give the recipients.',
      'invalid_request',
    );
  }
  return [address];
}

/** A message as plain text paragraphs and the same paragraphs as HTML. */
export function messageOf(subject: string, title: string, paragraphs: string[]) {
  return {
    subject,
    text: paragraphs.join('\n\n'),
    html: [
      '<!doctype html>',
      `<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`,
      '<body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5">',
      ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
      '</body></html>',
    ].join('\n'),
  };
}

/** The name the documents of an invoice's recorded partner are issued under (else the platform's). */
export async function issuerNameOf(ctx: AnyContext, row: InvoiceRow): Promise<string> {
  return (await resolveIssuer(ctx, row.partner_id === null ? null : { organisationId: row.partner_id })).name;
}

function bodyOf(row: InvoiceRow, issuer: string) {
  const title = TITLE[row.kind];
  return messageOf(`${title} ${row.number} from ${issuer}`, `${title} ${row.number}`, [
    `Hello ${row.bill_to_name},`,
    `${title} ${row.number} for ${row.period}, issued ${row.issue_date}.`,
    `Total: ${row.total} ${row.currency}.`,
    ...(row.kind === 'invoice' && row.due_date ? [`Due: ${row.due_date}.`] : []),
    `The ${title.toLowerCase()} is attached.`,
    issuer,
  ]);
}

/**
 * E-mails an issued document with its PDF (the bytes kept at issue) to the tenant's billing e-mail
 * or to the given addresses: one message per recipient through the outbox, in the e-mail log under
 * the invoice and visible to its recorded chain. Previews and void documents are not sent.
 */
export async function emailInvoice(ctx: RequestContext, id: string, input: { to?: string[] | undefined }) {
  const found = await findScopedInvoice(ctx.app.db.kysely, ctx.actor.scope, id);
  if (!found) throw AppError.notFound('Invoice');
  if (found.status === 'preview' || found.status === 'void') {
    throw new AppError(
      'conflict',
      `Only an issued document can be e-mailed; this ${found.kind.replace('_', ' ')} is ${found.status}.`,
    );
  }
  const { content, fileName } = await invoicePdfFile(ctx, id);
  const mail = bodyOf(found, await issuerNameOf(ctx, found));
  const queued = await transaction(ctx.app.db, async (trx) => {
    // The tenant before the invoice, as issuing locks them; held only for reading its address.
    const tenant = await holdOrganisation(trx, PLATFORM_SCOPE, found.tenant_id, 'tenant');
    const row = await lockInvoice(trx, id);
    if (!row || row.status === 'void') throw new AppError('conflict', 'The document was voided meanwhile.');
    const to = recipientsOf(tenant, row, input.to);
    const ids = await queueEmail(trx, ctx.app.clock, {
      to,
      kind: 'invoice',
      ...mail,
      attachments: [{ filename: fileName, contentType: 'application/pdf', content }],
      about: { type: 'invoice', id },
      visibleTo: { distributorId: row.distributor_id, partnerId: row.partner_id, tenantId: row.tenant_id },
    });
    await recordAudit(trx, ctx, {
      action: 'invoice.email',
      targetType: 'invoice',
      targetId: id,
      orgId: auditOrg(row),
      after: { number: row.number, recipients: to.length, emails: ids },
    });
    return ids;
  });
  ctx.app.mail.wake();
  return { queued: queued.length, emailIds: queued };
}

/**
 * Queues a message about an issued document, with its kept PDF, to the tenant's billing address,
 * in the caller's transaction after it has held the tenant and locked the invoice (as emailInvoice
 * does), with its audit row. Null when the tenant has no address at all.
 */
async function queueToTenant(
  trx: Kysely<Database>,
  ctx: SystemContext,
  tenant: OrganisationRow | undefined,
  row: InvoiceRow,
  message: { kind: string; subject: string; text: string; html: string; content: Buffer },
  audit: { action: string; after: Record<string, unknown> },
): Promise<string[] | null> {
  const address = billingAddressOf(tenant, row);
  if (!address) return null;
  const ids = await queueEmail(trx, ctx.app.clock, {
    to: [address],
    kind: message.kind,
    subject: message.subject,
    text: message.text,
    html: message.html,
    attachments: [
      {
        filename: `${fileNameOf(row.number!)}.pdf`,
        contentType: 'application/pdf',
        content: message.content,
      },
    ],
    about: { type: 'invoice', id: row.id },
    visibleTo: { distributorId: row.distributor_id, partnerId: row.partner_id, tenantId: row.tenant_id },
  });
  await recordAudit(trx, ctx, {
    action: audit.action,
    targetType: 'invoice',
    targetId: row.id,
    orgId: auditOrg(row),
    after: { number: row.number, recipients: 1, emails: ids, ...audit.after },
  });
  return ids;
}

export type AutomaticEmailOutcome = 'sent' | 'not_pending' | 'no_address';

/**
 * The automatic e-mail of a document the cycle issued ("Auto Email Invoices"; issueInvoice marks
 * it pending in its transaction): queued in the transaction that clears the mark, under the
 * invoice's row lock, so a repeated run or a second worker never sends it twice. Without any
 * address the mark stays: it goes once the tenant has one. A voided document is not sent.
 */
export async function sendAutomaticEmail(ctx: SystemContext, id: string): Promise<AutomaticEmailOutcome> {
  const found = await findInvoice(ctx.app.db.kysely, id);
  if (!found || Number(found.auto_email_pending) !== 1 || found.number === null) return 'not_pending';
  const content = await keepIssuedPdf(ctx, id);
  const mail = bodyOf(found, await issuerNameOf(ctx, found));
  const outcome = await transaction(ctx.app.db, async (trx): Promise<AutomaticEmailOutcome> => {
    const tenant = await holdOrganisation(trx, PLATFORM_SCOPE, found.tenant_id, 'tenant');
    const row = await lockInvoice(trx, id);
    if (!row || Number(row.auto_email_pending) !== 1) return 'not_pending';
    if (row.status === 'void') {
      await updateInvoice(trx, id, { auto_email_pending: 0 });
      return 'not_pending';
    }
    const ids = await queueToTenant(
      trx,
      ctx,
      tenant,
      row,
      { kind: 'invoice', ...mail, content },
      { action: 'invoice.email', after: { automatic: true } },
    );
    if (ids === null) return 'no_address';
    await updateInvoice(trx, id, { auto_email_pending: 0 });
    return 'sent';
  });
  if (outcome === 'sent') ctx.app.mail.wake();
  return outcome;
}

function noticeOf(row: InvoiceRow, issuer: string, due: string, daysOverdue: number) {
  return messageOf(
    `Payment overdue: invoice ${row.number} from ${issuer}`,
    `Invoice ${row.number} is overdue`,
    [
      `Hello ${row.bill_to_name},`,
      `Invoice ${row.number} for ${row.period} was due on ${row.due_date} and is ${daysOverdue} day${daysOverdue === 1 ? '' : 's'} overdue.`,
      `Amount due: ${due} ${row.currency} (total ${money(row.total, row.currency)} ${row.currency}).`,
      'Please pay it at your earliest convenience; if you already have, please disregard this notice. The invoice is attached.',
      issuer,
    ],
  );
}

/**
 * A delinquency notice about an overdue invoice ("Send Delinquent Payment Notifications"),
 * queued in the transaction that records it on the invoice (last_delinquency_notice_at) under the
 * invoice's row lock; `due` decides, on the locked row, whether one is due, so two workers or a
 * repeated run never send two within an interval. 'no_address' records nothing.
 */
export async function sendDelinquencyNotice(
  ctx: SystemContext,
  id: string,
  today: string,
  due: (row: InvoiceRow) => boolean,
): Promise<'sent' | 'not_due' | 'no_address'> {
  const found = await findInvoice(ctx.app.db.kysely, id);
  if (!found || !due(found)) return 'not_due';
  const content = await keepIssuedPdf(ctx, id);
  const issuer = await issuerNameOf(ctx, found);
  const outcome = await transaction(ctx.app.db, async (trx) => {
    const tenant = await holdOrganisation(trx, PLATFORM_SCOPE, found.tenant_id, 'tenant');
    const row = await lockInvoice(trx, id);
    if (!row || !due(row)) return 'not_due' as const;
    const amountDue = money(amountDueOf(row), row.currency);
    const overdue = daysBetween(row.due_date!, today);
    const ids = await queueToTenant(
      trx,
      ctx,
      tenant,
      row,
      { kind: 'delinquency_notice', ...noticeOf(row, issuer, amountDue, overdue), content },
      { action: 'invoice.delinquencyNotice', after: { amountDue, daysOverdue: overdue } },
    );
    if (ids === null) return 'no_address' as const;
    await updateInvoice(trx, id, { last_delinquency_notice_at: nowIso(ctx.app.clock) });
    return 'sent' as const;
  });
  if (outcome === 'sent') ctx.app.mail.wake();
  return outcome;
}

/** The e-mails about an invoice the caller may see, newest first, with their outcomes. */
export async function invoiceEmails(
  ctx: RequestContext,
  id: string,
  page: { limit: number; cursor?: string | undefined; includeTotal: boolean },
) {
  if (!(await findScopedInvoice(ctx.app.db.kysely, ctx.actor.scope, id))) throw AppError.notFound('Invoice');
  return listEmailLog(ctx, { relatedId: id }, page);
}
