import type { Kysely } from 'kysely';
import type { Database, MeterRow } from '../../db/schema.ts';

export function listCatalogMeters(db: Kysely<Database>, catalog: string): Promise<MeterRow[]> {
  return db.selectFrom('meters').selectAll().where('catalog', '=', catalog).execute();
}

export async function insertMeter(db: Kysely<Database>, row: MeterRow): Promise<void> {
  await db.insertInto('meters').values(row).execute();
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
