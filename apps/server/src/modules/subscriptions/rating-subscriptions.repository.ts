import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Reads for rating (rating-subscriptions.ts): system reads by tenant or by usage key. */

const COLUMNS = [
  'id',
  'tenant_id',
  'name',
  'status',
  'region_id',
  'azs_subscription_id',
  'billable_from',
  'created_at',
] as const;

/** Every live (not deleted) subscription of some tenants, cancelled ones included, by id. */
export function tenantSubscriptionRows(db: Kysely<Database>, tenantIds: string[]) {
  if (tenantIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('subscriptions')
    .select(COLUMNS)
    .where('tenant_id', 'in', tenantIds)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
}

/** Live subscriptions placed on a region with an Azure Stack subscription id. */
export function regionKeyedSubscriptionRows(db: Kysely<Database>) {
  return db
    .selectFrom('subscriptions')
    .select(COLUMNS)
    .where('deleted_at', 'is', null)
    .where('region_id', 'is not', null)
    .where('azs_subscription_id', 'is not', null)
    .execute();
}
