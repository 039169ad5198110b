import type { Kysely } from 'kysely';
import type { Database, RegionTable } from '../../db/schema.ts';
import { forUpdate } from '../../db/transaction.ts';

/**
 * What usage collection reads and writes of a region (the usage module calls it through
 * collection.service.ts): its collection settings and connection, its outcome and watermark, and
 * the Azure Stack subscriptions its usage reported.
 */

export type CollectionRegionRow = Pick<
  RegionTable,
  | 'id'
  | 'kind'
  | 'name'
  | 'time_zone'
  | 'collection_window_hours'
  | 'usage_watermark'
  | 'enabled'
  | 'arm_endpoint'
  | 'directory_tenant'
  | 'client_id'
  | 'client_secret'
  | 'provider_subscription_id'
>;

export function findCollectionRegion(
  db: Kysely<Database>,
  regionId: string,
): Promise<CollectionRegionRow | undefined> {
  return db
    .selectFrom('regions')
    .select([
      'id',
      'kind',
      'name',
      'time_zone',
      'collection_window_hours',
      'usage_watermark',
      'enabled',
      'arm_endpoint',
      'directory_tenant',
      'client_id',
      'client_secret',
      'provider_subscription_id',
    ])
    .where('id', '=', regionId)
    .executeTakeFirst();
}

export async function updateCollectionState(
  db: Kysely<Database>,
  regionId: string,
  changes: Partial<
    Pick<RegionTable, 'usage_watermark' | 'last_run_at' | 'last_success_at' | 'last_error' | 'last_error_at'>
  >,
): Promise<void> {
  await db.updateTable('regions').set(changes).where('id', '=', regionId).execute();
}

/** Every Azure Stack subscription the region has reported, deleted ones included. */
export async function listRegionSubscriberIds(db: Kysely<Database>, regionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('region_subscriptions')
    .select('azs_subscription_id')
    .where('region_id', '=', regionId)
    .execute();
  return rows.map((row) => row.azs_subscription_id);
}

/** Marks subscriptions as seen in the region's usage (inserting the ones it never reported). */
export async function upsertSeenInUsage(
  trx: Kysely<Database>,
  regionId: string,
  azsSubscriptionIds: readonly string[],
  now: string,
  mysql: boolean,
): Promise<void> {
  if (azsSubscriptionIds.length === 0) return;
  const insert = trx.insertInto('region_subscriptions').values(
    azsSubscriptionIds.map((id) => ({
      region_id: regionId,
      azs_subscription_id: id,
      display_name: null,
      owner: null,
      directory_tenant: null,
      offer_id: null,
      state: null,
      is_operator: 0,
      seen_in_admin_api: 0,
      seen_in_usage: 1,
      first_seen_at: now,
      last_seen_at: now,
    })),
  );
  if (mysql) {
    await insert.onDuplicateKeyUpdate({ seen_in_usage: 1, last_seen_at: now }).execute();
  } else {
    await insert
      .onConflict((oc) =>
        oc.columns(['region_id', 'azs_subscription_id']).doUpdateSet({ seen_in_usage: 1, last_seen_at: now }),
      )
      .execute();
  }
}

/** Moves the watermark forward only: two runs finishing out of order never move it back. */
export async function advanceWatermark(db: Kysely<Database>, regionId: string, to: string): Promise<void> {
  await db
    .updateTable('regions')
    .set({ usage_watermark: to })
    .where('id', '=', regionId)
    .where((eb) => eb.or([eb('usage_watermark', 'is', null), eb('usage_watermark', '<', to)]))
    .execute();
}

/** Locks the region's row (MySQL/PostgreSQL; SQLite's write lock already serialises writers). */
export async function lockRegionRow(trx: Kysely<Database>, regionId: string): Promise<void> {
  await trx
    .selectFrom('regions')
    .select('id')
    .where('id', '=', regionId)
    .$call(forUpdate(trx))
    .executeTakeFirst();
}
