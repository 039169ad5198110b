import type { Kysely } from 'kysely';
import { toCount } from '../../db/database.ts';
import type { Database, TaxProfileTable, TaxRateTable } from '../../db/schema.ts';
import { forShare, forUpdate } from '../../db/transaction.ts';
import { containsText, type PageRequest, paginate, parseSort } from '../../http/pagination.ts';

/**
 * Tax profiles are the platform's (no chain columns): the service lets only platform users reach
 * these functions (the route table denies or hides them below the platform).
 */

export function findTaxProfile(db: Kysely<Database>, id: string) {
  return db.selectFrom('tax_profiles').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locked until the commit: an edit or delete of the same profile waits, then re-reads it. */
export function lockTaxProfile(trx: Kysely<Database>, id: string) {
  return trx
    .selectFrom('tax_profiles')
    .selectAll()
    .where('id', '=', id)
    .$call(forUpdate(trx))
    .executeTakeFirst();
}

/**
 * Share-locked until the commit: a tenant or the default setting that comes to name it keeps a
 * live profile (a delete, which locks it for update, waits and then sees the reference).
 */
export function holdTaxProfileRow(trx: Kysely<Database>, id: string) {
  return trx
    .selectFrom('tax_profiles')
    .select('id')
    .where('id', '=', id)
    .$call(forShare(trx))
    .executeTakeFirst();
}

export async function taxProfileNameTaken(db: Kysely<Database>, nameKey: string, exceptId?: string) {
  let query = db.selectFrom('tax_profiles').select('id').where('name_key', '=', nameKey);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export function ratesOfProfiles(db: Kysely<Database>, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('tax_rates')
    .selectAll()
    .where('tax_profile_id', 'in', ids)
    .orderBy('name')
    .orderBy('effective_from')
    .orderBy('id')
    .execute();
}

/** The rates of one profile that have taken effect on `date` (all effective_from ≤ date). */
export function ratesEffectiveOn(db: Kysely<Database>, profileId: string, date: string) {
  return db
    .selectFrom('tax_rates')
    .select(['name', 'percentage', 'effective_from'])
    .where('tax_profile_id', '=', profileId)
    .where('effective_from', '<=', date)
    .orderBy('name')
    .orderBy('effective_from')
    .execute();
}

const SORT_COLUMNS = { name: 'tax_profiles.name_key', createdAt: 'tax_profiles.created_at' };

export async function listTaxProfileRows(db: Kysely<Database>, q: string | undefined, page: PageRequest) {
  const filtered = () => {
    let query = db.selectFrom('tax_profiles');
    if (q) query = query.where(containsText('tax_profiles.name', q));
    return query;
  };
  const byName = page.sort.replace(/^-/, '') === 'name';
  const result = await paginate(
    filtered().selectAll(),
    parseSort(page.sort, SORT_COLUMNS, 'tax_profiles.id'),
    { ...page, sortValue: (row) => (byName ? row.name_key : row.created_at) },
  );
  if (!page.includeTotal) return { items: result.items, nextCursor: result.nextCursor };
  const total = await filtered()
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { items: result.items, nextCursor: result.nextCursor, total: toCount(total.n) };
}

export async function insertTaxProfile(
  trx: Kysely<Database>,
  row: TaxProfileTable,
  rates: TaxRateTable[],
): Promise<void> {
  await trx.insertInto('tax_profiles').values(row).execute();
  if (rates.length > 0) await trx.insertInto('tax_rates').values(rates).execute();
}

export async function updateTaxProfileRow(
  trx: Kysely<Database>,
  id: string,
  changes: Partial<TaxProfileTable>,
): Promise<void> {
  await trx.updateTable('tax_profiles').set(changes).where('id', '=', id).execute();
}

/** Replaces the whole set of a profile's rates. */
export async function replaceTaxRates(trx: Kysely<Database>, id: string, rates: TaxRateTable[]) {
  await trx.deleteFrom('tax_rates').where('tax_profile_id', '=', id).execute();
  if (rates.length > 0) await trx.insertInto('tax_rates').values(rates).execute();
}

export async function deleteTaxProfileRow(trx: Kysely<Database>, id: string): Promise<void> {
  await trx.deleteFrom('tax_rates').where('tax_profile_id', '=', id).execute();
  await trx.deleteFrom('tax_profiles').where('id', '=', id).execute();
}
