import { z } from 'zod';
import { Period } from '../rating/rating.schema.ts';
import { prefixedId } from '../shared.schema.ts';
import { LocalDay } from '../usage/usage-reads.schema.ts';

const Dec = z.string().describe('Exact decimal as a string');
const Amount = z.string().describe("Exact decimal as a string, in the currency's minor unit");
const Format = z
  .enum(['json', 'csv', 'xlsx'])
  .default('json')
  .describe('json (this schema), csv (one table) or xlsx (an Excel workbook)');

export const FocusQuery = z.strictObject({
  period: Period.describe("The billing period: each region's local calendar month"),
  tenantId: prefixedId('ten').optional().describe('Only this tenant (default: every tenant you can see)'),
});

export const SubscriptionSummaryQuery = z.strictObject({
  tenantId: prefixedId('ten').optional().describe('Only this tenant (default: every tenant you can see)'),
  from: LocalDay.describe('First local day of usage (inclusive)'),
  to: LocalDay.describe('Last local day of usage (inclusive); at most 366 days from from'),
  format: Format,
});

export const ChargebackQuery = z.strictObject({
  period: Period,
  format: Format,
});

const SummaryRow = z.object({
  kind: z
    .enum(['meter', 'subscription_credit', 'tenant_credit'])
    .describe('meter: usage and billing of a meter (and SKU); the credits of a subscription or the tenant'),
  subscriptionId: z.string().nullable(),
  subscriptionName: z.string().nullable(),
  regionId: z.string().nullable(),
  regionName: z.string().nullable(),
  meterId: z.string().nullable(),
  meterName: z.string().nullable(),
  sku: z.string().nullable(),
  usageQuantity: Dec.nullable().describe("Usage of the range's local days in the meter's unit"),
  usageUnit: z.string().nullable(),
  ratedQuantity: Dec.nullable().describe("Rated quantity of the periods, in the price's unit"),
  ratedUnit: z.string().nullable(),
  currency: z.string().nullable(),
  gross: Amount.nullable(),
  discounts: Amount.nullable(),
  credits: Amount.nullable(),
  net: Amount.nullable().describe('gross + discounts + credits (discounts and credits are negative)'),
  unpricedLines: z.number().int(),
});

const RatingStatus = z.enum(['rated', 'missing_exchange_rate', 'not_rated']);

export const SubscriptionSummaryView = z
  .object({
    from: LocalDay,
    to: LocalDay,
    periods: z
      .array(Period)
      .describe('The periods whose billing results are shown: every month the range overlaps'),
    tenants: z.array(
      z.object({
        tenantId: z.string(),
        tenantName: z.string(),
        currency: z.string(),
        periods: z.array(
          z.object({
            period: Period,
            status: RatingStatus,
            ratedAt: z.string().nullable(),
            currency: z.string().nullable(),
            subtotal: Amount.nullable(),
          }),
        ),
        rows: z.array(SummaryRow),
        totals: z.array(
          z.object({
            currency: z.string(),
            gross: Amount,
            discounts: Amount,
            credits: Amount,
            net: Amount,
            unpricedLines: z.number().int(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'SubscriptionSummary' });

const BillingMode = z.enum(['chargeback', 'showback']);

export const ChargebackView = z
  .object({
    period: Period,
    platformCurrency: z.string(),
    rows: z.array(
      z.object({
        tenantId: z.string(),
        tenantName: z.string(),
        distributorId: z.string().nullable().describe('Platform users only'),
        distributorName: z.string().nullable(),
        partnerId: z.string().nullable().describe('Platform and distributor users only'),
        partnerName: z.string().nullable(),
        billingMode: BillingMode,
        currency: z.string(),
        status: RatingStatus,
        ratedAt: z.string().nullable(),
        usage: Amount.describe('Rated usage lines (gross)'),
        discounts: Amount,
        credits: Amount,
        subtotal: Amount.describe('Before tax: what the period would invoice'),
        unpricedLines: z.number().int(),
        lines: z.number().int(),
        platformSubtotal: Amount.nullable().describe(
          'The subtotal in the platform currency; null without a rate',
        ),
      }),
    ),
    totals: z.array(
      z.object({
        billingMode: BillingMode,
        currency: z.string(),
        tenants: z.number().int(),
        usage: Amount,
        discounts: Amount,
        credits: Amount,
        subtotal: Amount,
      }),
    ),
    platformTotals: z.array(
      z.object({
        billingMode: BillingMode,
        subtotal: Amount,
        tenants: z.number().int(),
        withoutRate: z.number().int().describe('Tenants left out for a missing exchange rate'),
      }),
    ),
  })
  .meta({ id: 'ChargebackReport' });

export const ReconciliationQuery = z.strictObject({
  period: Period,
  tenantId: prefixedId('ten').optional().describe('Only this tenant (default: every tenant you can see)'),
  format: Format,
});

const Quantity = Dec.nullable().describe("Exact, in the row's unit; null on credit rows");

export const ReconciliationView = z
  .object({
    period: Period,
    tenants: z.array(
      z.object({
        tenantId: z.string(),
        tenantName: z.string(),
        currency: z.string(),
        rating: RatingStatus,
        ratedAt: z.string().nullable(),
        invoiceId: z.string().nullable().describe("The period's own invoice (any status); null: none"),
        invoiceNumber: z.string().nullable(),
        invoiceKind: z.enum(['invoice', 'credit_note', 'statement']).nullable(),
        invoiceStatus: z
          .enum(['preview', 'issued', 'paid', 'void'])
          .nullable()
          .describe('Only issued and paid invoices count as invoiced'),
      }),
    ),
    rows: z.array(
      z.object({
        tenantId: z.string(),
        tenantName: z.string(),
        kind: z
          .enum(['meter', 'subscription_credit', 'tenant_credit'])
          .describe(
            'meter: a subscription and meter (SKUs summed); the credits of a subscription or the tenant',
          ),
        subscriptionId: z.string().nullable(),
        subscriptionName: z.string().nullable(),
        meterId: z.string().nullable(),
        meterName: z.string().nullable(),
        unit: z.string().nullable().describe("The meter's unit (hours for month-fraction meters)"),
        usageQuantity: Quantity.describe('Usage collected for the period, as rating reads it'),
        ratedQuantity: Quantity.describe('Quantity of the rated usage lines'),
        invoicedQuantity: Quantity.describe(
          "Quantity on the period's issued invoice plus prior-period adjustments for it",
        ),
        currency: z.string(),
        ratedAmount: Amount.describe('Rated usage with its discounts and item credits (or the credit)'),
        invoicedAmount: Amount.describe("The issued invoice's lines plus prior-period adjustments for it"),
        adjustedAmount: Amount.describe('The part of invoicedAmount billed by adjustments on later invoices'),
        creditedAmount: Amount.describe('Credit notes against those lines (negative)'),
        netInvoicedAmount: Amount.describe('invoicedAmount + creditedAmount'),
        usageMinusRated: Quantity,
        usageMinusInvoiced: Quantity,
        ratedMinusInvoiced: Amount,
        status: z
          .enum(['matched', 'adjusted', 'not_rated', 'unpriced', 'not_invoiced', 'differs'])
          .describe('docs/reports.md defines each'),
      }),
    ),
    totals: z.array(
      z.object({
        currency: z.string(),
        tenants: z.number().int(),
        rows: z.number().int(),
        ratedAmount: Amount,
        invoicedAmount: Amount,
        adjustedAmount: Amount,
        creditedAmount: Amount,
        netInvoicedAmount: Amount,
        ratedMinusInvoiced: Amount,
      }),
    ),
  })
  .meta({ id: 'ReconciliationReport' });
