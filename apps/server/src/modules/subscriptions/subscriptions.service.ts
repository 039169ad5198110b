import type { Kysely } from 'kysely';
import type { RequestContext, Scope } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { newId } from '../../db/ids.ts';
import type { Database, SubscriptionRow } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import type { PageRequest } from '../../http/pagination.ts';
import { chainOf, holdOrganisation } from '../../tenancy/chain.ts';
import { visibleIds } from '../../tenancy/scope.ts';
import { changedFields, recordAudit } from '../audit/audit.service.ts';
import { holdRegionForSubscription, isRegionVisible, regionNamesById } from '../regions/regions.service.ts';
import {
  azsLinkTaken,
  findSubscription,
  findSubscriptionNames,
  insertSubscription,
  listSubscriptionRows,
  lockSubscription,
  NOT_PROVISIONED,
  type SubscriptionFilter,
  updateSubscriptionRow,
} from './subscriptions.repository.ts';

function present(row: SubscriptionRow, regionNames: Map<string, string>) {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    status: row.status,
    directoryId: row.directory_id,
    initialOwner: row.initial_owner,
    regionId: row.region_id,
    regionName: row.region_id === null ? null : (regionNames.get(row.region_id) ?? null),
    azsSubscriptionId: row.azs_subscription_id,
    billableFrom: row.billable_from,
    // Rows from before regions existed were all made in the CMS.
    origin: row.origin ?? 'manual',
    offerId: row.offer_id,
    provisioningState:
      row.provisioning_state === null ? ('not_provisioned' as const) : row.provisioning_state,
    regionState: row.region_state,
    regionDeletedAt: row.region_deleted_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The subscriptions as the API shows them, with their regions' names. A subscription's region is
 * shown to whoever sees the subscription (where it runs), though regions themselves are the
 * platform's: the names come by id, not through the region list.
 */
async function presentAll(db: Kysely<Database>, rows: SubscriptionRow[]) {
  const ids = [...new Set(rows.flatMap((r) => (r.region_id === null ? [] : [r.region_id])))];
  const names = await regionNamesById(db, ids);
  return rows.map((row) => present(row, names));
}

async function presentOne(db: Kysely<Database>, row: SubscriptionRow) {
  return (await presentAll(db, [row]))[0]!;
}

interface RegionFields {
  regionId?: string | null | undefined;
  azsSubscriptionId?: string | null | undefined;
}

const linkKeyOf = (regionId: string | null, azsId: string | null) =>
  regionId !== null && azsId !== null ? `${regionId}:${azsId}` : null;

/**
 * The region columns after a create or an update. Placing a subscription on a region and linking
 * its Azure Stack subscription by hand are platform administrators' acts (partners provision
 * through the region's plans and offers, later); the region must exist, and the id belongs to one
 * region: it needs one, and one live subscription holds it. Holds the region until the commit.
 */
async function regionColumns(
  trx: Kysely<Database>,
  ctx: RequestContext,
  input: RegionFields,
  current: SubscriptionRow | undefined,
): Promise<Pick<SubscriptionRow, 'region_id' | 'azs_subscription_id' | 'azs_link_key' | 'billable_from'>> {
  const keep = {
    region_id: current?.region_id ?? null,
    azs_subscription_id: current?.azs_subscription_id ?? null,
    azs_link_key: current?.azs_link_key ?? null,
    billable_from: current?.billable_from ?? null,
  };
  if (input.regionId === undefined && input.azsSubscriptionId === undefined) return keep;
  assertMayPlace(ctx, input);
  const regionId = input.regionId === undefined ? keep.region_id : input.regionId;
  const regionChanged = regionId !== keep.region_id;
  if (regionChanged && keep.azs_subscription_id !== null && input.azsSubscriptionId === undefined) {
    throw AppError.invalidField(
      'body.azsSubscriptionId',
      'The subscription is linked on its current region: give its id on the new region, or null.',
      'invalid_request',
    );
  }
  const azsId = input.azsSubscriptionId === undefined ? keep.azs_subscription_id : input.azsSubscriptionId;
  if (azsId !== null && regionId === null) {
    throw AppError.invalidField(
      'body.azsSubscriptionId',
      'Only with a region: an Azure Stack subscription id belongs to one region (regionId).',
      'invalid_request',
    );
  }
  if (
    regionId !== null &&
    regionChanged &&
    !(await holdRegionForSubscription(trx, ctx.actor.scope, regionId))
  ) {
    throw AppError.invalidField('body.regionId', 'No such region.', 'invalid_request');
  }
  if (regionId !== null && !regionChanged) await holdRegionForSubscription(trx, ctx.actor.scope, regionId);
  const linkKey = linkKeyOf(regionId, azsId);
  if (linkKey !== null && linkKey !== keep.azs_link_key && (await azsLinkTaken(trx, linkKey, current?.id))) {
    throw azsConflict();
  }
  const linked = azsId !== null && (azsId !== keep.azs_subscription_id || regionChanged);
  return {
    region_id: regionId,
    azs_subscription_id: azsId,
    azs_link_key: linkKey,
    // A new subscription bills from its creation (null); a later link from the moment it is made.
    billable_from: azsId === null ? null : linked && current ? nowIso(ctx.app.clock) : keep.billable_from,
  };
}

function assertMayPlace(ctx: RequestContext, input: RegionFields): void {
  if (input.regionId === undefined && input.azsSubscriptionId === undefined) return;
  if (ctx.actor.scope.level !== 'platform') {
    const field = input.regionId !== undefined ? 'body.regionId' : 'body.azsSubscriptionId';
    throw AppError.forbidden(
      `${field}: only platform administrators place a subscription on a region or link its Azure Stack subscription.`,
    );
  }
}

/**
 * The region fields of a new subscription, checked before anything else is looked at (the
 * transaction checks the region again, holding it).
 */
async function checkNewRegionFields(ctx: RequestContext, input: RegionFields): Promise<void> {
  assertMayPlace(ctx, input);
  if (input.regionId && !(await isRegionVisible(ctx, input.regionId))) {
    throw AppError.invalidField('body.regionId', 'No such region.', 'invalid_request');
  }
}

function azsConflict(): AppError {
  return AppError.invalidField(
    'body.azsSubscriptionId',
    'Another subscription is already linked to this Azure Stack subscription on this region.',
    'conflict',
  );
}

/** Runs a write of the subscription's row, answering 409 when another writer took the link since the check. */
async function claimingLink(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw azsConflict();
    throw error;
  }
}

