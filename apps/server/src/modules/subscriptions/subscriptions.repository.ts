import type { Kysely } from 'kysely';
import type { Scope } from '../../context.ts';
import { toCount } from '../../db/database.ts';
import type { Database, SubscriptionRow, SubscriptionStatus } from '../../db/schema.ts';
import { forUpdate } from '../../db/transaction.ts';
import { containsText, type PageRequest, paginate, parseSort } from '../../http/pagination.ts';
import { scopeWhere, visibleNames } from '../../tenancy/scope.ts';

export interface SubscriptionFilter {
  tenantId?: string | undefined;
  status?: SubscriptionStatus | undefined;
  q?: string | undefined;
}

export function findSubscription(db: Kysely<Database>, scope: Scope, id: string) {
  return db
    .selectFrom('subscriptions')
    .selectAll()
    .$call(scopeWhere(scope))
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** The live subscription, locked until the commit (a second update or delete waits, then re-reads it). */
export function lockSubscription(trx: Kysely<Database>, scope: Scope, id: string) {
  return trx
    .selectFrom('subscriptions')
    .selectAll()
    .$call(scopeWhere(scope))
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .$call(forUpdate(trx))
    .executeTakeFirst();
}

const SORT_COLUMNS = { name: 'subscriptions.name', createdAt: 'subscriptions.created_at' };

export async function listSubscriptionRows(
  db: Kysely<Database>,
  scope: Scope,
  filter: SubscriptionFilter,
  page: PageRequest,
) {
  const filtered = () => {
    let query = db
      .selectFrom('subscriptions')
      .$call(scopeWhere(scope))
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
    { ...page, sortValue: (row) => (byName ? row.name : row.created_at) },
  );
  if (!page.includeTotal) return { items: result.items, nextCursor: result.nextCursor };
  const total = await filtered()
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { items: result.items, nextCursor: result.nextCursor, total: toCount(total.n) };
}

/** The provisioning columns of a subscription the CMS did not provision on its region. */
export const NOT_PROVISIONED = {
  offer_id: null,
  provisioning_state: null,
  provisioning_error: null,
  provisioning_started_at: null,
  region_state: null,
  region_deleted_at: null,
} as const satisfies Partial<SubscriptionRow>;

export async function insertSubscription(trx: Kysely<Database>, row: SubscriptionRow): Promise<void> {
  await trx.insertInto('subscriptions').values(row).execute();
}

export async function updateSubscriptionRow(
  trx: Kysely<Database>,
  id: string,
  changes: Partial<SubscriptionRow>,
): Promise<void> {
  await trx.updateTable('subscriptions').set(changes).where('id', '=', id).execute();
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

/** Names of the given subscriptions that lie inside the scope (deleted ones included). */
export function findSubscriptionNames(
  db: Kysely<Database>,
  scope: Scope,
  ids: string[],
): Promise<Map<string, string>> {
  return visibleNames(db, 'subscriptions', scope, ids);
}

/** Live subscriptions placed on a region: a region that has any cannot be deleted. */
export async function countLiveSubscriptionsOnRegion(
  db: Kysely<Database>,
  regionId: string,
): Promise<number> {
  const row = await db
    .selectFrom('subscriptions')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('region_id', '=', regionId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return toCount(row.n);
}

/** Whether another live subscription holds this link ("{region}:{azure stack subscription id}"). */
export async function azsLinkTaken(
  db: Kysely<Database>,
  linkKey: string,
  exceptId?: string,
): Promise<boolean> {
  let query = db.selectFrom('subscriptions').select('id').where('azs_link_key', '=', linkKey);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}
