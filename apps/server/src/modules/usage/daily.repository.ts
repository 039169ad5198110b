import { decimal, toDecimalString } from '@cms/billing';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { forUpdate } from '../../db/transaction.ts';

/**
 * A change to the daily aggregates: usage that appeared (positive) or went away (negative) for one
 * subscription, meter and SKU at an instant; the day is the region's local day of `usageStart`.
 */
export interface DailyDelta {
  azsSubscriptionId: string;
  meterId: string;
  sku: string | null;
  usageStart: string;
  /** Signed decimal string. */
  quantity: string;
  /** Signed: +1 for a record that appeared, −1 for one that went away. */
  records: number;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day ('YYYY-MM-DD') in the time zone that contains the instant. */
export function localDay(instant: string, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/**
 * Moves the daily aggregates of a region by the deltas, in the caller's transaction. Sums are
 * exact (big.js on the stored text, also on SQLite where the column is text); keys are visited in
 * sorted order so two writers lock the same rows in the same order. A row whose record count
 * falls to zero is removed.
 */
export async function applyDailyDeltas(
  trx: Kysely<Database>,
  region: { id: string; time_zone: string },
  deltas: readonly DailyDelta[],
  now: string,
): Promise<void> {
  const sums = new Map<
    string,
    { key: [string, string, string, string]; quantity: ReturnType<typeof decimal>; records: number }
  >();
  for (const d of deltas) {
    const key: [string, string, string, string] = [
      d.azsSubscriptionId,
      d.meterId,
      d.sku ?? '',
      localDay(d.usageStart, region.time_zone),
    ];
    const id = JSON.stringify(key);
    const sum = sums.get(id) ?? { key, quantity: decimal('0'), records: 0 };
    sum.quantity = sum.quantity.plus(d.quantity);
    sum.records += d.records;
    sums.set(id, sum);
  }
  for (const id of [...sums.keys()].sort()) {
    const { key, quantity, records } = sums.get(id)!;
    if (records === 0 && quantity.eq('0')) continue;
    const [azsSubscriptionId, meterId, sku, day] = key;
    const existing = await trx
      .selectFrom('usage_daily')
      .select(['quantity', 'record_count'])
      .where('region_id', '=', region.id)
      .where('azs_subscription_id', '=', azsSubscriptionId)
      .where('meter_id', '=', meterId)
      .where('sku', '=', sku)
      .where('local_day', '=', day)
      .$call(forUpdate(trx))
      .executeTakeFirst();
    if (!existing) {
      await trx
        .insertInto('usage_daily')
        .values({
          region_id: region.id,
          azs_subscription_id: azsSubscriptionId,
          meter_id: meterId,
          sku,
          local_day: day,
          quantity: toDecimalString(quantity),
          record_count: records,
          updated_at: now,
        })
        .execute();
      continue;
    }
    const count = Number(existing.record_count) + records;
    const match = trx
      .updateTable('usage_daily')
      .where('region_id', '=', region.id)
      .where('azs_subscription_id', '=', azsSubscriptionId)
      .where('meter_id', '=', meterId)
      .where('sku', '=', sku)
      .where('local_day', '=', day);
    if (count === 0) {
      await trx
        .deleteFrom('usage_daily')
        .where('region_id', '=', region.id)
        .where('azs_subscription_id', '=', azsSubscriptionId)
        .where('meter_id', '=', meterId)
        .where('sku', '=', sku)
        .where('local_day', '=', day)
        .execute();
    } else {
      await match
        .set({
          quantity: toDecimalString(decimal(existing.quantity).plus(quantity)),
          record_count: count,
          updated_at: now,
        })
        .execute();
    }
  }
}
