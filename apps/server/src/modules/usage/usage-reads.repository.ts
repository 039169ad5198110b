import type { Kysely } from 'kysely';
import { toCount } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

/**
 * Reads of stored usage for one (region, Azure Stack subscription) or one region. Usage is keyed
 * by the Azure Stack subscription, never by the CMS subscription: callers resolve a CMS
 * subscription (in the actor's scope) to its key first. Quantities stay strings; callers sum them
 * exactly (SQLite keeps decimals as text, where SUM would be a float).
 */

/** Daily aggregates of one subscription on local days `from` … `to` (inclusive). */
export function dailyUsageRows(
  db: Kysely<Database>,
  key: { regionId: string; azsSubscriptionId: string },
  from: string,
  to: string,
) {
  return db
    .selectFrom('usage_daily')
    .select(['meter_id', 'sku', 'local_day', 'quantity', 'record_count'])
    .where('region_id', '=', key.regionId)
    .where('azs_subscription_id', '=', key.azsSubscriptionId)
    .where('local_day', '>=', from)
    .where('local_day', '<=', to)
    .execute();
}

/** Hourly records of one subscription whose usage starts in [from, to) (ISO instants). */
export function hourlyUsageRows(
  db: Kysely<Database>,
  key: { regionId: string; azsSubscriptionId: string },
  from: string,
  to: string,
) {
  // Collected and imported usage alike (a region has one or the other): usage_daily holds both.
  return db
    .selectFrom('usage_records')
    .select(['meter_id', 'sku', 'quantity'])
    .where('region_id', '=', key.regionId)
    .where('azs_subscription_id', '=', key.azsSubscriptionId)
    .where('usage_start', '>=', from)
    .where('usage_start', '<', to)
    .unionAll(
      db
        .selectFrom('imported_usage')
        .select(['meter_id', 'sku', 'quantity'])
        .where('region_id', '=', key.regionId)
        .where('azs_subscription_id', '=', key.azsSubscriptionId)
        .where('usage_start', '>=', from)
        .where('usage_start', '<', to),
    )
    .execute();
}

export function meterRows(db: Kysely<Database>, catalog: string, meterIds: string[]) {
  if (meterIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('meters')
    .select(['meter_id', 'name', 'unit', 'category', 'informational', 'month_fraction'])
    .where('catalog', '=', catalog)
    .where('meter_id', 'in', meterIds)
    .execute();
}

export interface DaySummary {
  azsSubscriptionId: string;
  days: number;
  records: number;
  firstDay: string;
  lastDay: string;
}

/**
 * Per Azure Stack subscription of the region: the local days with usage, the records and the
 * first and last of those days; only days before `beforeDay` when given.
 */
export async function usageSummaries(
  db: Kysely<Database>,
  regionId: string,
  only?: { azsSubscriptionId: string; beforeDay: string },
): Promise<DaySummary[]> {
  let query = db
    .selectFrom('usage_daily')
    .select((eb) => [
      'azs_subscription_id',
      eb.fn.count<string>('local_day').distinct().as('days'),
      eb.fn.sum<string>('record_count').as('records'),
      eb.fn.min<string>('local_day').as('first_day'),
      eb.fn.max<string>('local_day').as('last_day'),
    ])
    .where('region_id', '=', regionId)
    .groupBy('azs_subscription_id');
  if (only) {
    query = query
      .where('azs_subscription_id', '=', only.azsSubscriptionId)
      .where('local_day', '<', only.beforeDay);
  }
  const rows = await query.execute();
  return rows.map((r) => ({
    azsSubscriptionId: r.azs_subscription_id,
    days: toCount(r.days),
    records: toCount(r.records),
    firstDay: r.first_day,
    lastDay: r.last_day,
  }));
}

/** How many hourly records of one subscription start in [from, to). */
export async function countHourlyRows(
  db: Kysely<Database>,
  key: { regionId: string; azsSubscriptionId: string },
  from: string,
  to: string,
): Promise<number> {
  const row = await db
    .selectFrom('usage_records')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('region_id', '=', key.regionId)
    .where('azs_subscription_id', '=', key.azsSubscriptionId)
    .where('usage_start', '>=', from)
    .where('usage_start', '<', to)
    .executeTakeFirstOrThrow();
  return toCount(row.n);
}

/** Records per local day of the region from `fromDay` on. */
export async function recordsPerDay(
  db: Kysely<Database>,
  regionId: string,
  fromDay: string,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('usage_daily')
    .select((eb) => ['local_day', eb.fn.sum<string>('record_count').as('records')])
    .where('region_id', '=', regionId)
    .where('local_day', '>=', fromDay)
    .groupBy('local_day')
    .execute();
  return new Map(rows.map((r) => [r.local_day, toCount(r.records)]));
}

/** Whether the region has any usage of this Azure Stack subscription. */
export async function hasUsageOf(db: Kysely<Database>, regionId: string, azsSubscriptionId: string) {
  const row = await db
    .selectFrom('usage_daily')
    .select('local_day')
    .where('region_id', '=', regionId)
    .where('azs_subscription_id', '=', azsSubscriptionId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The start of the latest hour of one subscription's usage that starts at or after `from` and
 * ends by `now` (ISO instants), or null when it has none.
 */
export async function latestUsageStart(
  db: Kysely<Database>,
  key: { regionId: string; azsSubscriptionId: string },
  from: string,
  now: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('usage_records')
    .select((eb) => eb.fn.max('usage_start').as('latest'))
    .where('region_id', '=', key.regionId)
    .where('azs_subscription_id', '=', key.azsSubscriptionId)
    .where('usage_start', '>=', from)
    .where('usage_end', '<=', now)
    .executeTakeFirst();
  return row?.latest ?? null;
}

/** Hourly records of one subscription whose usage starts in [from, to), with their resources. */
export function usageRecordsWithResources(
  db: Kysely<Database>,
  key: { regionId: string; azsSubscriptionId: string },
  from: string,
  to: string,
) {
  return db
    .selectFrom('usage_records')
    .select(['meter_id', 'resource_uri', 'quantity'])
    .where('region_id', '=', key.regionId)
    .where('azs_subscription_id', '=', key.azsSubscriptionId)
    .where('usage_start', '>=', from)
    .where('usage_start', '<', to)
    .execute();
}
