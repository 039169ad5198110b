import { z } from 'zod';
import { singleLineText } from '../../http/field-rules.ts';
import { decimalString, Id, optionalText, prefixedId } from '../shared.schema.ts';

/**
 * Pricing tools (seed 002 "Apply Price Increases (with Modeling)", "Estimate Costs (Estimator
 * Tool)", "Calculator Settings"). Every figure here comes from the rating engine
 * (`rateTenantPeriod`, semantics.md), so a model, an estimate and a calculation agree with what
 * rating stores for the same quantities and prices.
 *
 * Scopes and subjects are flat fields checked by the service (a problem names the missing one)
 * rather than unions, so each field has one shape in the contract.
 */

export const Period = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month written YYYY-MM.')
  .describe("A billing period: a local calendar month 'YYYY-MM'");

/** Rates keep 18 decimal places in storage (migration 0015), so an increase does too. */
export const RATE_PLACES = 18;

const MeterIdText = z
  .string()
  .regex(/^[A-Za-z0-9{][A-Za-z0-9._:{}-]{0,99}$/, 'A meter id: letters, digits and . _ : - { }; at most 100.')
  .describe("The meter's id (stored normalised: lower case, a GUID without dashes or braces)");

const Sku = singleLineText(200).describe("The SKU (e.g. the VM size); '' or absent: none");

// ---------------------------------------------------------------------------------------------
// Price increase

export const IncreaseScope = z
  .enum(['priceList', 'allRegionLists', 'region', 'tenant'])
  .describe(
    'priceList: the list `priceListId`; allRegionLists: every region-scoped list; region: the list of `regionId`; tenant: the list of `tenantId`',
  );

const increaseFields = {
  scope: IncreaseScope,
  priceListId: Id.optional().describe('scope priceList: the price list'),
  regionId: prefixedId('reg').optional().describe('scope region: the region whose list is increased'),
  tenantId: prefixedId('ten').optional().describe('scope tenant: the tenant whose list is increased'),
  sourceVersionId: Id.optional().describe(
    'scope priceList only: the version to increase; default: the version that rates the current month',
  ),
  increaseType: z
    .enum(['percentage', 'fixed'])
    .describe(
      'percentage: every flat and tier rate × (1 + amount ÷ 100); fixed: amount added to every flat and tier rate per price unit (never below zero)',
    ),
  amount: decimalString({ places: 12 }).describe(
    'The increase: a percentage (e.g. "5" for 5 %) or an amount per price unit in the list currency; negative lowers prices, never below zero',
  ),
};

export const PriceIncreaseModelBody = z.strictObject({
  ...increaseFields,
  period: Period.describe('The period whose real usage is rated twice (current prices, then increased)'),
});

export const PriceIncreaseApplyBody = z.strictObject({
  ...increaseFields,
  effectiveFrom: Period.describe(
    'The month the new version takes effect from (not before the current month)',
  ),
  activate: z
    .boolean()
    .default(true)
    .describe('true (default): the new version is activated at once; false: it stays a draft'),
  notes: optionalText(1000).describe("The new version's notes; default: what the increase was"),
});

const Money = z.string().describe('An amount in the currency, rounded as printed');

const ModelList = z.object({
  priceListId: z.string(),
  displayName: z.string(),
  scopeType: z.enum(['region', 'tenant', 'subscription']),
  currency: z.string(),
  sourceVersionId: z.string(),
  sourceVersion: z.number().int(),
  items: z.number().int().describe('Items whose rates the increase changes'),
});

const ModelMeter = z.object({
  meterId: z.string(),
  sku: z.string().nullable(),
  currency: z.string(),
  quantity: z.string().describe('Sum of the period quantities (price unit) over the tenants'),
  oldAmount: Money.describe('Gross usage lines at current prices'),
  newAmount: Money.describe('Gross usage lines at the increased prices'),
  difference: Money,
});

const ModelTenant = z.object({
  tenantId: z.string(),
  name: z.string(),
  currency: z.string(),
  status: z
    .enum(['rated', 'missing_exchange_rate'])
    .describe('missing_exchange_rate: a needed rate is missing, nothing could be rated'),
  oldSubtotal: Money.describe('Subtotal at current prices (after discounts and credits, before tax)'),
  newSubtotal: Money.describe('Subtotal at the increased prices'),
  difference: Money,
});

const ModelTotal = z.object({
  currency: z.string(),
  oldUsage: Money.describe('Sum of the gross usage lines'),
  newUsage: Money,
  oldSubtotal: Money.describe('Sum of the tenant subtotals'),
  newSubtotal: Money,
  difference: Money.describe('newSubtotal − oldSubtotal'),
});

export const PriceIncreaseModel = z
  .object({
    period: z.string(),
    increaseType: z.enum(['percentage', 'fixed']),
    amount: z.string(),
    lists: z.array(ModelList).describe('The price lists the increase changes, each with its source version'),
    meters: z.array(ModelMeter).describe('Per meter (and SKU) and currency, over every tenant'),
    tenants: z.array(ModelTenant).describe('Every tenant whose usage in the period the lists price'),
    totals: z.array(ModelTotal).describe('Per currency'),
  })
  .meta({ id: 'PriceIncreaseModel' });

export const PriceIncreaseApplied = z
  .object({
    versions: z.array(
      z.object({
        priceListId: z.string(),
        versionId: z.string(),
        version: z.number().int(),
        state: z.enum(['draft', 'active', 'superseded']),
        effectiveFrom: z.string(),
        sourceVersionId: z.string(),
        items: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'PriceIncreaseApplied' });

// ---------------------------------------------------------------------------------------------
// Estimator and calculator

const QuantityRow = z.strictObject({
  meterId: MeterIdText,
  sku: Sku.optional(),
  quantity: decimalString({ places: 18, nonNegative: true }).describe("In the meter's own unit (hours, GB…)"),
  subscriptionId: prefixedId('sub')
    .optional()
    .describe("The subscription that uses it (a tenant's estimate); default: the request's subscription"),
});

const subjectFields = {
  tenantId: prefixedId('ten').optional().describe('The tenant (or give subscriptionId)'),
  subscriptionId: prefixedId('sub').optional().describe('The subscription (or give tenantId)'),
  period: Period.optional().describe('The billing period priced; default: the current month'),
  quantities: z.array(QuantityRow).min(1, 'At least one quantity.').max(500, 'At most 500 quantities.'),
};

export const EstimateBody = z.strictObject({
  ...subjectFields,
  priceListId: Id.optional().describe(
    'Price with this list only; absent: the lists that apply (override → tenant → region)',
  ),
  versionId: Id.optional().describe(
    'With priceListId: this version (a draft too, to try proposed prices); default: the version rating the period',
  ),
});

export const CalculateBody = z.strictObject(subjectFields);

const TierSliceView = z.object({
  from: z.string(),
  to: z.string().nullable(),
  rate: z.string(),
  quantity: z.string(),
  amount: z.string(),
});

const EstimateLine = z.object({
  kind: z.enum(['usage', 'discount', 'item_credit', 'subscription_credit', 'tenant_credit']),
  subscriptionId: z.string().nullable(),
  meterId: z.string().nullable(),
  sku: z.string().nullable(),
  quantity: z.string().nullable().describe('Usage lines: the period quantity in the price unit'),
  priceUnit: z.enum(['meter', 'month']).nullable(),
  rate: z.string().nullable().describe('Flat rate in the tenant currency (converted, unrounded)'),
  tierMode: z.enum(['graduated', 'volume']).nullable(),
  slices: z.array(TierSliceView).nullable(),
  amount: Money,
  unpriced: z.boolean().describe('No price applies: rated at zero'),
  priceListId: z.string().nullable(),
  versionId: z.string().nullable(),
  description: z.string().nullable(),
});

export const Estimate = z
  .object({
    tenantId: z.string(),
    subscriptionId: z.string().nullable(),
    period: z.string(),
    currency: z.string(),
    status: z.enum(['rated', 'missing_exchange_rate']),
    missingCurrency: z.string().nullable().describe('missing_exchange_rate: the currency without a rate'),
    lines: z.array(EstimateLine),
    subtotal: Money.describe('Sum of the lines (after discounts and credits, before tax)'),
    taxes: z.array(z.object({ name: z.string(), percentage: z.string(), amount: Money })),
    tax: Money,
    total: Money,
    exchangeRates: z
      .record(z.string(), z.string())
      .describe('Units of the tenant currency per 1 unit of each list currency used'),
  })
  .meta({ id: 'Estimate' });
