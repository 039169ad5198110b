import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Scope } from '../../context.ts';
import { toCount } from '../../db/database.ts';
import type { Database, RegionKind, RegionRow } from '../../db/schema.ts';
import { forShare, forUpdate } from '../../db/transaction.ts';
import { containsText, type PageRequest, paginate, parseSort } from '../../http/pagination.ts';

export interface RegionFilter {
  kind?: RegionKind | undefined;
  q?: string | undefined;
}

/**
 * Regions belong to the platform: below it they do not exist, so every read takes the caller's
 * scope and finds nothing outside the platform level.
 */
function visibleTo(scope: Scope) {
  return <O>(qb: SelectQueryBuilder<Database, 'regions', O>) =>
    scope.level === 'platform' ? qb : qb.where(sql<boolean>`1 = 0`);
}

export function findRegion(db: Kysely<Database>, scope: Scope, id: string) {
  return db.selectFrom('regions').selectAll().$call(visibleTo(scope)).where('id', '=', id).executeTakeFirst();
}

/** The region, locked until the commit: a concurrent edit or delete waits, then re-reads it. */
export function lockRegion(trx: Kysely<Database>, scope: Scope, id: string) {
  return trx
    .selectFrom('regions')
    .selectAll()
    .$call(visibleTo(scope))
    .where('id', '=', id)
    .$call(forUpdate(trx))
    .executeTakeFirst();
}

/**
 * The region, share-locked until the commit: it stays (and keeps its kind) while a subscription
 * is placed on it; a delete, which locks it for update, waits.
 */
export function holdRegion(trx: Kysely<Database>, scope: Scope, id: string) {
  return trx
    .selectFrom('regions')
    .selectAll()
    .$call(visibleTo(scope))
    .where('id', '=', id)
    .$call(forShare(trx))
    .executeTakeFirst();
}

export async function regionNameTaken(
  db: Kysely<Database>,
  nameKey: string,
  exceptId?: string,
): Promise<boolean> {
  let query = db.selectFrom('regions').select('id').where('name_key', '=', nameKey);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

const SORT_COLUMNS = { name: 'regions.name_key', createdAt: 'regions.created_at' };

export async function listRegionRows(
  db: Kysely<Database>,
  scope: Scope,
  filter: RegionFilter,
  page: PageRequest,
) {
  const filtered = () => {
    let query = db.selectFrom('regions').$call(visibleTo(scope));
    if (filter.kind) query = query.where('regions.kind', '=', filter.kind);
    if (filter.q) query = query.where(containsText('regions.name', filter.q));
    return query;
  };
  const byName = page.sort.replace(/^-/, '') === 'name';
  const result = await paginate(filtered().selectAll(), parseSort(page.sort, SORT_COLUMNS, 'regions.id'), {
    ...page,
    sortValue: (row) => (byName ? row.name_key : row.created_at),
  });
  if (!page.includeTotal) return { items: result.items, nextCursor: result.nextCursor };
  const total = await filtered()
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { items: result.items, nextCursor: result.nextCursor, total: toCount(total.n) };
}

/** Every region, locked: the boot's schedule check (a handful of rows). */
export function allRegionsLocked(trx: Kysely<Database>) {
  return trx.selectFrom('regions').selectAll().orderBy('id').$call(forUpdate(trx)).execute();
}

export async function insertRegion(trx: Kysely<Database>, row: RegionRow): Promise<void> {
  await trx.insertInto('regions').values(row).execute();
}

export async function updateRegionRow(
  trx: Kysely<Database>,
  id: string,
  changes: Partial<RegionRow>,
): Promise<void> {
  await trx.updateTable('regions').set(changes).where('id', '=', id).execute();
}

/** Removes the region and what it alone refers to (the Azure Stack subscriptions it reported). */
export async function deleteRegionRow(trx: Kysely<Database>, id: string): Promise<void> {
  await trx.deleteFrom('region_subscriptions').where('region_id', '=', id).execute();
  await trx.deleteFrom('regions').where('id', '=', id).execute();
}

/**
 * Which of these regions have usage: collected or imported (usage_daily, read under a grant in
 * db/owners.ts). Their time zone is locked (their local days are fixed) and they cannot be deleted.
 */
export async function regionsWithUsage(db: Kysely<Database>, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  // One index probe per region and table (both keys start with region_id): a few regions per page.
  for (const id of new Set(ids)) {
    const daily = await db
      .selectFrom('usage_daily')
      .select('region_id')
      .where('region_id', '=', id)
      .limit(1)
      .executeTakeFirst();
    const imported =
      daily ??
      (await db
        .selectFrom('imported_usage')
        .select('region_id')
        .where('region_id', '=', id)
        .limit(1)
        .executeTakeFirst());
    if (imported) found.add(id);
  }
  return found;
}

/** Names of the given regions (the subscription resource shows its region's name). */
export async function regionNames(db: Kysely<Database>, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('regions').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Whether a price list is scoped to the region (price_lists read under a grant): the list refers
 * to the region, so the region cannot be deleted before it.
 */
export async function regionHasPriceList(db: Kysely<Database>, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('price_lists')
    .select('id')
    .where('region_id', '=', id)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
