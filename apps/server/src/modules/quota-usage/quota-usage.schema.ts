import { z } from 'zod';
import { prefixedId } from '../shared.schema.ts';

export const SubscriptionQuotasParams = z.strictObject({ id: prefixedId('sub') });

const QuotaItem = z.object({
  property: z.string().describe("The provider's quota property (e.g. coresLimit)"),
  unit: z.string().describe('What the limit and the consumption count (vCPUs, GB, VMs…)'),
  limit: z.number().describe("The quota's limit (as the region holds it)"),
  consumption: z.string().nullable().describe('Exact decimal measured over the window; null when untracked'),
  meterIds: z
    .array(z.string())
    .describe('The normalised meter ids whose usage measures it (empty when untracked)'),
  untracked: z.boolean().describe('No usage meter measures this property'),
  explanation: z.string().describe('How it is measured, or why it is untracked'),
});

const PlanQuota = z.object({
  quotaId: z.string(),
  provider: z.string(),
  name: z.string(),
  items: z.array(QuotaItem),
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
    plans: z.array(SubscriptionPlanQuotas),
  })
  .meta({ id: 'SubscriptionQuotas' });
