import { z } from 'zod';
import { optionalEntraDirectory, singleLineText } from '../../http/field-rules.ts';
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
    offerId: z
      .string()
      .nullable()
      .describe('The offer it was provisioned from; null when the CMS did not provision it'),
    provisioningState: z
      .enum(['not_provisioned', 'provisioning', 'provisioned', 'failed'])
      .describe(
        'not_provisioned: a record the CMS did not create on its region (made by hand, linked or auto-created); provisioning: the region has not confirmed it yet; provisioned: created on its region by the CMS; failed is never listed (a failed subscription is deleted)',
      ),
    regionState: z
      .string()
      .nullable()
      .describe('Its state on the region as last read or written: Enabled, Disabled, Deleted, ...'),
    regionDeletedAt: z
      .string()
      .nullable()
      .describe('When it was deleted on its region (the record stays for billing history)'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Subscription' });

export const SubscriptionPage = pageSchema(Subscription);

export const SubscriptionCreate = z.strictObject({
  tenantId: prefixedId('ten').optional().describe('Required above tenant level; defaults to your tenant'),
  name: Name,
  offerId: prefixedId('off')
    .optional()
    .describe(
      "The offer to provision it from: the subscription is created on the offer's region (then initialOwner is required). Without it, a record the CMS does not provision.",
    ),
  directoryId: optionalEntraDirectory().describe(
    "Microsoft Entra directory: tenant id (GUID) or domain; default: the tenant's. With an offer, a domain is resolved to its tenant id (the region takes GUIDs) and recorded so",
  ),
  initialOwner: optionalText(254).describe('Its owner on the region: a UPN or e-mail address'),
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

export const SubscriptionRegionDeletion = z.strictObject({
  confirm: singleLineText(200).describe(
    "The subscription's name, typed exactly: deleting it on the region destroys its resources there",
  ),
});

export const AcquiredPlan = z
  .object({
    acquisitionId: z.string().describe("The region's acquisition id (a GUID)"),
    planId: z.string().describe('The add-on plan'),
    state: z.enum(['provisioning', 'provisioned', 'removing']),
    acquiredAt: z.string(),
  })
  .meta({ id: 'AcquiredPlan' });

export const AcquiredPlanList = z.object({ items: z.array(AcquiredPlan) }).meta({ id: 'AcquiredPlanList' });

export const PlanAcquisition = z.strictObject({
  planId: prefixedId('pln').describe("An add-on plan of the subscription's offer"),
});

export const AcquiredPlanParams = z.strictObject({
  id: prefixedId('sub'),
  acquisitionId: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'A lower-case GUID.'),
});
