import { CURRENCY_CODES, decimal, isCurrencyCode } from '@cms/billing';
import { z } from 'zod';
import { MASKED_SECRET } from '../../crypto/secrets.ts';
import {
  multiLineText,
  secretText,
  serviceEndpoint,
  singleLineText,
  webUrl,
} from '../../http/field-rules.ts';
import { checkLogo, MAX_LOGO_BASE64, MAX_LOGO_BYTES } from '../branding/logo-image.ts';
import { numberFormatProblem } from '../invoices/invoice-numbers.ts';
import { decimalString, prefixedId } from '../shared.schema.ts';

/**
 * Every operator-editable setting: typed key, default, validation and where it shows in System
 * Settings. Capabilities register their group here; a setting that changes nothing is a defect,
 * so each entry names the code that reads it.
 */
/**
 * `decimal`: an exact decimal kept as its string (rates, amounts, thresholds), see decimalSetting().
 * `secret`: stored encrypted with the process key (crypto/secrets.ts), listed as MASKED_SECRET when
 * set and '' when not, never returned; getSetting() decrypts it for server code only.
 * `image`: an uploaded picture, stored as a logo of the platform (modules/branding/logo-store.ts);
 * the value is its `lgo_` id ('' for none), which `/api/v1/branding/logos/{id}` serves. A change
 * sends `{ contentType, data }` (base64) to replace it, '' to remove it, or the current id to keep
 * it; see settings.service updateSettings.
 * `colour`: a colour as `#rrggbb` (lower-case), which the portal edits with a colour picker.
 */
export type SettingType =
  | 'boolean'
  | 'colour'
  | 'currency'
  | 'decimal'
  | 'integer'
  | 'string'
  | 'secret'
  | 'image';
export type SettingValue = boolean | string | number;

export interface SettingDefinition {
  key: string;
  group: SettingGroupId;
  label: string;
  description: string;
  type: SettingType;
  schema: z.ZodType<SettingValue>;
  defaultValue: SettingValue;
  /** Choices for list-type settings (shown as a select in the portal). */
  options?: readonly string[];
  /**
   * The value names a live object of this kind (or is '' for none): checked when saved, and the
   * portal offers a list of them.
   */
  references?: 'tenant' | 'taxProfile';
}

export const SETTING_GROUPS = [
  { id: 'platform', label: 'Platform' },
  { id: 'tenants', label: 'Tenants' },
  { id: 'subscriptions', label: 'Subscriptions' },
  { id: 'invoices', label: 'Invoices' },
  { id: 'users', label: 'Users' },
  { id: 'smtp', label: 'SMTP' },
  { id: 'jobs', label: 'Jobs' },
  { id: 'billing', label: 'Billing' },
  { id: 'calculator', label: 'Calculator' },
  { id: 'labels', label: 'Labels' },
] as const;
export type SettingGroupId = (typeof SETTING_GROUPS)[number]['id'];

const currency = z
  .string()
  .refine(isCurrencyCode, { message: 'Must be an ISO 4217 currency code such as USD.' }) as z.ZodType<string>;

const flag = z.boolean() as z.ZodType<SettingValue>;

/** An IANA time zone name the runtime knows (Intl resolves it), e.g. Europe/London. */
const timeZone = z.string().refine(
  (v) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: v });
      return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(v);
    } catch {
      return false;
    }
  },
  { message: 'Must be an IANA time zone such as UTC or Europe/London.' },
) as z.ZodType<SettingValue>;

/**
 * The schema of a `decimal` setting: the contract's decimal string (never a JSON number, which
 * would be a float) within inclusive bounds compared exactly.
 */
export function decimalSetting(options: {
  places: number;
  min: string;
  max: string;
}): z.ZodType<SettingValue> {
  const { places, min, max } = options;
  return decimalString({ places })
    .refine((v) => decimal(v).gte(min), { message: `At least ${min}.` })
    .refine((v) => decimal(v).lte(max), { message: `At most ${max}.` }) as z.ZodType<SettingValue>;
}

/** How the mail client secures its connection (see smtp.security). */
export const SMTP_SECURITY = ['starttls', 'tls', 'none'] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];

/** A DNS host name or an IPv4 address: dot-separated labels of letters, digits and inner hyphens. */
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * A noun shown in the portal: plain text only (it lands in headings, menus and the page title), so
 * letters, digits, spaces and a little punctuation; no markup, no control characters.
 */
