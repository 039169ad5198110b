import type { Kysely } from 'kysely';
import type { RequestContext } from '../../context.ts';
import { PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { Database, OfferPublication, OfferTable } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import type { PageRequest } from '../../http/pagination.ts';
import type { AdminOffer } from '../../integrations/azure-stack/index.ts';
import { changedFields, recordAudit } from '../audit/audit.service.ts';
import { findOrganisationInScope, organisationNames } from '../organisations/organisations.service.ts';
import { lockRegionForUsage } from '../regions/collection.service.ts';
import { regionProviderSubscription } from '../regions/platform-subscriptions.service.ts';
import { parseResourceId, quotaArmKey, resourceArmId, resourceArmKey } from './arm.ts';
import { parseLimits, parseQuotaIds, regionFacts } from './offers.presenter.ts';
import {
  findOffer,
  findOfferByArmKey,
  findOfferRow,
  findPlansById,
  findQuotasByArmKey,
  listOfferRows,
  lockOffer,
  type OfferFilter,
  offerPlanLinks,
  offerPublishedTo,
  replaceVisibility,
  updateOfferRow,
  visibilityOf,
} from './offers.repository.ts';
import { DEFAULT_RESOURCE_GROUP, regionForWrite } from './plans.service.ts';
import { onRegion } from './region-admin.ts';
import { storeOffer } from './region-store.ts';

// ---------------------------------------------------------------------------------------------
// Presentation

const ORG_KINDS = { dst: 'distributor', ptn: 'partner', ten: 'tenant' } as const;

/**
 * The API view of offers. Below the platform the region's own figures are hidden and the
 * organisations an offer is published to are only those the viewer may see.
 */
async function presentOffers(ctx: RequestContext, rows: OfferTable[]) {
  const db = ctx.app.db.kysely;
  const ids = rows.map((r) => r.id);
  const [facts, links, visibility] = await Promise.all([
    regionFacts(
      db,
      rows.map((r) => r.region_id),
    ),
    offerPlanLinks(db, ids),
    visibilityOf(db, ids),
  ]);
  const names = await organisationNames(ctx, [...new Set(visibility.map((v) => v.organisation_id))]);
  const platform = ctx.actor.scope.level === 'platform';
  return rows.map((row) => {
    const provider = facts.provider(row.region_id);
    const plans = links.filter((l) => l.offer_id === row.id);
    const planView = (l: (typeof plans)[number]) => ({
      id: l.plan_id,
      name: l.name,
      displayName: l.display_name,
      description: l.description,
      regionDeleted: l.region_deleted_at !== null,
    });
    return {
      id: row.id,
      region: facts.region(row.region_id),
      resourceGroup: row.resource_group,
      name: row.name,
      armId:
        platform && provider !== null
          ? resourceArmId(provider, 'offers', row.resource_group, row.name)
          : null,
      displayName: row.display_name,
      description: row.description,
      regionState: row.region_state,
      publication: row.publication,
      visibility: row.visibility,
      visibleTo: visibility
        .filter((v) => v.offer_id === row.id && names.has(v.organisation_id))
        .map((v) => ({
          id: v.organisation_id,
          kind: ORG_KINDS[v.organisation_id.slice(0, 3) as keyof typeof ORG_KINDS],
          name: names.get(v.organisation_id)!,
        })),
      basePlans: plans.filter((l) => l.link_type === 'base').map(planView),
      addonPlans: plans
        .filter((l) => l.link_type === 'addon')
        .map((l) => ({ ...planView(l), maxAcquisitionCount: l.max_acquisition_count })),
      subscriptionCount: platform ? row.subscription_count : null,
      syncedAt: row.synced_at,
      regionDeletedAt: row.region_deleted_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Reads

export async function isOfferVisible(ctx: RequestContext, id: string): Promise<boolean> {
  return (await findOffer(ctx.app.db.kysely, ctx.actor.scope, id)) !== undefined;
}

export async function visibleOffer(
  ctx: RequestContext,
  id: string,
  db = ctx.app.db.kysely,
): Promise<OfferTable> {
  const row = await findOffer(db, ctx.actor.scope, id);
  if (!row) throw AppError.notFound('Offer');
  return row;
}

export async function getOffer(ctx: RequestContext, id: string) {
  const [view] = await presentOffers(ctx, [await visibleOffer(ctx, id)]);
  return view!;
}

export async function listOffers(ctx: RequestContext, filter: OfferFilter, page: PageRequest) {
  const platform = ctx.actor.scope.level === 'platform';
  const result = await listOfferRows(
    ctx.app.db.kysely,
    ctx.actor.scope,
    { ...filter, includeDeleted: platform && filter.includeDeleted },
    page,
  );
  return { ...result, items: await presentOffers(ctx, result.items) };
}

// ---------------------------------------------------------------------------------------------
// For other modules (subscriptions: provisioning, linking, details)

/** The region's Default Provider Subscription, which every admin ARM id starts with. */
async function providerSubscriptionOf(db: Kysely<Database>, regionId: string): Promise<string> {
  const provider = await regionProviderSubscription(db, regionId);
  if (provider === null) {
    throw AppError.invalidField(
      'body.offerId',
      "The offer's region has no provider subscription (its connection is incomplete).",
      'invalid_request',
    );
  }
  return provider;
}

/**
 * The offer a new subscription of `tenantId` may be created from, or AppError.invalidField('body.offerId', …):
 * 'not_found' when the offer does not exist or is not visible to the caller and that tenant;
 * 'invalid_request' when it is decommissioned (CMS publication) or gone from its region.
 *
 * Below the platform the caller must see the offer (published to its chain, not private); the
 * tenant's chain must have it published to it in every case (a platform administrator may use a
 * private offer, but only for a tenant it is published to).
 */
export async function offerForNewSubscription(
  trx: Kysely<Database>,
  ctx: RequestContext,
  offerId: string,
  tenantId: string,
): Promise<{ id: string; regionId: string; armId: string; displayName: string }> {
  const notFound = () => AppError.invalidField('body.offerId', 'No such offer.', 'not_found');
  const row = await findOfferRow(trx, offerId);
  if (!row) throw notFound();
  const scope = ctx.actor.scope;
  if (scope.level !== 'platform') {
    if (row.publication === 'private' || !(await offerPublishedTo(trx, scope, row.id))) throw notFound();
  }
  const tenant = await findOrganisationInScope(trx, scope, tenantId, 'tenant');
  if (!tenant) throw notFound();
  const tenantChain = {
    level: 'tenant' as const,
    orgId: tenant.id,
    distributorId: tenant.distributor_id,
    partnerId: tenant.partner_id,
    tenantId: tenant.id,
  };
  if (!(await offerPublishedTo(trx, tenantChain, row.id))) throw notFound();
  if (row.publication === 'decommissioned') {
    throw AppError.invalidField(
      'body.offerId',
      `The offer "${row.display_name}" is decommissioned: it takes no new subscriptions.`,
      'invalid_request',
    );
  }
  if (row.region_deleted_at !== null) {
    throw AppError.invalidField(
      'body.offerId',
      `The offer "${row.display_name}" no longer exists on its region.`,
      'invalid_request',
    );
  }
  const provider = await providerSubscriptionOf(trx, row.region_id);
  return {
    id: row.id,
    regionId: row.region_id,
    armId: resourceArmId(provider, 'offers', row.resource_group, row.name),
    displayName: row.display_name,
  };
}

/** An add-on plan of that offer, or AppError.invalidField('body.planId', …, 'not_found'). */
export async function addonPlanOfOffer(
  trx: Kysely<Database>,
  offerId: string,
  planId: string,
): Promise<{ id: string; armId: string; maxAcquisitionCount: number | null }> {
  const link = (await offerPlanLinks(trx, [offerId])).find(
    (l) => l.plan_id === planId && l.link_type === 'addon' && l.region_deleted_at === null,
  );
  const offer = link ? await findOfferRow(trx, offerId) : undefined;
  if (!link || !offer) {
    throw AppError.invalidField(
      'body.planId',
      'No such add-on plan of the subscription’s offer.',
      'not_found',
    );
  }
  const provider = await providerSubscriptionOf(trx, offer.region_id);
  return {
    id: link.plan_id,
    armId: resourceArmId(provider, 'plans', link.resource_group, link.name),
    maxAcquisitionCount: link.max_acquisition_count,
  };
}

/** For linking an existing Azure Stack subscription: the CMS offer row matching the region's offer ARM id, or null. */
export async function offerByArmId(
  trx: Kysely<Database>,
  regionId: string,
  offerArmId: string,
): Promise<{ id: string; publication: OfferPublication } | null> {
  const parsed = parseResourceId(offerArmId, 'offers');
  if (!parsed) return null;
  const row = await findOfferByArmKey(trx, regionId, resourceArmKey(parsed.resourceGroup, parsed.name));
  return row ? { id: row.id, publication: row.publication } : null;
}

/** Quotas of a subscription's offer (base + given add-on plans) for the subscription details page. */
export async function quotasOfPlans(
  db: Kysely<Database>,
  planIds: string[],
): Promise<
  { planId: string; quotaId: string; provider: string; name: string; limits: Record<string, number> }[]
> {
  const out: {
    planId: string;
    quotaId: string;
    provider: string;
    name: string;
    limits: Record<string, number>;
  }[] = [];
  for (const plan of await findPlansById(db, planIds)) {
    const keys = parseQuotaIds(plan.quota_ids).map((q) => quotaArmKey(q.provider, q.location, q.name));
    const quotas = await findQuotasByArmKey(db, plan.region_id, keys);
    const byKey = new Map(quotas.map((q) => [q.arm_key, q]));
    for (const key of keys) {
      const quota = byKey.get(key);
      if (!quota) continue;
      out.push({
        planId: plan.id,
        quotaId: quota.id,
        provider: quota.provider,
        name: quota.name,
        limits: parseLimits(quota.limits),
      });
    }
  }
  return out;
}

/**
 * An offer and plans as a subscription's details show them, unscoped like quotasOfPlans (the caller
 * found the subscription in its scope): the offer's name, its base plans, and the plans named by
 * `planIds` (its acquired add-ons). A plan gone from the region is still listed (marked).
 */
export async function offerPlansForSubscription(
  db: Kysely<Database>,
  offerId: string,
  planIds: readonly string[],
) {
  const offer = await findOfferRow(db, offerId);
  const links = await offerPlanLinks(db, [offerId]);
  const base = links.filter((l) => l.link_type === 'base').map((l) => l.plan_id);
  const plans = await findPlansById(db, [...new Set([...base, ...planIds])]);
  return {
    offer: offer ? { id: offer.id, name: offer.name, displayName: offer.display_name } : null,
    basePlanIds: base,
    plans: new Map(
      plans.map((p) => [
        p.id,
        { id: p.id, name: p.name, displayName: p.display_name, regionDeletedAt: p.region_deleted_at },
      ]),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Writes (platform administrators): the region's fields through to the region, publishing the CMS's own

export interface AddonPlanInput {
  planId: string;
  maxAcquisitionCount?: number | undefined;
}

export interface OfferInput {
  regionId: string;
  resourceGroup?: string | undefined;
  name: string;
  displayName: string;
  description?: string | null | undefined;
  basePlanIds: string[];
  addonPlans?: AddonPlanInput[] | undefined;
  publication?: OfferPublication | undefined;
  visibility?: 'all' | 'chosen' | undefined;
  visibleTo?: string[] | undefined;
}

export type OfferPatch = Partial<Omit<OfferInput, 'regionId' | 'resourceGroup' | 'name'>>;

const offerField = (message: string) => (/plan/i.test(message) ? 'body.basePlanIds' : 'body.name');

/** The ARM ids of an offer's plans: live plans of its region, none twice. */
async function planArmIdsFor(
  db: Kysely<Database>,
  region: { id: string; providerSubscriptionId: string },
  basePlanIds: string[],
  addonPlans: AddonPlanInput[],
) {
  const rows = new Map(
    (await findPlansById(db, [...basePlanIds, ...addonPlans.map((a) => a.planId)])).map((p) => [p.id, p]),
  );
  const seen = new Set<string>();
  const armIdOf = (id: string, field: string) => {
    const plan = rows.get(id);
    if (!plan || plan.region_id !== region.id) {
      throw AppError.invalidField(field, "No such plan on the offer's region.", 'invalid_request');
    }
    if (plan.region_deleted_at !== null) {
      throw AppError.invalidField(field, 'This plan no longer exists on the region.', 'invalid_request');
    }
    if (seen.has(id))
      throw AppError.invalidField(field, 'The plan is in the offer twice.', 'invalid_request');
    seen.add(id);
    return resourceArmId(region.providerSubscriptionId, 'plans', plan.resource_group, plan.name);
  };
  return {
    basePlanIds: basePlanIds.map((id, i) => armIdOf(id, `body.basePlanIds.${i}`)),
    addonPlans: addonPlans.map((a, i) => ({
      planId: armIdOf(a.planId, `body.addonPlans.${i}.planId`),
      maxAcquisitionCount: a.maxAcquisitionCount ?? null,
    })),
  };
}

type PublishingChange = Pick<OfferPatch, 'publication' | 'visibility' | 'visibleTo'>;

/**
 * Checks a publishing change before anything is written: chosen organisations are live
 * distributors, partners or tenants, and a list of them goes with visibility "chosen" (as the offer
 * is now; `applyPublishing` checks again under the offer's lock).
 */
async function checkPublishing(ctx: RequestContext, current: 'all' | 'chosen', change: PublishingChange) {
  refuseListWithAll(change.visibility ?? current, change);
  for (const [i, id] of (change.visibleTo ?? []).entries()) {
    const org = await findOrganisationInScope(ctx.app.db.kysely, ctx.actor.scope, id);
    if (!org || org.kind === 'platform') {
      throw AppError.invalidField(
        `body.visibleTo.${i}`,
        'No such distributor, partner or tenant.',
        'invalid_request',
      );
    }
  }
}

function refuseListWithAll(visibility: 'all' | 'chosen', change: PublishingChange): void {
  if (visibility === 'all' && change.visibleTo !== undefined && change.visibleTo.length > 0) {
    throw AppError.invalidField(
      'body.visibleTo',
      'Only with visibility "chosen": an offer visible to all is published to every branch.',
      'invalid_request',
    );
  }
}

/**
 * Applies a publishing change to the offer as it is under its lock (so two changes of one offer
 * never lose each other's fields): the chosen list is replaced only when given, and emptied when
 * the offer is visible to all.
 */
async function applyPublishing(trx: Kysely<Database>, row: OfferTable, change: PublishingChange) {
  const visibility = change.visibility ?? row.visibility;
  refuseListWithAll(visibility, change);
  const publication = change.publication ?? row.publication;
  await updateOfferRow(trx, row.id, { publication, visibility });
  if (visibility === 'all') await replaceVisibility(trx, row.id, []);
  else if (change.visibleTo !== undefined)
    await replaceVisibility(trx, row.id, [...new Set(change.visibleTo)]);
  return { ...row, publication, visibility };
}

async function offerAudit(db: Kysely<Database>, row: OfferTable) {
  const links = await offerPlanLinks(db, [row.id]);
  return {
    regionId: row.region_id,
    resourceGroup: row.resource_group,
    name: row.name,
    displayName: row.display_name,
    description: row.description,
    basePlanIds: links.filter((l) => l.link_type === 'base').map((l) => l.plan_id),
    addonPlans: links
      .filter((l) => l.link_type === 'addon')
      .map((l) => ({ planId: l.plan_id, maxAcquisitionCount: l.max_acquisition_count })),
    publication: row.publication,
    visibility: row.visibility,
    visibleTo: (await visibilityOf(db, [row.id])).map((v) => v.organisation_id),
  };
}

export async function createOffer(ctx: RequestContext, input: OfferInput) {
  const db = ctx.app.db.kysely;
  const region = await regionForWrite(ctx, input.regionId);
  const resourceGroup = input.resourceGroup ?? DEFAULT_RESOURCE_GROUP;
  if (await findOfferByArmKey(db, region.id, resourceArmKey(resourceGroup, input.name))) {
    throw AppError.invalidField(
      'body.name',
      'The region already has an offer with this name in this resource group.',
      'conflict',
    );
  }
  const plans = await planArmIdsFor(db, region, input.basePlanIds, input.addonPlans ?? []);
  const publishing = {
    publication: input.publication ?? 'private',
    visibility: input.visibility ?? 'all',
    visibleTo: input.visibleTo,
  } satisfies PublishingChange;
  await checkPublishing(ctx, publishing.visibility, publishing);
  // Private on the region: subscriptions are made by the CMS, never by tenants in the stamp's portal.
  const answer = await onRegion(ctx.app, region.id, { field: offerField }, (client) =>
    client.putOffer(resourceGroup, input.name, {
      displayName: input.displayName,
      description: input.description ?? null,
      state: 'Private',
      ...plans,
    }),
  );
  const id = await transaction(ctx.app.db, async (trx) => {
    await lockRegionForUsage(trx, region.id);
    const now = nowIso(ctx.app.clock);
    const stored = await storeOffer(trx, region.id, answer, now);
    const row = await applyPublishing(trx, stored, publishing);
    await recordAudit(trx, ctx, {
      action: 'offer.create',
      targetType: 'offer',
      targetId: row.id,
      orgId: PLATFORM_ORG_ID,
      after: await offerAudit(trx, row),
    });
    return row.id;
  });
  return getOffer(ctx, id);
}

export async function updateOffer(ctx: RequestContext, id: string, patch: OfferPatch) {
  const db = ctx.app.db.kysely;
  const row = await visibleOffer(ctx, id);
  await checkPublishing(ctx, row.visibility, patch);
  const touchesRegion =
    patch.displayName !== undefined ||
    patch.description !== undefined ||
    patch.basePlanIds !== undefined ||
    patch.addonPlans !== undefined;
  let answer: AdminOffer | undefined;
  if (touchesRegion) {
    if (row.region_deleted_at !== null) {
      throw new AppError(
        'invalid_request',
        'This offer no longer exists on its region; only its publishing can change.',
      );
    }
    const region = await regionForWrite(ctx, row.region_id);
    const links = await offerPlanLinks(db, [id]);
    const plans = await planArmIdsFor(
      db,
      region,
      patch.basePlanIds ?? links.filter((l) => l.link_type === 'base').map((l) => l.plan_id),
      patch.addonPlans ??
        links
          .filter((l) => l.link_type === 'addon')
          .map((l) => ({ planId: l.plan_id, maxAcquisitionCount: l.max_acquisition_count ?? undefined })),
    );
    answer = await onRegion(ctx.app, region.id, { field: offerField }, (client) =>
      client.putOffer(row.resource_group, row.name, {
        displayName: patch.displayName ?? row.display_name,
        description: patch.description === undefined ? row.description : patch.description,
        state: row.region_state,
        maxSubscriptionsPerAccount: row.max_subscriptions_per_account,
        ...plans,
      }),
    );
  }
  await ctx.app.pause('offer.update');
  await transaction(ctx.app.db, async (trx) => {
    await lockRegionForUsage(trx, row.region_id);
    const locked = await lockOffer(trx, id);
    if (!locked) throw AppError.notFound('Offer');
    const before = await offerAudit(trx, locked);
    const stored = answer ? await storeOffer(trx, row.region_id, answer, nowIso(ctx.app.clock)) : locked;
    const after = await offerAudit(trx, await applyPublishing(trx, stored, patch));
    await recordAudit(trx, ctx, {
      action: 'offer.update',
      targetType: 'offer',
      targetId: id,
      orgId: PLATFORM_ORG_ID,
      ...changedFields(before, after),
    });
  });
  return getOffer(ctx, id);
}

export async function deleteOffer(ctx: RequestContext, id: string): Promise<void> {
  const row = await visibleOffer(ctx, id);
  if (row.region_deleted_at !== null) {
    throw new AppError('invalid_request', 'This offer no longer exists on its region.');
  }
  if (row.subscription_count > 0) {
    throw new AppError(
      'has_dependents',
      `${row.subscription_count} subscription(s) on the region use this offer; decommission it instead.`,
    );
  }
  await onRegion(ctx.app, row.region_id, { field: offerField, deleting: true }, (client) =>
    client.deleteOffer(row.resource_group, row.name),
  );
  await transaction(ctx.app.db, async (trx) => {
    await lockRegionForUsage(trx, row.region_id);
    const now = nowIso(ctx.app.clock);
    await updateOfferRow(trx, id, { region_deleted_at: now, synced_at: now, updated_at: now });
    await recordAudit(trx, ctx, {
      action: 'offer.delete',
      targetType: 'offer',
      targetId: id,
      orgId: PLATFORM_ORG_ID,
      before: await offerAudit(trx, row),
    });
  });
}
