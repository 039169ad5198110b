import { decimal, toDecimalString } from '@cms/billing';
import type { Kysely } from 'kysely';
import type { Database, UsageRecordTable } from '../../db/schema.ts';
import { applyDailyDeltas, type DailyDelta } from './daily.ts';
import { localMonth } from './local-time.ts';
import { canonicalQuantity, monthFractionToHours, recordKey, storedInstant } from './usage.keys.ts';
import {
  closedPeriodsOf,
  deleteUnitRows,
  insertUsageRows,
  lockUnitRows,
  regionHasClosedPeriods,
  type StoredUsageRow,
  upsertPull,
} from './usage.repository.ts';

/**
 * Storage of one pulled unit (semantics.md "Periods, late usage and corrections").
 *
 * A unit is one canonical reported window, pulled for every subscriber or for one, delivered only
 * when every page of it succeeded. Storing it REPLACES exactly what that pull asked for: the rows
 * of the window (and of that subscriber only, when it named one). Rows are keyed by (region,
 * window, subscription, record_key), record_key being the digest of the natural key; so a natural
 * key's quantity is the sum over its windows (late additions arrive in later windows) and pulling
 * a window again changes nothing.
 *
 * Within one unit, records with the same natural key are summed into one row: ids are not unique
 * (G2), and two records of one key in one reported window are two reports of usage, additive
 * (the emulator never emits them; a stamp that split a report in two would).
 */

/** A usage record as the Azure Stack client delivers it (normalised meter id, URI and times). */
export interface PulledRecord {
  subscriptionId: string;
  meterId: string;
  resourceUri: string;
  usageStart: string;
  usageEnd: string;
  /** Exact decimal text as received. */
  quantity: string;
  location: string | null;
  sku: string | null;
  tags: Record<string, unknown> | null;
  additionalInfo: Record<string, unknown> | null;
}

export interface UnitToStore {
  /** Reported window start, any ISO form. */
  window: string;
  /** null: the pull asked for every subscriber. */
  subscriberId: string | null;
  records: readonly PulledRecord[];
}

export interface MeterFlags {
  monthFraction: boolean;
}

export interface StoreOptions {
  region: { id: string; time_zone: string };
  /** Normalised meter id → flags; a meter missing here is unknown (stored all the same). */
  meters: ReadonlyMap<string, MeterFlags>;
  jobId: string | null;
  now: string;
  /** A platform administrator confirmed this re-pull: store it even if it lowers a closed period. */
  confirmedBy?: string | null;
}

export interface HeldChange {
  azsSubscriptionId: string;
  meterId: string;
  resourceUri: string;
  usageStart: string;
  period: string;
  oldQuantity: string;
  newQuantity: string;
}

export type StoreResult =
  | {
      status: 'stored';
      /** Rows written (natural keys of the unit). */
      rows: number;
      records: number;
      subscriptions: string[];
      unknownMeters: string[];
    }
  | { status: 'held'; records: number; changes: HeldChange[]; subscriptions: string[] };

/** At most this many changes are kept in a held pull's summary (the count is always exact). */
const HELD_SUMMARY_LIMIT = 100;

const instantCache = new Map<string, string>();
function stored(iso: string): string {
  let value = instantCache.get(iso);
  if (value === undefined) {
    value = storedInstant(iso);
    if (instantCache.size > 10_000) instantCache.clear();
    instantCache.set(iso, value);
  }
  return value;
}

