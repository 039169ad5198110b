import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * Which CMS subscriptions are linked to Azure Stack subscriptions of a region. Platform reads
 * (unassigned usage, platform subscriptions, auto-creation): no scope applies to them.
 */
export function liveLinkRows(db: Kysely<Database>, regionId: string) {
  return db
    .selectFrom('subscriptions')
    .select(['id', 'tenant_id', 'name', 'azs_subscription_id', 'billable_from', 'created_at', 'origin'])
    .where('region_id', '=', regionId)
    .where('azs_link_key', 'is not', null)
    .where('deleted_at', 'is', null)
    .execute();
}

/** The live CMS subscription holding this link key, if any (locked by the unique index on insert). */
export function findLiveLink(db: Kysely<Database>, linkKey: string) {
  return db
    .selectFrom('subscriptions')
    .select(['id', 'tenant_id'])
    .where('azs_link_key', '=', linkKey)
    .executeTakeFirst();
}