export { auditView as subscriptionAuditView, presentOne as presentSubscription };

function auditView(row: SubscriptionRow) {
  const { created_at: _c, updated_at: _u, deleted_at: _d, ...rest } = row;
  return rest;
}

export async function isSubscriptionVisible(ctx: RequestContext, id: string): Promise<boolean> {
  return (await findSubscription(ctx.app.db.kysely, ctx.actor.scope, id)) !== undefined;
}

export async function getSubscription(ctx: RequestContext, id: string) {
  const row = await findSubscription(ctx.app.db.kysely, ctx.actor.scope, id);
  if (!row) throw AppError.notFound('Subscription');
  return presentOne(ctx.app.db.kysely, row);
}

export async function listSubscriptions(ctx: RequestContext, filter: SubscriptionFilter, page: PageRequest) {
  const result = await listSubscriptionRows(ctx.app.db.kysely, ctx.actor.scope, filter, page);
  return { ...result, items: await presentAll(ctx.app.db.kysely, result.items) };
}

export async function createSubscription(
  ctx: RequestContext,
  input: {
    tenantId?: string | undefined;
    name: string;
    directoryId?: string | null | undefined;
    initialOwner?: string | null | undefined;
  } & RegionFields,
) {
  const scope = ctx.actor.scope;
  await checkNewRegionFields(ctx, input);
  const tenantId = input.tenantId ?? (scope.level === 'tenant' ? scope.orgId : undefined);
  if (!tenantId) throw AppError.invalidField('body.tenantId', 'Required: choose the tenant.');
  return transaction(ctx.app.db, async (trx) => {
    // The tenant stays live and keeps its chain until the commit: a delete or move waits for us.
    const tenant = await holdOrganisation(trx, scope, tenantId, 'tenant');
    if (!tenant) throw AppError.invalidField('body.tenantId', 'No such tenant.', 'not_found');
    const region = await regionColumns(trx, ctx, input, undefined);
    await ctx.app.pause('subscription.create');
    const chain = chainOf(tenant);
    const now = nowIso(ctx.app.clock);
    const row: SubscriptionRow = {
      id: newId('sub'),
      tenant_id: tenant.id,
      partner_id: chain.partner_id!,
      distributor_id: chain.distributor_id!,
      name: input.name,
      status: 'active',
      directory_id: input.directoryId ?? tenant.directory_id,
      initial_owner: input.initialOwner ?? null,
      created_at: now,
      updated_at: now,
      deleted_at: null,
      ...region,
      origin: 'manual',
      ...NOT_PROVISIONED,
    };
    await claimingLink(() => insertSubscription(trx, row));
    await recordAudit(trx, ctx, {
      action: 'subscription.create',
      targetType: 'subscription',
      targetId: row.id,
      orgId: tenant.id,
      after: auditView(row),
    });
    return presentOne(trx, row);
  });
}

