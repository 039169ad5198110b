import { createHash } from 'node:crypto';
import type { AnyContext, RequestContext } from '../../context.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { documentUpload, requestDocumentUpload } from '../document-storage/document-storage.service.ts';
import { invoicePdf, invoicePdfInput, renderInvoice } from '../invoice-pdf/invoice-pdf.service.ts';
import { logLine } from '../mail/mail.service.ts';
import { invoiceDocument } from './invoice-document.ts';
import { findScopedInvoice, insertKeptPdf, keptPdf, lockInvoice } from './invoices.repository.ts';

/**
 * The files of issued documents. An issued invoice, credit note or statement is rendered once,
 * right after the transaction that issues it, and that file is kept (`invoice_pdfs`): the route, the e-mail and
 * the blob container all get those bytes, so a later change of branding, Invoice Settings or
 * renderer never alters what the tenant was sent. A preview is rendered afresh on every request,
 * marked PREVIEW.
 */

/** A number as a file name: letters, digits, `.`, `_` and `-` (a format may contain `/`, `#` or spaces). */
export function fileNameOf(number: string): string {
  return number.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\./, '_');
}

/**
 * The kept PDF of an issued document, rendering and keeping it first when there is none yet, and
 * handing it to document storage when "Store Invoices In Azure Storage" is on. Issuing calls this
 * right after its commit; should that fail (the process died, the renderer threw), the first
 * request for the file does it. Rendering happens outside any transaction: it takes tens of
 * milliseconds, which inside the issuing transaction would hold the number sequence that long and
 * make parallel issues on SQLite run out of retries. Two callers at once render twice and keep the
 * first file; the second gets it.
 */
export async function keepIssuedPdf(ctx: AnyContext, id: string): Promise<Buffer> {
  const db = ctx.app.db.kysely;
  const kept = await keptPdf(db, id);
  if (kept) return kept;
  const document = await invoiceDocument(db, ctx, id);
  const content = await renderInvoice(await invoicePdfInput(ctx, document));
  const { file, woke } = await transaction(ctx.app.db, async (trx) => {
    const row = await lockInvoice(trx, id);
    if (!row || row.number === null) throw AppError.notFound('Invoice');
    const again = await keptPdf(trx, id);
    if (again) return { file: again, woke: false };
    await insertKeptPdf(trx, {
      invoice_id: id,
      content,
      sha256: createHash('sha256').update(content).digest('hex'),
      created_at: nowIso(ctx.app.clock),
    });
    const upload = await requestDocumentUpload(trx, ctx, {
      documentId: id,
      orgId: row.tenant_id,
      blobName: `${row.tenant_id}/${fileNameOf(row.number)}.pdf`,
      contentType: 'application/pdf',
      content,
    });
    return { file: content, woke: upload !== null };
  });
  if (woke) ctx.app.jobs.wake();
  return file;
}

/**
 * After an issue has committed: keeps its file. A failure here does not undo or fail the issue
 * (it is committed); it is logged, and the first request for the file renders it.
 */
export async function keepAfterIssue(ctx: AnyContext, id: string): Promise<void> {
  try {
    await keepIssuedPdf(ctx, id);
  } catch (error) {
    logLine(
      ctx,
      'error',
      { invoiceId: id, err: error instanceof Error ? error.message : String(error) },
      'invoice PDF not kept at issue',
    );
  }
}

/**
 * The PDF of an invoice the caller may see (404 otherwise, as `invoices.get`): a preview rendered
 * now, an issued document as it was kept at its issue.
 */
export async function invoicePdfFile(ctx: RequestContext, id: string) {
  const row = await findScopedInvoice(ctx.app.db.kysely, ctx.actor.scope, id);
  if (!row) throw AppError.notFound('Invoice');
  if (row.number === null) {
    const content = await invoicePdf(ctx, await invoiceDocument(ctx.app.db.kysely, ctx, id));
    return { content, fileName: `preview-${row.period}.pdf` };
  }
  return { content: await keepIssuedPdf(ctx, id), fileName: `${fileNameOf(row.number)}.pdf` };
}

/** Where the copy of an issued document in the Azure Blob container stands (never a URL). */
export async function storageOf(ctx: AnyContext, id: string) {
  const upload = await documentUpload(ctx, id);
  return upload === null ? null : { status: upload.status, lastError: upload.lastError };
}
