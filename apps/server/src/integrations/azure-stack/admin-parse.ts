/**
 * Tolerant readers of the admin RPs' objects (§6.1–6.4): subscriptions (flat), offers and plans
 * (ARM envelope with `properties`), quotas of the five admin RPs, acquired plans. A missing optional
 * field reads as null or []; ids (which may contain spaces, e.g. `…/quotas/Default Quota`) are kept
 * verbatim. An item without what identifies it (id, name) is skipped by the list readers.
 */

export const QUOTA_PROVIDERS = [
  'Microsoft.Compute.Admin',
  'Microsoft.Storage.Admin',
  'Microsoft.Network.Admin',
  'Microsoft.KeyVault.Admin',
  'Microsoft.Subscriptions.Admin',
] as const;

export type QuotaProvider = (typeof QUOTA_PROVIDERS)[number];

/** api-version per quota RP (§6.4). Key Vault's is not in the spec: the one stamps serve. */
export const QUOTA_API_VERSIONS: Record<QuotaProvider, string> = {
  'Microsoft.Compute.Admin': '2021-01-01',
  'Microsoft.Storage.Admin': '2019-08-08-preview',
  'Microsoft.Network.Admin': '2015-06-15',
  'Microsoft.KeyVault.Admin': '2017-02-01-preview',
  'Microsoft.Subscriptions.Admin': '2015-11-01',
};

/** A `Microsoft.Subscriptions.Admin` subscription (§6.1), flat. */
export interface AdminSubscription {
  subscriptionId: string;
  displayName: string | null;
  owner: string | null;
  tenantId: string | null;
  state: string | null;
  offerId: string | null;
  delegatedProviderSubscriptionId: string | null;
  routingResourceManagerType: string | null;
  externalReferenceId: string | null;
  /** An operator subscription (§6.1 rule): not billed to a tenant. */
  platform: boolean;
}

export type OfferState = 'Private' | 'Public' | 'Decommissioned';

/** An offer (§6.2). */
export interface AdminOffer {
  /** Full ARM id, verbatim. */
  id: string;
  resourceGroup: string;
  name: string;
  displayName: string;
  description: string | null;
  /** `Private`, `Public` or `Decommissioned` (any casing normalised); another value is kept as sent. */
  state: OfferState | string;
  subscriptionCount: number;
  /** null when the stamp does not say (0 means no limit on a stamp). */
  maxSubscriptionsPerAccount: number | null;
  basePlanIds: string[];
  addonPlans: { planId: string; maxAcquisitionCount: number | null }[];
}

/** A plan (§6.3). */
export interface AdminPlan {
  id: string;
  resourceGroup: string;
  name: string;
  displayName: string;
  description: string | null;
  subscriptionCount: number;
  /** Full ARM ids of quotas of the admin RPs, verbatim (they may contain spaces). */
  quotaIds: string[];
}

/** A quota of one admin RP in one location (§6.4). */
export interface AdminQuota {
  id: string;
  provider: QuotaProvider;
  location: string;
  /** Short name, without the `{location}/` prefix Storage and Subscriptions put in `name`. */
  name: string;
  /** The numeric properties (limits); flags and states (booleans, strings) are not limits. */
  limits: Record<string, number>;
}

/** An add-on plan acquired by a subscription (§6.1). */
export interface AcquiredPlan {
  acquisitionId: string;
  planId: string;
  provisioningState: string | null;
  acquisitionTime: string | null;
}

/** A location of the stamp (§6.1 `…/Microsoft.Subscriptions.Admin/locations`). */
export interface AdminLocation {
  name: string;
  displayName: string | null;
}

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function num(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
  return null;
}

