import { z } from 'zod';
import { multiLineText, singleLineText, webUrl } from '../../http/field-rules.ts';
import { LABEL_NOUNS } from '../settings/settings.registry.ts';
import { Email, prefixedId } from '../shared.schema.ts';
import { checkLogo, LOGO_CONTENT_TYPES, MAX_LOGO_BASE64, MAX_LOGO_BYTES } from './logo-image.ts';

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;
// Shown in the header, the sign-in page and the browser's title: plain text, no markup.
const NO_MARKUP = /^[^<>]*$/;

const BrandName = singleLineText(100)
  .min(1, 'Required.')
  .refine((v) => NO_MARKUP.test(v), 'Plain text only: no < or >.');

const PrimaryColor = z
  .string()
  .regex(HEX_COLOUR, 'A colour as #rrggbb, e.g. #1971c2.')
  .transform((v) => v.toLowerCase())
  .describe('#rrggbb; the portal derives its colour scale from it');

const SupportUrl = webUrl(300);

/** Bank, IBAN, BIC, reference to quote…: several lines, no markup needed (a PDF prints it as text). */
const PaymentDetails = multiLineText(1000).min(1, 'Required; send null to remove them.');

const PortalHostname = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/,
    'A host name such as portal.example.com.',
  )
  .describe(
    "The host name of this partner's own portal address: its sign-in page shows the partner's branding. " +
      'Unique across partners',
  );

export const LogoUpload = z
  .strictObject({
    contentType: z.enum(LOGO_CONTENT_TYPES).describe('Checked against the image itself; SVG is not accepted'),
    data: z
      .string()
      .min(1, 'Required.')
      .max(MAX_LOGO_BASE64, `The image is larger than ${MAX_LOGO_BYTES / 1024} kB.`)
      .describe(`The image, base64-encoded (at most ${MAX_LOGO_BYTES / 1024} kB decoded)`),
  })
  .superRefine((logo, ctx) => {
    const check = checkLogo(logo.data, logo.contentType);
    if (!check.ok) ctx.addIssue({ code: 'custom', path: ['data'], message: check.message });
  })
  .meta({ id: 'LogoUpload' });

const logoField = (scheme: string) =>
  LogoUpload.nullable()
    .optional()
    .describe(`A new logo for the ${scheme} colour scheme; null removes it; absent keeps it`);

const commonUpdate = {
  name: BrandName.nullable().optional().describe('The name shown in the header and the title; null: inherit'),
  primaryColor: PrimaryColor.nullable().optional(),
  supportEmail: Email.nullable().optional().describe('Shown on the sign-in page and in the footer'),
  supportUrl: SupportUrl.nullable().optional().describe('Shown on the sign-in page and in the footer'),
  logoLight: logoField('light'),
  logoDark: logoField('dark'),
};

export const PlatformBrandingUpdate = z.strictObject(commonUpdate);
export const PartnerBrandingUpdate = z.strictObject({
  ...commonUpdate,
  portalHostname: PortalHostname.nullable().optional(),
  paymentDetails: PaymentDetails.nullable()
    .optional()
    .describe('Printed in the footer of the invoices this partner issues; null removes them'),
});

const Logo = z
  .object({
    url: z.string().describe('Cacheable: a new upload gets a new URL'),
    contentType: z.enum(LOGO_CONTENT_TYPES),
    byteSize: z.number().int(),
  })
  .meta({ id: 'Logo' });

/** What is set on one organisation (null: not set here, inherited). */
export const Branding = z
  .object({
    orgId: z.string(),
    name: z.string().nullable(),
    primaryColor: z.string().nullable(),
    supportEmail: z.string().nullable(),
    supportUrl: z.string().nullable(),
    portalHostname: z.string().nullable().describe('Partners only; always null for the platform'),
    paymentDetails: z
      .string()
      .nullable()
      .describe(
        "Partners only (always null for the platform, whose payment details are the setting invoices.paymentDetails): printed on the partner's invoices",
      ),
    logoLight: Logo.nullable(),
    logoDark: Logo.nullable(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'Branding' });

const Noun = z.object({ singular: z.string(), plural: z.string() });

export const EffectiveBranding = z
  .object({
    name: z.string(),
    primaryColor: z.string(),
    logoLightUrl: z.string().nullable(),
    logoDarkUrl: z
      .string()
      .nullable()
      .describe("The dark scheme's logo; the light one when only that is set"),
    supportEmail: z.string().nullable(),
    supportUrl: z.string().nullable(),
    labels: z.object(
      Object.fromEntries(LABEL_NOUNS.map((noun) => [noun, Noun])) as Record<
        (typeof LABEL_NOUNS)[number],
        typeof Noun
      >,
    ),
  })
  .meta({ id: 'EffectiveBranding' });

export const LogoParams = z.strictObject({ id: prefixedId('lgo') });
