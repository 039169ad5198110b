import { z } from 'zod';
import { prefixedId } from '../shared.schema.ts';
import { isDay } from './local-time.ts';

/** A calendar day, YYYY-MM-DD (in the region's time zone where it names usage). */
export const LocalDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date written YYYY-MM-DD.')
  .refine(isDay, { message: 'Not a calendar date.' })
  .meta({ format: 'date', examples: ['2024-03-01'] });

export const SubscriptionUsageParams = z.strictObject({ id: prefixedId('sub') });

export const SubscriptionUsageQuery = z.strictObject({
  from: LocalDay.optional().describe("First local day (inclusive); default: the first of to's month"),
  to: LocalDay.optional().describe("Last local day (inclusive); default: today in the region's time zone"),
  groupBy: z
    .enum(['day', 'meter'])
    .default('day')
    .describe('day: per local day and meter/SKU; meter: per meter/SKU over the range'),
});

const UsageItem = z.object({
  day: LocalDay.optional().describe('The local day (groupBy=day only)'),
  meterId: z.string().describe('Normalised meter id (lower case, no dashes)'),
  sku: z.string().nullable().describe('SKU or VM size; null when the usage has none'),
  meterName: z.string().nullable().describe('From the meter catalog; null for an unknown meter'),
  unit: z.string().nullable(),
  quantity: z.string().describe('Exact decimal as a string'),
  records: z.number().int().describe('Hourly records summed'),
  unknownMeter: z.boolean().describe('The meter is not in the catalog: stored, flagged, alerted'),
  informational: z.boolean().describe('Collected and shown, never priced'),
});

export const SubscriptionUsage = z
  .object({
    subscriptionId: z.string(),
    regionId: z.string().nullable(),
    azsSubscriptionId: z.string().nullable(),
    timeZone: z.string().nullable().describe("The region's time zone, whose local days these are"),
    billableFrom: z.string().describe("Usage before this instant is not the subscription's (unassigned)"),
    from: LocalDay,
    to: LocalDay,
    groupBy: z.enum(['day', 'meter']),
    items: z.array(UsageItem),
  })
  .meta({ id: 'SubscriptionUsage' });

export const RegionParams = z.strictObject({ id: prefixedId('reg') });

export const UnassignedUsage = z
  .object({
    regionId: z.string(),
    items: z.array(
      z.object({
        azsSubscriptionId: z.string(),
        displayName: z.string().nullable(),
        isOperator: z.boolean(),
        reason: z
          .enum(['unlinked', 'before_billable_from'])
          .describe('No live CMS subscription, or usage before its billable-from instant'),
        subscriptionId: z.string().nullable().describe('The linked CMS subscription (before_billable_from)'),
        billableFrom: z.string().nullable(),
        days: z.number().int().describe('Local days with unassigned usage'),
        records: z.number().int(),
        firstDay: LocalDay,
        lastDay: LocalDay,
      }),
    ),
  })
  .meta({ id: 'UnassignedUsage' });

/** The usage part of a region's health panel. */
export const RegionUsageHealth = z.object({
  unassignedSubscriptions: z.number().int().describe('Azure Stack subscriptions with unassigned usage'),
  recordsPerDay: z
    .array(z.object({ day: LocalDay, records: z.number().int() }))
    .describe('Hourly records per local day, the last 14 days (today last)'),
});
