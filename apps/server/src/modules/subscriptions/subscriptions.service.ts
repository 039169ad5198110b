import type { RequestContext } from '../../context.ts';
import { newId } from '../../db/ids.ts';
import type { SubscriptionRow, SubscriptionStatus } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import type { PageRequest } from '../../http/pagination.ts';
import { chainOf, holdOrganisation } from '../../tenancy/chain.ts';
import { visibleIds } from '../../tenancy/scope.ts';
import { changedFields, recordAudit } from '../audit/audit.service.ts';
import {
  findSubscription,
  findSubscriptionNames,
  insertSubscription,
  listSubscriptionRows,
  lockSubscription,
  type SubscriptionFilter,
  updateSubscriptionRow,
} from './subscriptions.repository.ts';

function present(row: SubscriptionRow) {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    status: row.status,
    directoryId: row.directory_id,
    initialOwner: row.initial_owner,
    regionId: row.region_id,
    azsSubscriptionId: row.azs_subscription_id,
    billableFrom: row.billable_from ?? row.created_at,
    origin: row.origin ?? 'manual',
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export { auditView as subscriptionAuditView, present as presentSubscription };

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
  return present(row);
}

export async function listSubscriptions(ctx: RequestContext, filter: SubscriptionFilter, page: PageRequest) {
  const result = await listSubscriptionRows(ctx.app.db.kysely, ctx.actor.scope, filter, page);
  return { ...result, items: result.items.map(present) };
}

export async function createSubscription(
  ctx: RequestContext,
  input: {
    tenantId?: string | undefined;
    name: string;
    directoryId?: string | null | undefined;
    initialOwner?: string | null | undefined;
  },
) {
  const scope = ctx.actor.scope;
  const tenantId = input.tenantId ?? (scope.level === 'tenant' ? scope.orgId : undefined);
  if (!tenantId) throw AppError.invalidField('body.tenantId', 'Required: choose the tenant.');
  return transaction(ctx.app.db, async (trx) => {
    // The tenant stays live and keeps its chain until the commit: a delete or move waits for us.
    const tenant = await holdOrganisation(trx, scope, tenantId, 'tenant');
    if (!tenant) throw AppError.invalidField('body.tenantId', 'No such tenant.', 'not_found');
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
      region_id: null,
      azs_subscription_id: null,
      azs_link_key: null,
      billable_from: null,
      origin: 'manual',
    };
    await insertSubscription(trx, row);
    await recordAudit(trx, ctx, {
      action: 'subscription.create',
      targetType: 'subscription',
      targetId: row.id,
      orgId: tenant.id,
      after: auditView(row),
    });
    return present(row);
  });
}

export async function updateSubscription(
  ctx: RequestContext,
  id: string,
  patch: {
    name?: string | undefined;
    status?: SubscriptionStatus | undefined;
    directoryId?: string | null | undefined;
    initialOwner?: string | null | undefined;
  },
) {
  return transaction(ctx.app.db, async (trx) => {
    const row = await lockSubscription(trx, ctx.actor.scope, id);
    if (!row) throw AppError.notFound('Subscription');
    // Only the columns the patch names: never a chain column a concurrent move rewrites.
    const changes: Partial<SubscriptionRow> = { updated_at: nowIso(ctx.app.clock) };
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.status !== undefined) changes.status = patch.status;
    if (patch.directoryId !== undefined) changes.directory_id = patch.directoryId;
    if (patch.initialOwner !== undefined) changes.initial_owner = patch.initialOwner;
    const next: SubscriptionRow = { ...row, ...changes };
    await updateSubscriptionRow(trx, id, changes);
    await recordAudit(trx, ctx, {
      action: 'subscription.update',
      targetType: 'subscription',
      targetId: id,
      orgId: row.tenant_id,
      ...changedFields(auditView(row), auditView(next)),
    });
    return present(next);
  });
}

export async function deleteSubscription(ctx: RequestContext, id: string): Promise<void> {
  await transaction(ctx.app.db, async (trx) => {
    const row = await lockSubscription(trx, ctx.actor.scope, id);
    if (!row) throw AppError.notFound('Subscription');
    const now = nowIso(ctx.app.clock);
    // Its Azure Stack subscription is free again: usage from now on is unassigned until linked.
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

/** Live subscriptions of a tenant: a tenant that has any cannot be deleted. */
export { countLiveSubscriptions } from './subscriptions.repository.ts';