/** Stores one complete unit inside the caller's transaction. */
export async function storeUnit(
  trx: Kysely<Database>,
  unit: UnitToStore,
  options: StoreOptions,
): Promise<StoreResult> {
  const { region, meters, now } = options;
  const window = stored(unit.window);
  const subscriber = unit.subscriberId;

  // The new rows: one per natural key, quantities summed exactly.
  const rows = new Map<string, UsageRecordTable>();
  const unknown = new Set<string>();
  const subscriptions = new Set<string>();
  for (const record of unit.records) {
    const usageStart = stored(record.usageStart);
    const usageEnd = stored(record.usageEnd);
    const flags = meters.get(record.meterId);
    if (flags === undefined) unknown.add(record.meterId);
    const raw = canonicalQuantity(record.quantity);
    const quantity = flags?.monthFraction ? monthFractionToHours(raw, usageStart) : raw;
    const key = recordKey(
      region.id,
      record.subscriptionId,
      record.meterId,
      record.resourceUri,
      usageStart,
      usageEnd,
    );
    const mapKey = `${record.subscriptionId}|${key}`;
    const existing = rows.get(mapKey);
    if (existing !== undefined) {
      existing.quantity = toDecimalString(decimal(existing.quantity).plus(quantity));
      existing.raw_quantity = toDecimalString(decimal(existing.raw_quantity).plus(raw));
      continue;
    }
    subscriptions.add(record.subscriptionId);
    rows.set(mapKey, {
      region_id: region.id,
      reported_window: window,
      azs_subscription_id: record.subscriptionId,
      record_key: key,
      meter_id: record.meterId,
      resource_uri: record.resourceUri,
      usage_start: usageStart,
      usage_end: usageEnd,
      quantity,
      raw_quantity: raw,
      sku: record.sku,
      location: record.location,
      tags: record.tags === null ? null : JSON.stringify(record.tags),
      additional_info: record.additionalInfo === null ? null : JSON.stringify(record.additionalInfo),
      first_job_id: options.jobId,
      first_collected_at: now,
      collected_at: now,
    });
  }

  const old = await lockUnitRows(trx, region.id, window, subscriber);
  const oldByKey = new Map<string, StoredUsageRow>();
  for (const row of old) {
    row.quantity = canonicalQuantity(row.quantity);
    oldByKey.set(`${row.azs_subscription_id}|${row.record_key}`, row);
  }

  if (!options.confirmedBy && old.length > 0) {
    const held = await heldChanges(trx, region, old, rows);
    if (held.length > 0) {
      await upsertPull(trx, {
        region_id: region.id,
        reported_window: window,
        subscriber: subscriber ?? '',
        status: 'held',
        record_count: unit.records.length,
        job_id: options.jobId,
        pulled_at: now,
        held_summary: JSON.stringify({
          changes: held.length,
          shown: held.slice(0, HELD_SUMMARY_LIMIT),
        }),
        confirmed_by: null,
        confirmed_at: null,
      });
      return {
        status: 'held',
        records: unit.records.length,
        changes: held,
        subscriptions: [...subscriptions],
      };
    }
  }

  const deltas: DailyDelta[] = [];
  for (const row of old) {
    deltas.push({
      azsSubscriptionId: row.azs_subscription_id,
      meterId: row.meter_id,
      sku: row.sku,
      usageStart: row.usage_start,
      quantity: row.quantity.startsWith('-') ? row.quantity.slice(1) : `-${row.quantity}`,
      records: -1,
    });
  }
  for (const [mapKey, row] of rows) {
    const previous = oldByKey.get(mapKey);
    if (previous !== undefined) {
      row.first_job_id = previous.first_job_id;
      row.first_collected_at = previous.first_collected_at;
    }
    deltas.push({
      azsSubscriptionId: row.azs_subscription_id,
      meterId: row.meter_id,
      sku: row.sku,
      usageStart: row.usage_start,
      quantity: row.quantity,
      records: 1,
    });
  }
  if (old.length > 0) await deleteUnitRows(trx, region.id, window, subscriber);
  await insertUsageRows(trx, [...rows.values()]);
  await applyDailyDeltas(trx, region, deltas, now);
  await upsertPull(trx, {
    region_id: region.id,
    reported_window: window,
    subscriber: subscriber ?? '',
    status: 'stored',
    record_count: unit.records.length,
    job_id: options.jobId,
    pulled_at: now,
    held_summary: null,
    confirmed_by: options.confirmedBy ?? null,
    confirmed_at: options.confirmedBy ? now : null,
  });
  return {
    status: 'stored',
    rows: rows.size,
    records: unit.records.length,
    subscriptions: [...subscriptions],
    unknownMeters: [...unknown],
  };
}

/**
 * The natural keys whose quantity the new rows would remove or lower in a period already closed
 * for the tenant of the linked CMS subscription (the region's local month of the usage start).
 */
async function heldChanges(
  trx: Kysely<Database>,
  region: { id: string; time_zone: string },
  old: readonly StoredUsageRow[],
  rows: ReadonlyMap<string, UsageRecordTable>,
): Promise<HeldChange[]> {
  const lowered: { row: StoredUsageRow; next: string }[] = [];
  for (const row of old) {
    const next = rows.get(`${row.azs_subscription_id}|${row.record_key}`)?.quantity ?? '0';
    if (decimal(next).lt(row.quantity)) lowered.push({ row, next });
  }
  if (lowered.length === 0 || !(await regionHasClosedPeriods(trx, region.id))) return [];
  const closed = new Set(
    (await closedPeriodsOf(trx, region.id, [...new Set(lowered.map((l) => l.row.azs_subscription_id))])).map(
      (c) => `${c.azs_subscription_id}|${c.period}`,
    ),
  );
  const held: HeldChange[] = [];
  for (const { row, next } of lowered) {
    const period = localMonth(row.usage_start, region.time_zone);
    if (!closed.has(`${row.azs_subscription_id}|${period}`)) continue;
    held.push({
      azsSubscriptionId: row.azs_subscription_id,
      meterId: row.meter_id,
      resourceUri: row.resource_uri,
      usageStart: row.usage_start,
      period,
      oldQuantity: row.quantity,
      newQuantity: next,
    });
  }
  return held;
}
