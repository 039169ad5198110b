import { z } from 'zod';
import { optionalEntraDirectory } from '../../http/field-rules.ts';
import { listQueryFields, pageSchema } from '../../http/pagination.ts';
import { Name, optionalText, prefixedId } from '../shared.schema.ts';

export const SubscriptionStatus = z.enum(['active', 'suspended', 'cancelled']);

export const Subscription = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    name: z.string(),
    status: SubscriptionStatus,
    directoryId: z.string().nullable().describe('Microsoft Entra directory of the subscription'),
    initialOwner: z.string().nullable().describe('Initial owner (UPN or email)'),
    regionId: z.string().nullable().describe('The region it lives on'),
    azsSubscriptionId: z.string().nullable().describe('Its subscription id on the region'),
    billableFrom: z
      .string()
      .describe(
        'Usage from this instant on is billed to it; earlier usage of its Azure Stack subscription stays unassigned',
      ),
    origin: z
      .enum(['manual', 'linked', 'auto_created'])
      .describe('Created in the CMS, linked to an existing Azure Stack subscription, or auto-created'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Subscription' });

export const SubscriptionPage = pageSchema(Subscription);

export const SubscriptionCreate = z.strictObject({
  tenantId: prefixedId('ten').optional().describe('Required above tenant level; defaults to your tenant'),
  name: Name,
  directoryId: optionalEntraDirectory().describe('Microsoft Entra directory: tenant id (GUID) or domain'),
  initialOwner: optionalText(254),
});

export const SubscriptionUpdate = z.strictObject({
  name: Name.optional(),
  status: SubscriptionStatus.optional(),
  directoryId: optionalEntraDirectory().describe('Microsoft Entra directory: tenant id (GUID) or domain'),
  initialOwner: optionalText(254),
});

export const SubscriptionListQuery = z.strictObject({
  ...listQueryFields(['name', 'createdAt']),
  tenantId: prefixedId('ten').optional(),
  status: SubscriptionStatus.optional(),
});

export const SubscriptionParams = z.strictObject({ id: prefixedId('sub') });
