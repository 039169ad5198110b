import type {
  AcquisitionRecord,
  OfferRecord,
  PlanRecord,
  QuotaRecord,
  Region,
  SubscriptionRecord,
} from './scenario.ts';

/**
 * Payloads of the admin resource providers: Microsoft.Subscriptions.Admin subscriptions (flat,
 * unpaged), offers and plans (ARM envelope with `properties`, paged), quotas of the five admin RPs
 * (§6.1–6.4), and Microsoft.InfrastructureInsights.Admin alerts (§6.5).
 */

export const ADMIN = 'Microsoft.Subscriptions.Admin';

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

export function offerIdOf(region: Region, offer: OfferRecord): string {
  return `/subscriptions/${region.providerSubscriptionId}/resourceGroups/${offer.resourceGroup}/providers/${ADMIN}/offers/${offer.name}`;
}

export function planIdOf(region: Region, plan: PlanRecord): string {
  return `/subscriptions/${region.providerSubscriptionId}/resourceGroups/${plan.resourceGroup}/providers/${ADMIN}/plans/${plan.name}`;
}

/** The tenant subscriptions on an offer. */
export function subscriptionsOnOffer(region: Region, offer: OfferRecord): SubscriptionRecord[] {
  const id = offerIdOf(region, offer).toLowerCase();
  return [...region.subscriptions.values()].filter((s) => s.offerId.toLowerCase() === id);
}

export function offerJson(region: Region, offer: OfferRecord): object {
  return {
    id: offerIdOf(region, offer),
    name: offer.name,
    type: `${ADMIN}/offers`,
    location: region.name,
    properties: {
      name: offer.name,
      displayName: offer.displayName,
      description: offer.description,
      externalReferenceId: '',
      state: offer.state,
      subscriptionCount: subscriptionsOnOffer(region, offer).length,
      maxSubscriptionsPerAccount: offer.maxSubscriptionsPerAccount,
      basePlanIds: offer.basePlans.map((plan) => planIdOf(region, plan)),
      addonPlans: offer.addonPlans.map((a) => ({
        planId: planIdOf(region, a.plan),
        ...(a.maxAcquisitionCount === null ? {} : { maxAcquisitionCount: a.maxAcquisitionCount }),
      })),
    },
  };
}

/** Subscriptions holding a plan: through their offer's base plans, or by acquiring it as an add-on. */
export function planSubscriptionCount(region: Region, plan: PlanRecord): number {
  const throughOffers = region.offers
    .filter((o) => o.basePlans.includes(plan))
    .reduce((sum, o) => sum + subscriptionsOnOffer(region, o).length, 0);
  let acquired = 0;
  for (const list of region.acquisitions.values()) {
    for (const a of list.values()) if (a.plan === plan) acquired++;
  }
  return throughOffers + acquired;
}

export function planJson(region: Region, plan: PlanRecord): object {
  return {
    id: planIdOf(region, plan),
    name: plan.name,
    type: `${ADMIN}/plans`,
    location: region.name,
    properties: {
      name: plan.name,
      displayName: plan.displayName,
      description: plan.description,
      externalReferenceId: '',
      subscriptionCount: planSubscriptionCount(region, plan),
      quotaIds: plan.quotaIds,
      skuIds: [],
    },
  };
}

export function acquisitionJson(region: Region, subscriptionId: string, a: AcquisitionRecord): object {
  return {
    id: `/subscriptions/${region.providerSubscriptionId}/providers/${ADMIN}/subscriptions/${subscriptionId}/acquiredPlans/${a.acquisitionId}`,
    acquisitionId: a.acquisitionId,
    planId: planIdOf(region, a.plan),
    externalReferenceId: a.externalReferenceId,
    provisioningState: 'Succeeded',
    acquisitionTime: a.acquisitionTime,
  };
}

export interface QuotaProvider {
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

export function quotaId(
  providerSubscriptionId: string,
  location: string,
  namespace: string,
  name: string,
): string {
  return `/subscriptions/${providerSubscriptionId}/providers/${namespace}/locations/${location}/quotas/${name}`;
}

export function quotaJson(region: Region, rp: QuotaProvider, quota: QuotaRecord): object {
  return {
    id: quotaId(region.providerSubscriptionId, region.name, rp.namespace, quota.name),
    name: rp.locationInName ? `${region.name}/${quota.name}` : quota.name,
    type: `${rp.namespace}/locations/quotas`,
    location: region.name,
    properties: quota.properties,
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
