import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.ts';
import { type ColumnTypes, columnTypes } from './column-types.ts';

/**
 * An item credit names its item by (price list, meter, SKU) instead of one price_items row, so it
 * follows the item into every version of the list (a new version, a price increase's version copy
 * their items under new ids). Existing item credits take the list, meter and SKU of the item they
 * named; `price_item_id` goes. Frozen once shipped.
 */
export function itemCreditIdentity(dialect: DialectName) {
  const t: ColumnTypes = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('credits')
        .addColumn('price_list_id', t.id, (c) => c.references('price_lists.id'))
        .execute();
      // As price_items: the meter's normalised id; '' for a meter-wide item. Null unless scope 'item'.
      await db.schema.alterTable('credits').addColumn('meter_id', 'varchar(100)').execute();
      await db.schema.alterTable('credits').addColumn('sku', 'varchar(200)').execute();
      await sql`
        update credits set
          price_list_id = (
            select v.price_list_id from price_items i
            inner join price_list_versions v on v.id = i.version_id
            where i.id = credits.price_item_id),
          meter_id = (select i.meter_id from price_items i where i.id = credits.price_item_id),
          sku = (select i.sku from price_items i where i.id = credits.price_item_id)
        where scope_type = 'item'`.execute(db);
      await db.schema.createIndex('credits_list').on('credits').column('price_list_id').execute();

      // The column's foreign key and index go first where the engine keeps them apart.
      if (dialect === 'mysql') {
        // MariaDB makes a foreign key of the inline REFERENCES (named by the engine); MySQL ignores it.
        const keys = await sql<{ name: string }>`
          select constraint_name as name from information_schema.key_column_usage
          where table_schema = database() and table_name = 'credits'
            and column_name = 'price_item_id' and referenced_table_name is not null`.execute(db);
        for (const key of keys.rows) {
          await sql`alter table credits drop foreign key ${sql.id(key.name)}`.execute(db);
        }
      } else {
        await db.schema.dropIndex('credits_item').execute();
      }
      await db.schema.alterTable('credits').dropColumn('price_item_id').execute();
    },
  };
}
