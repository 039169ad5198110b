import { createHash } from 'node:crypto';
import { decimal, toDecimalString } from '@cms/billing';
import type { AppContext } from '../../src/context.ts';
import { newId } from '../../src/db/ids.ts';
import { localDay } from '../../src/modules/usage/local-time.ts';
import { insertRegion as insertRegionRow } from './usage.ts';

/**
 * Regions, reported subscriptions, meters and usage written straight into the tables, for tests of
 * what reads them (the collection that normally writes them is tested on its own against the
 * emulator). Daily aggregates are derived from the hourly rows the way the collection keeps them.
 */

const NOW = '2024-03-01T00:00:00.000Z';

/** A region row (a stamp unless `kind` says otherwise); its id. */
export async function insertRegion(
  app: AppContext,
  options: { name?: string; timeZone?: string; kind?: 'azure_stack' | 'import' } = {},
): Promise<string> {
  const kind = options.kind ?? 'azure_stack';
  const row = await insertRegionRow(app, {
    name: options.name ?? `Region ${newId('reg').slice(-6)}`,
    kind,
    arm_endpoint: kind === 'import' ? null : 'https://adminmanagement.local.test',
    location: 'local',
    time_zone: options.timeZone ?? 'UTC',
    created_at: NOW,
    updated_at: NOW,
  });
  return row.id;
}

export async function insertRegionSubscription(
  app: AppContext,
  regionId: string,
  azsSubscriptionId: string,
  options: { displayName?: string; operator?: boolean; state?: string } = {},
): Promise<void> {
  await app.db.kysely
    .insertInto('region_subscriptions')
    .values({
      region_id: regionId,
      azs_subscription_id: azsSubscriptionId,
      display_name: options.displayName ?? `Subscription ${azsSubscriptionId.slice(0, 8)}`,
      owner: 'owner@tenant.test',
      directory_tenant: 'tenant.onmicrosoft.com',
      offer_id: null,
      state: options.state ?? 'Enabled',
      is_operator: options.operator ? 1 : 0,
      seen_in_admin_api: 1,
      seen_in_usage: 0,
      first_seen_at: NOW,
      last_seen_at: NOW,
    })
    .execute();
}

export async function insertMeter(
  app: AppContext,
  meterId: string,
  options: { name?: string; unit?: string; informational?: boolean; catalog?: string } = {},
): Promise<void> {
  const catalog = options.catalog ?? 'azure-stack';
  const known = await app.db.kysely
    .selectFrom('meters')
    .select('meter_id')
    .where('catalog', '=', catalog)
    .where('meter_id', '=', meterId)
    .executeTakeFirst();
  if (known) return;
  await app.db.kysely
    .insertInto('meters')
    .values({
      catalog,
      meter_id: meterId,
      name: options.name ?? `Meter ${meterId.slice(0, 6)}`,
      unit: options.unit ?? 'Hours',
      category: null,
      informational: options.informational ? 1 : 0,
      month_fraction: 0,
      deprecated: 0,
      source: 'seed',
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
}

export interface HourlyUsage {
  azsSubscriptionId: string;
  meterId: string;
  /** The usage hour's start (UTC ISO). */
  hour: string;
  quantity: string;
  sku?: string;
  resource?: string;
}

/** Inserts hourly records and adds them to the daily aggregates (local days of `timeZone`). */
export async function insertUsage(
  app: AppContext,
  regionId: string,
  timeZone: string,
  records: HourlyUsage[],
): Promise<void> {
  const db = app.db.kysely;
  const daily = new Map<
    string,
    { sub: string; meter: string; sku: string; day: string; q: string; n: number }
  >();
  for (const r of records) {
    const start = new Date(r.hour).toISOString();
    const end = new Date(Date.parse(r.hour) + 3_600_000).toISOString();
    const resource =
      r.resource ?? `/subscriptions/${r.azsSubscriptionId}/resourcegroups/rg/providers/x/y/vm1`;
    await db
      .insertInto('usage_records')
      .values({
        region_id: regionId,
        reported_window: end,
        azs_subscription_id: r.azsSubscriptionId,
        record_key: createHash('sha256')
          .update([regionId, r.azsSubscriptionId, r.meterId, resource, start, end].join('|'))
          .digest('hex')
          .slice(0, 40),
        meter_id: r.meterId,
        resource_uri: resource,
        usage_start: start,
        usage_end: end,
        quantity: r.quantity,
        raw_quantity: r.quantity,
        sku: r.sku ?? null,
        location: 'local',
        tags: null,
        additional_info: null,
        first_job_id: null,
        first_collected_at: end,
        collected_at: end,
      })
      .execute();
    const day = localDay(start, timeZone);
    const key = [r.azsSubscriptionId, r.meterId, r.sku ?? '', day].join('|');
    const agg = daily.get(key);
    if (agg) {
      agg.q = toDecimalString(decimal(agg.q).plus(decimal(r.quantity)));
      agg.n += 1;
    } else {
      daily.set(key, {
        sub: r.azsSubscriptionId,
        meter: r.meterId,
        sku: r.sku ?? '',
        day,
        q: r.quantity,
        n: 1,
      });
    }
  }
  for (const a of daily.values()) {
    await db
      .insertInto('usage_daily')
      .values({
        region_id: regionId,
        azs_subscription_id: a.sub,
        meter_id: a.meter,
        sku: a.sku,
        local_day: a.day,
        quantity: a.q,
        record_count: a.n,
        updated_at: NOW,
      })
      .execute();
  }
}

/** Hourly usage of one meter for every hour in [from, to). */
export function hours(
  azsSubscriptionId: string,
  meterId: string,
  from: string,
  to: string,
  quantity = '1',
  sku?: string,
): HourlyUsage[] {
  const out: HourlyUsage[] = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += 3_600_000) {
    out.push({
      azsSubscriptionId,
      meterId,
      hour: new Date(t).toISOString(),
      quantity,
      ...(sku ? { sku } : {}),
    });
  }
  return out;
}
