import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Reads for rating (rating-inputs.ts); the adjustments service writes these tables. */

/**
 * Some tenants' discounts (tenant and subscription scope) whose period range meets
 * `fromPeriod` … `toPeriod` (a rating batch's periods; the caller keeps each period's own).
 */
export function discountsInPeriods(
  db: Kysely<Database>,
  tenantIds: string[],
  fromPeriod: string,
  toPeriod: string,
) {
  if (tenantIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('discounts')
    .select([
      'id',
      'tenant_id',
      'scope_type',
      'subscription_id',
      'percentage',
      'meter_ids',
      'from_period',
      'to_period',
    ])
    .where('tenant_id', 'in', tenantIds)
    .where((eb) => eb.or([eb('from_period', 'is', null), eb('from_period', '<=', toPeriod)]))
    .where((eb) => eb.or([eb('to_period', 'is', null), eb('to_period', '>=', fromPeriod)]))
    .orderBy('id')
    .execute();
}

/**
 * Credits whose period range meets `fromPeriod` … `toPeriod` that can reach some tenants: their
 * own, their subscriptions', and item credits on items of the given price lists (the caller keeps
 * each tenant-period's own).
 */
export function creditsInPeriods(
  db: Kysely<Database>,
  input: {
    tenantIds: string[];
    subscriptionIds: string[];
    priceListIds: string[];
    fromPeriod: string;
    toPeriod: string;
  },
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
      'tenant_id',
      'amount',
      'currency',
      'from_period',
      'to_period',
      'description',
    ])
    .where('from_period', '<=', input.toPeriod)
    .where((eb) => eb.or([eb('to_period', 'is', null), eb('to_period', '>=', input.fromPeriod)]))
    .where((eb) =>
      eb.or([
        ...(input.tenantIds.length > 0
          ? [eb.and([eb('scope_type', '=', 'tenant'), eb('tenant_id', 'in', input.tenantIds)])]
          : []),
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
