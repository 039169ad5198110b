import { z } from 'zod';
import { optionalEntraDirectory } from '../../http/field-rules.ts';
import { listQueryFields, pageSchema } from '../../http/pagination.ts';
import { azsSubscriptionId } from '../regions/regions.schema.ts';
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
    regionId: z.string().nullable().describe('The region it lives on; null until it is placed on one'),
    regionName: z.string().nullable().describe("That region's name; null when it has none or it was deleted"),
    azsSubscriptionId: z
      .string()
      .nullable()
      .describe('Its subscription id on the region (a lower-case GUID); null while not linked'),
    billableFrom: z
      .string()
      .nullable()
      .describe('Usage before this instant stays unassigned; null: billable from its creation'),
    origin: z
      .enum(['manual', 'linked', 'auto_created'])
      .describe(
        'manual: created in the CMS; linked: an existing Azure Stack subscription linked; auto_created: created from a platform subscription',
      ),
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
  regionId: prefixedId('reg')
    .nullable()
    .optional()
    .describe('The region it lives on (platform administrators only); null takes it off its region'),
  azsSubscriptionId: azsSubscriptionId()
    .nullable()
    .optional()
    .describe(
      'Its subscription id on the region, a GUID (platform administrators only; only with a region; one live subscription per id and region)',
    ),
});

export const SubscriptionUpdate = z.strictObject({
  name: Name.optional(),
  status: SubscriptionStatus.optional(),
  directoryId: optionalEntraDirectory().describe('Microsoft Entra directory: tenant id (GUID) or domain'),
  initialOwner: optionalText(254),
  regionId: prefixedId('reg')
    .nullable()
    .optional()
    .describe('The region it lives on (platform administrators only); null takes it off its region'),
  azsSubscriptionId: azsSubscriptionId()
    .nullable()
    .optional()
    .describe(
      'Its subscription id on the region, a GUID (platform administrators only; only with a region; one live subscription per id and region)',
    ),
});

export const SubscriptionListQuery = z.strictObject({
  ...listQueryFields(['name', 'createdAt']),
  tenantId: prefixedId('ten').optional(),
  status: SubscriptionStatus.optional(),
});

export const SubscriptionParams = z.strictObject({ id: prefixedId('sub') });