const LABEL_TEXT = /^[\p{L}\p{N}](?:[\p{L}\p{N} &'.\-/()]*[\p{L}\p{N}.)])?$/u;
const label = z
  .string()
  .trim()
  .min(1, 'Required.')
  .max(40, 'At most 40 characters.')
  .refine((v) => LABEL_TEXT.test(v), {
    message: "Letters, digits, spaces and & ' . - / ( ) only, starting with a letter or digit.",
  }) as z.ZodType<SettingValue>;

/** The hierarchy nouns the portal shows, renamable for enterprise IT ("Tenant" → "Department"). */
export const LABEL_NOUNS = ['distributor', 'partner', 'tenant', 'subscription'] as const;
export type LabelNoun = (typeof LABEL_NOUNS)[number];

const labelSettings: SettingDefinition[] = LABEL_NOUNS.flatMap((noun) => {
  const singular = noun[0]!.toUpperCase() + noun.slice(1);
  return [
    {
      key: `labels.${noun}`,
      group: 'labels' as const,
      label: `${singular} (singular)`,
      description: `What the portal calls a ${noun}, e.g. in "Create ${noun}".`,
      type: 'string' as const,
      schema: label,
      defaultValue: singular,
    },
    {
      key: `labels.${noun}s`,
      group: 'labels' as const,
      label: `${singular}s (plural)`,
      description: `What the portal calls several ${noun}s, e.g. in the navigation.`,
      type: 'string' as const,
      schema: label,
      defaultValue: `${singular}s`,
    },
  ];
});

/** The types an image setting accepts: what a PDF can embed (pdfkit reads PNG and JPEG). */
export const IMAGE_SETTING_TYPES = ['image/png', 'image/jpeg'] as const;

/** A new picture for an `image` setting: base64, checked by its bytes like a branding logo. */
export const ImageSettingUpload = z
  .strictObject({
    contentType: z.enum(IMAGE_SETTING_TYPES),
    data: z
      .string()
      .min(1, 'Required.')
      .max(MAX_LOGO_BASE64, `The image is larger than ${MAX_LOGO_BYTES / 1024} kB.`),
  })
  .superRefine((image, ctx) => {
    const check = checkLogo(image.data, image.contentType);
    if (!check.ok) ctx.addIssue({ code: 'custom', path: ['data'], message: check.message });
  });
export type ImageSettingUpload = z.infer<typeof ImageSettingUpload>;

/** A colour as #rrggbb; stored lower-case so equal colours compare equal. */
const colour = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'A colour as #rrggbb, e.g. #1f3a5f.')
  .transform((v) => v.toLowerCase()) as unknown as z.ZodType<SettingValue>;

/**
 * Seed 002 "Invoice Settings": how an invoice PDF looks. Read by modules/invoice-pdf
 * (invoice-pdf.settings.ts) for every rendering. The defaults are dark text on light bands, each
 * pair at a WCAG contrast of at least 7:1 (checked in invoice-pdf.test.ts).
 */
const INVOICE_COLOURS: { key: string; label: string; description: string; defaultValue: string }[] = [
  {
    key: 'invoices.headerBackgroundColor',
    label: 'Header Background Colour',
    description: "Background of the invoice's header band and of the table's column headings.",
    defaultValue: '#e8eef5',
  },
  {
    key: 'invoices.headerFontColor',
    label: 'Header Font Colour',
    description: 'Text in the header band and the column headings.',
    defaultValue: '#14283c',
  },
  {
    key: 'invoices.bodyBackgroundColor',
    label: 'Body Background Colour',
    description: 'Background of the invoice lines and totals.',
    defaultValue: '#ffffff',
  },
  {
    key: 'invoices.bodyFontColor',
    label: 'Body Font Colour',
    description: 'Text of the invoice lines and totals.',
    defaultValue: '#1a1a1a',
  },
  {
    key: 'invoices.footerBackgroundColor',
    label: 'Footer Background Colour',
    description: 'Background of the footer band (payment details, page numbers).',
    defaultValue: '#f1f3f5',
  },
  {
    key: 'invoices.footerFontColor',
    label: 'Footer Font Colour',
    description: 'Text in the footer band.',
    defaultValue: '#343a40',
  },
  {
    key: 'invoices.groupingBackgroundColor',
    label: 'Grouping Background Colour',
    description: "Background of each subscription's heading row in the invoice table.",
    defaultValue: '#d6e2ef',
  },
  {
    key: 'invoices.groupingFontColor',
    label: 'Grouping Font Colour',
    description: "Text of each subscription's heading row.",
    defaultValue: '#14283c',
  },
];

const invoiceSettings: SettingDefinition[] = [
  ...INVOICE_COLOURS.map((c) => ({
    ...c,
    group: 'invoices' as const,
    type: 'colour' as const,
    schema: colour,
  })),
  {
    key: 'invoices.headerLogo',
    group: 'invoices',
    label: 'Invoice Header Logo',
    description:
      "The logo in the header of invoices the platform issues (PNG or JPEG, at most 256 kB); empty: the platform branding's logo. Invoices a partner issues show the partner's own logo.",
    type: 'image',
    schema: z.union([z.literal(''), prefixedId('lgo')]) as z.ZodType<SettingValue>,
    defaultValue: '',
  },
  {
    key: 'invoices.paymentDetails',
    group: 'invoices',
    label: 'Invoice Payment Details',
    description:
      'How to pay, printed in the footer of invoices the platform issues (e.g. bank, IBAN, BIC); several lines allowed. Partners set their own in their branding.',
    type: 'string',
    schema: multiLineText(1000) as z.ZodType<SettingValue>,
    defaultValue: '',
  },
];

export const SETTINGS: readonly SettingDefinition[] = [
  // Where people reach the portal: the base of every link the CMS e-mails (invitations, resets).
  {
    key: 'platform.publicUrl',
    group: 'platform',
    label: 'Portal Address',
    description: 'The https address users reach the portal at; links in e-mails start with it.',
    type: 'string',
    schema: z.union([z.literal(''), webUrl(300)]) as z.ZodType<SettingValue>,
    defaultValue: '',
  },
  // Seed 002 "Tenant Settings". Read by the policy table (tenants.create) and organisations.service.
  {
    key: 'tenants.partnerCanCreate',
    group: 'tenants',
    label: 'Partner Self Provisioning',
    description: 'Allow partner administrators to create tenants under their partner.',
    type: 'boolean',
    schema: z.boolean(),
    defaultValue: true,
  },
  {
    key: 'tenants.distributorCanCreate',
    group: 'tenants',
    label: 'Distributor Self Provisioning',
    description: 'Allow distributor administrators to create tenants under their partners.',
    type: 'boolean',
    schema: z.boolean(),
    defaultValue: true,
  },
  {
    key: 'tenants.defaultCurrency',
    group: 'tenants',
    label: 'Default Tenant Currency',
    description: 'Currency given to new distributors, partners and tenants when none is chosen.',
    type: 'currency',
    schema: currency,
    defaultValue: 'USD',
    options: CURRENCY_CODES,
  },
  // Seed 002 "Subscription Settings" (the provisioning toggles). Read by the policy table.
  {
    key: 'subscriptions.tenantCanCreate',
    group: 'subscriptions',
    label: 'Tenant Self Provisioning',
    description: 'Allow tenant administrators to create their own subscriptions.',
    type: 'boolean',
    schema: z.boolean(),
    defaultValue: false,
  },
  {
    key: 'subscriptions.partnerCanCreate',
    group: 'subscriptions',
    label: 'Partner Provisioning',
    description: 'Allow partner administrators to create subscriptions for their tenants.',
    type: 'boolean',
    schema: z.boolean(),
    defaultValue: true,
  },
  {
    key: 'subscriptions.distributorCanCreate',
    group: 'subscriptions',
    label: 'Distributor Provisioning',
    description: 'Allow distributor administrators to create subscriptions for their tenants.',
    type: 'boolean',
    schema: z.boolean(),
    defaultValue: true,
  },
  // Seed 002 "Subscription Settings": platform subscriptions (product.md §3). Read by
  // subscriptions/subscription-links.service autoCreateMissingSubscriptions after each collection.
  {
    key: 'subscriptions.autoCreateMissing',
    group: 'subscriptions',
    label: 'Auto Create Missing Subscriptions',
    description:
      "Automatically create CMS subscriptions from detected platform subscriptions (never the operator's own).",
    type: 'boolean',
    schema: z.boolean(),
    defaultValue: false,
  },
  {
    key: 'subscriptions.autoCreateTenantId',
    group: 'subscriptions',
    label: 'Auto Created Subscription Tenant Id',
    description: 'Default tenant for subscriptions created automatically from platform subscriptions.',
    type: 'string',
    schema: z.union([
      z.literal(''),
      z.string().regex(/^ten_[0-9a-hjkmnp-tv-z]{26}$/, 'Not a valid ten_ id.'),
    ]) as z.ZodType<SettingValue>,
    defaultValue: '',
    references: 'tenant',
  },
  // Seed 002 "Subscription Settings": tenant identity health checks (product.md §4). Read by
  // identity-checks.service: the daily tenants.identity-check schedule exists only while it is on
  // (its change hook adds and removes it), and
  // every check (daily, "Check now", a tenant's first administrator) raises alerts only while it is on.
  {
    key: 'subscriptions.identityHealthChecks',
    group: 'subscriptions',
    label: 'Perform Tenant Identity Health Checks',
    description:
      'Check every tenant daily (directory against its subscriptions on the region, identity provider reachable, an active administrator) and raise alerts for the problems found.',
    type: 'boolean',
    schema: z.boolean(),
    defaultValue: false,
  },
  // Issue 12 "Quota threshold alerts". Read by quota-usage/quota-alerts.service after each usage
  // collection of a region.
  {
    key: 'subscriptions.quotaAlertThresholds',
    group: 'subscriptions',
    label: 'Quota Alert Thresholds',
    description:
      'Percentages of a quota (comma separated, e.g. "80, 90, 100") at which a subscription raises an alert; empty for none. One alert per threshold crossed, resolved when consumption drops back below.',
    type: 'string',
    schema: z
      .string()
      .regex(
        /^(?:\s*[0-9]{1,4}\s*(?:,\s*[0-9]{1,4}\s*)*)?$/,
        'Whole percentages separated by commas, e.g. "80, 90, 100".',
      )
      .refine((v) => v.trim() === '' || v.split(',').every((p) => Number(p) >= 1 && Number(p) <= 1000), {
        message: 'Each percentage from 1 to 1000.',
      }) as z.ZodType<SettingValue>,
    defaultValue: '80, 90, 100',
  },
  // Seed 002 "Invoice Settings" and semantics.md "Invoices": number formats (read by
  // modules/invoices when it issues; each kind its own gap-free sequence, per year when the format
  // has the year) and the default payment terms (read when it issues; a tenant's own terms win).
  ...(
    [
      ['invoices.numberFormat', 'Invoice Number Format', 'invoices', 'INV-{YYYY}-{SEQ:6}'],
      ['invoices.creditNoteNumberFormat', 'Credit Note Number Format', 'credit notes', 'CN-{YYYY}-{SEQ:6}'],
      [
        'invoices.statementNumberFormat',
        'Statement Number Format',
        'showback statements',
        'ST-{YYYY}-{SEQ:6}',
      ],
    ] as const
  ).map(
    ([key, label, what, defaultValue]): SettingDefinition => ({
      key,
      group: 'invoices',
      label,
      description:
        `Numbers of issued ${what}: {YYYY} or {YY} is the issue year, {SEQ:6} the next number of the ` +
        'sequence padded to 6 digits. With the year, each year has its own sequence.',
      type: 'string',
      schema: z.string().superRefine((v, issue) => {
        const problem = numberFormatProblem(v);
        if (problem) issue.addIssue({ code: 'custom', message: problem });
      }) as z.ZodType<SettingValue>,
      defaultValue,
    }),
  ),
  {
    key: 'invoices.defaultPaymentTermsDays',
    group: 'invoices',
    label: 'Default Invoice Payment Terms (Days)',
    description: 'Days from the issue date to the due date, for tenants without payment terms of their own.',
    type: 'integer',
    schema: z
      .number({ message: 'Must be a whole number of days from 0 to 365.' })
      .int('Must be a whole number of days from 0 to 365.')
      .min(0, 'Must be a whole number of days from 0 to 365.')
      .max(365, 'Must be a whole number of days from 0 to 365.') as z.ZodType<SettingValue>,
    defaultValue: 30,
  },
  // Seed 002 "Invoice Settings" and semantics.md "Invoices": the automatic cycle and delinquency
  // notices. Read by modules/invoices/invoice-cycle.ts (the daily `invoices.cycle` job, scheduled
  // while Auto Create Invoices or Send Delinquent Payment Notifications is on).
  {
    key: 'invoices.autoCreate',
    group: 'invoices',
    label: 'Auto Create Invoices',
    description:
      'Generate the previews of the month that ended the day after its end (Platform Time Zone), refresh them daily, and issue them after the Invoice Submission Delay. A preview with unpriced lines, a missing exchange rate or a region not collected past its month end is not issued: it stays a preview and an alert says why.',
    type: 'boolean',
    schema: flag,
    defaultValue: false,
  },
  {
    key: 'invoices.submissionDelayDays',
    group: 'invoices',
    label: 'Invoice Submission Delay (Days)',
    description:
      'Days after the month end before Auto Create Invoices issues the previews (0: the day after the month end), leaving time to review them.',
    type: 'integer',
    schema: z
      .number({ message: 'Must be a whole number of days from 0 to 365.' })
      .int('Must be a whole number of days from 0 to 365.')
      .min(0, 'Must be a whole number of days from 0 to 365.')
      .max(365, 'Must be a whole number of days from 0 to 365.') as z.ZodType<SettingValue>,
    defaultValue: 5,
  },
  {
    key: 'invoices.autoEmail',
    group: 'invoices',
    label: 'Auto Email Invoices',
    description:
      "E-mail each document the automatic cycle issues, with its PDF, to the tenant's billing e-mail.",
    type: 'boolean',
    schema: flag,
    defaultValue: false,
  },
  {
    key: 'invoices.delinquentNotifications',
    group: 'invoices',
    label: 'Send Delinquent Payment Notifications',
    description:
      "E-mail the tenant's billing e-mail about each issued invoice that is past its due date with an amount still due, repeated at the interval below while it stays overdue. Showback statements get none.",
    type: 'boolean',
    schema: flag,
    defaultValue: false,
  },
  {
    key: 'invoices.delinquentIntervalDays',
    group: 'invoices',
    label: 'Delinquent Payment Notification Interval (Days)',
    description: 'Days between two delinquency notices about the same overdue invoice.',
    type: 'integer',
    schema: z
      .number({ message: 'Must be a whole number of days from 1 to 365.' })
      .int('Must be a whole number of days from 1 to 365.')
      .min(1, 'Must be a whole number of days from 1 to 365.')
      .max(365, 'Must be a whole number of days from 1 to 365.') as z.ZodType<SettingValue>,
    defaultValue: 7,
  },
  // Seed 002 "User Settings" and the sign-in rules of product.md §2. Read by the policy table
  // (users.create), users.service (activation) and auth/sign-in.service (lockout).
  {
    key: 'users.distributorCanCreate',
    group: 'users',
    label: 'Distributor User Provisioning',
    description: 'Allow distributor administrators to create users in their distributor and below.',
    type: 'boolean',
    schema: flag,
    defaultValue: true,
  },
  {
    key: 'users.partnerCanCreate',
    group: 'users',
    label: 'Partner User Provisioning',
    description: 'Allow partner administrators to create users in their partner and its tenants.',
    type: 'boolean',
    schema: flag,
    defaultValue: true,
  },
  {
    key: 'users.tenantCanCreate',
    group: 'users',
    label: 'Tenant User Provisioning',
    description: 'Allow tenant administrators to create users in their tenant.',
    type: 'boolean',
    schema: flag,
    defaultValue: true,
  },
  {
    key: 'users.requireActivation',
    group: 'users',
    label: 'Require User Activation',
    description:
      'New users cannot sign in until they set their password through the invitation link. When off, an ' +
      'administrator may give an initial password that must be changed at first sign-in.',
    type: 'boolean',
    schema: flag,
    defaultValue: true,
  },
  {
    key: 'users.requireActivationCode',
    group: 'users',
    label: 'Require User Activation Code',
    description:
      'A one-time code, shown to the creating administrator for out-of-band delivery, is also required at ' +
      'first sign-in.',
    type: 'boolean',
    schema: flag,
    defaultValue: false,
  },
  {
    key: 'users.lockoutThreshold',
    group: 'users',
    label: 'Lockout Threshold',
    description:
      'Consecutive failed sign-ins after which an account is Locked Out: its password no longer signs in ' +
      'for the Lockout Duration.',
    type: 'integer',
    schema: z.number().int().min(1).max(100) as z.ZodType<SettingValue>,
    defaultValue: 5,
  },
  // Read by auth/sign-in.service when it locks an account.
  {
    key: 'users.lockoutDurationMinutes',
    group: 'users',
    label: 'Lockout Duration (Minutes)',
    description:
      'How long a Locked Out account cannot sign in with its password; 0: until an administrator unlocks ' +
      'it. Its API tokens and sessions keep working, so a stranger guessing passwords cannot cut off an ' +
      'account and its automation.',
    type: 'integer',
    schema: z.number().int().min(0).max(10_080) as z.ZodType<SettingValue>,
    defaultValue: 15,
  },
  // The outgoing mail server. Read by modules/mail/mail.service on every send, so a change applies
  // to the next e-mail (invitations, password resets). Mail is off while host or sender is empty.
  {
    key: 'smtp.host',
    group: 'smtp',
    label: 'SMTP Host',
    description: 'Host name or IP address of the mail server; empty turns e-mail off.',
    type: 'string',
    schema: z.union([
      z.literal(''),
      z
        .string()
        .max(253)
        .refine((v) => HOST_NAME.test(v) || z.ipv6().safeParse(v).success, {
          message: 'Must be a host name or an IP address, e.g. smtp.example.com.',
        }),
    ]) as z.ZodType<SettingValue>,
    defaultValue: '',
  },
  {
    key: 'smtp.port',
    group: 'smtp',
    label: 'SMTP Port',
    description: '587 for STARTTLS (submission), 465 for implicit TLS, 25 for plain relays.',
    type: 'integer',
    schema: z
      .number({ message: 'Must be a port number from 1 to 65535.' })
      .int('Must be a port number from 1 to 65535.')
      .min(1, 'Must be a port number from 1 to 65535.')
      .max(65535, 'Must be a port number from 1 to 65535.') as z.ZodType<SettingValue>,
    defaultValue: 587,
  },
  {
    key: 'smtp.security',
    group: 'smtp',
    label: 'SMTP Security',
    description:
      'starttls: upgrade to TLS and refuse to send if the server cannot; tls: TLS from the first byte ' +
      '(port 465); none: no encryption, for a relay on a trusted network only.',
    type: 'string',
    schema: z.enum(SMTP_SECURITY, {
      message: 'Must be one of starttls, tls, none.',
    }) as z.ZodType<SettingValue>,
    defaultValue: 'starttls',
    options: SMTP_SECURITY,
  },
  {
    key: 'smtp.username',
    group: 'smtp',
    label: 'SMTP Username',
    description: 'Account to sign in to the mail server with; empty sends without signing in.',
    type: 'string',
    schema: singleLineText(200) as z.ZodType<SettingValue>,
    defaultValue: '',
  },
  {
    key: 'smtp.password',
    group: 'smtp',
    label: 'SMTP Password',
    description: 'Stored encrypted and never shown; send "********" to keep it, "" to remove it.',
    type: 'secret',
    schema: secretText(500) as z.ZodType<SettingValue>,
    defaultValue: '',
  },
  {
    key: 'smtp.fromAddress',
    group: 'smtp',
    label: 'Sender Address',
    description: 'The From address of every e-mail the CMS sends, e.g. cms@example.com.',
    type: 'string',
    schema: z.union([
      z.literal(''),
      z.email('Must be an e-mail address, e.g. cms@example.com.').max(254),
    ]) as z.ZodType<SettingValue>,
    defaultValue: '',
  },
  // Read by modules/jobs/runner when it starts an attempt: an attempt running longer is aborted
  // and the job fails with a message naming this setting.
  {
    key: 'jobs.maxRuntimeHours',
    group: 'jobs',
    label: 'Job Maximum Runtime (Hours)',
    description:
      'A job attempt running longer than this is stopped and the job fails (usage collection, billing and ' +
      'commission runs). Applies to attempts that start after a change.',
    type: 'integer',
    schema: z
      .number({ message: 'Must be a whole number of hours from 1 to 168.' })
      .int('Must be a whole number of hours from 1 to 168.')
      .min(1, 'Must be a whole number of hours from 1 to 168.')
      .max(168, 'Must be a whole number of hours from 1 to 168.') as z.ZodType<SettingValue>,
    defaultValue: 6,
  },
  // Read by modules/jobs/cleanup (the daily jobs.cleanup job).
  {
    key: 'jobs.historyRetentionDays',
    group: 'jobs',
    label: 'Job History Retention (Days)',
    description:
      'Finished jobs (succeeded, failed or cancelled) are deleted this many days after they finished, ' +
      'once a day. Queued and running jobs, and the last run of each schedule, are kept.',
    type: 'integer',
    schema: z
      .number({ message: 'Must be a whole number of days from 7 to 3650.' })
      .int('Must be a whole number of days from 7 to 3650.')
      .min(7, 'Must be a whole number of days from 7 to 3650.')
      .max(3650, 'Must be a whole number of days from 7 to 3650.') as z.ZodType<SettingValue>,
    defaultValue: 90,
  },
  // Read by modules/jobs/cleanup (the daily jobs.cleanup job); the keys are http/idempotency's.
  {
    key: 'platform.idempotencyKeyRetentionDays',
    group: 'platform',
    label: 'Idempotency Key Retention (Days)',
    description:
      "An API request's Idempotency-Key, and the response kept to replay it, is deleted this many days " +
      'after the request, once a day; the same key then makes a new request. A key whose request never ' +
      'finished (the process stopped mid-way) is freed then too.',
    type: 'integer',
    schema: z
      .number({ message: 'Must be a whole number of days from 1 to 3650.' })
      .int('Must be a whole number of days from 1 to 3650.')
      .min(1, 'Must be a whole number of days from 1 to 3650.')
      .max(3650, 'Must be a whole number of days from 1 to 3650.') as z.ZodType<SettingValue>,
    defaultValue: 30,
  },
  // semantics.md "Billing periods and time": invoice, issue and due dates, the exchange-rate
  // instant and the automatic invoicing schedule. Read by modules/rating and modules/taxes.
  {
    key: 'platform.timeZone',
    group: 'platform',
    label: 'Platform Time Zone',
    description:
      'Fixes invoice, issue and due dates, the instant exchange rates are taken at and the automatic invoicing schedule.',
    type: 'string',
    schema: timeZone,
    defaultValue: 'UTC',
  },
  // Seed 002 "Billing Settings". Exchange rates are stated against the platform currency and
  // dashboards show it; read by modules/exchange-rates and modules/rating.
  {
    key: 'billing.platformCurrency',
    group: 'billing',
    label: 'Default Platform Currency',
    description: 'Base currency of the platform: exchange rates are set against it and reports show it.',
    type: 'currency',
    schema: currency,
    defaultValue: 'USD',
    options: CURRENCY_CODES,
  },
  // semantics.md: per-month items on hour meters divide by the local month's real hours when on,
  // by 730 when off. Read by modules/rating (and so the estimator and calculator).
  {
    key: 'billing.monthlyVariablePricing',
    group: 'billing',
    label: 'Use Monthly Variable Pricing',
    description:
      'Per-month prices on hourly meters use the real hours of each month (672 to 745) instead of 730.',
    type: 'boolean',
    schema: flag,
    defaultValue: false,
  },
  // Tenants without a tax profile of their own are taxed by this one ('' = none: no tax).
  // Read by modules/taxes for the estimator, the calculator and invoices.
  {
    key: 'billing.defaultTaxProfileId',
    group: 'billing',
    label: 'Default Tax Profile',
    description: 'Tax profile of tenants that have none of their own. Empty: no tax.',
    type: 'string',
    schema: z.union([
      z.literal(''),
      z.string().regex(/^txp_[0-9a-hjkmnp-tv-z]{26}$/, 'Not a valid txp_ id.'),
    ]) as z.ZodType<SettingValue>,
    defaultValue: '',
    references: 'taxProfile',
  },
  // Seed 002 "Invoice Settings": "Store Invoices In Azure Storage" and the connection it uses
  // (docs/document-storage.md). Read by modules/document-storage: the switch when a document is
  // handed over for storage (requestDocumentUpload), the connection by every upload attempt, so a
  // corrected key applies to the next retry. Saving the switch on with the connection incomplete is
  // refused (SETTING_CHECKS).
  {
    key: 'invoices.storeInAzureStorage',
    group: 'invoices',
    label: 'Store Invoices In Azure Storage',
    description:
      'Upload every issued invoice PDF to the Azure Blob container below (Azure Stack Hub storage or Azure). The container stays private: documents are served only through the CMS.',
    type: 'boolean',
    schema: flag,
    defaultValue: false,
  },
  {
    key: 'invoices.storageBlobEndpoint',
    group: 'invoices',
    label: 'Azure Storage Blob Endpoint',
    description:
      "The storage account's blob service address, e.g. https://invoices.blob.local.azurestack.external (https; http only on a loopback address).",
    type: 'string',
    schema: z.union([
      z.literal(''),
      serviceEndpoint(300, 'https://invoices.blob.local.azurestack.external'),
    ]) as z.ZodType<SettingValue>,
    defaultValue: '',
  },
  {
    key: 'invoices.storageAccountName',
    group: 'invoices',
    label: 'Azure Storage Account Name',
    description: 'The storage account the key belongs to: 3 to 24 lower-case letters and digits.',
    type: 'string',
    schema: z.union([
      z.literal(''),
      z.string().regex(/^[a-z0-9]{3,24}$/, 'Must be 3 to 24 lower-case letters and digits.'),
    ]) as z.ZodType<SettingValue>,
    defaultValue: '',
  },
  {
    key: 'invoices.storageAccountKey',
    group: 'invoices',
    label: 'Azure Storage Account Key',
    description: 'Stored encrypted and never shown; send "********" to keep it, "" to remove it.',
    type: 'secret',
    schema: z.union([
      z.literal(''),
      z.literal(MASKED_SECRET),
      z
        .string()
        .max(200)
        .regex(
          /^(?:[A-Za-z0-9+/]{4}){4,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
          'Must be the base64 account key the storage account shows (e.g. 88 characters ending in ==).',
        ),
    ]) as z.ZodType<SettingValue>,
    defaultValue: '',
  },
  {
    key: 'invoices.storageContainer',
    group: 'invoices',
    label: 'Azure Storage Container',
    description:
      'The container the invoices go to; created (private) at the first upload if it does not exist. 3 to 63 lower-case letters, digits and single hyphens.',
    type: 'string',
    schema: z
      .string()
      .regex(
        /^(?=.{3,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$/,
        'Must be 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.',
      ) as z.ZodType<SettingValue>,
    defaultValue: 'invoices',
  },
  // Seed 002 "Calculator Settings". Read by the policy table (calculator routes) and the portal.
  {
    key: 'calculator.showToTenants',
    group: 'calculator',
    label: 'Show To Tenants',
    description: 'Show the calculator to tenants.',
    type: 'boolean',
    schema: flag,
    defaultValue: false,
  },
  {
    key: 'calculator.showToPartners',
    group: 'calculator',
    label: 'Show To Partners',
    description: 'Show the calculator to partners.',
    type: 'boolean',
    schema: flag,
    defaultValue: false,
  },
  {
    key: 'calculator.showToDistributors',
    group: 'calculator',
    label: 'Show To Distributors',
    description: 'Show the calculator to distributors.',
    type: 'boolean',
    schema: flag,
    defaultValue: false,
  },
  ...invoiceSettings,
  // The portal's nouns. Read by the branding service (GET /api/v1/branding), which every portal
  // page uses for its navigation, headings, tables and forms.
  ...labelSettings,
];

/**
 * A rule between settings, checked when any of its keys is saved, against the values the save
 * leaves (in its transaction): a failed check refuses the whole save, naming one key. A secret is
 * given as '' when not set and as MASKED_SECRET when set.
 */
export interface SettingCheck {
  keys: readonly string[];
  check(value: (key: string) => SettingValue): { key: string; message: string } | null;
}

const BLOB_CONNECTION = [
  'invoices.storageBlobEndpoint',
  'invoices.storageAccountName',
  'invoices.storageAccountKey',
  'invoices.storageContainer',
] as const;

export const SETTING_CHECKS: readonly SettingCheck[] = [
  {
    // An upload with half a connection can only fail: say so when the switch is saved, not at the
    // first invoice.
    keys: ['invoices.storeInAzureStorage', ...BLOB_CONNECTION],
    check(value) {
      if (value('invoices.storeInAzureStorage') !== true) return null;
      const missing = BLOB_CONNECTION.find((key) => value(key) === '');
      if (missing === undefined) return null;
      return {
        key: missing,
        message: `Required while Store Invoices In Azure Storage is on (${settingDefinition(missing)!.label}).`,
      };
    },
  },
];

const BY_KEY = new Map(SETTINGS.map((s) => [s.key, s]));

export function settingDefinition(key: string): SettingDefinition | undefined {
  return BY_KEY.get(key);
}

/** `tenants.partnerCanCreate` ↔ `CMS_SETTING_TENANTS_PARTNER_CAN_CREATE`. */
export function settingEnvName(key: string): string {
  return `CMS_SETTING_${key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/\./g, '_')
    .toUpperCase()}`;
}

/** Reads a setting value from its environment-variable text form. */
export function parseSettingText(definition: SettingDefinition, text: string): SettingValue {
  // An environment variable cannot carry an upload; an image is set in System Settings.
  if (definition.type === 'image') throw new Error('an image cannot be set from the environment');
  if (definition.type === 'boolean') {
    if (text === 'true') return true;
    if (text === 'false') return false;
    throw new Error('must be true or false');
  }
  // Plain decimal digits only: Number() would also take '0x10', '1e1', ' 12 ' and '' (as 0).
  if (definition.type === 'integer' && !/^-?[0-9]{1,15}$/.test(text)) {
    throw new Error('must be a whole number written in decimal digits');
  }
  const raw: SettingValue = definition.type === 'integer' ? Number(text) : text;
  const parsed = definition.schema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(parsed.error.issues[0]?.message ?? 'invalid value');
  }
  return parsed.data;
}
