import {
  acquisitionJson,
  offerIdOf,
  offerJson,
  planIdOf,
  planJson,
  QUOTA_PROVIDERS,
  type QuotaProvider,
  quotaId,
  quotaJson,
  subscriptionJson,
  subscriptionsOnOffer,
} from './admin.ts';
import { stableGuid } from './deterministic.ts';
import {
  addSubscriptionStreams,
  type OfferRecord,
  type OfferState,
  type PlanRecord,
  type QuotaRecord,
  type Region,
  recordActivity,
  type SubscriptionRecord,
  type SubscriptionState,
} from './scenario.ts';
import { hourIndex } from './time.ts';

/**
 * Writes of the admin API (§6.1–6.4), validated the way a stamp refuses them: subscriptions
 * (create/update/delete, Enabled/Disabled), acquired add-on plans, offers (and link/unlink of
 * plans), plans, quotas. Every function answers a `Reply` the server sends as is; state lives in
 * the region (memory, for the process lifetime). Subscription changes are recorded in the usage
 * model as activity events at the hour of the emulator's clock.
 */

export interface Reply {
  status: number;
  body?: object;
  error?: { code: string; message: string };
}

export interface WriteContext {
  seed: number;
  nowMs: number;
}

const fail = (status: number, code: string, message: string): Reply => ({ status, error: { code, message } });

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** `properties` of an ARM envelope; flat bodies are read as they are. */
function propertiesOf(body: Json): Json {
  return isObject(body.properties) ? body.properties : body;
}

