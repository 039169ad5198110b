import { z } from 'zod';
import { prefixedId } from '../shared.schema.ts';

/** A billing period: a local calendar month written YYYY-MM. */
export const Period = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month written YYYY-MM.')
  .meta({ examples: ['2024-03'] });

const Dec = z.string().describe('Exact decimal as a string');

export const SubscriptionRatingParams = z.strictObject({ id: prefixedId('sub') });
export const TenantRatingParams = z.strictObject({ id: prefixedId('ten') });
export const PeriodQuery = z.strictObject({
  period: Period.optional().describe('Default: the current local month'),
});

const TierSlice = z.object({ from: Dec, to: Dec.nullable(), rate: Dec, quantity: Dec, amount: Dec });

const RatedLine = z.object({
  position: z.number().int(),
  kind: z.enum(['usage', 'discount', 'item_credit', 'subscription_credit', 'tenant_credit']),
  parentPosition: z.number().int().nullable().describe('The usage line a discount or item credit belongs to'),
  subscriptionId: z.string().nullable(),
  meterId: z.string().nullable(),
  sku: z.string().nullable(),
  rawQuantity: Dec.nullable().describe("Exact period sum in the meter's unit"),
  quantity: Dec.nullable().describe('Period quantity in the price unit, rounded to 6 places'),
  priceUnit: z.enum(['meter', 'month']).nullable(),
  rate: Dec.nullable().describe("Flat rate in the tenant's currency (null when tiered or unpriced)"),
  tierMode: z.enum(['graduated', 'volume']).nullable(),
  slices: z.array(TierSlice).nullable().describe('Tier slices of a tiered line'),
  amount: Dec.describe("Rounded to the currency's minor unit; negative for discounts and credits"),
  currency: z.string(),
  unpriced: z.boolean().describe('No applicable price: rated at zero and alerted'),
  discountId: z.string().nullable(),
  creditId: z.string().nullable(),
  description: z.string().nullable(),
  priceList: z
    .object({
      id: z.string().nullable().describe('Platform users only'),
      versionId: z.string().nullable().describe('Platform users only'),
      itemId: z.string().nullable().describe('Platform users only'),
      scope: z.enum(['region', 'tenant', 'subscription']),
      name: z.string(),
      version: z.number().int(),
    })
    .nullable()
    .describe('The price list version that priced the line'),
});

const PeriodHead = {
  period: Period,
  status: z.enum(['rated', 'missing_exchange_rate']).nullable().describe('null: not rated yet'),
  ratedAt: z.string().nullable(),
  currency: z.string().nullable(),
  total: Dec.nullable().describe('Sum of the lines shown'),
};

export const SubscriptionRatedLines = z
  .object({ subscriptionId: z.string(), ...PeriodHead, lines: z.array(RatedLine) })
  .meta({ id: 'SubscriptionRatedLines' });

export const TenantRatedLines = z
  .object({ tenantId: z.string(), ...PeriodHead, lines: z.array(RatedLine) })
  .meta({ id: 'TenantRatedLines' });

export const DailyCost = z
  .object({
    subscriptionId: z.string(),
    period: Period,
    currency: z.string().nullable(),
    allocation: z.literal(true).describe('Amounts per day are an allocation of the period lines by quantity'),
    days: z.array(z.object({ day: z.string(), amount: Dec.nullable() })),
  })
  .meta({ id: 'DailyCost' });

const CostHead = {
  period: Period,
  currency: z.string(),
  status: z.enum(['rated', 'missing_exchange_rate']).nullable(),
  ratedAt: z.string().nullable(),
  monthToDate: Dec.nullable().describe('Rated amounts after discounts and credits, before tax'),
  projected: Dec.nullable().describe('Projected month-end cost (null: no fully collected day yet)'),
  daysBasedOn: z.number().int().describe('Fully collected local days the projection extends'),
  missingExchangeRate: z.string().nullable().describe('A currency without an exchange rate'),
};

export const SubscriptionCostToDate = z
  .object({ subscriptionId: z.string(), ...CostHead })
  .meta({ id: 'SubscriptionCostToDate' });
export const TenantCostToDate = z
  .object({ tenantId: z.string(), ...CostHead })
  .meta({ id: 'TenantCostToDate' });

export const RecalculateRequest = z.strictObject({
  tenantId: prefixedId('ten').optional().describe('Only this tenant'),
  period: Period.optional().describe('Only this period'),
});

export const RecalculateJob = z
  .object({
    id: z.string(),
    status: z.string(),
    created: z.boolean().describe('false: a queued rating of the same scope will do it'),
  })
  .meta({ id: 'RecalculateJob' });
