import type { Kysely } from 'kysely';
import type { RequestContext } from '../../context.ts';
import { toCount } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { Database, SubscriptionRow, SubscriptionStatus } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { forUpdate, transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { containsText, type PageRequest, paginate, parseSort } from '../../http/pagination.ts';
import { chainOf, lockOrganisation } from '../../tenancy/chain.ts';
import { scopeWhere, visibleIds } from '../../tenancy/scope.ts';
import { changedFields, recordAudit } from '../audit/audit.service.ts';

function present(row: SubscriptionRow) {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    status: row.status,
    directoryId: row.directory_id,
    initialOwner: row.initial_owner,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function auditView(row: SubscriptionRow) {
  const { created_at: _c, updated_at: _u, deleted_at: _d, ...rest } = row;
  return rest;
}

function findSubscription(db: Kysely<Database>, ctx: RequestContext, id: string) {
  return db
    .selectFrom('subscriptions')
    .selectAll()
    .$call(scopeWhere(ctx.actor!.scope))
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** The live subscription, locked until the commit (a second update or delete waits, then re-reads it). */
function lockSubscription(trx: Kysely<Database>, ctx: RequestContext, id: string) {
  return trx
    .selectFrom('subscriptions')
    .selectAll()
    .$call(scopeWhere(ctx.actor!.scope))
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .$call(forUpdate(trx))
    .executeTakeFirst();
}

export async function isSubscriptionVisible(ctx: RequestContext, id: string): Promise<boolean> {
  return (await findSubscription(ctx.app.db.kysely, ctx, id)) !== undefined;
}

export async function getSubscription(ctx: RequestContext, id: string) {
  const row = await findSubscription(ctx.app.db.kysely, ctx, id);
  if (!row) throw AppError.notFound('Subscription');
  return present(row);
}

const SORT_COLUMNS = { name: 'subscriptions.name', createdAt: 'subscriptions.created_at' };

export async function listSubscriptions(
  ctx: RequestContext,
  filter: { tenantId?: string | undefined; status?: SubscriptionStatus | undefined; q?: string | undefined },
  page: PageRequest,
) {
  const db = ctx.app.db.kysely;
  const filtered = () => {
    let query = db
      .selectFrom('subscriptions')
      .$call(scopeWhere(ctx.actor!.scope))
      .where('subscriptions.deleted_at', 'is', null);
    if (filter.tenantId) query = query.where('subscriptions.tenant_id', '=', filter.tenantId);
    if (filter.status) query = query.where('subscriptions.status', '=', filter.status);
    if (filter.q) query = query.where(containsText('subscriptions.name', filter.q));
    return query;
  };
  const byName = page.sort.replace(/^-/, '') === 'name';
  const result = await paginate(
    filtered().selectAll(),
    parseSort(page.sort, SORT_COLUMNS, 'subscriptions.id'),
    {
      ...page,
      sortValue: (row) => (byName ? row.name : row.created_at),
    },
  );
  const items = result.items.map(present);
  if (!page.includeTotal) return { items, nextCursor: result.nextCursor };
  const total = await filtered()
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { items, nextCursor: result.nextCursor, total: toCount(total.n) };
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
  const scope = ctx.actor!.scope;
  const tenantId = input.tenantId ?? (scope.level === 'tenant' ? scope.orgId : undefined);
  if (!tenantId) throw AppError.invalidField('body.tenantId', 'Required: choose the tenant.');
  return transaction(ctx.app.db, async (trx) => {
    // The tenant stays live and keeps its chain until the commit: a delete or move waits for us.
    const tenant = await lockOrganisation(trx, scope, tenantId, 'tenant');
    if (!tenant) throw AppError.invalidField('body.tenantId', 'No such tenant.', 'not_found');
    await ctx.app.pause('subscription.create');
    const chain = chainOf(tenant);
    const now = nowIso();
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
    };
    await trx.insertInto('subscriptions').values(row).execute();
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
    const row = await lockSubscription(trx, ctx, id);
    if (!row) throw AppError.notFound('Subscription');
    // Only the columns the patch names: never a chain column a concurrent move rewrites.
    const changes: Partial<SubscriptionRow> = { updated_at: nowIso() };
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.status !== undefined) changes.status = patch.status;
    if (patch.directoryId !== undefined) changes.directory_id = patch.directoryId;
    if (patch.initialOwner !== undefined) changes.initial_owner = patch.initialOwner;
    const next: SubscriptionRow = { ...row, ...changes };
    await trx.updateTable('subscriptions').set(changes).where('id', '=', id).execute();
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
    const row = await lockSubscription(trx, ctx, id);
    if (!row) throw AppError.notFound('Subscription');
    const now = nowIso();
    await trx
      .updateTable('subscriptions')
      .set({ deleted_at: now, updated_at: now })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, ctx, {
      action: 'subscription.delete',
      targetType: 'subscription',
      targetId: id,
      orgId: row.tenant_id,
      before: auditView(row),
    });
  });
}

export function visibleSubscriptionIds(ctx: RequestContext, ids: string[]): Promise<Set<string>> {
  return visibleIds(ctx.app.db.kysely, 'subscriptions', ctx.actor!.scope, ids);
}

export async function countLiveSubscriptions(db: Kysely<Database>, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom('subscriptions')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return toCount(row.n);
}
