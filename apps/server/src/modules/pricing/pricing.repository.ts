import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Scope } from '../../context.ts';
import { toCount } from '../../db/database.ts';
import type {
  Database,
  MeterTable,
  PriceItemTable,
  PriceListScope,
  PriceListTable,
  PriceListVersionTable,
  PriceTierTable,
} from '../../db/schema.ts';
import { forUpdate } from '../../db/transaction.ts';
import { containsText, type PageRequest, paginate, parseSort } from '../../http/pagination.ts';

export type PriceListRow = PriceListTable;
export type VersionRow = PriceListVersionTable;
export type ItemRow = PriceItemTable;
export type TierRow = PriceTierTable;

/**
 * Price lists are the platform's (issue 13): below the platform they do not exist, so every read
 * takes the caller's scope and finds nothing outside the platform level. Tenants and their chains
 * see prices only through rated lines, cost to date and the calculator.
 */
function visibleTo(scope: Scope) {
  return <DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>) =>
    scope.level === 'platform' ? qb : qb.where(sql<boolean>`1 = 0`);
}

// ---------------------------------------------------------------------------------------------
// Lists

export function findList(db: Kysely<Database>, scope: Scope, id: string) {
  return db
    .selectFrom('price_lists')
    .selectAll()
    .$call(visibleTo(scope))
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * The list, locked until the commit. Every change to a list, its versions or its items takes this
 * lock first, so two activations (or an activation and an item edit) of one list run one after the
 * other and the second sees what the first did.
 */
export function lockList(trx: Kysely<Database>, scope: Scope, id: string) {
  return trx
    .selectFrom('price_lists')
    .selectAll()
    .$call(visibleTo(scope))
    .where('id', '=', id)
    .$call(forUpdate(trx))
    .executeTakeFirst();
}

export async function scopeKeyTaken(
  db: Kysely<Database>,
  scopeKey: string,
): Promise<PriceListRow | undefined> {
  return db.selectFrom('price_lists').selectAll().where('scope_key', '=', scopeKey).executeTakeFirst();
}

export interface PriceListFilter {
  scopeType?: PriceListScope | undefined;
  regionId?: string | undefined;
  tenantId?: string | undefined;
  q?: string | undefined;
}

const SORT_COLUMNS = { displayName: 'price_lists.display_name', createdAt: 'price_lists.created_at' };

export async function listListRows(
  db: Kysely<Database>,
  scope: Scope,
  filter: PriceListFilter,
  page: PageRequest,
) {
  const filtered = () => {
    let query = db.selectFrom('price_lists').$call(visibleTo(scope));
    if (filter.scopeType) query = query.where('price_lists.scope_type', '=', filter.scopeType);
    if (filter.regionId) query = query.where('price_lists.region_id', '=', filter.regionId);
    if (filter.tenantId) {
      const tenantId = filter.tenantId;
      // The tenant's own list and the overrides of its subscriptions (subscriptions read under a grant).
      query = query.where((eb) =>
        eb.or([
          eb('price_lists.tenant_id', '=', tenantId),
          eb(
            'price_lists.subscription_id',
            'in',
            eb
              .selectFrom('subscriptions')
              .select('subscriptions.id')
              .where('subscriptions.tenant_id', '=', tenantId),
          ),
        ]),
      );
    }
    if (filter.q) query = query.where(containsText('price_lists.display_name', filter.q));
    return query;
  };
  const byName = page.sort.replace(/^-/, '') === 'displayName';
  const result = await paginate(
    filtered().selectAll('price_lists'),
    parseSort(page.sort, SORT_COLUMNS, 'price_lists.id'),
    { ...page, sortValue: (row) => (byName ? row.display_name : row.created_at) },
  );
  if (!page.includeTotal) return { items: result.items, nextCursor: result.nextCursor };
  const total = await filtered()
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { items: result.items, nextCursor: result.nextCursor, total: toCount(total.n) };
}

export async function insertList(trx: Kysely<Database>, row: PriceListRow): Promise<void> {
  await trx.insertInto('price_lists').values(row).execute();
}

export async function updateListRow(trx: Kysely<Database>, id: string, changes: Partial<PriceListRow>) {
  await trx.updateTable('price_lists').set(changes).where('id', '=', id).execute();
}

/** Removes the list with its versions, items and tiers. */
export async function deleteListRows(trx: Kysely<Database>, id: string): Promise<void> {
  const versions = trx.selectFrom('price_list_versions').select('id').where('price_list_id', '=', id);
  const items = trx.selectFrom('price_items').select('id').where('version_id', 'in', versions);
  await trx.deleteFrom('price_tiers').where('item_id', 'in', items).execute();
  await trx.deleteFrom('price_items').where('version_id', 'in', versions).execute();
  await trx.deleteFrom('price_list_versions').where('price_list_id', '=', id).execute();
  await trx.deleteFrom('price_lists').where('id', '=', id).execute();
}

// ---------------------------------------------------------------------------------------------
// Versions

export function findVersion(db: Kysely<Database>, scope: Scope, id: string) {
  return db
    .selectFrom('price_list_versions')
    .innerJoin('price_lists', 'price_lists.id', 'price_list_versions.price_list_id')
    .selectAll('price_list_versions')
    .$call(visibleTo(scope))
    .where('price_list_versions.id', '=', id)
    .executeTakeFirst();
}

/** A list's versions, newest first, with their item counts. */
export async function versionsOfLists(db: Kysely<Database>, listIds: string[]) {
  if (listIds.length === 0) return [];
  const rows = await db
    .selectFrom('price_list_versions as v')
    .selectAll('v')
    .select((eb) =>
      eb
        .selectFrom('price_items')
        .select((e) => e.fn.countAll().as('n'))
        .whereRef('price_items.version_id', '=', 'v.id')
        .as('item_count'),
    )
    .where('v.price_list_id', 'in', listIds)
    .orderBy('v.version', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, item_count: toCount(r.item_count as number | string | null) }));
}

