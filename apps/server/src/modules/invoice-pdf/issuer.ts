import type { Kysely } from 'kysely';
import type { AnyContext, AppContext } from '../../context.ts';
import { PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { Database } from '../../db/schema.ts';
import { documentBranding, issuerName } from '../branding/branding.service.ts';
import { logoImage } from '../branding/logo-store.ts';
import { getSetting } from '../settings/settings.service.ts';
import type { InvoiceDocument } from './document.ts';

/** Who the PDF says issues the invoice: printed in the header, with its logo and payment details. */
export interface InvoiceIssuer {
  name: string;
  logo: { bytes: Uint8Array; mime: 'image/png' | 'image/jpeg' } | null;
  /** Printed in the footer; null: none. */
  paymentDetails: string | null;
}

/**
 * The issuer of a document (docs/invoice-pdf.md "Issuer"):
 * - an organisation (the tenant's partner): its branding name, else its own name; its branding
 *   logo (PNG or JPEG); its payment details. Nothing of the platform's is borrowed: the platform's
 *   logo or bank account on a partner's invoice would tell the tenant to pay the wrong party.
 * - null, the platform: the platform branding's name (else the built-in one); the Invoice Header
 *   Logo setting, else the platform branding's logo; the Invoice Payment Details setting.
 * Read inside the caller's transaction when it passes one.
 */
export async function resolveIssuer(
  ctx: AnyContext | AppContext,
  issuer: InvoiceDocument['issuer'],
  db?: Kysely<Database>,
): Promise<InvoiceIssuer> {
  const kysely = db ?? ('app' in ctx ? ctx.app : ctx).db.kysely;
  const logo = (found: { bytes: Buffer; contentType: 'image/png' | 'image/jpeg' } | null) =>
    found ? { bytes: new Uint8Array(found.bytes), mime: found.contentType } : null;
  if (issuer !== null && issuer.organisationId !== PLATFORM_ORG_ID) {
    const branding = await documentBranding(kysely, issuer.organisationId);
    return {
      name: await issuerName(kysely, issuer.organisationId),
      logo: logo(branding.logo),
      paymentDetails: branding.paymentDetails,
    };
  }
  const branding = await documentBranding(kysely, PLATFORM_ORG_ID);
  const headerLogoId = String(await getSetting(ctx, 'invoices.headerLogo', kysely));
  const headerLogo = headerLogoId !== '' ? await logoImage(kysely, headerLogoId) : undefined;
  const paymentDetails = String(await getSetting(ctx, 'invoices.paymentDetails', kysely));
  return {
    name: await issuerName(kysely, null),
    // The setting only accepts PNG and JPEG, so its picture always embeds.
    logo:
      headerLogo && headerLogo.contentType !== 'image/webp'
        ? logo({ bytes: headerLogo.bytes, contentType: headerLogo.contentType })
        : logo(branding.logo),
    paymentDetails: paymentDetails === '' ? null : paymentDetails,
  };
}
