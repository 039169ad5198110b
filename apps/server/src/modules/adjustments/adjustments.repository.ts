import type { Kysely } from 'kysely';
import { toCount } from '../../db/database.ts';
import type { CreditTable, Database, DiscountTable } from '../../db/schema.ts';
import { forUpdate } from '../../db/transaction.ts';
import { containsText, type PageRequest, paginate, parseSort } from '../../http/pagination.ts';

/**
 * Discounts and credits are managed and read by platform users only (the route table); tenants
 * see them through their rated lines. The service checks the level before calling these.
 */

// ---------------------------------------------------------------------------------------------
// Discounts

export function findDiscount(db: Kysely<Database>, id: string) {
  return db.selectFrom('discounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockDiscount(trx: Kysely<Database>, id: string) {
  return trx
    .selectFrom('discounts')
    .selectAll()
    .where('id', '=', id)
    .$call(forUpdate(trx))
    .executeTakeFirst();
}

/** The discounts of one scope: a tenant's own (not its subscriptions'), or one subscription's. */
export function discountsOfScope(
  db: Kysely<Database>,
  scope: { type: 'tenant'; tenantId: string } | { type: 'subscription'; subscriptionId: string },
) {
  const query = db.selectFrom('discounts').selectAll();
  return (
    scope.type === 'tenant'
      ? query.where('scope_type', '=', 'tenant').where('tenant_id', '=', scope.tenantId)
      : query.where('scope_type', '=', 'subscription').where('subscription_id', '=', scope.subscriptionId)
  )
    .orderBy('id')
    .execute();
}

export interface AdjustmentFilter {
  tenantId?: string | undefined;
  subscriptionId?: string | undefined;
  q?: string | undefined;
}

/** Item credits of a list, or of one item of it (its meter and SKU). */
export interface CreditFilter extends AdjustmentFilter {
  item?: { priceListId: string; meterId?: string; sku?: string } | undefined;
}

const DISCOUNT_SORT = { createdAt: 'discounts.created_at' };

export async function listDiscountRows(db: Kysely<Database>, filter: AdjustmentFilter, page: PageRequest) {
  const filtered = () => {
    let query = db.selectFrom('discounts');
    if (filter.tenantId) query = query.where('discounts.tenant_id', '=', filter.tenantId);
    if (filter.subscriptionId) query = query.where('discounts.subscription_id', '=', filter.subscriptionId);
    if (filter.q) query = query.where(containsText('discounts.description', filter.q));
    return query;
  };
  const result = await paginate(filtered().selectAll(), parseSort(page.sort, DISCOUNT_SORT, 'discounts.id'), {
    ...page,
    sortValue: (row) => row.created_at,
  });
  if (!page.includeTotal) return { items: result.items, nextCursor: result.nextCursor };
  const total = await filtered()
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { items: result.items, nextCursor: result.nextCursor, total: toCount(total.n) };
}

export async function insertDiscount(trx: Kysely<Database>, row: DiscountTable): Promise<void> {
  await trx.insertInto('discounts').values(row).execute();
}

export async function updateDiscountRow(trx: Kysely<Database>, id: string, changes: Partial<DiscountTable>) {
  await trx.updateTable('discounts').set(changes).where('id', '=', id).execute();
}

export async function deleteDiscountRow(trx: Kysely<Database>, id: string): Promise<void> {
  await trx.deleteFrom('discounts').where('id', '=', id).execute();
}

// ---------------------------------------------------------------------------------------------
// Credits

export function findCredit(db: Kysely<Database>, id: string) {
  return db.selectFrom('credits').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockCredit(trx: Kysely<Database>, id: string) {
  return trx.selectFrom('credits').selectAll().where('id', '=', id).$call(forUpdate(trx)).executeTakeFirst();
}

const CREDIT_SORT = { createdAt: 'credits.created_at' };

export async function listCreditRows(db: Kysely<Database>, filter: CreditFilter, page: PageRequest) {
  const filtered = () => {
    let query = db.selectFrom('credits');
    if (filter.tenantId) query = query.where('credits.tenant_id', '=', filter.tenantId);
    if (filter.subscriptionId) query = query.where('credits.subscription_id', '=', filter.subscriptionId);
    const item = filter.item;
    if (item) {
      query = query.where('credits.price_list_id', '=', item.priceListId);
      if (item.meterId !== undefined) query = query.where('credits.meter_id', '=', item.meterId);
      if (item.sku !== undefined) query = query.where('credits.sku', '=', item.sku);
    }
    if (filter.q) query = query.where(containsText('credits.description', filter.q));
    return query;
  };
  const result = await paginate(filtered().selectAll(), parseSort(page.sort, CREDIT_SORT, 'credits.id'), {
    ...page,
    sortValue: (row) => row.created_at,
  });
  if (!page.includeTotal) return { items: result.items, nextCursor: result.nextCursor };
  const total = await filtered()
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { items: result.items, nextCursor: result.nextCursor, total: toCount(total.n) };
}

/** A tenant's own and its subscriptions' credits (those in its currency), locked for a change. */
export function lockTenantCurrencyCredits(trx: Kysely<Database>, tenantId: string) {
  return trx
    .selectFrom('credits')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('scope_type', 'in', ['subscription', 'tenant'])
    .orderBy('id')
    .$call(forUpdate(trx))
    .execute();
}

export async function insertCredit(trx: Kysely<Database>, row: CreditTable): Promise<void> {
  await trx.insertInto('credits').values(row).execute();
}

export async function updateCreditRow(trx: Kysely<Database>, id: string, changes: Partial<CreditTable>) {
  await trx.updateTable('credits').set(changes).where('id', '=', id).execute();
}

export async function deleteCreditRow(trx: Kysely<Database>, id: string): Promise<void> {
  await trx.deleteFrom('credits').where('id', '=', id).execute();
}
