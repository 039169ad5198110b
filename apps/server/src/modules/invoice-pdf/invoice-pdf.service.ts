import type { Kysely } from 'kysely';
import type { AnyContext, AppContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import type { InvoiceDocument } from './document.ts';
import { invoiceTheme } from './invoice-pdf.settings.ts';
import { resolveIssuer } from './issuer.ts';
import { pdfRenderPool } from './pdf-pool.ts';
import type { RenderInput } from './render.ts';

/**
 * What a document's PDF depends on besides the document: its issuer (name, logo, payment details)
 * and the Invoice Settings colours, read now (in the caller's transaction when it passes one).
 * Keep the result to render the same file again later.
 */
export async function invoicePdfInput(
  ctx: AnyContext | AppContext,
  document: InvoiceDocument,
  db?: Kysely<Database>,
): Promise<RenderInput> {
  return {
    document,
    issuer: await resolveIssuer(ctx, document.issuer, db),
    theme: await invoiceTheme(ctx, db),
  };
}

/** Renders on the process's PDF threads; call it outside any transaction (it takes a while). */
export function renderInvoice(input: RenderInput): Promise<Buffer> {
  return pdfRenderPool().render(input);
}

/** A document's PDF with the issuer and settings as they are now. */
export async function invoicePdf(ctx: AnyContext | AppContext, document: InvoiceDocument): Promise<Buffer> {
  return renderInvoice(await invoicePdfInput(ctx, document));
}
