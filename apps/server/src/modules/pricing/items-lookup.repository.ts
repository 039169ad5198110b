import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { forShare } from '../../db/transaction.ts';

/**
 * A price item with its list's currency (price_items → price_list_versions → price_lists), for
 * modules that refer to an item (credits). Share-locked when read in a transaction with `hold`,
 * so the item is not deleted before the caller's commit.
 */
export function findItemCurrency(db: Kysely<Database>, itemId: string, hold: boolean) {
  const query = db
    .selectFrom('price_items as i')
    .innerJoin('price_list_versions as v', 'v.id', 'i.version_id')
    .innerJoin('price_lists as l', 'l.id', 'v.price_list_id')
    .select(['l.currency', 'i.meter_id'])
    .where('i.id', '=', itemId);
  return (hold ? query.$call(forShare(db)) : query).executeTakeFirst();
}
