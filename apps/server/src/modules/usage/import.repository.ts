import type { Kysely } from 'kysely';
import type { Database, ImportedUsageRow, RegionKind } from '../../db/schema.ts';
import { forUpdate } from '../../db/transaction.ts';

/** Rows per statement: well inside every engine's bound-parameter limit (13 columns × 500). */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export interface SourceRegion {
  id: string;
  kind: RegionKind;
  name: string;
  time_zone: string;
}

/**
 * The region, locked until the commit when `lock`: every import of a source and every change to
 * its catalog take this lock first, so two imports of one source run one after the other (the
 * second reads what the first stored) and a meter cannot be removed under an import using it.
 */
export function findSourceRegion(
  db: Kysely<Database>,
  id: string,
  lock: boolean,
): Promise<SourceRegion | undefined> {
  const query = db.selectFrom('regions').select(['id', 'kind', 'name', 'time_zone']).where('id', '=', id);
  return (lock ? query.$call(forUpdate(db)) : query).executeTakeFirst();
}

export interface SourceSubscription {
  id: string;
  azs_subscription_id: string | null;
}

/**
 * The live subscriptions of a source that the given references name: by CMS id, or by the
 * external subscription id linked on the source (as given, or lower-cased as GUIDs are stored).
 */
export async function findSourceSubscriptions(
  db: Kysely<Database>,
  regionId: string,
  refs: readonly string[],
): Promise<SourceSubscription[]> {
  const wanted = [...new Set(refs.flatMap((r) => [r, r.toLowerCase()]))];
  const out: SourceSubscription[] = [];
  for (const part of chunks(wanted)) {
    const rows = await db
      .selectFrom('subscriptions')
      .select(['id', 'azs_subscription_id'])
      .where('region_id', '=', regionId)
      .where('deleted_at', 'is', null)
      .where((eb) => eb.or([eb('id', 'in', part), eb('azs_subscription_id', 'in', part)]))
      .execute();
    out.push(...rows);
  }
  return out;
}

/** Which of these (normalised) meter ids the catalog holds. */
export async function findCatalogMeterIds(
  db: Kysely<Database>,
  catalog: string,
  meterIds: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks([...new Set(meterIds)])) {
    const rows = await db
      .selectFrom('meters')
      .select('meter_id')
      .where('catalog', '=', catalog)
      .where('meter_id', 'in', part)
      .execute();
    for (const row of rows) found.add(row.meter_id);
  }
  return found;
}

/** The stored records of the source with these external ids. */
export async function findImportedRecords(
  db: Kysely<Database>,
  regionId: string,
  externalIds: readonly string[],
): Promise<Map<string, ImportedUsageRow>> {
  const found = new Map<string, ImportedUsageRow>();
  for (const part of chunks(externalIds)) {
    const rows = await db
      .selectFrom('imported_usage')
      .selectAll()
      .where('region_id', '=', regionId)
      .where('external_record_id', 'in', part)
      .execute();
    for (const row of rows) found.set(row.external_record_id, row);
  }
  return found;
}

/** Writes new records and replaces changed ones (their provenance and creation time kept by the caller). */
export async function writeImportedRecords(
  trx: Kysely<Database>,
  regionId: string,
  replacedIds: readonly string[],
  rows: readonly ImportedUsageRow[],
): Promise<void> {
  for (const part of chunks(replacedIds)) {
    await trx
      .deleteFrom('imported_usage')
      .where('region_id', '=', regionId)
      .where('external_record_id', 'in', part)
      .execute();
  }
  for (const part of chunks(rows)) {
    await trx.insertInto('imported_usage').values(part).execute();
  }
}

/** Does any imported record of the source use this meter? */
export async function meterHasImportedUsage(
  db: Kysely<Database>,
  regionId: string,
  meterId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('imported_usage')
    .select('external_record_id')
    .where('region_id', '=', regionId)
    .where('meter_id', '=', meterId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
