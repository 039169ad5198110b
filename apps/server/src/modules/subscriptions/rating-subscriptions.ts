import type { Kysely } from 'kysely';
import type { RequestContext } from '../../context.ts';
import type { Database, SubscriptionStatus } from '../../db/schema.ts';
import { regionKeyedSubscriptionRows, tenantSubscriptionRows } from './rating-subscriptions.repository.ts';
import { billableFromOf } from './subscription-links.service.ts';
import { findSubscription } from './subscriptions.repository.ts';

/**
 * What rating reads of subscriptions (written by the rating helper): a tenant's subscriptions with
 * their usage keys — cancelled ones too, since usage after a cancellation is still billed — and a
 * subscription in the caller's scope.
 */
export interface RatedSubscription {
  id: string;
  tenantId: string;
  name: string;
  status: SubscriptionStatus;
  regionId: string | null;
  azsSubscriptionId: string | null;
  /** Usage before this instant is not the subscription's (as usage reads decide it). */
  billableFrom: string;
}

type Row = Awaited<ReturnType<typeof tenantSubscriptionRows>>[number];

const shape = (r: Row): RatedSubscription => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  status: r.status,
  regionId: r.region_id,
  azsSubscriptionId: r.azs_subscription_id,
  billableFrom: billableFromOf(r),
});

export async function subscriptionsOfTenant(
  db: Kysely<Database>,
  tenantId: string,
): Promise<RatedSubscription[]> {
  return (await tenantSubscriptionRows(db, [tenantId])).map(shape);
}

/** subscriptionsOfTenant for several tenants in one query: tenant id → its subscriptions, by id. */
export async function subscriptionsOfTenants(
  db: Kysely<Database>,
  tenantIds: readonly string[],
): Promise<Map<string, RatedSubscription[]>> {
  const out = new Map<string, RatedSubscription[]>(tenantIds.map((id) => [id, []]));
  for (const row of await tenantSubscriptionRows(db, [...new Set(tenantIds)]))
    out.get(row.tenant_id)?.push(shape(row));
  return out;
}

/** Every live subscription with a usage key (region, Azure Stack subscription). */
export async function keyedSubscriptions(db: Kysely<Database>): Promise<RatedSubscription[]> {
  return (await regionKeyedSubscriptionRows(db)).map(shape);
}

/** The subscription if it is inside the actor's scope (else undefined: the caller answers 404). */
export async function subscriptionInScope(
  ctx: RequestContext,
  id: string,
): Promise<RatedSubscription | undefined> {
  const row = await findSubscription(ctx.app.db.kysely, ctx.actor.scope, id);
  return row ? shape(row) : undefined;
}
