import { decimal, toDecimalString } from '@cms/billing';
import type { UsageRecordTable } from '../../db/schema.ts';
import type { UsageRecord } from '../../integrations/azure-stack/index.ts';
import type { DailyDelta } from './daily.ts';
import type { Sliceable } from './sql-batches.ts';
import { canonicalQuantity, monthFractionToHours, recordKey, storedInstant } from './usage.keys.ts';

/**
 * The part of storing a pulled unit that needs no database: records → one row per natural key
 * (quantities summed exactly, month fractions turned into hours, record keys digested) and the
 * new rows' daily deltas. Pure, so the collector runs it on its pulling thread (pull-worker.ts)
 * while the main thread writes the previous window; store.ts writes the result.
 */

/** A usage record as the Azure Stack client delivers it (normalised meter id, URI and times). */
export type PulledRecord = Omit<UsageRecord, 'meterIdRaw' | 'resourceUriRaw'>;

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

export interface PrepareOptions {
  regionId: string;
  /** Normalised meter id → flags; a meter missing here is unknown (stored all the same). */
  meters: ReadonlyMap<string, MeterFlags>;
}

/**
 * A unit ready to write. `rows` are complete but for their provenance (first_job_id,
 * first_collected_at, collected_at), which the writer sets: it knows the job and the time. The
 * storing side reads them a batch at a time (`UnitRows`): a unit that crossed from the pulling
 * thread expands only the batch being written (packed-unit.ts).
 */
export interface PreparedUnit<Rows extends UnitRows = UsageRecordTable[]> {
  /** Stored instant of the reported window start. */
  window: string;
  subscriberId: string | null;
  /** Records the stamp served for the unit. */
  records: number;
  rows: Rows;
  /** The new rows' daily deltas, summed per subscription, meter, SKU and usage start. */
  deltas: DailyDelta[];
  subscriptions: string[];
  unknownMeters: string[];
}

export type UnitRows = Sliceable<UsageRecordTable>;

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

export function prepareUnit(unit: UnitToStore, options: PrepareOptions): PreparedUnit {
  const { regionId, meters } = options;
  const window = stored(unit.window);
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
      regionId,
      record.subscriptionId,
      record.meterId,
      record.resourceUri,
      usageStart,
      usageEnd,
    );
    const mapKey = `${record.subscriptionId}|${key}`;
    const existing = rows.get(mapKey);
    if (existing !== undefined) {
      // Ids are not unique (G2): two records of one natural key in one window are two reports.
      existing.quantity = toDecimalString(decimal(existing.quantity).plus(quantity));
      existing.raw_quantity = toDecimalString(decimal(existing.raw_quantity).plus(raw));
      continue;
    }
    subscriptions.add(record.subscriptionId);
    rows.set(mapKey, {
      region_id: regionId,
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
      first_job_id: null,
      first_collected_at: '',
      collected_at: '',
    });
  }
  const deltas = new Map<string, DailyDelta & { total: ReturnType<typeof decimal> }>();
  for (const row of rows.values()) {
    const key = `${row.azs_subscription_id}\u0000${row.meter_id}\u0000${row.sku ?? ''}\u0000${row.usage_start}`;
    const delta = deltas.get(key);
    if (delta === undefined) {
      deltas.set(key, {
        azsSubscriptionId: row.azs_subscription_id,
        meterId: row.meter_id,
        sku: row.sku,
        usageStart: row.usage_start,
        quantity: '',
        records: 1,
        total: decimal(row.quantity),
      });
    } else {
      delta.total = delta.total.plus(row.quantity);
      delta.records++;
    }
  }
  return {
    window,
    subscriberId: unit.subscriberId,
    records: unit.records.length,
    rows: [...rows.values()].sort(byPrimaryKey),
    deltas: [...deltas.values()].map(({ total, ...delta }) => ({
      ...delta,
      quantity: toDecimalString(total),
    })),
    subscriptions: [...subscriptions],
    unknownMeters: [...unknown],
  };
}

/**
 * Primary-key order inside a window (region and window are the same for every row): inserting in
 * key order appends to the B-tree instead of splitting pages in the middle, which roughly halves
 * the database's work per row. Keys are ASCII, so code-unit order is the engines' binary order.
 */
function byPrimaryKey(a: UsageRecordTable, b: UsageRecordTable): number {
  if (a.azs_subscription_id !== b.azs_subscription_id)
    return a.azs_subscription_id < b.azs_subscription_id ? -1 : 1;
  return a.record_key < b.record_key ? -1 : a.record_key > b.record_key ? 1 : 0;
}
