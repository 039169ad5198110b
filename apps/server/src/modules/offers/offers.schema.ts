import { z } from 'zod';
import { singleLineText } from '../../http/field-rules.ts';
import { listQueryFields, pageSchema } from '../../http/pagination.ts';
import { optionalText, prefixedId } from '../shared.schema.ts';

// ---------------------------------------------------------------------------------------------
// Shared pieces

const RegionId = prefixedId('reg');
const PlanId = prefixedId('pln');
const OfferId = prefixedId('off');
const QuotaId = prefixedId('quo');

/** An ARM resource group name as Azure accepts it (letters, digits, . _ - ( ), not ending with a dot). */
const ResourceGroup = z
  .string()
  .min(1)
  .max(90)
  .regex(/^[A-Za-z0-9._()-]*[A-Za-z0-9_()-]$/, 'Letters, digits, . _ - ( ), not ending with a dot.')
  .describe('The resource group on the region (default "cms-offers")');

/** An ARM resource name: a letter or digit, then letters, digits, . _ - (at most 128). */
const ResourceName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'A letter or digit, then letters, digits, . _ or -.')
  .describe('The name on the region: with the resource group, its identity there (case-insensitive)');

const DisplayName = singleLineText(200).min(1, 'Required.');

/** A quota's name on the region: quotas of the admin providers may hold spaces ("Default Quota"). */
const QuotaName = z
  .string()
  .min(1, 'Required.')
  .max(128)
  .regex(
    /^[A-Za-z0-9](?:[A-Za-z0-9 ._-]*[A-Za-z0-9_-])?$/,
    'Letters, digits, spaces, . _ or -, starting with a letter or digit and not ending with a space or dot.',
  )
  .describe('The quota\'s name on the region (e.g. "Default Quota")');

export const QUOTA_PROVIDER_NAMES = [
  'Microsoft.Compute.Admin',
  'Microsoft.Storage.Admin',
  'Microsoft.Network.Admin',
  'Microsoft.KeyVault.Admin',
  'Microsoft.Subscriptions.Admin',
] as const;

export const QuotaProviderName = z
  .enum(QUOTA_PROVIDER_NAMES)
  .describe('The admin resource provider of the quota');

/** The numeric quota properties of each provider (azure-stack-hub-api.md §6.4). */
export const QUOTA_LIMITS: Record<(typeof QUOTA_PROVIDER_NAMES)[number], readonly string[]> = {
  'Microsoft.Compute.Admin': [
    'virtualMachineCount',
    'coresLimit',
    'availabilitySetCount',
    'vmScaleSetCount',
    'maxAllocationStandardManagedDisksAndSnapshots',
    'maxAllocationPremiumManagedDisksAndSnapshots',
    'ddagpuCount',
    'partitionedGpuCount',
  ],
  'Microsoft.Storage.Admin': ['numberOfStorageAccounts', 'capacityInGb'],
  'Microsoft.Network.Admin': [
    'maxPublicIpsPerSubscription',
    'maxVnetsPerSubscription',
    'maxVirtualNetworkGatewaysPerSubscription',
    'maxVirtualNetworkGatewayConnectionsPerSubscription',
    'maxLoadBalancersPerSubscription',
    'maxNicsPerSubscription',
    'maxSecurityGroupsPerSubscription',
  ],
  'Microsoft.KeyVault.Admin': [],
  'Microsoft.Subscriptions.Admin': [],
};

const Limit = z.number().int().min(0).max(2_147_483_647).optional();

const Limits = z
  .strictObject(
    Object.fromEntries(
      [...new Set(Object.values(QUOTA_LIMITS).flat())].map((name) => [name, Limit]),
    ) as Record<string, typeof Limit>,
  )
  .describe(
    "The provider's numeric quota properties, whole numbers (Compute: virtualMachineCount, coresLimit, …; Storage: numberOfStorageAccounts, capacityInGb; Network: maxPublicIpsPerSubscription, …); each must be one of the quota's provider",
  );

const RegionRef = z.object({ id: z.string(), name: z.string().nullable() });

const SyncFields = {
  syncedAt: z
    .string()
    .nullable()
    .describe('When the row last matched the region (a sync or a write through)'),
  regionDeletedAt: z
    .string()
    .nullable()
    .describe('Set once the region no longer has it (kept: subscriptions and history point at it)'),
  createdAt: z.string(),
  updatedAt: z.string(),
};

const includeDeleted = z
  .enum(['true', 'false'])
  .default('false')
  .describe('true: also rows gone from their region');

// ---------------------------------------------------------------------------------------------
// Quotas

export const Quota = z
  .object({
    id: z.string(),
    region: RegionRef,
    provider: z.string(),
    location: z.string(),
    name: z.string(),
    armId: z
      .string()
      .nullable()
      .describe('The full ARM id on the region; null while its provider subscription is unknown'),
    limits: z.record(z.string(), z.number()),
    ...SyncFields,
  })
  .meta({ id: 'Quota' });

export const QuotaPage = pageSchema(Quota);

export const QuotaListQuery = z.strictObject({
  ...listQueryFields(['name', 'createdAt']),
  regionId: RegionId.optional(),
  provider: QuotaProviderName.optional(),
  includeDeleted,
});

export const QuotaParams = z.strictObject({ id: QuotaId });

export const QuotaCreate = z.strictObject({
  regionId: RegionId,
  provider: QuotaProviderName,
  name: QuotaName,
  limits: Limits,
});

export const QuotaUpdate = z.strictObject({
  limits: Limits.describe('The properties to change; the others keep their values'),
});

