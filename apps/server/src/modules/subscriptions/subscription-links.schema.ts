import { z } from 'zod';
import { Name, prefixedId } from '../shared.schema.ts';

/** The region in the path is not the audited target (the new subscription is). */
export const SubscriptionLinkParams = z.strictObject({ regionId: prefixedId('reg') });

export const SubscriptionLink = z.strictObject({
  azsSubscriptionId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'Letters, digits, . _ - only, at most 64.')
    .describe('Its id on the region (a GUID on an Azure Stack Hub region)'),
  tenantId: prefixedId('ten'),
  name: Name.optional().describe("Default: the subscription's display name on the region"),
  billableFrom: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Usage from this instant on is billed to it (default: now); earlier usage stays unassigned'),
});

export const PlatformSubscriptions = z
  .object({
    regionId: z.string(),
    items: z.array(
      z.object({
        azsSubscriptionId: z.string(),
        displayName: z.string().nullable(),
        owner: z.string().nullable(),
        directoryTenant: z.string().nullable(),
        offerId: z.string().nullable(),
        state: z.string().nullable().describe('Enabled, Warned, PastDue, Disabled, Deleted'),
        isOperator: z.boolean().describe("The operator's own (Default Provider, Metering, Consumption)"),
        linkable: z.boolean().describe('Operator subscriptions are never linked, created or billed'),
        seenInAdminApi: z.boolean(),
        seenInUsage: z.boolean(),
        firstSeenAt: z.string(),
        lastSeenAt: z.string(),
      }),
    ),
  })
  .meta({ id: 'PlatformSubscriptions' });
