import { decimal } from '@cms/billing';
import type { Kysely } from 'kysely';
import type { Database, UsageRecordTable } from '../../db/schema.ts';
import { applyDailyDeltas, type DailyDelta } from './daily.ts';
import { localMonth } from './local-time.ts';
import {
  type MeterFlags,
  type PreparedUnit,
  prepareUnit,
  type UnitRows,
  type UnitToStore,
} from './prepare.ts';
import { canonicalQuantity } from './usage.keys.ts';
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

export interface WriteOptions {
  region: { id: string; time_zone: string };
  jobId: string | null;
  now: string;
  /** A platform administrator confirmed this re-pull: store it even if it lowers a closed period. */
  confirmedBy?: string | null;
}

export interface StoreOptions extends WriteOptions {
  /** Normalised meter id → flags; a meter missing here is unknown (stored all the same). */
  meters: ReadonlyMap<string, MeterFlags>;
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

/** Stores one complete unit inside the caller's transaction. */
export function storeUnit(
  trx: Kysely<Database>,
  unit: UnitToStore,
  options: StoreOptions,
): Promise<StoreResult> {
  return storePrepared(
    trx,
    prepareUnit(unit, { regionId: options.region.id, meters: options.meters }),
    options,
  );
}

/** Writes one prepared unit (prepare.ts) inside the caller's transaction. */
export async function storePrepared(
  trx: Kysely<Database>,
  unit: PreparedUnit<UnitRows>,
  options: WriteOptions,
): Promise<StoreResult> {
  const { region, now } = options;
  const { window } = unit;
  const subscriber = unit.subscriberId;

  const old = await lockUnitRows(trx, region.id, window, subscriber);
  for (const row of old) row.quantity = canonicalQuantity(row.quantity);
  // A re-pull: the new rows by key, to compare with the stored ones and keep their provenance.
  const rows = new Map<string, UsageRecordTable>();
  if (old.length > 0)
    for (const row of unit.rows.slice(0, unit.rows.length))
      rows.set(`${row.azs_subscription_id}|${row.record_key}`, row);

  if (!options.confirmedBy && old.length > 0) {
    const held = await heldChanges(trx, region, old, rows);
    if (held.length > 0) {
      await upsertPull(trx, {
        region_id: region.id,
        reported_window: window,
        subscriber: subscriber ?? '',
        status: 'held',
        record_count: unit.records,
        job_id: options.jobId,
        pulled_at: now,
        held_summary: JSON.stringify({
          changes: held.length,
          shown: held.slice(0, HELD_SUMMARY_LIMIT),
        }),
        confirmed_by: null,
        confirmed_at: null,
      });
      return { status: 'held', records: unit.records, changes: held, subscriptions: unit.subscriptions };
    }
  }

  const deltas: DailyDelta[] = [...unit.deltas];
  // The first provenance of the natural keys a re-pull writes again.
  const first = new Map<string, StoredUsageRow>();
  for (const row of old) {
    deltas.push({
      azsSubscriptionId: row.azs_subscription_id,
      meterId: row.meter_id,
      sku: row.sku,
      usageStart: row.usage_start,
      quantity: row.quantity.startsWith('-') ? row.quantity.slice(1) : `-${row.quantity}`,
      records: -1,
    });
    const key = `${row.azs_subscription_id}|${row.record_key}`;
    if (rows.has(key)) first.set(key, row);
  }
  if (old.length > 0) await deleteUnitRows(trx, region.id, window, subscriber);
  await insertUsageRows(trx, unit.rows, (row) => {
    const kept = first.size === 0 ? undefined : first.get(`${row.azs_subscription_id}|${row.record_key}`);
    row.first_job_id = kept === undefined ? options.jobId : kept.first_job_id;
    row.first_collected_at = kept === undefined ? now : kept.first_collected_at;
    row.collected_at = now;
  });
  await applyDailyDeltas(trx, region, deltas, now);
  await upsertPull(trx, {
    region_id: region.id,
    reported_window: window,
    subscriber: subscriber ?? '',
    status: 'stored',
    record_count: unit.records,
    job_id: options.jobId,
    pulled_at: now,
    held_summary: null,
    confirmed_by: options.confirmedBy ?? null,
    confirmed_at: options.confirmedBy ? now : null,
  });
  return {
    status: 'stored',
    rows: unit.rows.length,
    records: unit.records,
    subscriptions: unit.subscriptions,
    unknownMeters: unit.unknownMeters,
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
