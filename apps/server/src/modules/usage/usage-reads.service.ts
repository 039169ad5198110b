import { type Decimal, decimal, toDecimalString } from '@cms/billing';
import type { AppContext, RequestContext } from '../../context.ts';
import { AppError } from '../../http/errors.ts';
import {
  meterCatalogOf,
  regionBasics,
  regionSubscriptions,
  requireRegion,
} from '../regions/platform-subscriptions.service.ts';
import { liveLinks, subscriptionUsageKey } from '../subscriptions/subscription-links.service.ts';
import { addDays, dayStart, daysBetween, localDay } from './local-time.ts';
import {
  countHourlyRows,
  dailyUsageRows,
  hourlyUsageRows,
  latestUsageStart,
  meterRows,
  recordsPerDay,
  usageRecordsWithResources,
  usageSummaries,
} from './usage-reads.repository.ts';

/** The longest range one usage read covers (a year and a day, for a leap year). */
export const MAX_READ_DAYS = 366;

export interface UsageQuery {
  from?: string | undefined;
  to?: string | undefined;
  groupBy: 'day' | 'meter';
}

interface Bucket {
  day: string | null;
  meterId: string;
  sku: string;
  quantity: Decimal;
  records: number;
}

/**
 * A subscription's usage on its region's local days, per day and meter/SKU or per meter/SKU over
 * the range. Only usage from the subscription's billable-from instant on: whole local days come
 * from the daily aggregates, the day the instant falls in from its hourly records.
 */
export async function subscriptionUsage(ctx: RequestContext, subscriptionId: string, query: UsageQuery) {
  const key = await subscriptionUsageKey(ctx, subscriptionId);
  const region = key.regionId ? await regionBasics(ctx.app, key.regionId) : undefined;
  const zone = region?.time_zone ?? 'UTC';
  const today = localDay(ctx.app.clock(), zone);
  const to = query.to ?? (query.from && query.from > today ? query.from : today);
  const from = query.from ?? `${to.slice(0, 8)}01`;
  if (from > to) throw AppError.invalidField('query.to', 'Must not be before from.');
  if (daysBetween(from, to) >= MAX_READ_DAYS) {
    throw AppError.invalidField('query.to', `At most ${MAX_READ_DAYS} days from from.`);
  }
  const answer = {
    subscriptionId,
    regionId: key.regionId,
    azsSubscriptionId: key.azsSubscriptionId,
    timeZone: region ? zone : null,
    billableFrom: key.billableFrom,
    from,
    to,
    groupBy: query.groupBy,
  };
  if (!region || !key.azsSubscriptionId) return { ...answer, items: [] };
  const usageKey = { regionId: region.id, azsSubscriptionId: key.azsSubscriptionId };

  const firstDay = localDay(key.billableFrom, zone);
  const firstDayStart = dayStart(firstDay, zone);
  const partial = Date.parse(key.billableFrom) > firstDayStart;
  const wholeFrom = partial ? addDays(firstDay, 1) : firstDay;
  const buckets = new Map<string, Bucket>();
  const add = (day: string, meterId: string, sku: string, quantity: string, records: number) => {
    const bucketDay = query.groupBy === 'day' ? day : null;
    const id = `${bucketDay ?? ''}|${meterId}|${sku}`;
    const bucket = buckets.get(id);
    if (bucket) {
      bucket.quantity = bucket.quantity.plus(decimal(quantity));
      bucket.records += records;
    } else {
      buckets.set(id, { day: bucketDay, meterId, sku, quantity: decimal(quantity), records });
    }
  };
  const dailyFrom = wholeFrom > from ? wholeFrom : from;
  if (dailyFrom <= to) {
    for (const row of await dailyUsageRows(ctx.app.db.kysely, usageKey, dailyFrom, to)) {
      add(row.local_day, row.meter_id, row.sku, row.quantity, Number(row.record_count));
    }
  }
  if (partial && firstDay >= from && firstDay <= to) {
    const end = new Date(dayStart(addDays(firstDay, 1), zone)).toISOString();
    for (const row of await hourlyUsageRows(ctx.app.db.kysely, usageKey, key.billableFrom, end)) {
      add(firstDay, row.meter_id, row.sku ?? '', row.quantity, 1);
    }
  }

  const meterIds = [...new Set([...buckets.values()].map((b) => b.meterId))];
  const meters = new Map(
    (await meterRows(ctx.app.db.kysely, meterCatalogOf(region), meterIds)).map((m) => [m.meter_id, m]),
  );
  const items = [...buckets.values()]
    .sort(
      (a, b) =>
        (a.day ?? '').localeCompare(b.day ?? '') ||
        a.meterId.localeCompare(b.meterId) ||
        a.sku.localeCompare(b.sku),
    )
    .map((b) => {
      const meter = meters.get(b.meterId);
      return {
        ...(b.day === null ? {} : { day: b.day }),
        meterId: b.meterId,
        sku: b.sku === '' ? null : b.sku,
        meterName: meter?.name ?? null,
        unit: meter?.unit ?? null,
        quantity: toDecimalString(b.quantity),
        records: b.records,
        unknownMeter: meter === undefined,
        informational: meter?.informational === 1,
      };
    });
  return { ...answer, items };
}