export async function updateSubscription(
  ctx: RequestContext,
  id: string,
  patch: {
    name?: string | undefined;
    directoryId?: string | null | undefined;
    initialOwner?: string | null | undefined;
  } & RegionFields,
) {
  return transaction(ctx.app.db, async (trx) => {
    const row = await lockSubscription(trx, ctx.actor.scope, id);
    if (!row) throw AppError.notFound('Subscription');
    // Only the columns the patch names: never a chain column a concurrent move rewrites.
    const changes: Partial<SubscriptionRow> = { updated_at: nowIso(ctx.app.clock) };
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.directoryId !== undefined) changes.directory_id = patch.directoryId;
    if (patch.initialOwner !== undefined) changes.initial_owner = patch.initialOwner;
    if (patch.regionId !== undefined || patch.azsSubscriptionId !== undefined) {
      if (row.provisioning_state !== null) {
        throw AppError.invalidField(
          patch.regionId !== undefined ? 'body.regionId' : 'body.azsSubscriptionId',
          'The CMS provisioned this subscription on its region: it stays there.',
          'invalid_request',
        );
      }
      Object.assign(changes, await regionColumns(trx, ctx, patch, row));
    }
    const next: SubscriptionRow = { ...row, ...changes };
    await claimingLink(() => updateSubscriptionRow(trx, id, changes));
    await recordAudit(trx, ctx, {
      action: 'subscription.update',
      targetType: 'subscription',
      targetId: id,
      orgId: row.tenant_id,
      ...changedFields(auditView(row), auditView(next)),
    });
    return presentOne(trx, next);
  });
}

export async function deleteSubscription(ctx: RequestContext, id: string): Promise<void> {
  await transaction(ctx.app.db, async (trx) => {
    const row = await lockSubscription(trx, ctx.actor.scope, id);
    if (!row) throw AppError.notFound('Subscription');
    if (
      row.provisioning_state === 'provisioning' ||
      (row.provisioning_state === 'provisioned' && row.region_deleted_at === null)
    ) {
      throw new AppError(
        'conflict',
        'The subscription lives on its region: cancel it and delete it there (region-deletion) first; its record stays either way.',
      );
    }
    const now = nowIso(ctx.app.clock);
    // A deleted subscription keeps its Azure Stack id but frees the link for a live one.
    await updateSubscriptionRow(trx, id, { deleted_at: now, updated_at: now, azs_link_key: null });
    await recordAudit(trx, ctx, {
      action: 'subscription.delete',
      targetType: 'subscription',
      targetId: id,
      orgId: row.tenant_id,
      before: auditView(row),
    });
  });
}

/** The names of those of the given subscriptions the caller may see (the audit log shows them). */
export function subscriptionNames(ctx: RequestContext, ids: string[]): Promise<Map<string, string>> {
  return findSubscriptionNames(ctx.app.db.kysely, ctx.actor.scope, ids);
}

export function visibleSubscriptionIds(ctx: RequestContext, ids: string[]): Promise<Set<string>> {
  return visibleIds(ctx.app.db.kysely, 'subscriptions', ctx.actor.scope, ids);
}

/** Live subscriptions of a tenant (or on a region): a tenant (region) that has any cannot be deleted. */
export { countLiveSubscriptions, countLiveSubscriptionsOnRegion } from './subscriptions.repository.ts';

/**
 * A live subscription inside the scope, or undefined, read in the caller's transaction (adjustments
 * ask which tenant a subscription belongs to).
 */
export function findSubscriptionInScope(
  db: Kysely<Database>,
  scope: Scope,
  id: string,
): Promise<SubscriptionRow | undefined> {
  return findSubscription(db, scope, id);
}