// ---------------------------------------------------------------------------------------------
// Plans

const PlanQuotaRef = z.object({
  id: z
    .string()
    .nullable()
    .describe('The CMS quota; null when the region names a quota the CMS has not synced'),
  provider: z.string(),
  location: z.string(),
  name: z.string(),
});

export const Plan = z
  .object({
    id: z.string(),
    region: RegionRef,
    resourceGroup: z.string(),
    name: z.string(),
    armId: z.string().nullable(),
    displayName: z.string(),
    description: z.string().nullable(),
    quotas: z.array(PlanQuotaRef),
    subscriptionCount: z.number().int().describe('As the region counts them'),
    ...SyncFields,
  })
  .meta({ id: 'Plan' });

export const PlanPage = pageSchema(Plan);

export const PlanListQuery = z.strictObject({
  ...listQueryFields(['name', 'createdAt']),
  regionId: RegionId.optional(),
  includeDeleted,
});

export const PlanParams = z.strictObject({ id: PlanId });

const QuotaIds = z
  .array(QuotaId)
  .max(20)
  .describe("The plan's quotas (CMS ids of quotas on the plan's region; at most one per provider)");

export const PlanCreate = z.strictObject({
  regionId: RegionId,
  resourceGroup: ResourceGroup.optional(),
  name: ResourceName,
  displayName: DisplayName,
  description: optionalText(1000),
  quotaIds: QuotaIds,
});

export const PlanUpdate = z.strictObject({
  displayName: DisplayName.optional(),
  description: optionalText(1000),
  quotaIds: QuotaIds.optional(),
});

// ---------------------------------------------------------------------------------------------
// Offers

export const Publication = z
  .enum(['private', 'public', 'decommissioned'])
  .describe(
    'The CMS publishing: private (platform users only), public (offered to the chosen audience), decommissioned (takes no new subscriptions; existing ones are untouched)',
  );

export const Visibility = z
  .enum(['all', 'chosen'])
  .describe('all: every branch; chosen: the organisations in visibleTo and their branches');

const OfferPlanRef = z.object({
  id: z.string(),
  name: z.string(),
  displayName: z.string(),
  description: z.string().nullable(),
  regionDeleted: z.boolean(),
});

export const Offer = z
  .object({
    id: z.string(),
    region: RegionRef,
    resourceGroup: z.string(),
    name: z.string(),
    armId: z.string().nullable(),
    displayName: z.string(),
    description: z.string().nullable(),
    regionState: z.enum(['Private', 'Public', 'Decommissioned']).describe("The offer's state on the region"),
    publication: Publication,
    visibility: Visibility,
    visibleTo: z
      .array(
        z.object({ id: z.string(), kind: z.enum(['distributor', 'partner', 'tenant']), name: z.string() }),
      )
      .describe('The organisations it is published to (visibility chosen), those the viewer may see'),
    basePlans: z.array(OfferPlanRef),
    addonPlans: z.array(
      OfferPlanRef.extend({
        maxAcquisitionCount: z
          .number()
          .int()
          .nullable()
          .describe('How often one subscription may acquire it; null: no limit given'),
      }),
    ),
    subscriptionCount: z
      .number()
      .int()
      .nullable()
      .describe('As the region counts them; null below the platform'),
    ...SyncFields,
  })
  .meta({ id: 'Offer' });

export const OfferPage = pageSchema(Offer);

export const OfferListQuery = z.strictObject({
  ...listQueryFields(['name', 'createdAt']),
  regionId: RegionId.optional(),
  publication: Publication.optional(),
  includeDeleted: includeDeleted.describe('true: also offers gone from their region (platform users)'),
});

export const OfferParams = z.strictObject({ id: OfferId });

const BasePlanIds = z.array(PlanId).max(20).describe('Plans every subscription of the offer gets');
const AddonPlans = z
  .array(
    z.strictObject({
      planId: PlanId,
      maxAcquisitionCount: z.number().int().min(1).max(1000).optional(),
    }),
  )
  .max(20)
  .describe('Plans a subscription may acquire on top');
const VisibleTo = z
  .array(prefixedId('(?:dst|ptn|ten)'))
  .max(200)
  .describe('Distributors, partners and tenants (ids) the offer is published to, with visibility chosen');

export const OfferCreate = z.strictObject({
  regionId: RegionId,
  resourceGroup: ResourceGroup.optional(),
  name: ResourceName,
  displayName: DisplayName,
  description: optionalText(1000),
  basePlanIds: BasePlanIds.min(1, 'At least one base plan.'),
  addonPlans: AddonPlans.optional(),
  publication: Publication.optional().describe('Default private'),
  visibility: Visibility.optional().describe('Default all'),
  visibleTo: VisibleTo.optional(),
});

export const OfferUpdate = z.strictObject({
  displayName: DisplayName.optional(),
  description: optionalText(1000),
  basePlanIds: BasePlanIds.min(1, 'At least one base plan.').optional(),
  addonPlans: AddonPlans.optional(),
  publication: Publication.optional(),
  visibility: Visibility.optional(),
  visibleTo: VisibleTo.optional().describe('Replaces the list'),
});

// ---------------------------------------------------------------------------------------------
// Sync

export const OfferSyncParams = z.strictObject({ regionId: RegionId });

export const OfferSync = z
  .object({
    id: z.string().describe('The job: follow it with GET /api/v1/jobs/{id}'),
    status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
    created: z
      .boolean()
      .describe('false: a sync of the region was already queued or running, and this is it'),
  })
  .meta({ id: 'OfferSync' });
