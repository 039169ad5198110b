import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** What usage reads and collections need of a region: its kind, time zone and collection window. */
export function findRegionBasics(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('regions')
    .select(['id', 'kind', 'name', 'time_zone', 'collection_window_hours', 'enabled'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Every Azure Stack subscription the region has reported, by id. */
export function listRegionSubscriptionRows(db: Kysely<Database>, regionId: string) {
  return db
    .selectFrom('region_subscriptions')
    .selectAll()
    .where('region_id', '=', regionId)
    .orderBy('azs_subscription_id')
    .execute();
}

export function findRegionSubscriptionRow(db: Kysely<Database>, regionId: string, azsSubscriptionId: string) {
  return db
    .selectFrom('region_subscriptions')
    .selectAll()
    .where('region_id', '=', regionId)
    .where('azs_subscription_id', '=', azsSubscriptionId)
    .executeTakeFirst();
}
