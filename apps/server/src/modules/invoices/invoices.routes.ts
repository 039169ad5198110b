import { z } from 'zod';
import type { RequestContext } from '../../context.ts';
import { defineRoute, RawResponse } from '../../http/route.ts';
import { EmailLogPage } from '../mail/mail-log.schema.ts';
import { emailInvoice, invoiceEmails } from './invoice-email.ts';
import { invoicePdfFile } from './invoice-files.ts';
import { requestGeneration } from './invoice-generate.ts';
import { requestIssue } from './invoice-issue.ts';
import {
  CreditNoteRequest,
  EmailQueued,
  EmailRequest,
  GenerateJob,
  GenerateRequest,
  InvoiceDetail,
  InvoiceEmailsQuery,
  InvoiceListQuery,
  InvoicePage,
  InvoiceParams,
  IssueAllRequest,
  IssueJob,
  Payment,
  PaymentList,
  PaymentRequest,
  VoidRequest,
} from './invoices.schema.ts';
import {
  createCreditNote,
  deletePreview,
  getInvoice,
  isInvoiceVisible,
  issueInvoice,
  listInvoices,
  listPayments,
  recordPayment,
  voidInvoice,
} from './invoices.service.ts';

const TAG = 'Invoices';
const WHO =
  'Visible to the platform, to the partner and distributor that owned the tenant at the start of the ' +
  'period (not to a later owner), and to the tenant itself for what was issued to it (read only).';
const visible = (ctx: RequestContext, params: { id: string }) => isInvoiceVisible(ctx, params.id);

