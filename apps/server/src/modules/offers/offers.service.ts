import type { Kysely } from 'kysely';
import type { RequestContext } from '../../context.ts';
import type { Database, OfferPublication } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { findOrganisationInScope } from '../organisations/organisations.service.ts';
import { regionProviderSubscription } from '../regions/platform-subscriptions.service.ts';
import { parseQuotaId, parseResourceId, quotaArmKey, resourceArmId, resourceArmKey } from './arm.ts';
import {
  findOfferByArmKey,
  findOfferRow,
  findPlansById,
  findQuotasByArmKey,
  offerPlanLinks,
  offerPublishedTo,
} from './offers.repository.ts';

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

// ---------------------------------------------------------------------------------------------
// Stored JSON

/** The quota ids a plan names, parsed (ids the CMS cannot read are skipped). */
export function parseQuotaIds(json: string) {
  const ids = JSON.parse(json) as string[];
  return ids.flatMap((id) => {
    const parsed = parseQuotaId(id);
    return parsed ? [{ armId: id, ...parsed }] : [];
  });
}

export function parseLimits(json: string): Record<string, number> {
  return JSON.parse(json) as Record<string, number>;
}
