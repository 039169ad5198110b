import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * Subscriptions whose quotas can be measured: live, created from an offer, linked to their Azure
 * Stack subscription on the region and not deleted there. A platform read (quota alerts after a
 * collection): no scope applies.
 */
export function offerSubscriptionsOnRegion(db: Kysely<Database>, regionId: string) {
  return db
    .selectFrom('subscriptions')
    .selectAll()
    .where('region_id', '=', regionId)
    .where('offer_id', 'is not', null)
    .where('azs_link_key', 'is not', null)
    .where('region_deleted_at', 'is', null)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
}

/** The add-on plans a subscription holds on its region (acquired, not being removed). */
export function heldAddonPlans(db: Kysely<Database>, subscriptionIds: readonly string[]) {
  if (subscriptionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('subscription_plans')
    .select(['subscription_id', 'plan_id', 'acquisition_id', 'acquired_at'])
    .where('subscription_id', 'in', [...subscriptionIds])
    .where('state', '=', 'provisioned')
    .where('removed_at', 'is', null)
    .orderBy('acquired_at')
    .orderBy('acquisition_id')
    .execute();
}