export const invoiceRoutes = [
  defineRoute({
    id: 'invoices.list',
    method: 'GET',
    path: '/api/v1/invoices',
    tag: TAG,
    summary: 'Invoices, credit notes and statements',
    description: `Previews are listed to the platform and the recorded chain only. ${WHO}`,
    query: InvoiceListQuery,
    response: { status: 200, description: 'A page of invoices', schema: InvoicePage },
    handler: ({ ctx, query: { status, kind, period, tenantId, q, includeTotal, ...page } }) =>
      listInvoices(
        ctx,
        { status, kind, period, tenantId, q },
        { ...page, includeTotal: includeTotal === 'true' },
      ),
  }),
  defineRoute({
    id: 'invoices.get',
    method: 'GET',
    path: '/api/v1/invoices/:id',
    tag: TAG,
    summary: 'One invoice with its lines and tax lines',
    description: WHO,
    params: InvoiceParams,
    response: { status: 200, description: 'The invoice', schema: InvoiceDetail },
    handler: ({ ctx, params }) => getInvoice(ctx, params.id),
  }),
  defineRoute({
    id: 'invoices.pdf',
    method: 'GET',
    path: '/api/v1/invoices/:id/pdf',
    tag: TAG,
    summary: 'The PDF of an invoice, credit note or statement (a preview is marked PREVIEW)',
    description:
      `${WHO} An issued document is the file rendered when it was issued, byte for byte: later ` +
      'changes of branding or Invoice Settings do not alter it. A preview is rendered as it is now. ' +
      'Served as an attachment named after the number.',
    params: InvoiceParams,
    response: { status: 200, description: 'The PDF', contentType: 'application/pdf' },
    handler: async ({ ctx, params, reply }) => {
      const { content, fileName } = await invoicePdfFile(ctx, params.id);
      reply.header('content-disposition', `attachment; filename="${fileName}"`);
      reply.header('cache-control', 'private, no-store');
      return new RawResponse(200, content, 'application/pdf');
    },
  }),
  defineRoute({
    id: 'invoices.email',
    method: 'POST',
    path: '/api/v1/invoices/:id/email',
    tag: TAG,
    summary: "E-mail an issued document with its PDF attached (to the tenant's billing e-mail by default)",
    description:
      'Queues one message per recipient (kind `invoice`), listed in the e-mail log under the invoice ' +
      'and visible to its recorded chain. 422 naming `body.to` when the tenant has no e-mail address ' +
      'and none is given; 409 for previews and void documents.',
    params: InvoiceParams,
    body: EmailRequest,
    idempotent: true,
    target: visible,
    response: { status: 202, description: 'Queued', schema: EmailQueued },
    handler: ({ ctx, params, body }) => emailInvoice(ctx, params.id, body),
  }),
  defineRoute({
    id: 'invoices.emails',
    method: 'GET',
    path: '/api/v1/invoices/:id/emails',
    tag: TAG,
    summary: 'The e-mails about an invoice, newest first, with their outcome',
    description: `The e-mail log entries related to the invoice. ${WHO}`,
    params: InvoiceParams,
    query: InvoiceEmailsQuery,
    response: { status: 200, description: 'A page of the e-mail log', schema: EmailLogPage },
    handler: ({ ctx, params, query: { includeTotal, ...page } }) =>
      invoiceEmails(ctx, params.id, { ...page, includeTotal: includeTotal === 'true' }),
  }),
  defineRoute({
    id: 'invoices.generate',
    method: 'POST',
    path: '/api/v1/invoice-generations',
    tag: TAG,
    summary: 'Generate previews for a period: chosen tenants, or every tenant you bill',
    description:
      'Queues an `invoices.generate` job (follow it with GET /api/v1/jobs/{id}). Each tenant is rated first ' +
      'where needed and gets a preview, replacing its earlier preview; issued invoices are never touched. ' +
      'A tenant that cannot be invoiced yet (a region not collected past its month end, a missing ' +
      'exchange rate, no billing mode) gets an `invoice.not_generated` alert saying why. "Every tenant" ' +
      'means those whose chain at the start of the period includes your organisation. The same request ' +
      'while that job is queued or running answers that job.',
    body: GenerateRequest,
    idempotent: true,
    response: { status: 202, description: 'The generation job', schema: GenerateJob },
    handler: ({ ctx, body }) => requestGeneration(ctx, body),
  }),
  defineRoute({
    id: 'invoices.issue',
    method: 'POST',
    path: '/api/v1/invoices/:id/issue',
    tag: TAG,
    summary: 'Issue a preview: number, issue and due dates, frozen lines; closes the period',
    description:
      'Refused (409) when the preview no longer matches the usage and prices (generate it again). A ' +
      'negative total is issued as a credit note; showback tenants get statements.',
    params: InvoiceParams,
    idempotent: true,
    target: visible,
    response: { status: 200, description: 'The issued invoice', schema: InvoiceDetail },
    handler: ({ ctx, params }) => issueInvoice(ctx, params.id),
  }),
  defineRoute({
    id: 'invoices.issueAll',
    method: 'POST',
    path: '/api/v1/invoice-issues',
    tag: TAG,
    summary: "Issue a period's previews: chosen tenants', or every preview you bill",
    description:
      'Queues an `invoices.issue` job (follow it with GET /api/v1/jobs/{id}) that issues the previews in ' +
      'batches, each exactly as POST /api/v1/invoices/{id}/issue would. A preview that cannot be issued ' +
      '(its usage or prices changed since it was generated, a region not collected, a missing exchange ' +
      'rate) stays a preview with an `invoice.not_issued` alert saying why; the others are issued. The ' +
      'PDFs are kept by the `invoices.keep-pdfs` sweep within minutes, or on the first request for the ' +
      'file. "Every preview" means those whose recorded chain includes your organisation. The same ' +
      'request while that job is queued or running answers that job.',
    body: IssueAllRequest,
    idempotent: true,
    response: { status: 202, description: 'The issue job', schema: IssueJob },
    handler: ({ ctx, body }) => requestIssue(ctx, body),
  }),
  defineRoute({
    id: 'invoices.delete',
    method: 'DELETE',
    path: '/api/v1/invoices/:id',
    tag: TAG,
    summary: 'Delete a preview (an issued invoice is voided instead)',
    params: InvoiceParams,
    target: visible,
    response: { status: 204, description: 'Deleted' },
    handler: async ({ ctx, params }) => {
      await deletePreview(ctx, params.id);
      return undefined;
    },
  }),
  defineRoute({
    id: 'invoices.void',
    method: 'POST',
    path: '/api/v1/invoices/:id/void',
    tag: TAG,
    summary: 'Void an issued invoice: a full credit note with its own number; the invoice keeps its number',
    description: 'A statement is voided without a credit note. An invoice with payments is credited instead.',
    params: InvoiceParams,
    body: VoidRequest,
    idempotent: true,
    target: visible,
    response: {
      status: 200,
      description: 'The voided invoice and its credit note',
      schema: z
        .object({ invoice: InvoiceDetail, creditNote: InvoiceDetail.nullable() })
        .meta({ id: 'InvoiceVoided' }),
    },
    handler: ({ ctx, params, body }) => voidInvoice(ctx, params.id, body),
  }),
  defineRoute({
    id: 'invoices.creditNote',
    method: 'POST',
    path: '/api/v1/invoices/:id/credit-notes',
    tag: TAG,
    summary: 'Issue a credit note for chosen lines (or amounts of them) of an issued invoice',
    params: InvoiceParams,
    body: CreditNoteRequest,
    idempotent: true,
    target: visible,
    response: { status: 201, description: 'The credit note', schema: InvoiceDetail },
    handler: ({ ctx, params, body }) => createCreditNote(ctx, params.id, body),
  }),
  defineRoute({
    id: 'invoices.payments',
    method: 'GET',
    path: '/api/v1/invoices/:id/payments',
    tag: TAG,
    summary: 'The payments recorded against an invoice',
    description: WHO,
    params: InvoiceParams,
    response: { status: 200, description: 'Payments, oldest first', schema: PaymentList },
    handler: ({ ctx, params }) => listPayments(ctx, params.id),
  }),
  defineRoute({
    id: 'invoices.recordPayment',
    method: 'POST',
    path: '/api/v1/invoices/:id/payments',
    tag: TAG,
    summary: 'Record a payment (full or partial); the invoice is paid once nothing is due',
    description: 'Statements, credit notes and previews take no payments; nobody pays more than is due.',
    params: InvoiceParams,
    body: PaymentRequest,
    idempotent: true,
    target: visible,
    response: { status: 201, description: 'The payment', schema: Payment },
    handler: ({ ctx, params, body }) => recordPayment(ctx, params.id, body),
  }),
];
