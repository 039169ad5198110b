import { decimal, toDecimalString } from '@cms/billing';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { dialectOfExecutor } from './sql-batches.ts';
import { localDay } from './usage.keys.ts';
import {
  type DailyGroupChange,
  deleteEmptyDailyRows,
  readDailyRows,
  upsertDailyRows,
} from './usage-daily.repository.ts';

/**
 * A change to the daily aggregates: records added (positive) or taken away (negative), with their
 * quantity, for one subscription, meter and SKU at one usage start. Callers that replace rows
 * send the old rows negated and the new rows as they are, in the transaction that writes them.
 */
export interface DailyDelta {
  azsSubscriptionId: string;
  /** Normalised meter id. */
  meterId: string;
  sku: string | null;
  /** ISO instant; it decides the region's local day (semantics.md: the day of the usage start). */
  usageStart: string;
  /** Signed decimal string. */
  quantity: string;
  /** Signed record count. */
  records: number;
}

/**
 * Keeps `usage_daily` in step with the usage rows, by deltas, inside the caller's transaction:
 * the deltas are summed per (subscription, meter, SKU, local day of the region), each group's
 * total is added to its row (created when missing), and rows left without records are removed.
 *
 * MySQL/PostgreSQL add in SQL (exact DECIMAL, atomic under concurrent writers); SQLite reads the
 * rows and writes the sums computed in code (its decimals are text), which is safe because its
 * writing transaction holds the database's single write lock: call this after the transaction's
 * first write (the usage rows themselves), as the collector and the importer do.
 */
export async function applyDailyDeltas(
  trx: Kysely<Database>,
  region: { id: string; time_zone: string },
  deltas: readonly DailyDelta[],
  now: string,
): Promise<void> {
  const groups = new Map<string, DailyGroupChange & { total: ReturnType<typeof decimal> }>();
  let removesRecords = false;
  for (const delta of deltas) {
    const sku = delta.sku ?? '';
    const day = localDay(region.time_zone, delta.usageStart);
    const key = `${delta.azsSubscriptionId}\u0000${delta.meterId}\u0000${sku}\u0000${day}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = {
        azsSubscriptionId: delta.azsSubscriptionId,
        meterId: delta.meterId,
        sku,
        localDay: day,
        quantity: '0',
        records: 0,
        total: decimal('0'),
      };
      groups.set(key, group);
    }
    group.total = group.total.plus(delta.quantity);
    group.records += delta.records;
    if (delta.records < 0) removesRecords = true;
  }
  const changes: DailyGroupChange[] = [];
  for (const group of groups.values()) {
    const quantity = toDecimalString(group.total);
    if (quantity === '0' && group.records === 0) continue;
    changes.push({ ...group, quantity });
  }
  if (changes.length === 0) return;
  const days = [...new Set(changes.map((c) => c.localDay))];

  if (dialectOfExecutor(trx) === 'sqlite') {
    const subscriptions = [...new Set(changes.map((c) => c.azsSubscriptionId))];
    const current = new Map<string, { quantity: string; records: number }>();
    for (const row of await readDailyRows(trx, region.id, days, subscriptions)) {
      current.set(`${row.azsSubscriptionId}\u0000${row.meterId}\u0000${row.sku}\u0000${row.localDay}`, row);
    }
    const totals = changes.map((change) => {
      const old = current.get(
        `${change.azsSubscriptionId}\u0000${change.meterId}\u0000${change.sku}\u0000${change.localDay}`,
      );
      if (old === undefined) return change;
      return {
        ...change,
        quantity: toDecimalString(decimal(old.quantity).plus(change.quantity)),
        records: old.records + change.records,
      };
    });
    await upsertDailyRows(trx, region.id, totals, 'set', now);
  } else {
    await upsertDailyRows(trx, region.id, changes, 'add', now);
  }
  if (removesRecords) await deleteEmptyDailyRows(trx, region.id, days);
}
