import type { Kysely } from 'kysely';
import { toCount } from '../../db/database.ts';
import type { Database, MeterRow } from '../../db/schema.ts';
import { containsText, type PageRequest, paginate, parseSort } from '../../http/pagination.ts';

const SORT_COLUMNS = { meterId: 'meters.meter_id', name: 'meters.name' };

/** Meters are not scoped: the catalog is the same for everyone who may read it. */
export async function listMeterRows(
  db: Kysely<Database>,
  catalog: string,
  q: string | undefined,
  page: PageRequest,
) {
  const filtered = () => {
    let query = db.selectFrom('meters').where('meters.catalog', '=', catalog);
    if (q) {
      query = query.where((eb) =>
        eb.or([containsText('meters.name', q), containsText('meters.meter_id', q)]),
      );
    }
    return query;
  };
  const byName = page.sort.replace(/^-/, '') === 'name';
  const result = await paginate(
    filtered().selectAll().select('meters.meter_id as id'),
    parseSort(page.sort, SORT_COLUMNS, 'meters.meter_id'),
    { ...page, sortValue: (row) => (byName ? row.name : row.meter_id) },
  );
  if (!page.includeTotal) return { items: result.items, nextCursor: result.nextCursor };
  const total = await filtered()
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { items: result.items, nextCursor: result.nextCursor, total: toCount(total.n) };
}

export function findMeter(db: Kysely<Database>, catalog: string, meterId: string) {
  return db
    .selectFrom('meters')
    .selectAll()
    .where('catalog', '=', catalog)
    .where('meter_id', '=', meterId)
    .executeTakeFirst();
}

export async function insertMeter(trx: Kysely<Database>, row: MeterRow): Promise<void> {
  await trx.insertInto('meters').values(row).execute();
}

export async function updateMeterRow(
  trx: Kysely<Database>,
  catalog: string,
  meterId: string,
  changes: Partial<MeterRow>,
): Promise<void> {
  await trx
    .updateTable('meters')
    .set(changes)
    .where('catalog', '=', catalog)
    .where('meter_id', '=', meterId)
    .execute();
}

export async function deleteMeterRow(trx: Kysely<Database>, catalog: string, meterId: string): Promise<void> {
  await trx.deleteFrom('meters').where('catalog', '=', catalog).where('meter_id', '=', meterId).execute();
}

export function listCatalogMeters(db: Kysely<Database>, catalog: string): Promise<MeterRow[]> {
  return db.selectFrom('meters').selectAll().where('catalog', '=', catalog).execute();
}

export async function updateMeter(
  db: Kysely<Database>,
  catalog: string,
  meterId: string,
  changes: Pick<
    MeterRow,
    'name' | 'unit' | 'category' | 'informational' | 'month_fraction' | 'deprecated' | 'updated_at'
  >,
): Promise<void> {
  await db
    .updateTable('meters')
    .set(changes)
    .where('catalog', '=', catalog)
    .where('meter_id', '=', meterId)
    .execute();
}

/** The flags collection needs, for every meter of a catalog. */
export function meterFlags(
  db: Kysely<Database>,
  catalog: string,
): Promise<Pick<MeterRow, 'meter_id' | 'month_fraction' | 'informational'>[]> {
  return db
    .selectFrom('meters')
    .select(['meter_id', 'month_fraction', 'informational'])
    .where('catalog', '=', catalog)
    .execute();
}

/** Which of these (stored-form) meter ids are in some catalog. */
export async function meterIdsInAnyCatalog(db: Kysely<Database>, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('meters').select('meter_id').where('meter_id', 'in', ids).execute();
  return new Set(rows.map((r) => r.meter_id));
}

/** Names and units of some meters of a catalog. */
export function meterLabelRows(db: Kysely<Database>, catalog: string, meterIds: string[]) {
  if (meterIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('meters')
    .select(['meter_id', 'name', 'unit'])
    .where('catalog', '=', catalog)
    .where('meter_id', 'in', meterIds)
    .execute();
}
