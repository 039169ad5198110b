import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { dialectOfExecutor } from './sql-batches.ts';

/**
 * Reads for rating (rating-usage.ts). Sums are exact on every engine: SUM over DECIMAL on
 * MySQL/MariaDB and PostgreSQL, and on SQLite the `decimal_sum` aggregate (db/decimal-sum.ts),
 * which adds the text decimals as BigInts of 10^-30 units.
 */

/** Per (Azure Stack subscription, meter, SKU): the exact sum of the region's local days from … to. */
export function dailySums(
  db: Kysely<Database>,
  regionId: string,
  azsSubscriptionIds: string[],
  fromDay: string,
  toDay: string,
) {
  const sqlite = dialectOfExecutor(db) === 'sqlite';
  return db
    .selectFrom('usage_daily')
    .select((eb) => [
      'azs_subscription_id',
      'meter_id',
      'sku',
      (sqlite ? eb.fn<string>('decimal_sum', ['quantity']) : eb.fn.sum<string>('quantity')).as('quantity'),
    ])
    .where('region_id', '=', regionId)
    .where('azs_subscription_id', 'in', azsSubscriptionIds)
    .where('local_day', '>=', fromDay)
    .where('local_day', '<=', toDay)
    .groupBy(['azs_subscription_id', 'meter_id', 'sku'])
    .execute();
}

/** The months (YYYY-MM) in which each Azure Stack subscription of a region has usage. */
export function usageMonths(
  db: Kysely<Database>,
  regionId: string,
  days?: { fromDay: string; toDay: string },
) {
  let query = db
    .selectFrom('usage_daily')
    .select((eb) => [
      'azs_subscription_id',
      eb.fn<string>('substr', ['local_day', eb.val(1), eb.val(7)]).as('month'),
    ])
    .where('region_id', '=', regionId);
  if (days) query = query.where('local_day', '>=', days.fromDay).where('local_day', '<=', days.toDay);
  return query.distinct().execute();
}

/** Regions that have any usage. */
export function regionsWithUsage(db: Kysely<Database>) {
  return db.selectFrom('usage_daily').select('region_id').distinct().execute();
}

/** Meter flags of a catalog that matter to rating. */
export function ratingMeterRows(db: Kysely<Database>, catalog: string) {
  return db
    .selectFrom('meters')
    .select(['meter_id', 'informational', 'month_fraction'])
    .where('catalog', '=', catalog)
    .execute();
}

/** The regions on which a tenant's period is closed (its invoice issued). */
export function closedRegionsOf(db: Kysely<Database>, tenantId: string, period: string) {
  return db
    .selectFrom('closed_periods')
    .select('region_id')
    .where('tenant_id', '=', tenantId)
    .where('period', '=', period)
    .execute();
}