export async function nextVersionNumber(trx: Kysely<Database>, listId: string): Promise<number> {
  const row = await trx
    .selectFrom('price_list_versions')
    .select((eb) => eb.fn.max('version').as('n'))
    .where('price_list_id', '=', listId)
    .executeTakeFirst();
  return toCount(row?.n as number | string | null) + 1;
}

export async function insertVersion(trx: Kysely<Database>, row: VersionRow): Promise<void> {
  await trx.insertInto('price_list_versions').values(row).execute();
}

export async function updateVersionRow(trx: Kysely<Database>, id: string, changes: Partial<VersionRow>) {
  await trx.updateTable('price_list_versions').set(changes).where('id', '=', id).execute();
}

export async function deleteVersionRows(trx: Kysely<Database>, id: string): Promise<void> {
  const items = trx.selectFrom('price_items').select('id').where('version_id', '=', id);
  await trx.deleteFrom('price_tiers').where('item_id', 'in', items).execute();
  await trx.deleteFrom('price_items').where('version_id', '=', id).execute();
  await trx.deleteFrom('price_list_versions').where('id', '=', id).execute();
}

// ---------------------------------------------------------------------------------------------
// Items and tiers

export type ItemWithMeter = ItemRow & { meter_name: string | null; meter_unit: string | null };

/**
 * A version's items by meter and SKU, each with its meter's name and unit from the catalog (meters
 * read under a grant). The catalog is chosen per item: the first catalog that has the meter.
 */
export async function itemsOfVersion(db: Kysely<Database>, versionId: string): Promise<ItemWithMeter[]> {
  const rows = await db
    .selectFrom('price_items')
    .selectAll('price_items')
    .select((eb) => [
      eb
        .selectFrom('meters')
        .select('meters.name')
        .whereRef('meters.meter_id', '=', 'price_items.meter_id')
        .orderBy('meters.catalog')
        .limit(1)
        .as('meter_name'),
      eb
        .selectFrom('meters')
        .select('meters.unit')
        .whereRef('meters.meter_id', '=', 'price_items.meter_id')
        .orderBy('meters.catalog')
        .limit(1)
        .as('meter_unit'),
    ])
    .where('price_items.version_id', '=', versionId)
    .orderBy('price_items.meter_id')
    .orderBy('price_items.sku')
    .execute();
  return rows as ItemWithMeter[];
}

export async function tiersOfItems(db: Kysely<Database>, itemIds: string[]): Promise<Map<string, TierRow[]>> {
  const out = new Map<string, TierRow[]>();
  // Chunks keep the IN list well under every engine's parameter limit.
  for (let i = 0; i < itemIds.length; i += 500) {
    const chunk = itemIds.slice(i, i + 500);
    const rows = await db
      .selectFrom('price_tiers')
      .selectAll()
      .where('item_id', 'in', chunk)
      .orderBy('item_id')
      .orderBy('position')
      .execute();
    for (const row of rows) {
      const list = out.get(row.item_id) ?? [];
      list.push(row);
      out.set(row.item_id, list);
    }
  }
  return out;
}

