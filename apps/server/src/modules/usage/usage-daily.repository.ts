import { CompiledQuery, type Kysely } from 'kysely';
import type { DialectName } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { dialectOfExecutor, placeholders, runBatches } from './sql-batches.ts';

/** One (subscription, meter, sku, local day) group of usage_daily and what to add to it. */
export interface DailyGroupChange {
  azsSubscriptionId: string;
  meterId: string;
  /** '' when the usage has no SKU. */
  sku: string;
  localDay: string;
  /** Signed canonical decimal text. */
  quantity: string;
  records: number;
}

export interface DailyRowValue {
  azsSubscriptionId: string;
  meterId: string;
  sku: string;
  localDay: string;
  quantity: string;
  records: number;
}

/** The current rows of these subscriptions on these local days (SQLite's read-modify-write). */
export async function readDailyRows(
  trx: Kysely<Database>,
  regionId: string,
  days: string[],
  subscriptions: string[],
): Promise<DailyRowValue[]> {
  const dialect = dialectOfExecutor(trx);
  const rows: DailyRowValue[] = [];
  // Chunks keep the IN lists far below every engine's parameter limit.
  for (let i = 0; i < subscriptions.length; i += 500) {
    const subs = subscriptions.slice(i, i + 500);
    const params: unknown[] = [regionId, ...days, ...subs];
    let n = 1;
    const p = () => (dialect === 'postgres' ? `$${n++}` : '?');
    const text =
      `select azs_subscription_id, meter_id, sku, local_day, quantity, record_count from usage_daily ` +
      `where region_id = ${p()} and local_day in (${days.map(p).join(', ')}) ` +
      `and azs_subscription_id in (${subs.map(p).join(', ')})`;
    const result = await trx.executeQuery<{
      azs_subscription_id: string;
      meter_id: string;
      sku: string;
      local_day: string;
      quantity: string | number;
      record_count: number | string;
    }>(CompiledQuery.raw(text, params));
    for (const row of result.rows) {
      rows.push({
        azsSubscriptionId: row.azs_subscription_id,
        meterId: row.meter_id,
        sku: row.sku,
        localDay: row.local_day,
        quantity: String(row.quantity),
        records: Number(row.record_count),
      });
    }
  }
  return rows;
}

const COLUMNS = [
  'region_id',
  'azs_subscription_id',
  'meter_id',
  'sku',
  'local_day',
  'quantity',
  'record_count',
  'updated_at',
] as const;

function upsertTail(dialect: DialectName, mode: 'set' | 'add'): string {
  if (dialect === 'mysql') {
    return mode === 'set'
      ? ' on duplicate key update quantity = values(quantity), record_count = values(record_count), updated_at = values(updated_at)'
      : ' on duplicate key update quantity = quantity + values(quantity), record_count = record_count + values(record_count), updated_at = values(updated_at)';
  }
  const conflict = ' on conflict (region_id, azs_subscription_id, meter_id, sku, local_day) do update set ';
  return mode === 'set'
    ? `${conflict}quantity = excluded.quantity, record_count = excluded.record_count, updated_at = excluded.updated_at`
    : `${conflict}quantity = usage_daily.quantity + excluded.quantity, record_count = usage_daily.record_count + excluded.record_count, updated_at = excluded.updated_at`;
}

/**
 * Writes the groups: `set` stores the given values (SQLite, after a read-modify-write in code:
 * its decimals are text, which SQL cannot add exactly), `add` adds them in SQL (MySQL/PostgreSQL
 * DECIMAL arithmetic is exact and atomic, so two writers never lose a delta between read and write).
 */
export async function upsertDailyRows(
  trx: Kysely<Database>,
  regionId: string,
  rows: DailyGroupChange[],
  mode: 'set' | 'add',
  now: string,
): Promise<void> {
  const dialect = dialectOfExecutor(trx);
  await runBatches(rows, 200, async (batch) => {
    const params: unknown[] = [];
    for (const row of batch) {
      params.push(
        regionId,
        row.azsSubscriptionId,
        row.meterId,
        row.sku,
        row.localDay,
        row.quantity,
        row.records,
        now,
      );
    }
    const text =
      `insert into usage_daily (${COLUMNS.join(', ')}) values ${placeholders(dialect, batch.length, COLUMNS.length)}` +
      upsertTail(dialect, mode);
    await trx.executeQuery(CompiledQuery.raw(text, params));
  });
}

/** Removes the groups of these days left without records (a re-pull took their usage away). */
export async function deleteEmptyDailyRows(
  trx: Kysely<Database>,
  regionId: string,
  days: string[],
): Promise<void> {
  await trx
    .deleteFrom('usage_daily')
    .where('region_id', '=', regionId)
    .where('local_day', 'in', days)
    .where('record_count', '<=', 0)
    .execute();
}
