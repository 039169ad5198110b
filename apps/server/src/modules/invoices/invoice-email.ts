import type { RequestContext } from '../../context.ts';
import type { OrganisationRow } from '../../db/schema.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { holdOrganisation } from '../../tenancy/chain.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { resolveIssuer } from '../invoice-pdf/issuer.ts';
import { listEmailLog } from '../mail/mail-log.service.ts';
import { queueEmail } from '../mail/outbox.ts';
import { escapeHtml } from '../mail/templates.ts';
import { PLATFORM_SCOPE } from '../subscriptions/subscription-links.service.ts';
import { invoicePdfFile } from './invoice-files.ts';
import { findScopedInvoice, type InvoiceRow, lockInvoice } from './invoices.repository.ts';
import { auditOrg } from './invoices.service.ts';

const TITLE = { invoice: 'Invoice', credit_note: 'Credit note', statement: 'Statement' } as const;

/** The recipients: those asked for, else the tenant's billing e-mail as it is now, else as issued. */
function recipientsOf(tenant: OrganisationRow | undefined, row: InvoiceRow, to: string[] | undefined) {
  if (to !== undefined) return to;
  const address = tenant?.billing_email ?? tenant?.contact_email ?? row.bill_to_email;
  if (!address) {
    throw AppError.invalidField(
      'body.to',
      'The tenant has no billing e-mail address: give the recipients.',
      'invalid_request',
    );
  }
  return [address];
}

function bodyOf(row: InvoiceRow, issuer: string) {
  const title = TITLE[row.kind];
  const facts = [
    `${title} ${row.number} for ${row.period}, issued ${row.issue_date}.`,
    `Total: ${row.total} ${row.currency}.`,
    ...(row.kind === 'invoice' && row.due_date ? [`Due: ${row.due_date}.`] : []),
  ];
  const paragraphs = [
    `Hello ${row.bill_to_name},`,
    ...facts,
    `The ${title.toLowerCase()} is attached.`,
    issuer,
  ];
  return {
    subject: `${title} ${row.number} from ${issuer}`,
    text: paragraphs.join('\n\n'),
    html: [
      '<!doctype html>',
      `<html><head><meta charset="utf-8"><title>${escapeHtml(`${title} ${row.number}`)}</title></head>`,
      '<body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5">',
      ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
      '</body></html>',
    ].join('\n'),
  };
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
  const issuer = (
    await resolveIssuer(ctx, found.partner_id === null ? null : { organisationId: found.partner_id })
  ).name;
  const mail = bodyOf(found, issuer);
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

/** The e-mails about an invoice the caller may see, newest first, with their outcomes. */
export async function invoiceEmails(
  ctx: RequestContext,
  id: string,
  page: { limit: number; cursor?: string | undefined; includeTotal: boolean },
) {
  if (!(await findScopedInvoice(ctx.app.db.kysely, ctx.actor.scope, id))) throw AppError.notFound('Invoice');
  return listEmailLog(ctx, { relatedId: id }, page);
}
