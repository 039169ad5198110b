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
export function heldAddonPlans(db: Kysely<Database>, subscriptionId: string) {
  return db
    .selectFrom('subscription_plans')
    .select(['subscription_id', 'plan_id', 'acquisition_id', 'acquired_at'])
    .where('subscription_id', '=', subscriptionId)
    .where('state', '=', 'provisioned')
    .where('removed_at', 'is', null)
    .orderBy('acquired_at')
    .orderBy('acquisition_id')
    .execute();
}

/** The same for every subscription of offerSubscriptionsOnRegion, in one query. */
export function heldAddonPlansOnRegion(db: Kysely<Database>, regionId: string) {
  return db
    .selectFrom('subscription_plans')
    .innerJoin('subscriptions', 'subscriptions.id', 'subscription_plans.subscription_id')
    .select([
      'subscription_plans.subscription_id',
      'subscription_plans.plan_id',
      'subscription_plans.acquisition_id',
      'subscription_plans.acquired_at',
    ])
    .where('subscriptions.region_id', '=', regionId)
    .where('subscriptions.deleted_at', 'is', null)
    .where('subscription_plans.state', '=', 'provisioned')
    .where('subscription_plans.removed_at', 'is', null)
    .orderBy('subscription_plans.acquired_at')
    .orderBy('subscription_plans.acquisition_id')
    .execute();
}