export interface UnassignedSubscription {
  azsSubscriptionId: string;
  displayName: string | null;
  isOperator: boolean;
  /** `unlinked`: no live CMS subscription; `before_billable_from`: usage before its link's instant. */
  reason: 'unlinked' | 'before_billable_from';
  subscriptionId: string | null;
  billableFrom: string | null;
  days: number;
  records: number;
  firstDay: string;
  lastDay: string;
}

/**
 * Usage of a region that no CMS subscription takes: Azure Stack subscriptions without a live
 * link, and linked ones' usage before their billable-from instant (platform data).
 */
export async function unassignedUsageOf(
  app: AppContext,
  regionId: string,
): Promise<UnassignedSubscription[]> {
  const region = await requireRegion(app, regionId);
  const zone = region.time_zone;
  const [summaries, links, reported] = await Promise.all([
    usageSummaries(app.db.kysely, regionId),
    liveLinks(app, regionId),
    regionSubscriptions(app, regionId),
  ]);
  const names = new Map(reported.map((r) => [r.azs_subscription_id, r]));
  const out: UnassignedSubscription[] = [];
  for (const summary of summaries) {
    const info = names.get(summary.azsSubscriptionId);
    const base = {
      azsSubscriptionId: summary.azsSubscriptionId,
      displayName: info?.display_name ?? null,
      isOperator: info?.is_operator === 1,
    };
    const link = links.get(summary.azsSubscriptionId);
    if (!link) {
      out.push({ ...base, reason: 'unlinked', subscriptionId: null, billableFrom: null, ...summary });
      continue;
    }
    // Usage before the link: whole local days before its day, and that day's hours before it.
    if (summary.firstDay > localDay(link.billableFrom, zone)) continue;
    const firstDay = localDay(link.billableFrom, zone);
    const key = { regionId, azsSubscriptionId: summary.azsSubscriptionId };
    const [before] = await usageSummaries(app.db.kysely, regionId, {
      azsSubscriptionId: summary.azsSubscriptionId,
      beforeDay: firstDay,
    });
    const partialRecords = await countHourlyRows(
      app.db.kysely,
      key,
      new Date(dayStart(firstDay, zone)).toISOString(),
      link.billableFrom,
    );
    const days = (before?.days ?? 0) + (partialRecords > 0 ? 1 : 0);
    if (days === 0) continue;
    out.push({
      ...base,
      reason: 'before_billable_from',
      subscriptionId: link.subscriptionId,
      billableFrom: link.billableFrom,
      days,
      records: (before?.records ?? 0) + partialRecords,
      firstDay: before?.firstDay ?? firstDay,
      lastDay: partialRecords > 0 ? firstDay : before!.lastDay,
    });
  }
  return out.sort((a, b) => a.azsSubscriptionId.localeCompare(b.azsSubscriptionId));
}

export async function unassignedUsage(ctx: RequestContext, regionId: string) {
  return { regionId, items: await unassignedUsageOf(ctx.app, regionId) };
}

/** How many days the region health panel shows records for. */
export const HEALTH_DAYS = 14;

/**
 * The usage part of a region's health panel: how many Azure Stack subscriptions have unassigned
 * usage, and the records per local day over the last two weeks (today included, zeros shown).
 */
export async function regionUsageHealth(app: AppContext, regionId: string) {
  const region = await requireRegion(app, regionId);
  const today = localDay(app.clock(), region.time_zone);
  const first = addDays(today, -(HEALTH_DAYS - 1));
  const [unassigned, perDay] = await Promise.all([
    unassignedUsageOf(app, regionId),
    recordsPerDay(app.db.kysely, regionId, first),
  ]);
  return {
    unassignedSubscriptions: unassigned.length,
    recordsPerDay: Array.from({ length: HEALTH_DAYS }, (_, i) => {
      const day = addDays(first, i);
      return { day, records: perDay.get(day) ?? 0 };
    }),
  };
}

export interface HourUsage {
  /** The hour measured: [start, end), UTC. */
  start: string;
  end: string;
  /** Its records: normalised meter id, lower-cased resource URI, exact quantity (hours for month-fraction meters). */
  records: { meterId: string; resourceUri: string; quantity: Decimal }[];
}

const HOUR_MS = 3_600_000;

/**
 * The usage of one Azure Stack subscription in its last complete hour with collected usage: the
 * latest UTC hour that has ended, starts at or after `billableFrom` and holds any of its records.
 * A system read by key: callers resolve the CMS subscription in their scope first.
 */
export async function lastCompleteHourUsage(
  app: AppContext,
  key: { regionId: string; azsSubscriptionId: string; billableFrom: string },
): Promise<HourUsage | null> {
  const db = app.db.kysely;
  const now = new Date(app.clock()).toISOString();
  const latest = await latestUsageStart(db, key, key.billableFrom, now);
  if (latest === null) return null;
  const startMs = Math.floor(Date.parse(latest) / HOUR_MS) * HOUR_MS;
  const start = new Date(startMs).toISOString();
  const end = new Date(startMs + HOUR_MS).toISOString();
  const from = start < key.billableFrom ? key.billableFrom : start;
  const rows = await usageRecordsWithResources(db, key, from, end);
  return {
    start,
    end,
    records: rows.map((r) => ({
      meterId: r.meter_id,
      resourceUri: r.resource_uri.toLowerCase(),
      quantity: decimal(r.quantity),
    })),
  };
}
