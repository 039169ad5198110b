import type { Region, SubscriptionRecord, SubscriptionState } from './scenario.ts';

/**
 * Payloads of the admin resource providers: Microsoft.Subscriptions.Admin subscriptions (flat,
 * unpaged), offers and plans (ARM envelope with `properties`, paged), quotas of the five admin RPs
 * (§6.1–6.4), and Microsoft.InfrastructureInsights.Admin alerts (§6.5).
 */

const ADMIN = 'Microsoft.Subscriptions.Admin';

export function subscriptionJson(region: Region, sub: SubscriptionRecord): object {
  return {
    id: `/subscriptions/${region.providerSubscriptionId}/providers/${ADMIN}/subscriptions/${sub.subscriptionId}`,
    subscriptionId: sub.subscriptionId,
    delegatedProviderSubscriptionId: region.providerSubscriptionId,
    displayName: sub.displayName,
    ...(sub.externalReferenceId === undefined ? {} : { externalReferenceId: sub.externalReferenceId }),
    owner: sub.owner,
    tenantId: sub.tenantId,
    routingResourceManagerType: sub.routingResourceManagerType,
    offerId: sub.offerId,
    state: sub.state,
  };
}

export function allSubscriptions(region: Region): SubscriptionRecord[] {
  return [...region.platformSubscriptions, ...region.subscriptions.values()];
}

/** The operator's own `GET /subscriptions` (ARM, §6.1 "Detecting platform subscriptions"). */
export function armSubscriptionJson(sub: SubscriptionRecord): object {
  return {
    id: `/subscriptions/${sub.subscriptionId}`,
    subscriptionId: sub.subscriptionId,
    displayName: sub.displayName,
    state: sub.state,
    offerId: `/delegatedProviders/default/offers/${sub.offerId.split('/').pop()}`,
    subscriptionPolicies: { locationPlacementId: 'AzureStack', quotaId: 'Default', spendingLimit: 'Off' },
  };
}

/** The stamp's one location (§6.1 `locations`): the region name. */
export function locationJson(region: Region): object {
  return {
    id: `/subscriptions/${region.providerSubscriptionId}/providers/${ADMIN}/locations/${region.name}`,
    name: region.name,
    displayName: region.name,
    latitude: '47.6',
    longitude: '-122.1',
  };
}

export function offerJson(region: Region, offer: Region['offers'][number]): object {
  const id = `/subscriptions/${region.providerSubscriptionId}/resourceGroups/${offer.resourceGroup}/providers/${ADMIN}/offers/${offer.name}`;
  const subscriptionCount = [...region.subscriptions.values()].filter(
    (s) => s.offerId.toLowerCase() === id.toLowerCase(),
  ).length;
  return {
    id,
    name: offer.name,
    type: `${ADMIN}/offers`,
    location: region.name,
    properties: {
      name: offer.name,
      displayName: offer.displayName,
      description: '',
      externalReferenceId: '',
      state: 'Public',
      subscriptionCount,
      maxSubscriptionsPerAccount: 0,
      basePlanIds: offer.basePlans.map((planName) => {
        const plan = region.plans.find((p) => p.name === planName);
        return `/subscriptions/${region.providerSubscriptionId}/resourceGroups/${plan?.resourceGroup ?? 'plans-rg'}/providers/${ADMIN}/plans/${planName}`;
      }),
      addonPlans: [],
    },
  };
}

export function planJson(region: Region, plan: Region['plans'][number]): object {
  return {
    id: `/subscriptions/${region.providerSubscriptionId}/resourceGroups/${plan.resourceGroup}/providers/${ADMIN}/plans/${plan.name}`,
    name: plan.name,
    type: `${ADMIN}/plans`,
    location: region.name,
    properties: {
      name: plan.name,
      displayName: plan.displayName,
      description: '',
      externalReferenceId: '',
      subscriptionCount: region.offers.filter((o) => o.basePlans.includes(plan.name)).length,
      quotaIds: QUOTA_PROVIDERS.map((rp) => quotaId(region, rp, rp.quota.name)),
      skuIds: [],
    },
  };
}

interface QuotaProvider {
  namespace: string;
  apiVersions: string[];
  /** Storage and Subscriptions name their quotas `{location}/{quota}` (§6.4). */
  locationInName: boolean;
  quota: { name: string; properties: Record<string, unknown> };
}

export const QUOTA_PROVIDERS: QuotaProvider[] = [
  {
    namespace: 'Microsoft.Compute.Admin',
    apiVersions: ['2021-01-01', '2018-02-09', '2015-12-01-preview'],
    locationInName: false,
    quota: {
      name: 'Default Quota',
      properties: {
        virtualMachineCount: 100,
        coresLimit: 200,
        availabilitySetCount: 10,
        vmScaleSetCount: 10,
        maxAllocationStandardManagedDisksAndSnapshots: 2048,
        maxAllocationPremiumManagedDisksAndSnapshots: 2048,
        ddagpuCount: 0,
        partitionedGpuCount: 0,
      },
    },
  },
  {
    namespace: 'Microsoft.Storage.Admin',
    apiVersions: ['2019-08-08-preview', '2019-08-08', '2015-12-01'],
    locationInName: true,
    quota: { name: 'Default Quota', properties: { numberOfStorageAccounts: 20, capacityInGb: 500 } },
  },
  {
    namespace: 'Microsoft.Network.Admin',
    apiVersions: ['2015-06-15'],
    locationInName: false,
    quota: {
      name: 'Default Quota',
      properties: {
        maxPublicIpsPerSubscription: 50,
        maxVnetsPerSubscription: 50,
        maxVirtualNetworkGatewaysPerSubscription: 1,
        maxVirtualNetworkGatewayConnectionsPerSubscription: 2,
        maxLoadBalancersPerSubscription: 50,
        maxNicsPerSubscription: 100,
        maxSecurityGroupsPerSubscription: 50,
        provisioningState: 'Succeeded',
        migrationPhase: 'None',
      },
    },
  },
  {
    namespace: 'Microsoft.KeyVault.Admin',
    apiVersions: ['2017-02-01-preview'],
    locationInName: false,
    quota: { name: 'Unlimited', properties: {} },
  },
  {
    namespace: 'Microsoft.Subscriptions.Admin',
    apiVersions: ['2015-11-01'],
    locationInName: true,
    quota: { name: 'delegatedProviderQuota', properties: { allowCustomPortalBranding: false } },
  },
];

