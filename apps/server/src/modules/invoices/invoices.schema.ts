import { decimal, isDecimalString } from '@cms/billing';
import { z } from 'zod';
import { queryInteger, singleLineText } from '../../http/field-rules.ts';
import { listQueryFields, PAGE_LIMIT_MAX, pageSchema } from '../../http/pagination.ts';
import { Period } from '../rating/rating.schema.ts';
import { decimalString, prefixedId } from '../shared.schema.ts';
import { LocalDay } from '../usage/usage-reads.schema.ts';

const Dec = z.string().describe('Exact decimal as a string');
const Kind = z.enum(['invoice', 'credit_note', 'statement']);
const Status = z.enum(['preview', 'issued', 'paid', 'void']);

/** At most this many chosen tenants per request (a larger run is "all"). */
const MAX_CHOSEN_TENANTS = 500;

export const InvoiceParams = z.strictObject({ id: prefixedId('inv') });

/** Money given by a caller: exact, above 0; the invoice's currency decides how many places it may have. */
const PositiveAmount = decimalString({ places: 6, nonNegative: true })
  .refine((v) => v.split('.')[0]!.length <= 24, 'At most 24 digits before the decimal point.')
  .refine((v) => !isDecimalString(v) || decimal(v).gt('0'), 'Must be greater than 0.');

export const GenerateRequest = z.strictObject({
  period: Period.describe("The billing period 'YYYY-MM' (each region's local month)"),
  tenantIds: z
    .array(prefixedId('ten'))
    .min(1, 'Give at least one tenant, or leave tenantIds out for every tenant.')
    .max(MAX_CHOSEN_TENANTS)
    .optional()
    .describe('The tenants to invoice; absent: every tenant you bill for the period'),
});

export const GenerateJob = z
  .object({
    id: z.string().describe('The job: follow it with GET /api/v1/jobs/{id}'),
    status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
    created: z.boolean().describe('false: the same generation was already queued or running, and this is it'),
    period: z.string(),
  })
  .meta({ id: 'InvoiceGeneration' });

export const IssueAllRequest = z.strictObject({
  period: Period.describe("The billing period 'YYYY-MM' whose previews to issue"),
  tenantIds: z
    .array(prefixedId('ten'))
    .min(1, 'Give at least one tenant, or leave tenantIds out for every preview.')
    .max(MAX_CHOSEN_TENANTS)
    .optional()
    .describe('The tenants whose previews to issue; absent: every preview of the period you bill'),
});

export const IssueJob = z
  .object({
    id: z.string().describe('The job: follow it with GET /api/v1/jobs/{id}'),
    status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
    created: z.boolean().describe('false: the same issue was already queued or running, and this is it'),
    period: z.string(),
  })
  .meta({ id: 'InvoiceIssueJob' });

const Coverage = z.object({
  regionId: z.string().nullable().describe('Platform users only'),
  regionName: z.string(),
  timeZone: z.string(),
  from: z.string().describe("Start of the region's local month (UTC)"),
  to: z.string().describe("End of the region's local month (UTC)"),
});

const ExchangeRate = z.object({
  base: z.string().describe('The price list currency'),
  quote: z.string().describe("The tenant's currency"),
  rate: Dec.describe('Units of quote per unit of base'),
});

const BillTo = z.object({
  name: z.string(),
  contactName: z.string().nullable(),
  email: z.string().nullable(),
  addressLines: z.array(z.string()),
});

