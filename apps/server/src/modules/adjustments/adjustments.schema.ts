import { decimal, isDecimalString } from '@cms/billing';
import { z } from 'zod';
import { singleLineText } from '../../http/field-rules.ts';
import { listQueryFields, pageSchema } from '../../http/pagination.ts';
import { decimalString, Id, optionalText, prefixedId } from '../shared.schema.ts';
import { Percentage } from '../taxes/taxes.schema.ts';
import { METER_ID_INPUT } from '../usage/meters.ids.ts';

/** A billing period: a calendar month 'YYYY-MM' (the local month of the usage's region). */
export const Period = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month written YYYY-MM, e.g. 2026-07.')
  .meta({ examples: ['2026-07'] });

const TenantId = prefixedId('ten');
const SubscriptionId = prefixedId('sub');

// ---------------------------------------------------------------------------------------------
// Discounts

const DiscountPercentage = Percentage.refine(
  (v) => !isDecimalString(v) || decimal(v).gt('0'),
  'Must be greater than 0.',
).describe('Percentage off, more than 0 and at most 100, e.g. "12.5"');

const MeterIds = z
  .array(
    z
      .string()
      .max(100)
      .regex(METER_ID_INPUT, 'A meter id: a GUID, or letters, digits and . _ : - (as the catalog lists it).'),
  )
  .min(1, 'Give at least one meter, or null for every meter.')
  .max(200)
  .nullable()
  .describe('Only these meters (ids as the meter catalog lists them); null or absent: every meter');

const PeriodBound = (what: string) =>
  Period.nullable().optional().describe(`${what} 'YYYY-MM' (inclusive); null: open`);

export const DiscountCreate = z.strictObject({
  tenantId: TenantId.optional().describe('A tenant discount: give tenantId or subscriptionId, not both'),
  subscriptionId: SubscriptionId.optional().describe(
    "A subscription discount (replaces its tenant's discount for that subscription)",
  ),
  percentage: DiscountPercentage,
  meterIds: MeterIds.optional(),
  fromPeriod: PeriodBound('First period'),
  toPeriod: PeriodBound('Last period'),
  description: optionalText(1000),
});

export const DiscountUpdate = z.strictObject({
  percentage: DiscountPercentage.optional(),
  meterIds: MeterIds.optional(),
  fromPeriod: PeriodBound('First period'),
  toPeriod: PeriodBound('Last period'),
  description: optionalText(1000),
});

export const Discount = z
  .object({
    id: z.string(),
    scope: z.enum(['tenant', 'subscription']),
    tenantId: z.string().describe("The tenant, or the subscription's tenant"),
    subscriptionId: z.string().nullable(),
    percentage: z.string(),
    meterIds: z.array(z.string()).nullable().describe('null: every meter'),
    fromPeriod: z.string().nullable(),
    toPeriod: z.string().nullable(),
    description: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Discount' });

export const DiscountPage = pageSchema(Discount);
export const DiscountListQuery = z.strictObject({
  ...listQueryFields(['createdAt']),
  tenantId: TenantId.optional().describe("The tenant's discounts and its subscriptions'"),
  subscriptionId: SubscriptionId.optional(),
});
export const DiscountParams = z.strictObject({ id: prefixedId('dsc') });

// ---------------------------------------------------------------------------------------------
// Credits

/** An amount of money per period: exact, up to 6 decimal places (the column's scale), above 0. */
const Amount = decimalString({ places: 6, nonNegative: true })
  .refine((v) => v.split('.')[0]!.length <= 24, 'At most 24 digits before the decimal point.')
  .refine((v) => !isDecimalString(v) || decimal(v).gt('0'), 'Must be greater than 0.')
  .describe('Per billing period, in the credit\'s currency, e.g. "25.00"');

const OneOff = z
  .boolean()
  .optional()
  .describe('true: for fromPeriod only (sets toPeriod to fromPeriod; do not give another toPeriod)');

const CreditDescription = singleLineText(1000).min(1, 'Required.').describe('Printed on the credit line');

export const CreditCreate = z.strictObject({
  priceItemId: Id.optional().describe(
    "An item credit: offsets the lines of that price item (its list's meter and SKU, in every version of the list) across a tenant's subscriptions, in the price list's currency",
  ),
  subscriptionId: SubscriptionId.optional().describe("A subscription credit, in its tenant's currency"),
  tenantId: TenantId.optional().describe("A tenant credit, in the tenant's currency"),
  amount: Amount,
  fromPeriod: Period.describe("First period 'YYYY-MM'"),
  toPeriod: Period.nullable()
    .optional()
    .describe("Last period 'YYYY-MM' (inclusive); null or absent: no end"),
  oneOff: OneOff,
  description: CreditDescription,
});

export const CreditUpdate = z.strictObject({
  amount: Amount.optional(),
  fromPeriod: Period.optional(),
  toPeriod: Period.nullable().optional(),
  oneOff: OneOff,
  description: CreditDescription.optional(),
});

export const Credit = z
  .object({
    id: z.string(),
    scope: z.enum(['item', 'subscription', 'tenant']),
    priceListId: z
      .string()
      .nullable()
      .describe("An item credit's price list; null for subscription and tenant credits"),
    meterId: z
      .string()
      .nullable()
      .describe(
        "An item credit's meter: it offsets the item of this meter (and SKU) in whichever version of the list prices a period",
      ),
    sku: z
      .string()
      .nullable()
      .describe(
        "An item credit's SKU, as its items have it ('' for the meter-wide item); null for other credits",
      ),
    subscriptionId: z.string().nullable(),
    tenantId: z
      .string()
      .nullable()
      .describe("The tenant, or the subscription's tenant; null for an item credit"),
    amount: z.string(),
    currency: z.string(),
    fromPeriod: z.string(),
    toPeriod: z.string().nullable().describe('null: no end'),
    oneOff: z.boolean().describe('fromPeriod equals toPeriod'),
    description: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Credit' });

export const CreditPage = pageSchema(Credit);
export const CreditListQuery = z.strictObject({
  ...listQueryFields(['createdAt']),
  tenantId: TenantId.optional().describe("The tenant's credits and its subscriptions'"),
  subscriptionId: SubscriptionId.optional(),
  priceListId: prefixedId('prl').optional().describe("The item credits of a price list's items"),
  priceItemId: Id.optional().describe(
    'The item credits of that item: of its price list, meter and SKU (the same item in every version)',
  ),
});
export const CreditParams = z.strictObject({ id: prefixedId('crd') });