function checkLocation(region: Region, body: Json): Reply | null {
  const location = stringOf(body.location);
  if (location === undefined || location.toLowerCase() === region.name) return null;
  return fail(
    400,
    'LocationNotAvailableForResourceType',
    `The location '${location}' is not available; this stamp's location is '${region.name}'.`,
  );
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

// -------------------------------------------------------------------------------------------------
// Subscriptions

const STATES: SubscriptionState[] = ['Enabled', 'Warned', 'PastDue', 'Disabled', 'Deleted'];
/** A user principal name or e-mail address, as the stamp checks an owner. */
const UPN = /^[^@\s]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/** Disabled (and Deleted) subscriptions report no usage (§6.1: "Disabled = no usage reported"). */
function reportsUsage(state: SubscriptionState): boolean {
  return state !== 'Disabled' && state !== 'Deleted';
}

export function putSubscription(
  region: Region,
  ctx: WriteContext,
  subscriptionId: string,
  body: Json,
): Reply {
  const existing = region.subscriptions.get(subscriptionId);
  if (body.subscriptionId !== undefined && !same(String(body.subscriptionId), subscriptionId)) {
    return fail(
      400,
      'InvalidProperty',
      "The property 'subscriptionId' does not match the subscription in the path.",
    );
  }
  const displayName = stringOf(body.displayName) ?? existing?.displayName;
  if (displayName === undefined)
    return fail(400, 'InvalidProperty', "The property 'displayName' is required.");
  const owner = stringOf(body.owner) ?? existing?.owner;
  if (owner === undefined) return fail(400, 'InvalidProperty', "The property 'owner' is required.");
  if (!UPN.test(owner.trim())) {
    return fail(
      400,
      'InvalidOwner',
      `The owner '${owner}' is not a valid user principal name or e-mail address (property 'owner').`,
    );
  }
  const offerIdText = stringOf(body.offerId) ?? existing?.offerId;
  if (offerIdText === undefined) return fail(400, 'InvalidProperty', "The property 'offerId' is required.");
  const offer = region.offers.find((o) => same(offerIdOf(region, o), offerIdText));
  if (offer === undefined) {
    return fail(400, 'OfferNotFound', `The offer '${offerIdText}' (property 'offerId') was not found.`);
  }
  const offerChanges = existing === undefined || !same(existing.offerId, offerIdText);
  if (offerChanges && offer.state === 'Decommissioned') {
    return fail(
      400,
      'OfferNotAvailable',
      `The offer '${offer.name}' is decommissioned and takes no new subscriptions (property 'offerId').`,
    );
  }
  const stateText = stringOf(body.state) ?? existing?.state ?? 'Enabled';
  const state = STATES.find((s) => same(s, stateText));
  if (state === undefined) {
    return fail(400, 'InvalidProperty', `The property 'state' has an invalid value '${stateText}'.`);
  }
  const externalReferenceId = stringOf(body.externalReferenceId) ?? existing?.externalReferenceId;
  const record: SubscriptionRecord = {
    subscriptionId,
    displayName,
    owner: owner.trim(),
    tenantId:
      stringOf(body.tenantId)?.toLowerCase() ??
      existing?.tenantId ??
      stableGuid(ctx.seed, `${region.name}:put-tenant:${subscriptionId}`),
    offerId: offerIdOf(region, offer),
    state,
    ...(externalReferenceId === undefined ? {} : { externalReferenceId }),
    routingResourceManagerType: 'Default',
  };
  const hour = hourIndex(ctx.nowMs);
  if (existing === undefined) {
    // A new subscription reports usage from this hour (or `backdateNewSubscriptionsHours` earlier, for
    // tests that collect at once); one deleted earlier and created again, from this hour.
    const earlier = region.activity.get(subscriptionId);
    const activity = earlier ?? addSubscriptionStreams(ctx.seed, region, subscriptionId);
    const from = earlier === undefined ? hour - region.backdateNewSubscriptionsHours : hour;
    recordActivity(activity, from, reportsUsage(state));
  } else if (reportsUsage(existing.state) !== reportsUsage(state)) {
    const activity = region.activity.get(subscriptionId);
    if (activity !== undefined) recordActivity(activity, hour, reportsUsage(state));
  }
  region.subscriptions.set(subscriptionId, record);
  return { status: existing === undefined ? 201 : 200, body: subscriptionJson(region, record) };
}

export function deleteSubscription(region: Region, ctx: WriteContext, subscriptionId: string): Reply {
  if (!region.subscriptions.has(subscriptionId)) {
    return fail(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
  }
  region.subscriptions.delete(subscriptionId);
  region.acquisitions.delete(subscriptionId);
  const activity = region.activity.get(subscriptionId);
  if (activity !== undefined) recordActivity(activity, hourIndex(ctx.nowMs), false);
  return { status: 200 };
}

// -------------------------------------------------------------------------------------------------
// Acquired plans

function tenantSubscription(region: Region, subscriptionId: string): SubscriptionRecord | Reply {
  return (
    region.subscriptions.get(subscriptionId) ??
    fail(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`)
  );
}

function isReply(value: unknown): value is Reply {
  return isObject(value) && typeof value.status === 'number';
}

export function listAcquiredPlans(region: Region, subscriptionId: string): Reply {
  const sub = tenantSubscription(region, subscriptionId);
  if (isReply(sub)) return sub;
  const list = [...(region.acquisitions.get(subscriptionId)?.values() ?? [])];
  return { status: 200, body: { value: list.map((a) => acquisitionJson(region, subscriptionId, a)) } };
}

export function putAcquiredPlan(
  region: Region,
  ctx: WriteContext,
  subscriptionId: string,
  acquisitionId: string,
  body: Json,
): Reply {
  const sub = tenantSubscription(region, subscriptionId);
  if (isReply(sub)) return sub;
  const props = propertiesOf(body);
  if (props.acquisitionId !== undefined && !same(String(props.acquisitionId), acquisitionId)) {
    return fail(
      400,
      'InvalidProperty',
      "The property 'acquisitionId' does not match the acquisition in the path.",
    );
  }
  const planIdText = stringOf(props.planId);
  if (planIdText === undefined) return fail(400, 'InvalidProperty', "The property 'planId' is required.");
  const plan = region.plans.find((p) => same(planIdOf(region, p), planIdText));
  if (plan === undefined)
    return fail(400, 'PlanNotFound', `The plan '${planIdText}' (property 'planId') was not found.`);
  const offer = region.offers.find((o) => same(offerIdOf(region, o), sub.offerId));
  const addon = offer?.addonPlans.find((a) => a.plan === plan);
  if (addon === undefined) {
    return fail(
      400,
      'PlanNotAvailable',
      `The plan '${plan.name}' is not an add-on plan of the subscription's offer '${offer?.name ?? sub.offerId}'.`,
    );
  }
  let acquired = region.acquisitions.get(subscriptionId);
  if (acquired === undefined) {
    acquired = new Map();
    region.acquisitions.set(subscriptionId, acquired);
  }
  const existing = acquired.get(acquisitionId);
  if (existing !== undefined) {
    if (existing.plan !== plan) {
      return fail(409, 'Conflict', `The acquisition '${acquisitionId}' already holds another plan.`);
    }
    return { status: 200, body: acquisitionJson(region, subscriptionId, existing) };
  }
  const held = [...acquired.values()].filter((a) => a.plan === plan).length;
  if (addon.maxAcquisitionCount !== null && held >= addon.maxAcquisitionCount) {
    return fail(
      409,
      'MaxAcquisitionCountReached',
      `The subscription already holds the plan '${plan.name}' ${held} time(s), its maximum.`,
    );
  }
  const record = {
    acquisitionId,
    plan,
    externalReferenceId: stringOf(props.externalReferenceId) ?? '',
    acquisitionTime: new Date(ctx.nowMs).toISOString(),
  };
  acquired.set(acquisitionId, record);
  return { status: 201, body: acquisitionJson(region, subscriptionId, record) };
}

export function deleteAcquiredPlan(region: Region, subscriptionId: string, acquisitionId: string): Reply {
  const sub = tenantSubscription(region, subscriptionId);
  if (isReply(sub)) return sub;
  const acquired = region.acquisitions.get(subscriptionId);
  if (acquired?.delete(acquisitionId) !== true) {
    return fail(404, 'NotFound', `The acquisition '${acquisitionId}' could not be found.`);
  }
  return { status: 200 };
}

// -------------------------------------------------------------------------------------------------
// Offers and plans

export function findOffer(region: Region, resourceGroup: string, name: string): OfferRecord | undefined {
  return region.offers.find((o) => same(o.name, name) && same(o.resourceGroup, resourceGroup));
}

export function findPlan(region: Region, resourceGroup: string, name: string): PlanRecord | undefined {
  return region.plans.find((p) => same(p.name, name) && same(p.resourceGroup, resourceGroup));
}

const OFFER_STATES: OfferState[] = ['Private', 'Public', 'Decommissioned'];

function planById(region: Region, id: unknown, field: string): PlanRecord | Reply {
  const text = stringOf(id);
  const plan = text === undefined ? undefined : region.plans.find((p) => same(planIdOf(region, p), text));
  return plan ?? fail(400, 'PlanNotFound', `The plan '${String(id)}' (property '${field}') was not found.`);
}

function count(value: unknown, field: string): number | null | Reply {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    return fail(400, 'InvalidProperty', `The property '${field}' must be a non-negative integer.`);
  }
  return value;
}

export function putOffer(region: Region, resourceGroup: string, name: string, body: Json): Reply {
  const wrongLocation = checkLocation(region, body);
  if (wrongLocation !== null) return wrongLocation;
  const existing = findOffer(region, resourceGroup, name);
  const props = propertiesOf(body);
  const stateText = stringOf(props.state) ?? existing?.state ?? 'Private';
  const state = OFFER_STATES.find((s) => same(s, stateText));
  if (state === undefined) {
    return fail(400, 'InvalidProperty', `The property 'state' has an invalid value '${stateText}'.`);
  }
  const max = count(props.maxSubscriptionsPerAccount, 'maxSubscriptionsPerAccount');
  if (isReply(max)) return max;
  let basePlans = existing?.basePlans ?? [];
  if (props.basePlanIds !== undefined) {
    if (!Array.isArray(props.basePlanIds))
      return fail(400, 'InvalidProperty', "The property 'basePlanIds' must be an array.");
    const resolved: PlanRecord[] = [];
    for (const id of props.basePlanIds) {
      const plan = planById(region, id, 'basePlanIds');
      if (isReply(plan)) return plan;
      resolved.push(plan);
    }
    basePlans = [...new Set(resolved)];
  }
  let addonPlans = existing?.addonPlans ?? [];
  if (props.addonPlans !== undefined) {
    if (!Array.isArray(props.addonPlans))
      return fail(400, 'InvalidProperty', "The property 'addonPlans' must be an array.");
    const resolved: OfferRecord['addonPlans'] = [];
    for (const item of props.addonPlans) {
      const plan = planById(region, isObject(item) ? item.planId : undefined, 'addonPlans.planId');
      if (isReply(plan)) return plan;
      const maxAcquisitionCount = count(
        isObject(item) ? item.maxAcquisitionCount : undefined,
        'addonPlans.maxAcquisitionCount',
      );
      if (isReply(maxAcquisitionCount)) return maxAcquisitionCount;
      resolved.push({ plan, maxAcquisitionCount });
    }
    addonPlans = resolved;
  }
  if (addonPlans.some((a) => basePlans.includes(a.plan))) {
    return fail(400, 'InvalidProperty', 'A plan cannot be both a base plan and an add-on plan of one offer.');
  }
  const record: OfferRecord = {
    name: existing?.name ?? name,
    resourceGroup: existing?.resourceGroup ?? resourceGroup,
    displayName: stringOf(props.displayName) ?? existing?.displayName ?? name,
    description: typeof props.description === 'string' ? props.description : (existing?.description ?? ''),
    state,
    maxSubscriptionsPerAccount: max ?? existing?.maxSubscriptionsPerAccount ?? 0,
    basePlans,
    addonPlans,
  };
  if (existing === undefined) {
    region.offers.push(record);
    return { status: 201, body: offerJson(region, record) };
  }
  Object.assign(existing, record);
  return { status: 200, body: offerJson(region, existing) };
}

export function deleteOffer(region: Region, resourceGroup: string, name: string): Reply {
  const offer = findOffer(region, resourceGroup, name);
  if (offer === undefined) return fail(404, 'NotFound', `The offer '${name}' could not be found.`);
  const subscriptions = subscriptionsOnOffer(region, offer).length;
  if (subscriptions > 0) {
    return fail(
      409,
      'OfferHasSubscriptions',
      `The offer '${name}' has ${subscriptions} subscription(s) and cannot be deleted.`,
    );
  }
  region.offers.splice(region.offers.indexOf(offer), 1);
  return { status: 200 };
}

/** `POST …/offers/{offer}/link|unlink` with `{planName, planLinkType, maxAcquisitionCount}` (§6.2). */
export function linkOffer(region: Region, offer: OfferRecord, action: 'link' | 'unlink', body: Json): Reply {
  const planName = stringOf(body.planName);
  if (planName === undefined) return fail(400, 'InvalidProperty', "The property 'planName' is required.");
  // A plan's name, or its full ARM id.
  const plan = planName.startsWith('/')
    ? region.plans.find((p) => same(planIdOf(region, p), planName))
    : (region.plans.find((p) => same(p.name, planName) && same(p.resourceGroup, offer.resourceGroup)) ??
      region.plans.find((p) => same(p.name, planName)));
  if (plan === undefined)
    return fail(400, 'PlanNotFound', `The plan '${planName}' (property 'planName') was not found.`);
  const linkText = stringOf(body.planLinkType) ?? (action === 'unlink' ? 'None' : '');
  const linkType = ['None', 'Base', 'Addon'].find((t) => same(t, linkText));
  if (linkType === undefined) {
    return fail(
      400,
      'InvalidProperty',
      `The property 'planLinkType' must be None, Base or Addon, not '${linkText}'.`,
    );
  }
  const max = count(body.maxAcquisitionCount, 'maxAcquisitionCount');
  if (isReply(max)) return max;
  offer.basePlans = offer.basePlans.filter((p) => p !== plan);
  offer.addonPlans = offer.addonPlans.filter((a) => a.plan !== plan);
  if (action === 'link' && linkType === 'Base') offer.basePlans.push(plan);
  if (action === 'link' && linkType === 'Addon') offer.addonPlans.push({ plan, maxAcquisitionCount: max });
  return { status: 200, body: offerJson(region, offer) };
}

/** A quota of the region from its full ARM id (spaces kept, any casing), or undefined. */
function quotaByIdText(region: Region, id: string): { rp: QuotaProvider; quota: QuotaRecord } | undefined {
  const match = /^\/subscriptions\/([^/]+)\/providers\/([^/]+)\/locations\/([^/]+)\/quotas\/(.+)$/i.exec(id);
  if (match === null || !same(match[1]!, region.providerSubscriptionId) || !same(match[3]!, region.name))
    return undefined;
  const rp = QUOTA_PROVIDERS.find((p) => same(p.namespace, match[2]!));
  const quota = rp === undefined ? undefined : findQuota(region, rp, match[4]!);
  return rp === undefined || quota === undefined ? undefined : { rp, quota };
}

export function putPlan(region: Region, resourceGroup: string, name: string, body: Json): Reply {
  const wrongLocation = checkLocation(region, body);
  if (wrongLocation !== null) return wrongLocation;
  const existing = findPlan(region, resourceGroup, name);
  const props = propertiesOf(body);
  let quotaIds = existing?.quotaIds ?? [];
  if (props.quotaIds !== undefined) {
    if (!Array.isArray(props.quotaIds))
      return fail(400, 'InvalidProperty', "The property 'quotaIds' must be an array.");
    const resolved: string[] = [];
    for (const id of props.quotaIds) {
      const found = typeof id === 'string' ? quotaByIdText(region, id) : undefined;
      if (found === undefined) {
        return fail(400, 'QuotaNotFound', `The quota '${String(id)}' (property 'quotaIds') was not found.`);
      }
      resolved.push(
        quotaId(region.providerSubscriptionId, region.name, found.rp.namespace, found.quota.name),
      );
    }
    quotaIds = [...new Set(resolved)];
  }
  const record: PlanRecord = {
    name: existing?.name ?? name,
    resourceGroup: existing?.resourceGroup ?? resourceGroup,
    displayName: stringOf(props.displayName) ?? existing?.displayName ?? name,
    description: typeof props.description === 'string' ? props.description : (existing?.description ?? ''),
    quotaIds,
  };
  if (existing === undefined) {
    region.plans.push(record);
    return { status: 201, body: planJson(region, record) };
  }
  Object.assign(existing, record);
  return { status: 200, body: planJson(region, existing) };
}

export function deletePlan(region: Region, resourceGroup: string, name: string): Reply {
  const plan = findPlan(region, resourceGroup, name);
  if (plan === undefined) return fail(404, 'NotFound', `The plan '${name}' could not be found.`);
  const offers = region.offers.filter(
    (o) => o.basePlans.includes(plan) || o.addonPlans.some((a) => a.plan === plan),
  );
  if (offers.length > 0) {
    return fail(
      409,
      'PlanInUse',
      `The plan '${name}' is linked to offer(s) ${offers.map((o) => `'${o.name}'`).join(', ')} and cannot be deleted.`,
    );
  }
  for (const acquired of region.acquisitions.values()) {
    for (const a of acquired.values()) {
      if (a.plan === plan)
        return fail(
          409,
          'PlanInUse',
          `The plan '${name}' is acquired by a subscription and cannot be deleted.`,
        );
    }
  }
  region.plans.splice(region.plans.indexOf(plan), 1);
  return { status: 200 };
}

// -------------------------------------------------------------------------------------------------
// Quotas

/** A quota by its short name or `{location}/{name}` (any casing). */
export function findQuota(region: Region, rp: QuotaProvider, name: string): QuotaRecord | undefined {
  const short = name.toLowerCase().startsWith(`${region.name}/`) ? name.slice(region.name.length + 1) : name;
  return region.quotas.get(rp.namespace.toLowerCase())?.find((q) => same(q.name, short));
}

/**
 * Creates (201, from the RP's defaults) or updates (200) a quota's limits. Only the RP's own
 * properties are accepted, with their types; read-only string properties (provisioningState) are
 * ignored.
 */
export function putQuota(region: Region, rp: QuotaProvider, name: string, body: Json): Reply {
  const wrongLocation = checkLocation(region, body);
  if (wrongLocation !== null) return wrongLocation;
  if (name.includes('/') && !name.toLowerCase().startsWith(`${region.name}/`)) {
    return fail(400, 'InvalidQuotaName', `The quota name '${name}' is not valid.`);
  }
  const short = name.includes('/') ? name.slice(region.name.length + 1) : name;
  const props = isObject(body.properties) ? body.properties : {};
  const defaults = rp.quota.properties;
  const existing = findQuota(region, rp, short);
  const next: Json = { ...(existing?.properties ?? defaults) };
  for (const [key, value] of Object.entries(props)) {
    if (!(key in defaults)) {
      return fail(400, 'InvalidProperty', `'${key}' is not a quota property of ${rp.namespace}.`);
    }
    const kind = typeof defaults[key];
    if (kind === 'string') continue;
    if (kind === 'number' && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      return fail(400, 'InvalidProperty', `The quota property '${key}' must be a non-negative number.`);
    }
    if (kind === 'boolean' && typeof value !== 'boolean') {
      return fail(400, 'InvalidProperty', `The quota property '${key}' must be true or false.`);
    }
    next[key] = value;
  }
  if (existing !== undefined) {
    existing.properties = next;
    return { status: 200, body: quotaJson(region, rp, existing) };
  }
  const record: QuotaRecord = { name: short, properties: next };
  region.quotas.get(rp.namespace.toLowerCase())!.push(record);
  return { status: 201, body: quotaJson(region, rp, record) };
}
