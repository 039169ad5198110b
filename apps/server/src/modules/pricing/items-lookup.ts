import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { findItemIdentity, itemIdentities } from './items-lookup.repository.ts';

/**
 * What other modules need of price items (item credits, modules/adjustments), kept apart from the
 * pricing service so the two can be written independently. An item is the same item in every
 * version of its list when its meter and SKU are: versions copy their items under new ids.
 */

export interface ItemIdentity {
  priceListId: string;
  meterId: string;
  /** '' for a meter-wide item. */
  sku: string;
}

/**
 * A price item's list, meter and SKU with the list's currency (item credits are stated in it), or
 * undefined when there is no such item. Pass the caller's transaction: the item is then
 * share-locked until its commit (a delete of the item waits).
 */
export async function priceItemIdentity(
  db: Kysely<Database>,
  itemId: string,
): Promise<(ItemIdentity & { currency: string }) | undefined> {
  const row = await findItemIdentity(db, itemId, db.isTransaction);
  return row === undefined
    ? undefined
    : { priceListId: row.price_list_id, meterId: row.meter_id, sku: row.sku, currency: row.currency };
}

/** One key per (list, meter, SKU), the same for an item in every version of its list. */
export function itemIdentityKey(identity: ItemIdentity): string {
  return `${identity.priceListId}\u0000${identity.meterId}\u0000${identity.sku}`;
}

/** The identity key of each of some items (by id); ids that name no item are left out. */
export async function itemIdentityKeys(db: Kysely<Database>, itemIds: readonly string[]) {
  const rows = await itemIdentities(db, [...new Set(itemIds)]);
  return rows.map((r) => ({
    itemId: r.id,
    priceListId: r.price_list_id,
    key: itemIdentityKey({ priceListId: r.price_list_id, meterId: r.meter_id, sku: r.sku }),
  }));
}