const InvoiceFields = {
  id: z.string(),
  kind: Kind.describe(
    'credit_note: a credit note (an invoice whose total was negative, or one against an invoice)',
  ),
  status: Status,
  number: z.string().nullable().describe('null on previews'),
  period: z.string(),
  tenantId: z.string(),
  partnerId: z
    .string()
    .optional()
    .describe("The tenant's partner at the start of the period (viewers above it)"),
  partnerName: z.string().nullable().optional(),
  distributorId: z.string().optional().describe('Platform users only'),
  distributorName: z.string().nullable().optional(),
  currency: z.string(),
  exchangeRates: z.array(ExchangeRate),
  issueDate: z.string().nullable().describe('Platform Time Zone'),
  dueDate: z.string().nullable().describe('Platform Time Zone; null for credit notes and statements'),
  paymentTermsDays: z.number().int().nullable(),
  subtotal: Dec,
  taxTotal: Dec,
  total: Dec.describe('What the tenant owes; negative on credit notes'),
  amountPaid: Dec,
  amountCredited: Dec.describe('The issued credit notes against it (negative)'),
  amountDue: Dec.describe('total + amountCredited − amountPaid (invoices; 0 for the others)'),
  overdue: z.boolean().describe('Derived: issued, something due, and the due date has passed'),
  partiallyPaid: z.boolean().describe('Derived: issued, paid in part'),
  unpricedLines: z.number().int().describe('Usage lines without a price (rated at zero)'),
  creditsInvoiceId: z.string().nullable().describe('A credit note: the invoice it credits'),
  reason: z.string().nullable(),
  coverage: z.array(Coverage).describe("Each region's local month the invoice covers"),
  billTo: BillTo,
  generatedAt: z.string(),
  issuedAt: z.string().nullable(),
  voidedAt: z.string().nullable(),
  lastDelinquencyNoticeAt: z
    .string()
    .nullable()
    .describe('When the last overdue-payment notice went (Send Delinquent Payment Notifications)'),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const Invoice = z.object(InvoiceFields).meta({ id: 'Invoice' });

const TierRow = z.object({ from: Dec, to: Dec.nullable(), quantity: Dec, rate: Dec, amount: Dec });

const InvoiceLine = z.object({
  id: z.string(),
  position: z.number().int(),
  kind: z.enum(['usage', 'discount', 'credit', 'adjustment']),
  sourceKind: z.enum(['usage', 'discount', 'item_credit', 'subscription_credit', 'tenant_credit']),
  parentPosition: z.number().int().nullable(),
  subscriptionId: z.string().nullable(),
  subscriptionName: z.string().nullable(),
  meterId: z.string().nullable(),
  meterName: z.string().nullable(),
  sku: z.string().nullable(),
  unit: z.string().nullable(),
  rawQuantity: Dec.nullable(),
  quantity: Dec.nullable(),
  unitRate: Dec.nullable().describe("Flat rate in the invoice's currency (null when tiered)"),
  tierMode: z.enum(['graduated', 'volume']).nullable(),
  tiers: z.array(TierRow),
  amount: Dec,
  unpriced: z.boolean(),
  description: z.string(),
  originalPeriod: z.string().nullable().describe('Prior-period adjustments: the period they correct'),
  creditedLineId: z.string().nullable().describe('Credit-note lines: the invoice line they credit'),
});

const TaxLine = z.object({ name: z.string(), percentage: Dec, base: Dec, amount: Dec });

const Storage = z
  .object({
    status: z.enum(['pending', 'uploaded', 'failed']),
    lastError: z.string().nullable().describe("Why the last attempt failed, in the operator's words"),
  })
  .nullable()
  .optional()
  .describe(
    'Platform users only: the copy in the Azure Blob container ("Store Invoices In Azure Storage"); ' +
      'null when none was asked for. Never a URL: the container is private.',
  );

export const InvoiceDetail = z
  .object({ ...InvoiceFields, lines: z.array(InvoiceLine), taxLines: z.array(TaxLine), storage: Storage })
  .meta({ id: 'InvoiceDetail' });

export const EmailRequest = z.strictObject({
  to: z
    .array(z.email().max(254))
    .min(1, "Give at least one address, or leave to out for the tenant's billing e-mail.")
    .max(20)
    .optional()
    .describe("The recipients; absent: the tenant's billing e-mail (else its contact e-mail)"),
});

export const EmailQueued = z
  .object({
    queued: z.number().int().describe('Messages queued: one per recipient'),
    emailIds: z.array(z.string()).describe('Their e-mail log entries'),
  })
  .meta({ id: 'InvoiceEmailQueued' });

export const InvoiceEmailsQuery = z.strictObject({
  limit: queryInteger(1, PAGE_LIMIT_MAX).default(50).describe('Default 50'),
  cursor: z.string().max(500).optional(),
  includeTotal: z.enum(['true', 'false']).default('false'),
});

export const InvoicePage = pageSchema(Invoice);

export const InvoiceListQuery = z.strictObject({
  ...listQueryFields(['createdAt', 'period']),
  status: Status.optional(),
  kind: Kind.optional(),
  period: Period.optional(),
  tenantId: prefixedId('ten').optional(),
});

const Reason = singleLineText(1000).min(1, 'Required.');

export const VoidRequest = z.strictObject({
  reason: Reason.optional().describe('Printed on the credit note'),
});

export const CreditNoteRequest = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        lineId: prefixedId('inl'),
        amount: PositiveAmount.optional().describe(
          'What to credit of the line; absent: all that is left of it',
        ),
      }),
    )
    .min(1, 'Choose at least one line.')
    .max(1000),
  reason: Reason.describe('Printed on the credit note'),
});

export const PaymentRequest = z.strictObject({
  amount: PositiveAmount.describe("In the invoice's currency, at most what is due"),
  paidOn: LocalDay.describe('The day the payment was received'),
  reference: singleLineText(200).optional().describe("The payer's or bank's reference"),
});

export const Payment = z
  .object({
    id: z.string(),
    invoiceId: z.string(),
    amount: Dec,
    paidOn: z.string(),
    reference: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'InvoicePayment' });

export const PaymentList = z.object({ items: z.array(Payment) });
