import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** What usage reads and collections need of a region: its kind, time zone and collection window. */
export function findRegionBasics(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('regions')
    .select([
      'id',
      'kind',
      'name',
      'time_zone',
      'collection_window_hours',
      'enabled',
      'provider_subscription_id',
    ])
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

export interface AdminSubscriptionSeen {
  azsSubscriptionId: string;
  displayName: string | null;
  owner: string | null;
  directoryTenant: string | null;
  offerId: string | null;
  state: string | null;
  isOperator: boolean;
}

/**
 * Records what the region's admin API lists: inserts new subscriptions, refreshes the details of
 * known ones. One statement per subscription (a region has hundreds at most); the primary key
 * makes a concurrent run's insert lose, and the caller's retry then updates.
 */
export async function upsertAdminSubscriptions(
  trx: Kysely<Database>,
  regionId: string,
  seen: readonly AdminSubscriptionSeen[],
  now: string,
): Promise<void> {
  const known = new Set(
    (
      await trx
        .selectFrom('region_subscriptions')
        .select('azs_subscription_id')
        .where('region_id', '=', regionId)
        .execute()
    ).map((r) => r.azs_subscription_id),
  );
  for (const s of seen) {
    const details = {
      display_name: s.displayName?.slice(0, 500) ?? null,
      owner: s.owner?.slice(0, 500) ?? null,
      directory_tenant: s.directoryTenant?.slice(0, 253) ?? null,
      offer_id: s.offerId?.slice(0, 1000) ?? null,
      state: s.state?.slice(0, 40) ?? null,
      is_operator: s.isOperator ? 1 : 0,
      seen_in_admin_api: 1,
      last_seen_at: now,
    };
    if (known.has(s.azsSubscriptionId)) {
      await trx
        .updateTable('region_subscriptions')
        .set(details)
        .where('region_id', '=', regionId)
        .where('azs_subscription_id', '=', s.azsSubscriptionId)
        .execute();
    } else {
      await trx
        .insertInto('region_subscriptions')
        .values({
          region_id: regionId,
          azs_subscription_id: s.azsSubscriptionId,
          ...details,
          seen_in_usage: 0,
          first_seen_at: now,
        })
        .execute();
    }
  }
}
