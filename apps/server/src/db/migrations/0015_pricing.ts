import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import { type ColumnTypes, columnTypes } from './column-types.ts';

/**
 * Pricing and rating (semantics.md is binding): price lists with versions and items, credits,
 * discounts, tax profiles, exchange rates, and the rated lines (money of record) of open periods.
 * Frozen once shipped.
 *
 * Periods are local calendar months written 'YYYY-MM'. Decimals are exact (DECIMAL, TEXT on
 * SQLite): rates keep 18 places, converted rates 30, quantities 30, amounts 6, exchange rates 18.
 */
export function pricing(dialect: DialectName) {
  const t: ColumnTypes = columnTypes(dialect);
  const rate = t.decimal(40, 18);
  const amount = t.decimal(30, 6);
  const quantity = t.decimal(48, 30);
  const percentage = t.decimal(20, 10);
  const period = 'varchar(7)';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // One list per scope: a region, a tenant, or one subscription (a price override, in the
      // tenant's currency). `scope_key` ('region:<id>' …) makes "one per scope" a unique index.
      await db.schema
        .createTable('price_lists')
        .addColumn('id', t.id, (c) => c.primaryKey())
        // 'region' | 'tenant' | 'subscription'
        .addColumn('scope_type', 'varchar(20)', (c) => c.notNull())
        .addColumn('region_id', t.id, (c) => c.references('regions.id'))
        .addColumn('tenant_id', t.id, (c) => c.references('organisations.id'))
        .addColumn('subscription_id', t.id, (c) => c.references('subscriptions.id'))
        .addColumn('scope_key', 'varchar(60)', (c) => c.notNull())
        .addColumn('display_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('description', 'varchar(1000)')
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('price_lists_scope')
        .on('price_lists')
        .column('scope_key')
        .unique()
        .execute();

      // draft → active → superseded. An activated version rates every period from
      // `effective_from` until a later activated version takes over; one period, one version.
      await db.schema
        .createTable('price_list_versions')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('price_list_id', t.id, (c) => c.notNull().references('price_lists.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        // 'draft' | 'active' | 'superseded'
        .addColumn('state', 'varchar(12)', (c) => c.notNull())
        .addColumn('effective_from', period, (c) => c.notNull())
        .addColumn('notes', 'varchar(1000)')
        .addColumn('activated_at', t.timestamp)
        .addColumn('superseded_at', t.timestamp)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('price_list_versions_number')
        .on('price_list_versions')
        .columns(['price_list_id', 'version'])
        .unique()
        .execute();

      // An item prices one meter ('' sku: meter-wide) with a flat rate or tiers.
      await db.schema
        .createTable('price_items')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('version_id', t.id, (c) => c.notNull().references('price_list_versions.id'))
        .addColumn('meter_id', 'varchar(100)', (c) => c.notNull())
        .addColumn('sku', 'varchar(200)', (c) => c.notNull())
        // 'meter' (the meter's own unit) | 'month' (per month, for an hour-metered meter)
        .addColumn('price_unit', 'varchar(10)', (c) => c.notNull())
        // 'flat' | 'graduated' | 'volume'
        .addColumn('pricing', 'varchar(10)', (c) => c.notNull())
        // Flat items only; tiered items keep their rates in price_tiers.
        .addColumn('rate', rate)
        .addColumn('description', 'varchar(1000)')
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('price_items_meter')
        .on('price_items')
        .columns(['version_id', 'meter_id', 'sku'])
        .unique()
        .execute();

      // From < q ≤ To in the item's price unit; the last tier has no To.
      await db.schema
        .createTable('price_tiers')
        .addColumn('item_id', t.id, (c) => c.notNull().references('price_items.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('from_quantity', quantity, (c) => c.notNull())
        .addColumn('to_quantity', quantity)
        .addColumn('rate', rate, (c) => c.notNull())
        .addPrimaryKeyConstraint('price_tiers_pk', ['item_id', 'position'])
        .execute();

      // A money amount per billing period, valid from/to a period (one-off: from = to), scoped to
      // a price item (offsets that item's lines across a tenant's subscriptions; in the price
      // list's currency), a subscription or a tenant (in the tenant's currency).
      await db.schema
        .createTable('credits')
        .addColumn('id', t.id, (c) => c.primaryKey())
        // 'item' | 'subscription' | 'tenant'
        .addColumn('scope_type', 'varchar(20)', (c) => c.notNull())
        .addColumn('price_item_id', t.id, (c) => c.references('price_items.id'))
        .addColumn('subscription_id', t.id, (c) => c.references('subscriptions.id'))
        .addColumn('tenant_id', t.id, (c) => c.references('organisations.id'))
        .addColumn('amount', amount, (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('from_period', period, (c) => c.notNull())
        // null: no end.
        .addColumn('to_period', period)
        .addColumn('description', 'varchar(1000)', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('credits_tenant').on('credits').column('tenant_id').execute();
      await db.schema.createIndex('credits_subscription').on('credits').column('subscription_id').execute();
      await db.schema.createIndex('credits_item').on('credits').column('price_item_id').execute();

      // A percentage off on a tenant or a subscription (the subscription's replaces the
      // tenant's), optionally limited to some meters and to a range of periods.
      await db.schema
        .createTable('discounts')
        .addColumn('id', t.id, (c) => c.primaryKey())
        // 'tenant' | 'subscription'
        .addColumn('scope_type', 'varchar(20)', (c) => c.notNull())
        .addColumn('tenant_id', t.id, (c) => c.notNull().references('organisations.id'))
        .addColumn('subscription_id', t.id, (c) => c.references('subscriptions.id'))
        .addColumn('percentage', percentage, (c) => c.notNull())
        // JSON array of normalised meter ids; null: every meter.
        .addColumn('meter_ids', t.text)
        .addColumn('from_period', period)
        .addColumn('to_period', period)
        .addColumn('description', 'varchar(1000)')
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('discounts_tenant').on('discounts').column('tenant_id').execute();

      await db.schema
        .createTable('tax_profiles')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('name_key', 'varchar(200)', (c) => c.notNull())
        .addColumn('exempt', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('tax_profiles_name')
        .on('tax_profiles')
        .column('name_key')
        .unique()
        .execute();
      await db.schema
        .createTable('tax_rates')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('tax_profile_id', t.id, (c) => c.notNull().references('tax_profiles.id'))
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('percentage', percentage, (c) => c.notNull())
        // A local date 'YYYY-MM-DD' in the Platform Time Zone (rates effective at the issue date).
        .addColumn('effective_from', 'varchar(10)', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('tax_rates_profile')
        .on('tax_rates')
        .columns(['tax_profile_id', 'effective_from'])
        .execute();
      // null: the default tax profile setting applies.
      await db.schema.alterTable('organisations').addColumn('tax_profile_id', t.id).execute();

      // Units of `currency` per one unit of `base_currency` (the platform currency when set),
      // effective from an instant; rates of other bases are ignored by rating.
      await db.schema
        .createTable('exchange_rates')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('base_currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('rate', t.decimal(38, 18), (c) => c.notNull())
        .addColumn('effective_from', t.timestamp, (c) => c.notNull())
        .addColumn('created_by', t.id)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('exchange_rates_effective')
        .on('exchange_rates')
        .columns(['base_currency', 'currency', 'effective_from'])
        .unique()
        .execute();

      // One row per rated (tenant, period): what the lines below were rated from.
      await db.schema
        .createTable('rated_periods')
        .addColumn('tenant_id', t.id, (c) => c.notNull().references('organisations.id'))
        .addColumn('period', period, (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        // 'rated' | 'missing_exchange_rate' (no lines: the tenant's currency has no rate)
        .addColumn('status', 'varchar(30)', (c) => c.notNull())
        .addColumn('subtotal', amount, (c) => c.notNull())
        .addColumn('unpriced_lines', 'integer', (c) => c.notNull())
        // JSON: { currency: units of the tenant currency per 1 unit of it } as applied.
        .addColumn('exchange_rates', t.text)
        .addColumn('rated_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('rated_periods_pk', ['tenant_id', 'period'])
        .execute();

      // The money of record of open periods, one row per printed line, in the tenant's currency.
      await db.schema
        .createTable('rated_lines')
        .addColumn('tenant_id', t.id, (c) => c.notNull())
        .addColumn('period', period, (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        // 'usage' | 'discount' | 'item_credit' | 'subscription_credit' | 'tenant_credit'
        .addColumn('kind', 'varchar(24)', (c) => c.notNull())
        .addColumn('parent_position', 'integer')
        .addColumn('subscription_id', t.id)
        .addColumn('region_id', t.id)
        .addColumn('meter_id', 'varchar(100)')
        .addColumn('sku', 'varchar(200)')
        .addColumn('price_list_id', t.id)
        .addColumn('price_list_version_id', t.id)
        .addColumn('price_item_id', t.id)
        .addColumn('raw_quantity', quantity)
        .addColumn('quantity', t.decimal(40, 6))
        .addColumn('price_unit', 'varchar(10)')
        // The flat rate in the tenant's currency, converted and unrounded.
        .addColumn('rate', t.decimal(60, 30))
        .addColumn('tier_mode', 'varchar(10)')
        // JSON array of tier slices.
        .addColumn('slices', t.text)
        .addColumn('amount', amount, (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('unpriced', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('discount_id', t.id)
        .addColumn('credit_id', t.id)
        .addColumn('description', 'varchar(1000)')
        .addPrimaryKeyConstraint('rated_lines_pk', ['tenant_id', 'period', 'position'])
        .execute();
      await db.schema
        .createIndex('rated_lines_subscription')
        .on('rated_lines')
        .columns(['subscription_id', 'period'])
        .execute();
    },
  };
}