function quotaId(region: Region, rp: QuotaProvider, name: string): string {
  return `/subscriptions/${region.providerSubscriptionId}/providers/${rp.namespace}/locations/${region.name}/quotas/${name}`;
}

export function quotaJson(region: Region, rp: QuotaProvider): object {
  return {
    id: quotaId(region, rp, rp.quota.name),
    name: rp.locationInName ? `${region.name}/${rp.quota.name}` : rp.quota.name,
    type: `${rp.namespace}/locations/quotas`,
    location: region.name,
    properties: rp.quota.properties,
  };
}

/** An alert as the scenario clock sees it: null before it is raised, Closed after closedAt. */
export function alertJson(region: Region, alert: Region['alerts'][number], nowMs: number): object | null {
  const raised = Date.parse(alert.raisedAt);
  if (raised > nowMs) return null;
  const closed = alert.closedAt !== undefined && Date.parse(alert.closedAt) <= nowMs;
  const iso = (ms: number) => new Date(ms).toISOString();
  const impacted =
    alert.impactedResource ??
    `/subscriptions/${region.providerSubscriptionId}/resourceGroups/System.${region.name}/providers/Microsoft.Fabric.Admin/fabricLocations/${region.name}/infraRoles/Compute controller`;
  return {
    id: `/subscriptions/${region.providerSubscriptionId}/resourceGroups/System.${region.name}/providers/Microsoft.InfrastructureInsights.Admin/regionHealths/${region.name}/alerts/${alert.alertId}`,
    name: alert.alertId,
    type: 'Microsoft.InfrastructureInsights.Admin/regionHealths/alerts',
    location: region.name,
    tags: {},
    properties: {
      alertId: alert.alertId,
      title: alert.title,
      severity: alert.severity,
      state: closed ? 'Closed' : 'Active',
      createdTimestamp: iso(raised),
      lastUpdatedTimestamp: iso(closed ? Date.parse(alert.closedAt!) : raised),
      closedTimestamp: closed ? iso(Date.parse(alert.closedAt!)) : '',
      closedByUserAlias: closed ? 'System' : '',
      faultId: `${alert.faultTypeId ?? 'InfraRoleUnhealthy'}:${alert.alertId}`,
      faultTypeId: alert.faultTypeId ?? 'InfraRoleUnhealthy',
      impactedResourceId: impacted,
      impactedResourceDisplayName: impacted.split('/').pop(),
      description: [{ type: 'Text', text: alert.description ?? alert.title }],
      remediation: [
        {
          type: 'Text',
          text: 'Please contact Support. Before you do, start the log file collection process using the guidance from ',
        },
        { type: 'LinkBegin', linkType: 'Uri', uri: 'https://aka.ms/azurestacklogfiles', resourceId: '' },
        { type: 'Text', text: 'https://aka.ms/azurestacklogfiles' },
        { type: 'LinkEnd' },
      ],
      alertProperties: { healthState: closed ? 'Healthy' : alert.severity, name: impacted.split('/').pop() },
      resourceRegistrationId: '',
      resourceProviderRegistrationId: '',
    },
  };
}

const STATES: SubscriptionState[] = ['Enabled', 'Warned', 'PastDue', 'Disabled', 'Deleted'];

/**
 * Applies a PUT body to a subscription (create or update). Returns the field at fault as a string
 * when the body is not acceptable; the caller answers 400 InvalidProperty naming it.
 */
export function applySubscriptionPut(
  region: Region,
  subscriptionId: string,
  body: Record<string, unknown>,
  existing: SubscriptionRecord | undefined,
  newTenantId: string,
): SubscriptionRecord | string {
  if (body.subscriptionId !== undefined && String(body.subscriptionId).toLowerCase() !== subscriptionId) {
    return 'subscriptionId';
  }
  const pick = (field: string): string | undefined => {
    const value = body[field];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  const displayName = pick('displayName') ?? existing?.displayName;
  if (displayName === undefined) return 'displayName';
  const owner = pick('owner') ?? existing?.owner;
  if (owner === undefined) return 'owner';
  const offerId = pick('offerId') ?? existing?.offerId;
  const knownOffers = region.offers.map((o) => offerJson(region, o) as { id: string });
  const offer = knownOffers.find((o) => o.id.toLowerCase() === offerId?.toLowerCase());
  if (offer === undefined) return 'offerId';
  const state = (pick('state') ?? existing?.state ?? 'Enabled') as SubscriptionState;
  if (!STATES.includes(state)) return 'state';
  const externalReferenceId = pick('externalReferenceId') ?? existing?.externalReferenceId;
  return {
    subscriptionId,
    displayName,
    owner,
    tenantId: pick('tenantId') ?? existing?.tenantId ?? newTenantId,
    offerId: offer.id,
    state,
    ...(externalReferenceId === undefined ? {} : { externalReferenceId }),
    routingResourceManagerType: 'Default',
  };
}
