import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Reads for rating (rating-inputs.ts); the adjustments service writes these tables. */

/** A tenant's discounts (tenant and subscription scope) whose period range contains `period`. */
export function discountsInPeriod(db: Kysely<Database>, tenantId: string, period: string) {
  return db
    .selectFrom('discounts')
    .select(['id', 'scope_type', 'subscription_id', 'percentage', 'meter_ids', 'from_period', 'to_period'])
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('from_period', 'is', null), eb('from_period', '<=', period)]))
    .where((eb) => eb.or([eb('to_period', 'is', null), eb('to_period', '>=', period)]))
    .orderBy('id')
    .execute();
}

/**
 * Credits valid in `period` that can reach a tenant: its own, its subscriptions', and item credits
 * on items of the given price lists.
 */
export function creditsInPeriod(
  db: Kysely<Database>,
  input: { tenantId: string; subscriptionIds: string[]; priceListIds: string[]; period: string },
) {
  return db
    .selectFrom('credits')
    .select([
      'id',
      'scope_type',
      'price_list_id',
      'meter_id',
      'sku',
      'subscription_id',
      'amount',
      'currency',
      'description',
    ])
    .where('from_period', '<=', input.period)
    .where((eb) => eb.or([eb('to_period', 'is', null), eb('to_period', '>=', input.period)]))
    .where((eb) =>
      eb.or([
        eb.and([eb('scope_type', '=', 'tenant'), eb('tenant_id', '=', input.tenantId)]),
        ...(input.subscriptionIds.length > 0
          ? [
              eb.and([
                eb('scope_type', '=', 'subscription'),
                eb('subscription_id', 'in', input.subscriptionIds),
              ]),
            ]
          : []),
        ...(input.priceListIds.length > 0
          ? [eb.and([eb('scope_type', '=', 'item'), eb('price_list_id', 'in', input.priceListIds)])]
          : []),
      ]),
    )
    .orderBy('id')
    .execute();
}
