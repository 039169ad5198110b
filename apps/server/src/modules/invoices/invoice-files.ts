import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AnyContext, RequestContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { resolveAlerts } from '../alerts/alerts.service.ts';
import { documentUpload, requestDocumentUpload } from '../document-storage/document-storage.service.ts';
import { invoicePdf, invoicePdfInput, renderInvoice } from '../invoice-pdf/invoice-pdf.service.ts';
import { invoiceDocument } from './invoice-document.ts';
import { findScopedInvoice, insertKeptPdf, keptPdf, lockInvoice } from './invoices.repository.ts';

/**
 * The files of issued documents. An issued invoice, credit note or statement is rendered once,
 * right after the transaction that issues it, and that file is kept (`invoice_pdfs`): the route, the e-mail and
 * the blob container all get those bytes, so a later change of branding, Invoice Settings or
 * renderer never alters what the tenant was sent. A preview is rendered afresh on every request,
 * marked PREVIEW. A document whose file was not kept at issue is kept by the sweep
 * (invoice-pdf-sweep.ts) or by the first request for it, whichever comes first.
 */

/** Raised by the sweep while an issued document's PDF cannot be kept; resolved once it is. */
export const PDF_NOT_KEPT_ALERT = 'invoice.pdf_not_kept';

/**
 * A number as a download's file name: letters, digits, `.`, `_` and `-` (a format may contain `/`,
 * `#` or spaces). Two numbers may come out alike (`INV/1`, `INV_1`): never use it as a key.
 */
export function fileNameOf(number: string): string {
  return number.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\./, '_');
}

/**
 * A number as a blob name segment, escaped rather than replaced so that different numbers never
 * share a blob: letters, digits, `-` and `.` (not leading) stay, any other character, `_`
 * included, becomes `_` and the hex of its UTF-8 bytes (`INV/2026/7` → `INV_2F2026_2F7`,
 * `INV_7` → `INV_5F7`). The usual formats (`INV-{YYYY}-{SEQ:6}`) come out unchanged.
 */
export function blobSegmentOf(number: string): string {
  let out = '';
  for (const [i, ch] of [...number].entries()) {
    if (/^[A-Za-z0-9-]$/.test(ch) || (ch === '.' && i > 0)) out += ch;
    else
      for (const byte of Buffer.from(ch, 'utf8'))
        out += `_${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Where an issued document is stored in the container: its tenant's folder, its escaped number. */
export function blobNameOf(tenantId: string, number: string): string {
  return `${tenantId}/${blobSegmentOf(number)}.pdf`;
}

/** Runs a write in a transaction: the caller's own, or a job's fenced one. */
export type Write = <T>(work: (trx: Kysely<Database>) => Promise<T>) => Promise<T>;

/**
 * The kept PDF of an issued document, rendering and keeping it first when there is none yet, and
 * handing it to document storage when "Store Invoices In Azure Storage" is on. Issuing calls this
 * right after its commit; should that fail (the process died, the renderer threw), the first
 * request for the file does it. Rendering happens outside any transaction: it takes tens of
 * milliseconds, which inside the issuing transaction would hold the number sequence that long and
 * make parallel issues on SQLite run out of retries. Two callers at once (an issue and the sweep,
 * two sweeps, a request) render twice and keep the first file under the invoice's lock; the
 * second gets it, and the upload is requested once. `write`: a job passes its fenced transaction.
 */
export async function keepIssuedPdf(
  ctx: AnyContext,
  id: string,
  write: Write = (work) => transaction(ctx.app.db, work),
): Promise<Buffer> {
  const db = ctx.app.db.kysely;
  const kept = await keptPdf(db, id);
  if (kept) return kept;
  const document = await invoiceDocument(db, ctx, id);
  const content = await renderInvoice(await invoicePdfInput(ctx, document));
  await ctx.app.pause('invoice.keep');
  const { file, woke } = await write(async (trx) => {
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
    await resolveAlerts(trx, ctx, { kind: PDF_NOT_KEPT_ALERT, key: id });
    const upload = await requestDocumentUpload(trx, ctx, {
      documentId: id,
      orgId: row.tenant_id,
      blobName: blobNameOf(row.tenant_id, row.number),
      contentType: 'application/pdf',
      content,
    });
    return { file: content, woke: upload !== null };
  });
  if (woke) ctx.app.jobs.wake();
  return file;
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