export function findItem(db: Kysely<Database>, scope: Scope, id: string) {
  return db
    .selectFrom('price_items')
    .innerJoin('price_list_versions', 'price_list_versions.id', 'price_items.version_id')
    .innerJoin('price_lists', 'price_lists.id', 'price_list_versions.price_list_id')
    .selectAll('price_items')
    .select('price_list_versions.price_list_id')
    .$call(visibleTo(scope))
    .where('price_items.id', '=', id)
    .executeTakeFirst();
}

export function findItemByKey(db: Kysely<Database>, versionId: string, meterId: string, sku: string) {
  return db
    .selectFrom('price_items')
    .select('id')
    .where('version_id', '=', versionId)
    .where('meter_id', '=', meterId)
    .where('sku', '=', sku)
    .executeTakeFirst();
}

export async function insertItem(trx: Kysely<Database>, row: ItemRow, tiers: TierRow[]): Promise<void> {
  await trx.insertInto('price_items').values(row).execute();
  if (tiers.length > 0) await trx.insertInto('price_tiers').values(tiers).execute();
}

export async function updateItemRow(trx: Kysely<Database>, id: string, changes: Partial<ItemRow>) {
  await trx.updateTable('price_items').set(changes).where('id', '=', id).execute();
}

export async function replaceTiers(trx: Kysely<Database>, itemId: string, tiers: TierRow[]): Promise<void> {
  await trx.deleteFrom('price_tiers').where('item_id', '=', itemId).execute();
  if (tiers.length > 0) await trx.insertInto('price_tiers').values(tiers).execute();
}

export async function deleteItemRows(trx: Kysely<Database>, id: string): Promise<void> {
  await trx.deleteFrom('price_tiers').where('item_id', '=', id).execute();
  await trx.deleteFrom('price_items').where('id', '=', id).execute();
}

// ---------------------------------------------------------------------------------------------
// Other modules' tables, read under grants (db/owners.ts)

/** The meter in the first of these catalogs that has it (meters read under a grant). */
export function findMeterIn(
  db: Kysely<Database>,
  catalogs: string[] | 'any',
  meterId: string,
): Promise<MeterTable | undefined> {
  let query = db.selectFrom('meters').selectAll().where('meter_id', '=', meterId);
  if (catalogs !== 'any') query = query.where('catalog', 'in', catalogs);
  return query.orderBy('catalog').limit(1).executeTakeFirst();
}

/** The periods of rated lines (any tenant) that name the list (rated_lines read under a grant). */
export async function ratedPeriodsOfList(db: Kysely<Database>, listId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('rated_lines')
    .select('period')
    .distinct()
    .where('price_list_id', '=', listId)
    .orderBy('period')
    .limit(12)
    .execute();
  return rows.map((r) => r.period);
}

/** Where a list applies, as the usage and closed periods tables name it. */
export interface ListReach {
  regionId: string | null;
  tenantId: string | null;
  subscriptionId: string | null;
}

/** Whether the reach has usage on local days from `fromDay` on (usage_daily and subscriptions under grants). */
export async function reachHasUsageSince(db: Kysely<Database>, reach: ListReach, fromDay: string) {
  if (reach.subscriptionId === null && reach.tenantId === null) {
    const row = await db
      .selectFrom('usage_daily')
      .select('region_id')
      .where('region_id', '=', reach.regionId ?? '')
      .where('local_day', '>=', fromDay)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
  let query = db
    .selectFrom('usage_daily')
    .innerJoin('subscriptions', (join) =>
      join
        .onRef('subscriptions.region_id', '=', 'usage_daily.region_id')
        .onRef('subscriptions.azs_subscription_id', '=', 'usage_daily.azs_subscription_id'),
    )
    .select('usage_daily.region_id')
    .where('usage_daily.local_day', '>=', fromDay);
  query =
    reach.subscriptionId !== null
      ? query.where('subscriptions.id', '=', reach.subscriptionId)
      : query.where('subscriptions.tenant_id', '=', reach.tenantId!);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

/**
 * The first closed period of the reach in [from, before) (closed_periods read under a grant);
 * `before` null: no end.
 */
export async function firstClosedPeriod(
  db: Kysely<Database>,
  reach: { regionId: string | null; tenantId: string | null },
  from: string,
  before: string | null,
): Promise<string | undefined> {
  let query = db.selectFrom('closed_periods').select('period').where('period', '>=', from);
  if (before !== null) query = query.where('period', '<', before);
  if (reach.tenantId !== null) query = query.where('tenant_id', '=', reach.tenantId);
  if (reach.regionId !== null) query = query.where('region_id', '=', reach.regionId);
  const row = await query.orderBy('period').limit(1).executeTakeFirst();
  return row?.period;
}
