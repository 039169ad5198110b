import type { Kysely } from 'kysely';
import type { AppContext, RequestContext, Scope, SystemContext } from '../../context.ts';
import { newId, PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { Database, SubscriptionRow } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { chainOf, holdOrganisation } from '../../tenancy/chain.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { offerByArmId } from '../offers/offers.service.ts';
import {
  regionBasics,
  regionSubscription,
  regionSubscriptions,
} from '../regions/platform-subscriptions.service.ts';
import { getSetting } from '../settings/settings.service.ts';
import { findLiveLink, liveLinkRows } from './subscription-links.repository.ts';
import { findSubscription, insertSubscription, NOT_PROVISIONED } from './subscriptions.repository.ts';
import { presentSubscription, subscriptionAuditView } from './subscriptions.service.ts';

/**
 * Links between CMS subscriptions and the Azure Stack subscriptions of a region. Usage is keyed by
 * (region, Azure Stack subscription id) and never rewritten: a link only decides from when a CMS
 * subscription's reads and bills take that usage (its billable-from instant). Before it, and with
 * no live link at all, the usage is unassigned.
 */

/** The platform's scope: for the system's own reads and holds (links, jobs, the reconciler). */
export const PLATFORM_SCOPE: Scope = {
  level: 'platform',
  orgId: PLATFORM_ORG_ID,
  distributorId: null,
  partnerId: null,
  tenantId: null,
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The unique key of a live link: one Azure Stack subscription has at most one live CMS subscription. */
export function linkKey(regionId: string, azsSubscriptionId: string): string {
  return `${regionId}:${azsSubscriptionId}`;
}

/**
 * From when a subscription takes its usage: the instant an administrator chose (a link), else its
 * creation (auto-created ones record it; a subscription made in the CMS by hand bills from when it
 * was made, since it cannot have used the region before it existed in the CMS).
 */
export function billableFromOf(row: Pick<SubscriptionRow, 'billable_from' | 'created_at'>): string {
  return row.billable_from ?? row.created_at;
}

export interface UsageKey {
  subscriptionId: string;
  regionId: string | null;
  azsSubscriptionId: string | null;
  billableFrom: string;
}

/** A subscription in the caller's scope as its usage is looked up (404 outside the scope). */
export async function subscriptionUsageKey(ctx: RequestContext, id: string): Promise<UsageKey> {
  const row = await findSubscription(ctx.app.db.kysely, ctx.actor.scope, id);
  if (!row) throw AppError.notFound('Subscription');
  return {
    subscriptionId: row.id,
    regionId: row.region_id,
    azsSubscriptionId: row.azs_subscription_id,
    billableFrom: billableFromOf(row),
  };
}

/** A subscription's region and Azure Stack subscription, for the system (a collection job); unscoped. */
export async function subscriptionOnRegion(app: AppContext, id: string) {
  const row = await findSubscription(app.db.kysely, PLATFORM_SCOPE, id);
  return row === undefined
    ? undefined
    : {
        id: row.id,
        tenantId: row.tenant_id,
        regionId: row.region_id,
        azsSubscriptionId: row.azs_subscription_id,
      };
}

export interface LiveLink {
  subscriptionId: string;
  tenantId: string;
  name: string;
  azsSubscriptionId: string;
  billableFrom: string;
}

/** The live links of a region, by Azure Stack subscription id (platform data). */
export async function liveLinks(app: AppContext, regionId: string): Promise<Map<string, LiveLink>> {
  const rows = await liveLinkRows(app.db.kysely, regionId);
  return new Map(
    rows
      .filter((r) => r.azs_subscription_id !== null)
      .map((r) => [
        r.azs_subscription_id!,
        {
          subscriptionId: r.id,
          tenantId: r.tenant_id,
          name: r.name,
          azsSubscriptionId: r.azs_subscription_id!,
          billableFrom: billableFromOf(r),
        },
      ]),
  );
}

/**
 * Azure Stack subscriptions on a region that have no live CMS subscription (product.md §3
 * "platform subscriptions"); the operator's own are listed, marked, and never linkable.
 */
export async function listPlatformSubscriptions(ctx: RequestContext, regionId: string) {
  const region = await regionBasics(ctx.app, regionId);
  if (!region) throw AppError.notFound('Region');
  const [rows, links] = await Promise.all([
    regionSubscriptions(ctx.app, regionId),
    liveLinks(ctx.app, regionId),
  ]);
  return {
    regionId,
    items: rows
      .filter((r) => !links.has(r.azs_subscription_id))
      .map((r) => ({
        azsSubscriptionId: r.azs_subscription_id,
        displayName: r.display_name,
        owner: r.owner,
        directoryTenant: r.directory_tenant,
        offerId: r.offer_id,
        state: r.state,
        isOperator: r.is_operator === 1,
        linkable: r.is_operator !== 1,
        seenInAdminApi: r.seen_in_admin_api === 1,
        seenInUsage: r.seen_in_usage === 1,
        firstSeenAt: r.first_seen_at,
        lastSeenAt: r.last_seen_at,
      })),
  };
}

export interface LinkInput {
  azsSubscriptionId: string;
  tenantId: string;
  name?: string | undefined;
  billableFrom?: string | undefined;
}

/**
 * Links an Azure Stack subscription found on a region to a tenant as a new CMS subscription
 * (origin `linked`). Usage before `billableFrom` (default: now) stays unassigned.
 */
export async function linkSubscription(ctx: RequestContext, regionId: string, input: LinkInput) {
  const azsId = input.azsSubscriptionId.toLowerCase();
  return transaction(ctx.app.db, async (trx) => {
    const region = await regionBasics(ctx.app, regionId, trx);
    if (!region) throw AppError.notFound('Region');
    const tenant = await holdOrganisation(trx, ctx.actor.scope, input.tenantId, 'tenant');
    if (!tenant) throw AppError.invalidField('body.tenantId', 'No such tenant.', 'not_found');
    if (region.kind === 'azure_stack' && !GUID.test(azsId)) {
      throw AppError.invalidField('body.azsSubscriptionId', 'An Azure Stack subscription id is a GUID.');
    }
    const reported = await regionSubscription(ctx.app, region.id, azsId, trx);
    // An import source has no admin API: its subscriptions are whatever its files name.
    if (!reported && region.kind === 'azure_stack') {
      throw AppError.invalidField(
        'body.azsSubscriptionId',
        'This region has not reported that subscription (neither its admin API nor its usage).',
        'invalid_request',
      );
    }
    if (reported?.is_operator === 1) {
      throw AppError.invalidField(
        'body.azsSubscriptionId',
        "The operator's own subscriptions are never linked or billed.",
        'invalid_request',
      );
    }
    const offerId = await linkableOffer(trx, region.id, reported?.offer_id ?? null);
    const key = linkKey(region.id, azsId);
    if (await findLiveLink(trx, key)) {
      throw AppError.invalidField(
        'body.azsSubscriptionId',
        'That Azure Stack subscription is already linked to a subscription.',
        'conflict',
      );
    }
    await ctx.app.pause('subscription.link');
    const now = nowIso(ctx.app.clock);
    const chain = chainOf(tenant);
    const row: SubscriptionRow = {
      id: newId('sub'),
      tenant_id: tenant.id,
      partner_id: chain.partner_id!,
      distributor_id: chain.distributor_id!,
      name: input.name ?? reported?.display_name ?? `Azure Stack subscription ${azsId}`,
      status: 'active',
      directory_id: reported?.directory_tenant ?? tenant.directory_id,
      initial_owner: reported?.owner ?? null,
      created_at: now,
      updated_at: now,
      deleted_at: null,
      region_id: region.id,
      azs_subscription_id: azsId,
      azs_link_key: key,
      billable_from: input.billableFrom ? new Date(input.billableFrom).toISOString() : now,
      origin: 'linked',
      ...NOT_PROVISIONED,
      offer_id: offerId,
    };
    await insertSubscription(trx, row);
    await recordAudit(trx, ctx, {
      action: 'subscription.link',
      targetType: 'subscription',
      targetId: row.id,
      orgId: tenant.id,
      after: subscriptionAuditView(row),
    });
    return presentSubscription(trx, row);
  });
}

/**
 * The onboarding check of a link (seed 003: "validate subscription linkage to an active plan"): the
 * offer the region reports for the subscription must be one the CMS knows on that region and not
 * decommissioned. A subscription the region reported without an offer (seen only in usage, or an
 * import source's) has none to check. Returns the CMS offer id (null without one).
 */
async function linkableOffer(
  trx: Kysely<Database>,
  regionId: string,
  offerArmId: string | null,
): Promise<string | null> {
  if (offerArmId === null) return null;
  const offer = await offerByArmId(trx, regionId, offerArmId);
  if (!offer) {
    throw AppError.invalidField(
      'body.azsSubscriptionId',
      `Its offer on the region (${offerArmId}) is not known to the CMS: sync the region's offers, then link it.`,
      'invalid_request',
    );
  }
  if (offer.publication === 'decommissioned') {
    throw AppError.invalidField(
      'body.azsSubscriptionId',
      'Its offer is decommissioned: no subscription is linked to a decommissioned offer.',
      'invalid_request',
    );
  }
  return offer.id;
}

export type AutoCreateOutcome =
  | { status: 'off' }
  | { status: 'no_tenant'; tenantId: string }
  | { status: 'done'; created: string[] };

/**
 * "Auto Create Missing Subscriptions": every non-operator Azure Stack subscription the region has
 * reported without a live CMS subscription becomes one under the "Auto Created Subscription
 * Tenant Id" tenant, billable from its creation. One short transaction each; the unique link key
 * makes a concurrent run (another worker, a link by hand) lose cleanly instead of duplicating.
 * `write` runs each transaction: a job passes its fenced one, so a worker that lost its lease
 * creates nothing.
 */
export async function autoCreateMissingSubscriptions(
  ctx: SystemContext,
  regionId: string,
  write: <T>(work: (trx: Kysely<Database>) => Promise<T>) => Promise<T> = (work) =>
    transaction(ctx.app.db, work),
): Promise<AutoCreateOutcome> {
  if ((await getSetting(ctx, 'subscriptions.autoCreateMissing')) !== true) return { status: 'off' };
  const tenantId = String(await getSetting(ctx, 'subscriptions.autoCreateTenantId'));
  if (tenantId === '') return { status: 'no_tenant', tenantId };
  const [rows, links] = await Promise.all([
    regionSubscriptions(ctx.app, regionId),
    liveLinks(ctx.app, regionId),
  ]);
  const created: string[] = [];
  for (const reported of rows) {
    if (reported.is_operator === 1 || links.has(reported.azs_subscription_id)) continue;
    let outcome: SubscriptionRow | 'taken' | 'no_tenant';
    try {
      outcome = await write(async (trx) => {
        const tenant = await holdOrganisation(trx, PLATFORM_SCOPE, tenantId, 'tenant');
        if (!tenant) return 'no_tenant' as const;
        const key = linkKey(regionId, reported.azs_subscription_id);
        if (await findLiveLink(trx, key)) return 'taken' as const;
        const now = nowIso(ctx.app.clock);
        const chain = chainOf(tenant);
        const row: SubscriptionRow = {
          id: newId('sub'),
          tenant_id: tenant.id,
          partner_id: chain.partner_id!,
          distributor_id: chain.distributor_id!,
          name: (reported.display_name ?? `Azure Stack subscription ${reported.azs_subscription_id}`).slice(
            0,
            200,
          ),
          status: 'active',
          directory_id: reported.directory_tenant ?? tenant.directory_id,
          initial_owner: reported.owner,
          created_at: now,
          updated_at: now,
          deleted_at: null,
          region_id: regionId,
          azs_subscription_id: reported.azs_subscription_id,
          azs_link_key: key,
          billable_from: now,
          origin: 'auto_created',
          ...NOT_PROVISIONED,
        };
        await insertSubscription(trx, row);
        await recordAudit(trx, ctx, {
          action: 'subscription.autoCreate',
          targetType: 'subscription',
          targetId: row.id,
          orgId: tenant.id,
          after: subscriptionAuditView(row),
        });
        return row;
      });
    } catch (error) {
      // The link key was taken between our check and our insert: someone else created it.
      if (error instanceof AppError && error.code === 'conflict') continue;
      throw error;
    }
    if (outcome === 'no_tenant') return { status: 'no_tenant', tenantId };
    if (outcome !== 'taken') created.push(outcome.id);
  }
  return { status: 'done', created };
}