/** A string id as sent (spaces included), or null when absent or blank. */
function verbatim(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** `properties` merged under the envelope's own fields (flat objects are read as they are). */
function flatten(item: Json): Json {
  return isObject(item.properties) ? { ...item.properties, ...item } : item;
}

function lastSegment(id: string | null): string | null {
  if (id === null) return null;
  const parts = id.split('/').filter((p) => p !== '');
  return parts.length === 0 ? null : parts[parts.length - 1]!;
}

function resourceGroupOf(id: string): string | null {
  return /\/resourcegroups\/([^/]+)\//i.exec(id)?.[1] ?? null;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.flatMap((v) => (verbatim(v) === null ? [] : [v as string])) : [];
}

const PLATFORM_NAMES = new Set([
  'default provider subscription',
  'metering subscription',
  'consumption subscription',
]);

export function isPlatformSubscription(sub: {
  routingResourceManagerType: string | null;
  displayName: string | null;
  offerId: string | null;
}): boolean {
  return (
    sub.routingResourceManagerType?.toLowerCase() === 'admin' ||
    (sub.displayName !== null && PLATFORM_NAMES.has(sub.displayName.toLowerCase())) ||
    (sub.offerId !== null && /\/resourcegroups\/system\.global\//i.test(sub.offerId))
  );
}

export function adminSubscriptionOf(item: unknown): AdminSubscription | null {
  if (!isObject(item)) return null;
  // Flat objects are documented and observed; a `properties` envelope is accepted as well.
  const source = flatten(item);
  const id = str(source.subscriptionId) ?? lastSegment(str(source.id));
  if (id === null) return null;
  const fields = {
    subscriptionId: id.toLowerCase(),
    displayName: str(source.displayName),
    owner: str(source.owner),
    tenantId: str(source.tenantId)?.toLowerCase() ?? null,
    state: str(source.state),
    offerId: verbatim(source.offerId),
    delegatedProviderSubscriptionId: str(source.delegatedProviderSubscriptionId)?.toLowerCase() ?? null,
    routingResourceManagerType: str(source.routingResourceManagerType),
    externalReferenceId: str(source.externalReferenceId),
  };
  return { ...fields, platform: isPlatformSubscription(fields) };
}

const OFFER_STATES: OfferState[] = ['Private', 'Public', 'Decommissioned'];

export function offerOf(item: unknown): AdminOffer | null {
  if (!isObject(item)) return null;
  const p = isObject(item.properties) ? item.properties : item;
  const id = verbatim(item.id);
  if (id === null) return null;
  const name = str(item.name) ?? str(p.name) ?? lastSegment(id);
  const resourceGroup = resourceGroupOf(id);
  if (name === null || resourceGroup === null) return null;
  const state = str(p.state) ?? '';
  return {
    id,
    resourceGroup,
    name,
    displayName: str(p.displayName) ?? name,
    description: str(p.description),
    state: OFFER_STATES.find((s) => s.toLowerCase() === state.toLowerCase()) ?? state,
    subscriptionCount: num(p.subscriptionCount) ?? 0,
    maxSubscriptionsPerAccount: num(p.maxSubscriptionsPerAccount),
    basePlanIds: stringList(p.basePlanIds),
    addonPlans: Array.isArray(p.addonPlans)
      ? p.addonPlans.flatMap((a) => {
          if (!isObject(a)) return [];
          const planId = verbatim(a.planId);
          return planId === null ? [] : [{ planId, maxAcquisitionCount: num(a.maxAcquisitionCount) }];
        })
      : [],
  };
}

export function planOf(item: unknown): AdminPlan | null {
  if (!isObject(item)) return null;
  const p = isObject(item.properties) ? item.properties : item;
  const id = verbatim(item.id);
  if (id === null) return null;
  const name = str(item.name) ?? str(p.name) ?? lastSegment(id);
  const resourceGroup = resourceGroupOf(id);
  if (name === null || resourceGroup === null) return null;
  return {
    id,
    resourceGroup,
    name,
    displayName: str(p.displayName) ?? name,
    description: str(p.description),
    subscriptionCount: num(p.subscriptionCount) ?? 0,
    quotaIds: stringList(p.quotaIds),
  };
}

export function quotaOf(item: unknown, provider: QuotaProvider, location: string): AdminQuota | null {
  if (!isObject(item)) return null;
  const id = verbatim(item.id);
  // `name` is `{location}/{quota}` on Storage and Subscriptions (§6.4): the short name follows the '/'.
  const name = lastSegment(str(item.name)) ?? lastSegment(id);
  if (id === null || name === null) return null;
  const p = isObject(item.properties) ? item.properties : {};
  const limits: Record<string, number> = {};
  for (const [key, value] of Object.entries(p)) {
    if (typeof value === 'number' && Number.isFinite(value)) limits[key] = value;
  }
  return { id, provider, location: str(item.location) ?? location, name, limits };
}

export function acquiredPlanOf(item: unknown): AcquiredPlan | null {
  if (!isObject(item)) return null;
  const source = flatten(item);
  const acquisitionId = str(source.acquisitionId) ?? lastSegment(str(item.id));
  const planId = verbatim(source.planId);
  if (acquisitionId === null || planId === null) return null;
  return {
    acquisitionId: acquisitionId.toLowerCase(),
    planId,
    provisioningState: str(source.provisioningState),
    acquisitionTime: str(source.acquisitionTime),
  };
}

export function locationOf(item: unknown): AdminLocation | null {
  if (!isObject(item)) return null;
  const name = str(item.name) ?? lastSegment(str(item.id));
  return name === null ? null : { name, displayName: str(item.displayName) };
}
