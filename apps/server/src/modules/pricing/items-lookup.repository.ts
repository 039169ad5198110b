import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { forShare } from '../../db/transaction.ts';

/**
 * Price items as other modules refer to them (item credits): by their list, meter and SKU, which
 * stay the same in every version of a list while the item rows (and ids) are per version.
 */

/** An item with its list and the list's currency. Share-locked when read in a transaction with `hold`. */
export function findItemIdentity(db: Kysely<Database>, itemId: string, hold: boolean) {
  const query = db
    .selectFrom('price_items as i')
    .innerJoin('price_list_versions as v', 'v.id', 'i.version_id')
    .innerJoin('price_lists as l', 'l.id', 'v.price_list_id')
    .select(['l.id as price_list_id', 'l.currency', 'i.meter_id', 'i.sku'])
    .where('i.id', '=', itemId);
  return (hold ? query.$call(forShare(db)) : query).executeTakeFirst();
}

/** The list, meter and SKU of some items (by id). */
export function itemIdentities(db: Kysely<Database>, itemIds: string[]) {
  if (itemIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('price_items as i')
    .innerJoin('price_list_versions as v', 'v.id', 'i.version_id')
    .select(['i.id', 'v.price_list_id', 'i.meter_id', 'i.sku'])
    .where('i.id', 'in', itemIds)
    .execute();
}
