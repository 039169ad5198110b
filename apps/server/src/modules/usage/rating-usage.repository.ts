import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { dialectOfExecutor } from './sql-batches.ts';

/**
 * Reads for rating (rating-usage.ts). Sums are exact on every engine: SUM over DECIMAL on
 * MySQL/MariaDB and PostgreSQL, and on SQLite the `decimal_sum` aggregate (db/decimal-sum.ts),
 * which adds the text decimals as BigInts of 10^-30 units.
 */

/** Per (Azure Stack subscription, meter, SKU): the exact sum of the region's local days from … to. */
export async function dailySums(
  db: Kysely<Database>,
  regionId: string,
  azsSubscriptionIds: string[],
  fromDay: string,
  toDay: string,
): Promise<{ azs_subscription_id: string; meter_id: string; sku: string; quantity: string | null }[]> {
  const dialect = dialectOfExecutor(db);
  if (dialect === 'postgres') {
    // Per key, a lateral sum over its primary-key range, which comes in (meter, SKU) order and so
    // is grouped without a sort. `IN (…)` for a rating batch's 500 subscriptions (5 % of bench
    // rate's month) made PostgreSQL scan the whole table, 20 scans of 6.2 million rows for the
    // month; a plain join of the keys sorted 310,000 rows (spilling to disk) to group them.
    return (
      await sql<{ azs_subscription_id: string; meter_id: string; sku: string; quantity: string | null }>`
        select k.azs_subscription_id, s.meter_id, s.sku, s.quantity
        from unnest(${azsSubscriptionIds}::text[]) as k(azs_subscription_id)
        cross join lateral (
          select u.meter_id, u.sku, sum(u.quantity) as quantity
          from usage_daily u
          where u.region_id = ${regionId} and u.azs_subscription_id = k.azs_subscription_id
            and u.local_day >= ${fromDay} and u.local_day <= ${toDay}
          group by u.meter_id, u.sku
        ) as s`.execute(db)
    ).rows;
  }
  const sqlite = dialect === 'sqlite';
  // SQLite without statistics (the app never runs ANALYZE) prefers usage_daily_region_day
  // (region_id = ? AND a local_day range) to the primary key, and so reads every subscription's
  // rows of the month to keep the few asked for: rating 1,000 tenants read the month 1,000 times
  // (bench rate). `+local_day` (SQLite's way to keep a term off an index, same value) leaves the
  // primary key (region_id, azs_subscription_id, …) the only match. MySQL/MariaDB plans from its
  // statistics.
  const day = sqlite ? sql<string>`+local_day` : sql.ref<string>('local_day');
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
    .where(day, '>=', fromDay)
    .where(day, '<=', toDay)
    .groupBy(['azs_subscription_id', 'meter_id', 'sku'])
    .execute();
}

/**
 * The region after `after` (the first one when null) that has usage: a loose index scan, one
 * seek of an index led by region_id per call, where DISTINCT read every row of the table.
 */
export async function nextRegionWithUsage(db: Kysely<Database>, after: string | null) {
  let query = db.selectFrom('usage_daily').select((eb) => eb.fn.min<string>('region_id').as('region_id'));
  if (after !== null) query = query.where('region_id', '>', after);
  return (await query.executeTakeFirst())?.region_id ?? null;
}

/** The region's first local day with usage on or after `fromDay` (one seek of usage_daily_region_day). */
export async function nextUsageDay(db: Kysely<Database>, regionId: string, fromDay: string) {
  const row = await db
    .selectFrom('usage_daily')
    .select((eb) => eb.fn.min<string>('local_day').as('local_day'))
    .where('region_id', '=', regionId)
    .where('local_day', '>=', fromDay)
    .executeTakeFirst();
  return row?.local_day ?? null;
}

/**
 * The tenants of the region's live subscriptions with an Azure Stack subscription that has usage
 * between the local days `fromDay` and `toDay` (any row, billable or not). One EXISTS probe of
 * the primary key (region_id, azs_subscription_id, …) per subscription, which stops at the first
 * row in the range: where a subscription has usage in the range, that is its first rows; where it
 * has none, the probe reads that subscription's rows, not the region's month. On SQLite
 * `+local_day` keeps usage_daily_region_day out, as in dailySums.
 */
export function tenantsWithUsage(
  db: Kysely<Database>,
  regionId: string,
  fromDay: string,
  toDay: string,
  tenantId: string | undefined,
) {
  const day = dialectOfExecutor(db) === 'sqlite' ? sql<string>`+u.local_day` : sql.ref<string>('u.local_day');
  let query = db
    .selectFrom('subscriptions as s')
    .select('s.tenant_id')
    .distinct()
    .where('s.region_id', '=', regionId)
    .where('s.azs_subscription_id', 'is not', null)
    .where('s.deleted_at', 'is', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('usage_daily as u')
          .select(sql.lit(1).as('one'))
          .where('u.region_id', '=', regionId)
          .whereRef('u.azs_subscription_id', '=', 's.azs_subscription_id')
          .where(day, '>=', fromDay)
          .where(day, '<=', toDay),
      ),
    );
  if (tenantId !== undefined) query = query.where('s.tenant_id', '=', tenantId);
  return query.execute();
}

/** Meter flags of a catalog that matter to rating. */
export function ratingMeterRows(db: Kysely<Database>, catalog: string) {
  return db
    .selectFrom('meters')
    .select(['meter_id', 'informational', 'month_fraction'])
    .where('catalog', '=', catalog)
    .execute();
}

/**
 * The closed (invoiced) region periods among some tenants' periods: every row of those tenants in
 * those periods (the caller keeps the pairs it asked about).
 */
export function closedPeriodRows(db: Kysely<Database>, tenantIds: string[], periods: string[]) {
  if (tenantIds.length === 0 || periods.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('closed_periods')
    .select(['tenant_id', 'period'])
    .where('tenant_id', 'in', tenantIds)
    .where('period', 'in', periods)
    .execute();
}
