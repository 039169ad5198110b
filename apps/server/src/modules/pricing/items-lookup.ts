import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { findItemCurrency } from './items-lookup.repository.ts';

/**
 * The currency of a price item's list and the meter it prices, or undefined when there is no such
 * item. A minimal read for the adjustments module (item credits are stated in the list's currency),
 * kept apart from the pricing service so the two can be written independently. Pass the caller's
 * transaction: the item is then share-locked until its commit (a delete of the item waits).
 */
export async function priceItemCurrency(
  db: Kysely<Database>,
  itemId: string,
): Promise<{ currency: string; meterId: string } | undefined> {
  const row = await findItemCurrency(db, itemId, db.isTransaction);
  return row === undefined ? undefined : { currency: row.currency, meterId: row.meter_id };
}
