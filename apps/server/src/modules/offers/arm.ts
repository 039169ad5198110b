/**
 * How the region names plans, offers and quotas (azure-stack-hub-api.md §6.2–6.4): full ARM ids,
 * compared case-insensitively. The `arm_key` columns hold the lower-cased natural key.
 */

const SUBSCRIPTIONS_ADMIN = 'Microsoft.Subscriptions.Admin';

/** lower("{resource group}/{name}") of a plan or offer. */
export const resourceArmKey = (resourceGroup: string, name: string) =>
  `${resourceGroup}/${name}`.toLowerCase();

/** lower("{provider}/{location}/{name}") of a quota. */
export const quotaArmKey = (provider: string, location: string, name: string) =>
  `${provider}/${location}/${name}`.toLowerCase();

export function resourceArmId(
  providerSubscriptionId: string,
  kind: 'plans' | 'offers',
  resourceGroup: string,
  name: string,
): string {
  return `/subscriptions/${providerSubscriptionId}/resourceGroups/${resourceGroup}/providers/${SUBSCRIPTIONS_ADMIN}/${kind}/${name}`;
}

export function quotaArmId(providerSubscriptionId: string, provider: string, location: string, name: string) {
  return `/subscriptions/${providerSubscriptionId}/providers/${provider}/locations/${location}/quotas/${name}`;
}

/** The resource group and name of a plan or offer id, or null when it is not one. */
export function parseResourceId(
  id: string,
  kind: 'plans' | 'offers',
): { resourceGroup: string; name: string } | null {
  const match = new RegExp(
    `^/subscriptions/[^/]+/resourcegroups/([^/]+)/providers/${SUBSCRIPTIONS_ADMIN}/${kind}/([^/]+)/?$`,
    'i',
  ).exec(id.trim());
  if (!match) return null;
  return { resourceGroup: decode(match[1]!), name: decode(match[2]!) };
}

/** The provider, location and name of a quota id (names may hold spaces), or null. */
export function parseQuotaId(id: string): { provider: string; location: string; name: string } | null {
  const match = /^\/subscriptions\/[^/]+\/providers\/([^/]+)\/locations\/([^/]+)\/quotas\/([^/]+)\/?$/i.exec(
    id.trim(),
  );
  if (!match) return null;
  return { provider: decode(match[1]!), location: decode(match[2]!), name: decode(match[3]!) };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
