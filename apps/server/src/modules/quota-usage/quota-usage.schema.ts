import { z } from 'zod';
import { prefixedId } from '../shared.schema.ts';

export const SubscriptionQuotasParams = z.strictObject({ id: prefixedId('sub') });

const PlanQuotaItem = z.object({
  property: z.string().describe("The provider's quota property (e.g. coresLimit)"),
  unit: z.string().describe('What the limit counts (vCPUs, GB, VMs…)'),
  limit: z
    .number()
    .describe("This plan's quota limit (as the region holds it): its share of the effective limit"),
});

const PlanQuota = z.object({
  quotaId: z.string(),
  provider: z.string(),
  name: z.string(),
  items: z.array(PlanQuotaItem),
});

const SubscriptionPlanQuotas = z.object({
  planId: z.string(),
  name: z.string(),
  displayName: z.string(),
  kind: z.enum(['base', 'addon']).describe('base: a base plan of the offer; addon: an acquired add-on plan'),
  acquisitionId: z.string().nullable().describe('The acquisition on the region (add-on plans)'),
  regionDeleted: z.boolean().describe('The plan is gone from its region (kept for the record)'),
  quotas: z.array(PlanQuota),
});

const EffectiveQuota = z.object({
  provider: z.string(),
  property: z.string().describe("The provider's quota property (e.g. coresLimit)"),
  unit: z.string().describe('What the limit and the consumption count (vCPUs, GB, VMs…)'),
  limit: z
    .number()
    .describe(
      'The effective limit: the limits of every held plan (base plans and each add-on acquisition) that sets this property, summed',
    ),
  consumption: z.string().nullable().describe('Exact decimal measured over the window; null when untracked'),
  meterIds: z
    .array(z.string())
    .describe('The normalised meter ids whose usage measures it (empty when untracked)'),
  untracked: z.boolean().describe('No usage meter measures this property'),
  explanation: z.string().describe('How it is measured, or why it is untracked'),
  contributions: z
    .array(
      z.object({
        planId: z.string(),
        kind: z.enum(['base', 'addon']),
        acquisitionId: z.string().nullable(),
        quotaId: z.string(),
        quotaName: z.string(),
        limit: z.number(),
      }),
    )
    .describe('The plans whose quotas make up the limit, in the order of `plans`'),
});

export const SubscriptionQuotas = z
  .object({
    subscriptionId: z.string(),
    offer: z.object({ id: z.string(), name: z.string(), displayName: z.string() }).nullable(),
    window: z
      .object({ start: z.string(), end: z.string() })
      .nullable()
      .describe(
        'The hour consumption is measured over: the last complete hour with collected usage of the subscription within the last 24 hours; null when there is none (consumption 0)',
      ),
    plans: z.array(SubscriptionPlanQuotas).describe("Plan assignments and each plan's quotas"),
    quotas: z
      .array(EffectiveQuota)
      .describe(
        'Quotas versus consumption: one per provider and property, limits summed across the held plans',
      ),
  })
  .meta({ id: 'SubscriptionQuotas' });
