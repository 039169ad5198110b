import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import { type ColumnTypes, columnTypes } from './column-types.ts';

/**
 * Plans, offers and quotas as each region holds them, the CMS's own publishing of offers, add-on
 * plans acquired by subscriptions, and the provisioning state of a subscription on its region.
 * The region is the master of plans, offers and quotas: rows here mirror it (synced), and a CMS
 * edit is written to the region first. Frozen once shipped.
 *
 * Resources are keyed on the region by (resource group, name) as ARM keys them, case-insensitively:
 * `*_key` columns hold the lower-cased form for the unique indexes. `region_deleted_at` marks a row
 * the region no longer has (kept: subscriptions and history point at it).
 */
export function plansOffers(dialect: DialectName) {
  const t: ColumnTypes = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('plans')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('region_id', t.id, (c) => c.notNull().references('regions.id'))
        .addColumn('resource_group', 'varchar(90)', (c) => c.notNull())
        .addColumn('name', 'varchar(128)', (c) => c.notNull())
        .addColumn('arm_key', 'varchar(220)', (c) => c.notNull())
        .addColumn('display_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('description', 'varchar(1000)')
        // JSON array of the quotas' full ARM ids, as the region lists them (they may hold spaces).
        .addColumn('quota_ids', t.text, (c) => c.notNull())
        .addColumn('subscription_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('synced_at', t.timestamp)
        .addColumn('region_deleted_at', t.timestamp)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('plans_region_arm')
        .on('plans')
        .columns(['region_id', 'arm_key'])
        .unique()
        .execute();

      await db.schema
        .createTable('offers')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('region_id', t.id, (c) => c.notNull().references('regions.id'))
        .addColumn('resource_group', 'varchar(90)', (c) => c.notNull())
        .addColumn('name', 'varchar(128)', (c) => c.notNull())
        .addColumn('arm_key', 'varchar(220)', (c) => c.notNull())
        .addColumn('display_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('description', 'varchar(1000)')
        // The offer's state on the region: Private | Public | Decommissioned.
        .addColumn('region_state', 'varchar(20)', (c) => c.notNull())
        // The CMS's own publishing: 'private' | 'public' | 'decommissioned'. A decommissioned offer
        // takes no new subscriptions.
        .addColumn('publication', 'varchar(20)', (c) => c.notNull())
        // 'all' (every branch that may see public offers) or 'chosen' (offer_visibility rows).
        .addColumn('visibility', 'varchar(10)', (c) => c.notNull())
        .addColumn('max_subscriptions_per_account', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('subscription_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('synced_at', t.timestamp)
        .addColumn('region_deleted_at', t.timestamp)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('offers_region_arm')
        .on('offers')
        .columns(['region_id', 'arm_key'])
        .unique()
        .execute();

      // The plans an offer bundles: its base plans and the add-on plans a subscription may acquire.
      await db.schema
        .createTable('offer_plans')
        .addColumn('offer_id', t.id, (c) => c.notNull().references('offers.id'))
        .addColumn('plan_id', t.id, (c) => c.notNull().references('plans.id'))
        // 'base' | 'addon'
        .addColumn('link_type', 'varchar(10)', (c) => c.notNull())
        // Add-ons only: how many times one subscription may acquire it (null: no limit given).
        .addColumn('max_acquisition_count', 'integer')
        .addPrimaryKeyConstraint('offer_plans_pk', ['offer_id', 'plan_id'])
        .execute();
      await db.schema
        .createIndex('offer_plans_plan')
        .on('offer_plans')
        .columns(['plan_id', 'offer_id'])
        .execute();

      // The distributors, partners and tenants an offer with visibility 'chosen' is published to.
      // Publishing to a distributor or partner publishes to its whole branch.
      await db.schema
        .createTable('offer_visibility')
        .addColumn('offer_id', t.id, (c) => c.notNull().references('offers.id'))
        .addColumn('organisation_id', t.id, (c) => c.notNull().references('organisations.id'))
        .addPrimaryKeyConstraint('offer_visibility_pk', ['offer_id', 'organisation_id'])
        .execute();
      await db.schema
        .createIndex('offer_visibility_organisation')
        .on('offer_visibility')
        .columns(['organisation_id', 'offer_id'])
        .execute();

      // Quotas held by the region's admin resource providers (Compute, Storage, Network, ...).
      await db.schema
        .createTable('quotas')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('region_id', t.id, (c) => c.notNull().references('regions.id'))
        // 'Microsoft.Compute.Admin', 'Microsoft.Storage.Admin', 'Microsoft.Network.Admin', ...
        .addColumn('provider', 'varchar(100)', (c) => c.notNull())
        .addColumn('location', 'varchar(100)', (c) => c.notNull())
        .addColumn('name', 'varchar(128)', (c) => c.notNull())
        // lower("{provider}/{location}/{name}"): plans name quotas by ARM id, case-insensitively.
        .addColumn('arm_key', 'varchar(340)', (c) => c.notNull())
        // JSON object of the provider's quota properties (numbers), as the region returns them.
        .addColumn('limits', t.text, (c) => c.notNull())
        .addColumn('synced_at', t.timestamp)
        .addColumn('region_deleted_at', t.timestamp)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('quotas_region_arm')
        .on('quotas')
        .columns(['region_id', 'arm_key'])
        .unique()
        .execute();

      // Add-on plans a subscription has acquired on its region.
      await db.schema
        .createTable('subscription_plans')
        .addColumn('subscription_id', t.id, (c) => c.notNull().references('subscriptions.id'))
        .addColumn('plan_id', t.id, (c) => c.notNull().references('plans.id'))
        // The region's acquisition id (a GUID the CMS generates before calling the region).
        .addColumn('acquisition_id', 'varchar(64)', (c) => c.notNull())
        // 'provisioning' | 'provisioned' | 'removing'
        .addColumn('state', 'varchar(20)', (c) => c.notNull())
        .addColumn('acquired_at', t.timestamp, (c) => c.notNull())
        .addColumn('removed_at', t.timestamp)
        .addPrimaryKeyConstraint('subscription_plans_pk', ['subscription_id', 'acquisition_id'])
        .execute();

      // A subscription's offer, and where its provisioning on the region stands:
      // NULL (never provisioned by the CMS: created by hand, linked or auto-created),
      // 'provisioning' (committed before the region call; the reconciler finishes or undoes it),
      // 'provisioned', 'failed' (undone: nothing on the region; the record is deleted).
      await db.schema.alterTable('subscriptions').addColumn('offer_id', t.id).execute();
      await db.schema.alterTable('subscriptions').addColumn('provisioning_state', 'varchar(20)').execute();
      await db.schema.alterTable('subscriptions').addColumn('provisioning_error', 'varchar(1000)').execute();
      await db.schema.alterTable('subscriptions').addColumn('provisioning_started_at', t.timestamp).execute();
      // The state last read from or written to the region (Enabled, Disabled, Deleted, ...).
      await db.schema.alterTable('subscriptions').addColumn('region_state', 'varchar(30)').execute();
      // Set once the subscription was deleted on the region (after a typed confirmation).
      await db.schema.alterTable('subscriptions').addColumn('region_deleted_at', t.timestamp).execute();
      await db.schema
        .createIndex('subscriptions_provisioning')
        .on('subscriptions')
        .columns(['provisioning_state', 'provisioning_started_at'])
        .execute();
      await db.schema
        .createIndex('subscriptions_offer')
        .on('subscriptions')
        .columns(['offer_id', 'id'])
        .execute();
    },
  };
}
